#!/usr/bin/env bash
# End to end with a real broker, as a user would try it: scripts/kafka-broker.sh on a free loopback
# port, the packaged service with ackgate.kafka.enabled (ack-mode broker) on free ports, three lines
# sent over the line endpoint whose acks must come back exactly, then `kcat` reads the topic: the
# three payloads in order, each with its ackgate-endpoint header.
#   scripts/kafka-smoke.sh          # needs target/ackgate-*.jar (./mvnw -B -DskipTests package), kcat, python3
# Exit status: 0 when it all checked out, 1 with the reason otherwise, 2 when kcat is missing.
# Everything it starts is stopped on exit; its files are in target/kafka-smoke/.
set -euo pipefail
cd "$(dirname "$0")/.."
java=${JAVA:-java}
command -v kcat >/dev/null 2>&1 || { echo "kafka-smoke: kcat is not installed (Debian: apt-get install kcat)" >&2; exit 2; }
jar=$(ls target/ackgate-*.jar 2>/dev/null | grep -v original | head -n 1 || true)
[[ -f $jar ]] || { echo "kafka-smoke: no target/ackgate-*.jar; run ./mvnw -B -DskipTests package" >&2; exit 1; }

work=target/kafka-smoke
rm -rf "$work"
mkdir -p "$work"
# Four free loopback ports from the kernel, bound to port 0 all at once so that no two are the same:
# the broker's client and controller listeners (the controller's passed explicitly, not PORT+1), the
# line endpoint and the management server.
ports=$(python3 -c '
import socket
socks = [socket.socket() for _ in range(4)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in socks))
') || { echo "kafka-smoke: could not pick free ports (python3)" >&2; exit 1; }
read -r broker_port controller_port line_port management_port <<<"$ports"
service=
stop_service() { # SIGTERM; one that has not stopped within 30 s is killed
	kill "$service" 2>/dev/null || true
	for _ in $(seq 1 300); do
		kill -0 "$service" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$service" 2>/dev/null; then
		echo "kafka-smoke: the service (pid $service) did not stop within 30 s, killing it" >&2
		kill -9 "$service" 2>/dev/null || true
	fi
	wait "$service" 2>/dev/null || true
}
cleanup() {
	[[ -z $service ]] || stop_service
	scripts/kafka-broker.sh --stop --port "$broker_port" --dir "$work/broker" >/dev/null 2>&1 || true
}
trap cleanup EXIT
fail() { echo "kafka-smoke: $*" >&2; exit 1; }

scripts/kafka-broker.sh --port "$broker_port" --controller-port "$controller_port" --dir "$work/broker" \
	>"$work/broker.out" 2>&1 \
	|| { cat "$work/broker.out" >&2; fail "the broker did not start"; }

topic=smoke-$$
"$java" -jar "$jar" --ackgate.line.port="$line_port" --ackgate.line.bind-address=127.0.0.1 \
	--ackgate.framed.enabled=false --ackgate.time.enabled=false --ackgate.udp.enabled=false \
	--server.address=127.0.0.1 --management.server.port="$management_port" \
	--ackgate.kafka.enabled=true --ackgate.kafka.topic="$topic" --ackgate.kafka.replication-factor=1 \
	--spring.kafka.bootstrap-servers=127.0.0.1:"$broker_port" >"$work/service.log" 2>&1 &
service=$!

# Ready means readiness UP: the endpoint accepts and the broker answers.
ready=
for _ in $(seq 1 900); do
	kill -0 "$service" 2>/dev/null || { tail -n 20 "$work/service.log" >&2; fail "the service exited while starting"; }
	if { exec 4<>"/dev/tcp/127.0.0.1/$management_port"; } 2>/dev/null; then
		printf 'GET /actuator/health/readiness HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&4
		status=$(timeout 5 head -n 1 <&4 || true)
		exec 4<&- 4>&-
		[[ $status == *" 200"* ]] && { ready=1; break; }
	fi
	sleep 0.1
done
[[ -n $ready ]] || { tail -n 20 "$work/service.log" >&2; fail "readiness not UP within 90 s"; }

lines=(kafka-smoke-1 "kafka-smoke-2 你好" kafka-smoke-3)
exec 5<>"/dev/tcp/127.0.0.1/$line_port"
for line in "${lines[@]}"; do
	printf '%s\n' "$line" >&5
	IFS= read -r -t 30 ack <&5 || fail "no ack for '$line' within 30 s"
	[[ $ack == "已接收: $line" ]] || fail "the ack for '$line' was '$ack'"
done
exec 5<&- 5>&-

timeout 60 kcat -C -b 127.0.0.1:"$broker_port" -t "$topic" -o beginning -c ${#lines[@]} -e -q \
	-f '%h|%s\n' >"$work/consumed.txt" 2>"$work/kcat.err" || { cat "$work/kcat.err" >&2; fail "kcat could not read $topic"; }
mapfile -t consumed <"$work/consumed.txt"
((${#consumed[@]} == ${#lines[@]})) || fail "read ${#consumed[@]} records from $topic, expected ${#lines[@]}"
for i in "${!lines[@]}"; do
	[[ ${consumed[$i]#*|} == "${lines[$i]}" ]] || fail "record $i is '${consumed[$i]#*|}', expected '${lines[$i]}'"
	[[ ${consumed[$i]%%|*} == *"ackgate-endpoint=line"* ]] || fail "record $i lacks the ackgate-endpoint header: ${consumed[$i]%%|*}"
done
echo "kafka-smoke: ${#lines[@]} lines acked by ackgate and read back from Kafka topic $topic in order, with their headers"
