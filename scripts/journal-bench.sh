#!/usr/bin/env bash
# Journal-on versus journal-off line acks/s, alternating runs on this machine:
#   scripts/journal-bench.sh [rounds] [connections] [duration]
# Each run starts the packaged service (only the line endpoint, on 127.0.0.1:$PORT; by default a
# free port the kernel picks, bound to port 0 here, so no other service on this machine answers
# instead), runs `client bench` against it with --json, and stops it (SIGTERM; killed when not
# stopped within 30 s). JAVA (default: java) runs both.
# Prints one line per run: mode, acks/s, p50/p99 latency, and the load average.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
connections=${2:-256}
duration=${3:-10s}
java=${JAVA:-java}
jar=$(ls target/ackgate-*.jar | grep -v original | head -1)
if [[ -n ${PORT:-} ]]; then
	port=$PORT
else
	port=$(python3 -c '
import socket
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    print(s.getsockname()[1])
') || { echo "journal-bench: could not pick a free port (python3); set PORT" >&2; exit 1; }
fi
# Under target/, not /tmp: a shared machine's /tmp may be cleaned under a running benchmark.
mkdir -p target
work=$(mktemp -d target/journal-bench.XXXXXX)
pid=
stop() { # SIGTERM to the service; one that has not stopped within 30 s is killed
	kill "$pid" 2>/dev/null || true
	for _ in $(seq 1 300); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		echo "journal-bench: the service (pid $pid) did not stop within 30 s, killing it" >&2
		kill -9 "$pid" 2>/dev/null || true
	fi
	wait "$pid" 2>/dev/null || true
	pid=
}
trap '[[ -z "$pid" ]] || stop; rm -rf "$work"' EXIT

run() {
	local mode=$1; shift
	rm -rf "$work/journal"
	"$java" -jar "$jar" --ackgate.line.port=$port --ackgate.line.bind-address=127.0.0.1 \
		--ackgate.framed.enabled=false --ackgate.time.enabled=false --ackgate.udp.enabled=false \
		--spring.main.web-application-type=none --logging.level.org.ackgate.tcp.ConnectionTracker=WARN \
		--ackgate.journal.directory="$work/journal" "$@" >"$work/service.log" 2>&1 &
	pid=$!
	for _ in $(seq 1 1200); do
		grep -q "Started AckgateApplication" "$work/service.log" && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if ! grep -q "Started AckgateApplication" "$work/service.log"; then
		echo "$mode: the service did not start (exit status $(wait "$pid" 2>/dev/null; echo $?)):" >&2
		tail -5 "$work/service.log" >&2
		stop
		return 1
	fi
	local load
	load=$(cut -d' ' -f1-3 /proc/loadavg)
	local json
	json=$("$java" -jar "$jar" client bench --port $port --connections "$connections" --duration "$duration" \
		--warmup 3s --json --no-progress) || true
	stop
	if [[ -z "$json" ]]; then
		echo "$mode: the bench failed" >&2
		return 1
	fi
	python3 - "$mode" "$load" "$json" <<'PY'
import json, sys
mode, load, raw = sys.argv[1], sys.argv[2], sys.argv[3]
r = json.loads(raw)
print(f"{mode:<16} acks/s {r['messages_per_second']:>10.0f}  p50 {r['p50_us']:.0f} us  p99 {r['p99_us']:.0f} us  "
      f"lost {r['lost']}  errors {r['errors']}  load {load}")
PY
}

for _ in $(seq 1 "$rounds"); do
	run "journal-off" --ackgate.journal.enabled=false || true
	run "journal-always" --ackgate.journal.enabled=true --ackgate.journal.fsync=always || true
done
