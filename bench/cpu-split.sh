#!/usr/bin/env bash
# Where a line ack's CPU goes: user and kernel time per ack of ackgate and of the Go reference,
# from /proc/PID/stat around `client bench` runs that alternate between the two (issue 7's split).
#
#   bench/cpu-split.sh [connections] [rounds]      # defaults: 16 connections, 2 rounds of 8 s
#
# Needs a built jar (./mvnw -B -q -DskipTests package) and the reference binary that bench/run.sh
# builds (target/bench/*/bin/reference, newest first). JAVA picks the server's JDK (default:
# Temurin 25). Ports 28130–28143 on 127.0.0.1. Kills only what it started.
set -euo pipefail
cd "$(dirname "$0")/.."
connections=${1:-16}
rounds=${2:-2}
java=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
jar=$(ls target/ackgate-*.jar | grep -v original | head -n 1)
reference=$(ls -td target/bench/*/bin/reference 2>/dev/null | head -n 1 || true)
[[ -x $reference ]] || { echo "cpu-split.sh: no reference binary; run bench/run.sh once first" >&2; exit 1; }
work=$(mktemp -d target/cpu-split.XXXXXX)
"$java" -Xmx384m -XX:+ExitOnOutOfMemoryError -jar "$jar" --ackgate.line.port=28130 --ackgate.framed.port=28131 \
	--ackgate.time.port=28132 --ackgate.udp.port=28133 --management.server.port=28134 \
	--ackgate.line.bind-address=127.0.0.1 --server.address=127.0.0.1 >"$work/ackgate.log" 2>&1 &
ackgate=$!
"$reference" -line 127.0.0.1:28140 -udp 127.0.0.1:28143 -read-timeout 30s -write-timeout 10s >"$work/reference.log" 2>&1 &
ref=$!
trap 'kill $ackgate $ref 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 120); do grep -q "Started Ackgate" "$work/ackgate.log" && break; sleep 0.5; done
grep -q "Started Ackgate" "$work/ackgate.log" || { echo "cpu-split.sh: ackgate did not start" >&2; exit 1; }
ticks() { awk '{print $14, $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
for round in $(seq "$rounds"); do
	for side in ackgate:28130:$ackgate reference:28140:$ref; do
		IFS=: read -r name port pid <<<"$side"
		"$java" -jar "$jar" client bench --json --no-progress --port "$port" --connections "$connections" --duration 3s >/dev/null
		read -r u0 s0 < <(ticks "$pid")
		json=$("$java" -jar "$jar" client bench --json --no-progress --port "$port" --connections "$connections" --duration 8s)
		read -r u1 s1 < <(ticks "$pid")
		python3 - "$name" "$round" "$json" "$((u1 - u0))" "$((s1 - s0))" "$hz" <<'PY'
import json, sys
name, rnd, raw, du, ds, hz = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
r = json.loads(raw)
acked = r["acked"]
print(f"{name:<9} round {rnd}: {r['messages_per_second']:>8.0f} acks/s  user {du / hz / acked * 1e6:5.2f} us/ack  "
      f"kernel {ds / hz / acked * 1e6:5.2f} us/ack  lost {r['lost']}")
PY
	done
done
