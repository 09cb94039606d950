#!/usr/bin/env bash
# Steady line acks with one listening socket per port against two (ackgate.tcp.accept-queues 1 and
# 2), alternating: a fresh service per round, then REPS runs of the bench client's 16-connection line
# load on it (5 s warm-up, 10 s measured), each with its rate, its p99 and the user and system CPU
# ticks of each of the service's event-loop threads over the run (none on a service's first run:
# its loops start with its first connection).
# What it showed: docs/performance.md, Connect storms ("What the second accept queue does to line16").
#
#   bench/loop-pairing.sh [ROUNDS [REPS [client bench options…]]]   # default: 2 rounds of 3 runs
#   bench/loop-pairing.sh 1 4 --threads 1                           # the client on one loop thread
#
# Needs JDK 25 (/usr/lib/jvm/temurin-25-jdk-amd64 or JAVA_HOME), curl and target/ackgate-*.jar
# (./mvnw -DskipTests package). Ports 19300-19304 on 127.0.0.1. Every wait is bounded.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
jar=$(ls "$root"/target/ackgate-*.jar | head -n 1)
rounds=${1:-2} reps=${2:-3}
shift $(($# < 2 ? $# : 2))
base=19300
log=$(mktemp -t loop-pairing.XXXXXX)
trap 'kill -TERM "${pid:-}" 2>/dev/null || true; rm -f "$log" "$log".t0 "$log".t1' EXIT

# user and system ticks of each thread whose name starts with ackgate-loop, keyed by thread id
loop_ticks() {
	local task
	for task in /proc/"$1"/task/*; do
		[[ $(cat "$task/comm" 2>/dev/null) == ackgate-loop* ]] || continue
		# fields after the command's closing parenthesis: utime is the 12th, stime the 13th
		sed 's/.*) //' "$task/stat" | awk -v t="${task##*/}" '{print t, $12, $13}'
	done | sort
}

for ((round = 1; round <= rounds; round++)); do
	for queues in 2 1; do
		"$java" -Xmx384m -XX:+ExitOnOutOfMemoryError -jar "$jar" --ackgate.udp.rate-limit.enabled=false \
			--server.address=127.0.0.1 --ackgate.line.bind-address=127.0.0.1 --ackgate.framed.bind-address=127.0.0.1 \
			--ackgate.time.bind-address=127.0.0.1 --ackgate.udp.bind-address=127.0.0.1 --ackgate.line.port=$base \
			--ackgate.framed.port=$((base + 1)) --ackgate.time.port=$((base + 2)) --ackgate.udp.port=$((base + 3)) \
			--management.server.port=$((base + 4)) --ackgate.tcp.accept-queues=$queues >"$log" 2>&1 &
		pid=$!
		ready=0
		for ((i = 0; i < 240; i++)); do
			curl -sf --max-time 1 "http://127.0.0.1:$((base + 4))/actuator/health/readiness" >/dev/null && { ready=1; break; }
			sleep 0.5
		done
		((ready)) || { echo "loop-pairing: the service did not become ready in 120 s:" >&2; tail -n 20 "$log" >&2; exit 1; }
		for ((rep = 1; rep <= reps; rep++)); do
			loop_ticks "$pid" >"$log".t0
			result=$(timeout 60 "$java" -jar "$jar" client bench --json --warmup 5s --duration 10s --port $base \
				--connections 16 "$@" 2>/dev/null | grep -o '"messages_per_second":[0-9.]*\|"p99_us":[0-9.]*' \
				| tr '\n' ' ' | tr -d '"')
			loop_ticks "$pid" >"$log".t1
			printf 'round %d, accept-queues %d, run %d: %s loops (user/sys ticks):%s\n' "$round" "$queues" "$rep" \
				"$result" "$(join "$log".t0 "$log".t1 | awk '{printf " %d/%d", $4 - $2, $5 - $3}')"
		done
		kill -TERM "$pid"
		timeout 30 tail --pid="$pid" -f /dev/null || kill -KILL "$pid"
		pid=""
	done
done
