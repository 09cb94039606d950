#!/usr/bin/env bash
# The first ack of a fresh instance: starts ackgate from the extracted jar with an AOT cache trained
# as the Dockerfile trains it, waits for readiness over HTTP only (no TCP connection before the one
# timed), then times one line ack on a new connection, and a second one after it. Variants, each a
# set of JVM flags with a cache of its own, alternate launch by launch; medians printed at the end.
# What it showed: docs/performance.md, Startup (Netty's JFR events on the first connection).
#
#   bench/first-ack.sh [--launches N] [--variant NAME='FLAGS'] …   # default: shipped, and netty-jfr-on
#
# Needs JDK 25 (/usr/lib/jvm/temurin-25-jdk-amd64 or JAVA_HOME), python3, curl and target/ackgate-*.jar
# (./mvnw -DskipTests package). Ports 19500-19504 on 127.0.0.1. Every wait is bounded.
set -euo pipefail
cd "$(dirname "$0")/.."
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
launches=5 names=() flags=()
while (($#)); do
	case $1 in
		--launches) launches=${2:?}; shift ;;
		--variant) names+=("${2%%=*}"); flags+=("${2#*=}"); shift ;;
		*) sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2; exit 2 ;;
	esac
	shift
done
((${#names[@]})) || { names=(shipped netty-jfr-on); flags=("" "-Dio.netty.jfr.enabled=true"); }
jar=$(ls target/ackgate-*.jar | grep -v original | head -n 1)
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
"$java" -Djarmode=tools -jar "$jar" extract --destination "$work/app" >/dev/null
app=$(ls "$work"/app/ackgate-*.jar)
b=19500
args=(--ackgate.line.port=$b --ackgate.framed.port=$((b + 1)) --ackgate.time.port=$((b + 2)) --ackgate.udp.port=$((b + 3))
	--management.server.port=$((b + 4)) --server.address=127.0.0.1 --ackgate.line.bind-address=127.0.0.1
	--ackgate.framed.bind-address=127.0.0.1 --ackgate.time.bind-address=127.0.0.1 --ackgate.udp.bind-address=127.0.0.1)
for i in "${!names[@]}"; do
	# shellcheck disable=SC2086 # a variant's flags are words
	timeout 300 "$java" -Xmx384m ${flags[$i]} -XX:AOTCacheOutput="$work/${names[$i]}.aot" -Dspring.context.exit=onRefresh \
		-jar "$app" "${args[@]}" >"$work/train-${names[$i]}.log" 2>&1
done
for ((n = 1; n <= launches; n++)); do
	for i in "${!names[@]}"; do
		# shellcheck disable=SC2086
		"$java" -Xmx384m ${flags[$i]} -XX:AOTCache="$work/${names[$i]}.aot" -jar "$app" "${args[@]}" >"$work/run.log" 2>&1 &
		pid=$!
		for ((t = 0; t < 600; t++)); do
			curl -sf "127.0.0.1:$((b + 4))/actuator/health/readiness" >/dev/null && break
			sleep 0.05
		done
		sleep 1
		python3 - "${names[$i]}" $b <<'PY'
import socket, sys, time
name, port = sys.argv[1], int(sys.argv[2])
def ack():
    started = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(b"first\n")
        got = b""
        while not got.endswith(b"\n"):
            got += s.recv(100)
    assert got == "已接收: first\n".encode(), got
    return (time.perf_counter() - started) * 1000
print(f"{name} {ack():.1f} {ack():.1f}")
PY
		kill -TERM $pid
		wait $pid 2>/dev/null || true
	done
done | tee "$work/results" | sed 's/^/  /'
python3 - "$work/results" <<'PY'
import statistics, sys, collections
firsts, seconds = collections.defaultdict(list), collections.defaultdict(list)
for line in open(sys.argv[1]):
    name, first, second = line.split()
    firsts[name].append(float(first)); seconds[name].append(float(second))
for name in firsts:
    print(f"{name}: first ack {statistics.median(firsts[name]):.1f} ms, the next connection's {statistics.median(seconds[name]):.1f} ms (medians of {len(firsts[name])})")
PY
