#!/usr/bin/env python3
"""Lists the tests that failed in the last Maven run, or failed and then passed on a rerun, with each one's message and the top of its
stack trace, read from the Surefire and Failsafe XML reports under target/.

CI keeps only the tail of a long log, and Maven prints the failing tests of the first Failsafe
execution long before the second one ends; .ci/run calls this after a failed suite so that the
names and reasons are the last thing printed. Exits 0 in every case: it reports, it does not judge.
"""
import glob
import os
import sys
import xml.etree.ElementTree as ET

STACK_LINES = 25
REPORT_DIRS = ("surefire-reports", "failsafe-reports", "failsafe-reports-blocking")


def failures(report):
    try:
        root = ET.parse(report).getroot()
    except ET.ParseError as e:
        yield ("(unreadable report)", os.path.basename(report), str(e), "")
        return
    for case in root.iter("testcase"):
        # rerunFailure/rerunError: a failed rerun; flakyFailure/flakyError: failed, then passed on a
        # rerun (Failsafe's rerunFailingTestsCount), listed so that a flaky test stays visible.
        for kind in ("failure", "error", "rerunFailure", "rerunError", "flakyFailure", "flakyError"):
            for problem in case.findall(kind):
                yield (kind, f"{case.get('classname')}.{case.get('name')}",
                       problem.get("message") or "", problem.text or "")


def main(target):
    found = 0
    for directory in REPORT_DIRS:
        for report in sorted(glob.glob(os.path.join(target, directory, "TEST-*.xml"))):
            for kind, test, message, trace in failures(report):
                found += 1
                print(f"--- {directory}: {kind} in {test}")
                if message:
                    print(f"    {message.strip()[:2000]}")
                for line in trace.strip().splitlines()[:STACK_LINES]:
                    print(f"    {line}")
    if found == 0:
        print(f"no failed or flaky test in the reports under {target}")
    else:
        print(f"{found} failure(s) listed above (flaky: failed, then passed on a rerun)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "target")
