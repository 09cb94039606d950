#!/usr/bin/env bash
# A single-node Kafka broker (KRaft, broker and controller in one JVM) on loopback, for trying
# ackgate with Kafka and for its benchmark, with nothing installed but a JDK (17 or newer):
#   scripts/kafka-broker.sh [--port 9092] [--controller-port PORT+1] [--dir DIR]   start, in the background
#   scripts/kafka-broker.sh --stop [--port 9092] [--dir DIR]                       stop it
#   scripts/kafka-broker.sh --classpath     resolve the broker's class path, print the file holding it
# The broker's classes come from Maven Central (org.apache.kafka:kafka_2.13, the version the
# service is built against) through ./mvnw, once; later starts run offline. Everything the broker
# writes -- its data, its log (broker.log), server.properties and the pid file -- lives in DIR,
# target/kafka-broker-PORT by default, so a restart with the same port keeps the topics and their
# records. Environment: JAVA (default: java), KAFKA_HEAP (default: -Xms256m -Xmx512m).
# Exit status: 0 once the broker answers on PORT (or is stopped), 1 otherwise, with the reason.
set -euo pipefail
cd "$(dirname "$0")/.."

port=9092
controller_port=
dir=
action=start
while [[ $# -gt 0 ]]; do
	case $1 in
		--port) port=$2; shift 2 ;;
		--controller-port) controller_port=$2; shift 2 ;;
		--dir) dir=$2; shift 2 ;;
		--stop) action=stop; shift ;;
		--classpath) action=classpath; shift ;;
		-h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
		*) echo "kafka-broker: unknown argument '$1' (see --help)" >&2; exit 1 ;;
	esac
done
[[ $port =~ ^[0-9]+$ ]] || { echo "kafka-broker: --port must be a number, not '$port'" >&2; exit 1; }
controller_port=${controller_port:-$((port + 1))}
dir_option=${dir:+ --dir $dir}
dir=${dir:-target/kafka-broker-$port}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
pidfile=$dir/broker.pid
java=${JAVA:-java}
kafka_version=$(sed -n 's|.*<kafka.version>\(.*\)</kafka.version>.*|\1|p' pom.xml | head -1)

running() { # the pid file names a live broker of this directory (not a process that reused the pid)
	[[ -f $pidfile ]] && tr '\0' ' ' <"/proc/$(cat "$pidfile")/cmdline" 2>/dev/null | grep -qF "kafka.Kafka $dir/server.properties"
}

answers() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

if [[ $action == stop ]]; then
	if ! running; then
		echo "kafka-broker: no broker running from $dir"
		rm -f "$pidfile"
		exit 0
	fi
	pid=$(cat "$pidfile")
	kill "$pid"
	# The broker shuts down cleanly within a few seconds; one that does not in 30 s is killed.
	for _ in $(seq 1 300); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		echo "kafka-broker: pid $pid did not stop within 30 s, killing it" >&2
		kill -9 "$pid" 2>/dev/null || true
	fi
	rm -f "$pidfile"
	echo "kafka-broker: stopped pid $pid (data kept in $dir)"
	exit 0
fi

if [[ $action == start ]] && running; then
	echo "kafka-broker: already running as pid $(cat "$pidfile") from $dir"
	exit 0
fi
for p in "$port" "$controller_port"; do
	if [[ $action == start ]] && answers "$p"; then
		echo "kafka-broker: something already listens on 127.0.0.1:$p; choose another --port/--controller-port" >&2
		exit 1
	fi
done

# The class path, resolved once per Kafka version and reused while every jar on it is still there.
# (named by the version and the pom's checksum, so that a dependency added there is resolved too)
classpath_file=target/kafka-broker-classpath-$kafka_version-$(cksum < scripts/kafka-broker/pom.xml | cut -d' ' -f1).txt
complete() {
	[[ -s $classpath_file ]] || return 1
	local jar
	while IFS= read -r jar; do [[ -f $jar ]] || return 1; done < <(tr ':' '\n' < "$classpath_file")
}
if ! complete; then
	echo "kafka-broker: resolving Kafka $kafka_version from Maven (once)..." >&2
	resolve=(./mvnw -B -q -f scripts/kafka-broker/pom.xml dependency:build-classpath
		-Dkafka.version="$kafka_version" -Dmdep.outputFile="$(pwd)/$classpath_file")
	if ! "${resolve[@]}" -o >/dev/null 2>&1 && ! "${resolve[@]}" >"$dir/resolve.log" 2>&1; then
		echo "kafka-broker: could not fetch org.apache.kafka:kafka_2.13:$kafka_version; see $dir/resolve.log" >&2
		tail -5 "$dir/resolve.log" >&2
		exit 1
	fi
fi
if [[ $action == classpath ]]; then # for a broker started elsewhere (scripts/chart-pod-check.py's pod)
	echo "$(pwd)/$classpath_file"
	exit 0
fi
classpath=$(cat "$classpath_file")

cat > "$dir/server.properties" <<EOF
# Written by scripts/kafka-broker.sh: one node, broker and controller, loopback only.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/data
num.partitions=1
# One node: the internal topics cannot have more replicas than that.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
EOF

jvm=("$java" ${KAFKA_HEAP:--Xms256m -Xmx512m} -XX:+UseG1GC -Djava.awt.headless=true
	-Dorg.slf4j.simpleLogger.defaultLogLevel=info -Dorg.slf4j.simpleLogger.showDateTime=true
	-cp "$classpath")

# Formatting is what `kafka-storage format` does; an already formatted directory keeps its cluster id.
if [[ ! -f $dir/data/meta.properties ]]; then
	cluster_id=$("${jvm[@]}" kafka.tools.StorageTool random-uuid 2>>"$dir/broker.log")
	if ! "${jvm[@]}" kafka.tools.StorageTool format --config "$dir/server.properties" \
			--cluster-id "$cluster_id" --ignore-formatted >>"$dir/broker.log" 2>&1; then
		echo "kafka-broker: formatting $dir/data failed; the end of $dir/broker.log:" >&2
		tail -5 "$dir/broker.log" >&2
		exit 1
	fi
fi

nohup "${jvm[@]}" kafka.Kafka "$dir/server.properties" >>"$dir/broker.log" 2>&1 </dev/null &
echo $! > "$pidfile"
pid=$!

# Ready when the client port answers; a JVM that exits, or 60 s without an answer, is a failure.
for _ in $(seq 1 600); do
	if ! kill -0 "$pid" 2>/dev/null; then
		echo "kafka-broker: the broker exited during startup; the end of $dir/broker.log:" >&2
		tail -15 "$dir/broker.log" >&2
		rm -f "$pidfile"
		exit 1
	fi
	if answers "$port"; then
		echo "kafka-broker: Kafka $kafka_version answers on 127.0.0.1:$port (pid $pid, data and broker.log in $dir)"
		echo "kafka-broker: stop it with: scripts/kafka-broker.sh --stop --port $port$dir_option"
		exit 0
	fi
	sleep 0.1
done
echo "kafka-broker: no answer on 127.0.0.1:$port within 60 s; stopping pid $pid; see $dir/broker.log" >&2
kill "$pid" 2>/dev/null || true
rm -f "$pidfile"
exit 1
