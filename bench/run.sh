#!/usr/bin/env bash
# ackgate side by side with a Go server written the seeds' way (issue 7) and a plain Netty 4.2 epoll
# server, the JVM's best (issue 18): builds all three, starts them on loopback, loads each in
# alternation with `ackgate client bench` (every ack checked byte for
# byte), measures the servers' CPU and RSS from /proc, holds 10,000 idle connections, times the
# start (beside bench/spring-reference, the smallest Spring Boot service on the same stack: the floor
# of a start; on JDK 25 also that service with Spring AOT, the lower floor), and writes a markdown
# table to bench/results/<UTC timestamp>-jdk<N>.md (printed too) with an SVG chart beside it (<same
# name>.svg: acks/s and p99 per cell, ackgate, Go and Netty).
# Method and results: docs/performance.md.
#
#   bench/run.sh                      # everything on JDK 25: about 27 minutes
#   bench/run.sh --jdk 17             # the server on JDK 17 (or JAVA_HOME=/usr/lib/jvm/java-17-…)
#   bench/run.sh --quick --only line16,udp8   # a smoke check
#   bench/run.sh --only kafka256      # Kafka broker mode against Kafka off and the journal (issue 14)
#
# Options:
#   --quick               1 s warm-up, 3 s measured, one repetition (a smoke check, not figures)
#   --jdk 17|25           the server's JDK (default: JAVA_HOME if set, else /usr/lib/jvm/temurin-25-jdk-amd64)
#   --only LIST           comma-separated scenarios: line16 line256 line1000 line16k framed256 udp8
#                         metrics kafka256 idle startup (default: all)
#   --reps N, --warmup S, --duration S   override the repetitions and the seconds per run
#   --metrics-reps N      repetitions of the metrics scenario (default 7; --quick 1): it compares two
#                         instances of the same code, and three pairs of runs swing by more than its 5 %
#   --base-port N         ports N…N+53 on 127.0.0.1 (default 19000); the run refuses to start if one is taken.
#                         ackgate N…N+4 (more instances N+10…N+14, N+40…N+44), Go reference N+20/N+23,
#                         Kafka N+30/N+31, Spring Boot reference N+45/N+48/N+49, Netty N+50/N+53
#   --budget S            stop starting scenarios after S seconds (default 2700; --quick 900)
#   --no-build            use the jar in target/ as it is
#   --jvm-flag FLAG       one more JVM flag for ackgate (repeatable), e.g. --jvm-flag -XX:+UseParallelGC
#   --server-arg ARG      one more ackgate argument (repeatable), e.g. --server-arg --ackgate.tcp.transport=blocking
#
# Needs: a JDK 17+ for the build, Go (Debian's golang-go; stdlib only, no downloads), ss, curl-free;
# the Netty reference's libraries from Maven (io.netty 4.2.18.Final, resolved by its own pom);
# startup builds the Spring Boot reference with ackgate's own Boot and starters (already resolved).
# kafka256 also starts a Kafka broker with scripts/kafka-broker.sh (its jars from Maven, once), and
# warms it, not measured, until the rate is steady (10 s slices, 30-120 s; one 3 s slice with --quick).
# Bounded: every step has a timeout and the whole run a budget. Kills only the processes it started
# (trap on EXIT). Exit status 0 when every scenario ran clean (targets met or not), 1 when the
# harness could not run, 3 when some scenario FAILED (a lost or mismatched ack, a server that died).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
all_scenarios="line16 line256 line1000 line16k framed256 udp8 metrics kafka256 idle startup"

quick=0 jdk="" only="" base_port=19000 build=1 budget="" reps="" metrics_reps="" warmup="" duration="" extra_jvm_flags=() extra_server_args=()
usage() { sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' >&2; exit 2; }
while (($#)); do
	case $1 in
		--quick) quick=1 ;;
		--jdk) jdk=${2:?--jdk needs 17 or 25}; shift ;;
		--only) only=${2:?--only needs a scenario}; shift ;;
		--base-port) base_port=${2:?}; shift ;;
		--budget) budget=${2:?}; shift ;;
		--reps) reps=${2:?}; shift ;;
		--metrics-reps) metrics_reps=${2:?}; shift ;;
		--warmup) warmup=${2:?}; shift ;;
		--duration) duration=${2:?}; shift ;;
		--no-build) build=0 ;;
		--jvm-flag) extra_jvm_flags+=("${2:?--jvm-flag needs a flag}"); shift ;;
		--server-arg) extra_server_args+=("${2:?--server-arg needs an argument}"); shift ;;
		-h | --help) usage ;;
		*) echo "run.sh: unknown option $1" >&2; usage ;;
	esac
	shift
done
if ((quick)); then
	: "${reps:=1}" "${metrics_reps:=1}" "${warmup:=1}" "${duration:=3}" "${budget:=900}"
	kafka_warmup=3 kafka_warmup_max=3 kafka_slice=3
else
	kafka_warmup=30 kafka_warmup_max=120 kafka_slice=10
	: "${reps:=3}" "${metrics_reps:=7}" "${warmup:=5}" "${duration:=10}" "${budget:=2700}"
fi
scenarios=${only:-$all_scenarios}
scenarios=${scenarios//,/ }
for s in $scenarios; do
	[[ " $all_scenarios " == *" $s "* ]] || { echo "run.sh: unknown scenario '$s' (known: $all_scenarios)" >&2; exit 2; }
done
wants() { [[ " $scenarios " == *" $1 "* ]]; }
die() { echo "run.sh: $*" >&2; exit 1; }
log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# --- the JDKs ------------------------------------------------------------------------------------
jdk25=/usr/lib/jvm/temurin-25-jdk-amd64
case $jdk in
	25) java_home=$jdk25 ;;
	17) java_home=$(ls -d /usr/lib/jvm/java-17-* /usr/lib/jvm/java-17* 2>/dev/null | head -n 1 || true) ;;
	"") java_home=${JAVA_HOME:-$jdk25} ;;
	*) die "--jdk takes 17 or 25" ;;
esac
java=$java_home/bin/java
[[ -x $java ]] || die "no JDK at ${java_home:-/usr/lib/jvm/java-17*} (install it, or set JAVA_HOME)"
java_version=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.version = //p')
java_major=${java_version%%.*}
((java_major >= 17)) || die "ackgate needs JDK 17 or later, $java is $java_version"
# The load generator stays on one JDK (25 when there is one), so that only the server's JDK changes.
client_java=$java
[[ -x $jdk25/bin/java ]] && client_java=$jdk25/bin/java
client_version=$("$client_java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.version = //p')

command -v go >/dev/null || die "Go is needed for the reference server (Debian: apt-get install golang-go)"
command -v ss >/dev/null || die "ss (iproute2) is needed to check the ports"

# --- ports: refuse to run on a taken one --------------------------------------------------------
ag_base=$base_port off_base=$((base_port + 10)) ref_base=$((base_port + 20))
kafka_port=$((base_port + 30)) journal_base=$((base_port + 40)) netty_base=$((base_port + 50))
# The Spring Boot reference keeps ackgate's offsets: line +0, UDP +3, HTTP (Actuator) +4.
spring_base=$((base_port + 45))
ports=()
for b in "$ag_base" "$off_base" "$journal_base"; do ports+=("$b" $((b + 1)) $((b + 2)) $((b + 3)) $((b + 4))); done
ports+=("$ref_base" $((ref_base + 3)) "$kafka_port" $((kafka_port + 1)) "$netty_base" $((netty_base + 3)))
ports+=("$spring_base" $((spring_base + 3)) $((spring_base + 4)))
for p in "${ports[@]}"; do
	if [[ -n $(ss -Htuln "( sport = :$p )" 2>/dev/null) ]]; then
		die "port $p on this machine is taken ($(ss -Htulnp "( sport = :$p )" 2>/dev/null | head -n 1 | tr -s ' ')); stop that or pick another --base-port"
	fi
done

# --- work space, cleanup -------------------------------------------------------------------------
started_at=$SECONDS
budget_end=$((SECONDS + budget))
stamp=$(date -u +%Y%m%dT%H%M%SZ)
work=$root/target/bench/$stamp-jdk$java_major
results=$here/results
mkdir -p "$work/logs" "$work/load" "$work/bin" "$results"
runs=$work/runs.jsonl
: >"$runs"
skipped=()
clk=$(getconf CLK_TCK)

pids=()
stop_pid() { # TERM, up to 20 s for the graceful drain, then KILL; reaps it
	local pid=$1 i
	kill -TERM "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
	for ((i = 0; i < 200; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	local kept=() p
	for p in "${pids[@]}"; do [[ $p == "$pid" ]] || kept+=("$p"); done
	pids=("${kept[@]}")
}
kafka_dir="" kafka_warmed=0
cleanup() {
	local pid
	for pid in "${pids[@]}"; do stop_pid "$pid"; done
	[[ -z $kafka_dir ]] || "$root/scripts/kafka-broker.sh" --stop --port "$kafka_port" --dir "$kafka_dir" >&2 || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

json_str() { # $1 as a JSON string
	local s=$1
	s=${s//\\/\\\\}
	s=${s//\"/\\\"}
	s=${s//$'\t'/ }
	s=${s//$'\r'/}
	s=${s//$'\n'/ }
	printf '"%s"' "$s"
}
cpu_of() { # utime + stime of $1 in clock ticks, into $cpu; false when the process is gone
	local f
	read -r -a f <"/proc/$1/stat" 2>/dev/null || return 1
	cpu=$((f[13] + f[14]))
}
rss_of() { # VmRSS of $1 in kB, into $rss
	local k v rest
	rss=0
	while read -r k v rest; do
		[[ $k == VmRSS: ]] && { rss=$v; return 0; }
	done <"/proc/$1/status" 2>/dev/null
	return 1
}
busy_of() { # busy clock ticks of the whole machine (every CPU) from /proc/stat, into $busy
	local f
	read -r -a f </proc/stat # cpu user nice system idle iowait irq softirq steal …
	busy=$((f[1] + f[2] + f[3] + f[6] + f[7] + f[8]))
}
seconds_of() { # $1 ticks as seconds with three decimals
	local ms=$(($1 * 1000 / clk))
	printf '%d.%03d' $((ms / 1000)) $((ms % 1000))
}
now_us() { echo "${EPOCHREALTIME/./}"; } # microseconds since the epoch

# --- build ---------------------------------------------------------------------------------------
if ((build)); then
	# On the server's JDK: process-aot records the Java version it ran on, and a start on another
	# one does not use Spring AOT's generated definitions (the spring-aot startup variant).
	log "building ackgate (./mvnw -B -q -DskipTests package, JAVA_HOME=$java_home)"
	(cd "$root" && JAVA_HOME=$java_home timeout 900 ./mvnw -B -q -DskipTests package) >"$work/logs/build.log" 2>&1 \
		|| { tail -n 30 "$work/logs/build.log" >&2; die "the ackgate build failed (log: $work/logs/build.log)"; }
fi
netty_dir=$here/netty-reference
if ((build)) || [[ ! -f $netty_dir/target/netty-reference.jar ]]; then
	log "building the Netty reference (bench/netty-reference)"
	(cd "$root" && timeout 900 ./mvnw -B -q -f "$netty_dir/pom.xml" package) >"$work/logs/netty-build.log" 2>&1 \
		|| { tail -n 30 "$work/logs/netty-build.log" >&2; die "the Netty reference build failed (log: $work/logs/netty-build.log)"; }
fi
netty_cp="$netty_dir/target/netty-reference.jar:$netty_dir/target/lib/*"
# Only the startup scenario launches the Spring Boot reference. Offline (-o): it needs nothing that
# ackgate's own build has not resolved already.
spring_dir=$here/spring-reference
spring_jar=$spring_dir/target/spring-reference.jar
if wants startup && { ((build)) || [[ ! -f $spring_jar ]]; }; then
	log "building the Spring Boot reference (bench/spring-reference)"
	(cd "$root" && timeout 900 ./mvnw -B -q -o -f "$spring_dir/pom.xml" package) >"$work/logs/spring-build.log" 2>&1 \
		|| { tail -n 30 "$work/logs/spring-build.log" >&2; die "the Spring Boot reference build failed (log: $work/logs/spring-build.log)"; }
fi
jar=$(ls "$root"/target/ackgate-*.jar 2>/dev/null | head -n 1 || true)
[[ -f $jar ]] || die "no ackgate jar in target/ (run without --no-build)"
log "building the Go reference and tools ($(go version | cut -d' ' -f3))"
export GOFLAGS=-mod=mod GOPROXY=off GO111MODULE=on GOTOOLCHAIN=local GOCACHE=${GOCACHE:-$root/target/bench/gocache}
for tool in reference probe holder report; do
	(cd "$here" && timeout 300 go build -o "$work/bin/$tool" "./$tool") || die "go build ./$tool failed"
done
bin=$work/bin

# --- the servers ---------------------------------------------------------------------------------
# What a user would run: the heap a pod gets from the chart's suggested 512Mi limit (75 %), and an
# OutOfMemoryError ends the process (the image's flags). UDP rate limiting is off because every
# load datagram comes from 127.0.0.1 (one source: the limit would allow it two answers a second);
# the reference has none. Everything binds to loopback.
jvm_flags=(-Xmx384m -XX:+ExitOnOutOfMemoryError "${extra_jvm_flags[@]}")
ackgate_common=(--ackgate.udp.rate-limit.enabled=false --server.address=127.0.0.1
	--ackgate.line.bind-address=127.0.0.1 --ackgate.framed.bind-address=127.0.0.1
	--ackgate.time.bind-address=127.0.0.1 --ackgate.udp.bind-address=127.0.0.1 "${extra_server_args[@]}")
ackgate_ports() { # base → the five port arguments
	ports_args=("--ackgate.line.port=$1" --ackgate.framed.port=$(($1 + 1)) --ackgate.time.port=$(($1 + 2))
		--ackgate.udp.port=$(($1 + 3)) --management.server.port=$(($1 + 4)))
}
probe_ackgate() { # base, then probe flags
	local b=$1
	shift
	"$bin/probe" -line "127.0.0.1:$b" -framed 127.0.0.1:$((b + 1)) -time 127.0.0.1:$((b + 2)) \
		-udp 127.0.0.1:$((b + 3)) -http "http://127.0.0.1:$((b + 4))/actuator/health/readiness" "$@"
}
probe_reference() {
	"$bin/probe" -line 127.0.0.1:$ref_base -udp 127.0.0.1:$((ref_base + 3)) "$@"
}
probe_netty() {
	"$bin/probe" -line 127.0.0.1:$netty_base -udp 127.0.0.1:$((netty_base + 3)) "$@"
}
probe_spring() {
	"$bin/probe" -line 127.0.0.1:$spring_base -udp 127.0.0.1:$((spring_base + 3)) \
		-http "http://127.0.0.1:$((spring_base + 4))/actuator/health/readiness" "$@"
}
spring_args=(--reference.address=127.0.0.1 --reference.line-port=$spring_base --reference.udp-port=$((spring_base + 3))
	--server.address=127.0.0.1 --server.port=$((spring_base + 4)))
wait_ready() { # name seconds probe-command…: every endpoint answering, or die (also when the server exits)
	local name=$1 limit=$2 end=$((SECONDS + $2))
	shift 2
	until "$@" -timeout 2s >"$work/logs/$name.ready.json" 2>&1; do
		kill -0 "$server_pid" 2>/dev/null || { tail -n 5 "$work/logs/$name.log" >&2; die "$name exited while starting (log: $work/logs/$name.log)"; }
		((SECONDS < end)) || die "$name did not come up within $limit s (log: $work/logs/$name.log)"
	done
}
start_ackgate() { # name base extra-args… → $server_pid
	local name=$1 b=$2
	shift 2
	ackgate_ports "$b"
	"$java" "${jvm_flags[@]}" -jar "$jar" "${ports_args[@]}" "${ackgate_common[@]}" "$@" \
		>"$work/logs/$name.log" 2>&1 &
	server_pid=$!
	pids+=("$server_pid")
	wait_ready "$name" 120 probe_ackgate "$b"
	log "$name up (pid $server_pid): $(grep -o 'are served by [a-z]* threads' "$work/logs/$name.log" | head -n 1 || true)"
}
reference_args=(-read-timeout 30s -write-timeout 10s)
start_reference() { # name extra-args… → $server_pid
	local name=$1
	shift
	"$bin/reference" -line 127.0.0.1:$ref_base -udp 127.0.0.1:$((ref_base + 3)) "${reference_args[@]}" "$@" \
		>"$work/logs/$name.log" 2>&1 &
	server_pid=$!
	pids+=("$server_pid")
	wait_ready "$name" 30 probe_reference
	log "$name up (pid $server_pid)"
}

# The Netty reference runs on the load generator's JDK (25 where there is one) with the same heap as
# ackgate, whichever JDK ackgate is measured on: it stands for the JVM's best, not for a JDK.
netty_args=(--read-timeout 30 --write-timeout 10)
start_netty() { # name extra-args… → $server_pid
	local name=$1
	shift
	"$client_java" -Xmx384m -XX:+ExitOnOutOfMemoryError -cp "$netty_cp" org.ackgate.bench.netty.NettyReference \
		--line 127.0.0.1:$netty_base --udp 127.0.0.1:$((netty_base + 3)) "${netty_args[@]}" "$@" \
		>"$work/logs/$name.log" 2>&1 &
	server_pid=$!
	pids+=("$server_pid")
	wait_ready "$name" 60 probe_netty
	log "$name up (pid $server_pid): $(grep -o '(epoll)\|(nio)' "$work/logs/$name.log" | head -n 1 || true)"
}

# --- one load run: the bench client against one server, CPU and RSS from /proc -------------------
load_run() { # scenario side server-name server-pid rep client-args…
	local scenario=$1 side=$2 server=$3 spid=$4 rep=$5
	shift 5
	local out=$work/load/$scenario-$rep-$side.json err=$work/load/$scenario-$rep-$side.err
	local limit_us=$(((warmup + duration + 90) * 1000000))
	"$client_java" -jar "$jar" client bench --json --warmup "${warmup}s" --duration "${duration}s" "$@" \
		>"$out" 2>"$err" &
	local cpid=$!
	pids+=("$cpid")
	local t_start t0="" t1 now s0=0 s1=0 c0=0 c1=0 m0=0 m1=0 rss_max=0 rc=0 error=""
	t_start=$(now_us)
	while kill -0 "$cpid" 2>/dev/null; do
		now=${EPOCHREALTIME/./}
		if [[ -z $t0 ]] && grep -q '^warm-up:' "$err" 2>/dev/null; then
			# The warm-up's figures are discarded; the measured window starts here.
			t0=$now
			cpu_of "$spid" && s0=$cpu
			cpu_of "$cpid" && c0=$cpu
			busy_of && m0=$busy
		fi
		if [[ -n $t0 ]]; then
			rss_of "$spid" && ((rss > rss_max)) && rss_max=$rss
			cpu_of "$cpid" && c1=$cpu
			busy_of && m1=$busy
		fi
		if ((now - t_start > limit_us)); then
			error="the client ran past its limit of $((limit_us / 1000000)) s and was stopped"
			kill -TERM "$cpid" 2>/dev/null || true
		fi
		sleep 0.1
	done
	wait "$cpid" || rc=$?
	t1=$(now_us)
	local kept=() p
	for p in "${pids[@]}"; do [[ $p == "$cpid" ]] || kept+=("$p"); done
	pids=("${kept[@]}")
	if cpu_of "$spid"; then s1=$cpu; else error=${error:-"the server ($server) is gone"}; fi
	local client_json window_us
	client_json=$(grep '^{' "$out" | tail -n 1 || true)
	if ((rc != 0)) && [[ -z $error ]]; then error=$(grep -v '^\[' "$err" | tail -n 1 || true); fi
	if [[ -z $t0 ]]; then
		error=${error:-"no warm-up line from the client"}
		t0=$t1 s0=$s1 c0=$c1 m0=$m1
	fi
	window_us=$((t1 - t0))
	printf '{"kind":"load","scenario":"%s","side":"%s","server":"%s","rep":%d,"rc":%d,"window_s":%d.%06d,"server_cpu_s":%s,"client_cpu_s":%s,"server_rss_kb":%d,"machine_cpu_s":%s,"error":%s,"client":%s}\n' \
		"$scenario" "$side" "$server" "$rep" "$rc" $((window_us / 1000000)) $((window_us % 1000000)) \
		"$(seconds_of $((s1 - s0)))" "$(seconds_of $((c1 - c0)))" "$rss_max" "$(seconds_of $((m1 - m0)))" "$(json_str "$error")" \
		"${client_json:-null}" >>"$runs"
	local rate
	rate=$(grep -o '"messages_per_second":[0-9.]*' <<<"$client_json" | cut -d: -f2 || true)
	log "  $scenario rep $rep $server: ${rate:-no result} acks/s$([[ -n $error ]] && echo " — $error")"
}

# One scenario: A then B (then C), reps times, so whatever else the machine does lands on every side
# alike. Each: "server-name pid client-args…" as one word list.
pair() { # scenario "A…" "B…" ["C…"]
	local scenario=$1 rep i
	shift
	local sides=(a b c) specs=("$@") names=()
	local -a side
	for ((i = 0; i < ${#specs[@]}; i++)); do
		read -r -a side <<<"${specs[i]}"
		names+=("${side[0]}")
	done
	log "scenario $scenario: ${names[*]}, $reps × (${warmup}s warm-up + ${duration}s)"
	# Each repetition starts one side later (A B C, B C A, C A B): over three, every side runs once in
	# every position, so whatever favours a position (the side just before it idling, the machine's
	# drift within a repetition) is not always on the same side.
	local n=${#specs[@]} k j
	for ((rep = 1; rep <= reps; rep++)); do
		for ((k = 0; k < n; k++)); do
			j=$(((k + rep - 1) % n))
			read -r -a side <<<"${specs[j]}"
			load_run "$scenario" "${sides[j]}" "${side[0]}" "${side[1]}" "$rep" "${side[@]:2}"
		done
	done
}

in_budget() { # name: true while the budget allows starting it
	if ((SECONDS >= budget_end)); then
		skipped+=("$1 (the ${budget} s budget ran out)")
		log "skipping $1: the budget of ${budget} s ran out"
		return 1
	fi
}

load_scenarios() {
	local ag=0 ref=0 nt=0 need=0 s
	for s in line16 line256 line1000 line16k framed256 udp8; do wants $s && need=1; done
	if ((need)); then
		start_ackgate ackgate "$ag_base"
		ag=$server_pid
		start_reference reference
		ref=$server_pid
		start_netty netty
		nt=$server_pid
		local agl="--port $ag_base" refl="--port $ref_base" ntl="--port $netty_base" c
		for c in 16 256 1000; do
			wants line$c && in_budget line$c && pair line$c "ackgate $ag $agl --connections $c" \
				"reference $ref $refl --connections $c" "netty $nt $ntl --connections $c"
		done
		wants line16k && in_budget line16k && pair line16k "ackgate $ag $agl --connections 1 --size 16KB" \
			"reference $ref $refl --connections 1 --size 16KB" "netty $nt $ntl --connections 1 --size 16KB"
		wants framed256 && in_budget framed256 && pair framed256 \
			"ackgate-framed $ag --protocol framed --port $((ag_base + 1)) --connections 256" \
			"ackgate-line $ag $agl --connections 256"
		wants udp8 && in_budget udp8 && pair udp8 "ackgate $ag --protocol udp --port $((ag_base + 3)) --connections 8" \
			"reference $ref --protocol udp --port $((ref_base + 3)) --connections 8" \
			"netty $nt --protocol udp --port $((netty_base + 3)) --connections 8"
		stop_pid "$ag"
		stop_pid "$ref"
		stop_pid "$nt"
	fi
	if wants metrics && in_budget metrics; then
		# Two fresh instances with the same history. Off means every meter: ackgate's own and Spring
		# Integration's (and the JVM's).
		start_ackgate ackgate-metrics-on "$ag_base"
		local on=$server_pid
		start_ackgate ackgate-metrics-off "$off_base" --management.metrics.enable.all=false
		local off=$server_pid
		# Seven repetitions, not three: 12 pairs of 16-connection runs of two instances of this tree
		# (2026-12-07) gave on ÷ off from 0.86× to 1.29×, median 1.02×; three pairs cannot resolve 5 %.
		reps=$metrics_reps pair metrics "ackgate-metrics-on $on --port $ag_base --connections 16" \
			"ackgate-metrics-off $off --port $off_base --connections 16"
		stop_pid "$on"
		stop_pid "$off"
	fi
}

# --- Kafka (issue 14): broker mode against the same service with Kafka off, and the journal ---------
# Three instances of the same jar, alternating on one load: Kafka in ack-mode broker (an ack after
# the broker confirmed the record, acks=all), Kafka off, and the journal with fsync always (an ack
# after the record is on this disk). The broker is a single KRaft node on loopback from
# scripts/kafka-broker.sh, fresh in the work directory. After each Kafka run the producer's own
# metrics (bound through Micrometer) tell how many records each produce request carried.
http_get() { # port path → the body on stdout (HTTP/1.0 over bash's /dev/tcp: no curl needed)
	local reply
	{ exec 7<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
	printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$2" >&7
	reply=$(timeout 10 cat <&7 || true)
	exec 7<&- 7>&-
	printf '%s\n' "${reply#*$'\r\n\r\n'}"
}
producer_metric() { # scrape name → the first sample's value (the producer metrics carry a client id tag)
	grep -E "^$2(\{| )" <<<"$1" | head -n 1 | awk '{print $NF}'
}
kafka_producer_sample() { # rep: the producer metrics of the Kafka instance, one record
	local rep=$1 scrape rpr bsa rsr rr
	scrape=$(http_get $((ag_base + 4)) /actuator/prometheus || true)
	rpr=$(producer_metric "$scrape" kafka_producer_records_per_request_avg)
	bsa=$(producer_metric "$scrape" kafka_producer_batch_size_avg)
	rsr=$(producer_metric "$scrape" kafka_producer_record_send_rate)
	rr=$(producer_metric "$scrape" kafka_producer_request_rate)
	local error=""
	[[ -n $rpr ]] || error="no kafka_producer_records_per_request_avg on /actuator/prometheus (producer metrics not bound?)"
	printf '{"kind":"kafka","scenario":"kafka256","rep":%d,"records_per_request":%s,"batch_size_avg":%s,"record_send_rate":%s,"request_rate":%s,"error":%s}\n' \
		"$rep" "${rpr:-null}" "${bsa:-null}" "${rsr:-null}" "${rr:-null}" "$(json_str "$error")" >>"$runs"
	log "  kafka256 rep $rep producer: ${rpr:-?} records per request, batch ${bsa:-?} B, ${rsr:-?} records/s over ${rr:-?} requests/s${error:+ — $error}"
}
kafka_scenario() {
	wants kafka256 && in_budget kafka256 || return 0
	kafka_dir=$work/kafka
	log "scenario kafka256: starting a Kafka broker on 127.0.0.1:$kafka_port (scripts/kafka-broker.sh)"
	if ! timeout 600 "$root/scripts/kafka-broker.sh" --port "$kafka_port" --dir "$kafka_dir" >"$work/logs/kafka-broker.out" 2>&1; then
		cat "$work/logs/kafka-broker.out" >&2
		skipped+=("kafka256 (the Kafka broker did not start: $(tail -n 1 "$work/logs/kafka-broker.out"))")
		kafka_dir=""
		return 0
	fi
	start_ackgate ackgate-kafka "$ag_base" --ackgate.kafka.enabled=true --ackgate.kafka.ack-mode=broker \
		--spring.kafka.bootstrap-servers=127.0.0.1:$kafka_port --ackgate.kafka.topic=bench-$stamp \
		--ackgate.kafka.create-topic=true --ackgate.kafka.partitions=3 --ackgate.kafka.replication-factor=1
	local kafka=$server_pid
	start_ackgate ackgate-kafka-off "$off_base"
	local off=$server_pid
	start_ackgate ackgate-journal "$journal_base" --ackgate.journal.enabled=true \
		--ackgate.journal.directory="$work/journal" --ackgate.journal.fsync=always
	local journal=$server_pid
	local rep
	# The broker is a JVM started for this run, so its JIT warms over the first repetitions (0.37 and
	# 0.43 of Kafka off, then 0.54–0.61, in the runs of 2026-12-05; 33,440 rising to 52,235 acks/s
	# after a fixed 30 s warm-up on 2026-12-06's slower host); a broker in service is warm. This load
	# is not measured: slices of 256 connections run until one is within 5 % of the one before (at
	# least kafka_warmup seconds, at most kafka_warmup_max), so a slow host warms for longer.
	log "scenario kafka256: warming the broker and the producer (${kafka_slice}s slices of 256 connections until the rate is steady, ${kafka_warmup}–${kafka_warmup_max}s, not measured)"
	local previous="" slice_rate
	while ((kafka_warmed < kafka_warmup_max)); do
		if ! timeout $((kafka_slice + 60)) "$client_java" -jar "$jar" client bench --duration "${kafka_slice}s" \
			--port "$ag_base" --connections 256 --no-progress --json >"$work/logs/kafka-warmup.json" 2>>"$work/logs/kafka-warmup.log"; then
			log "  the warm-up load failed (see $work/logs/kafka-warmup.log); the repetitions go on"
			break
		fi
		kafka_warmed=$((kafka_warmed + kafka_slice))
		slice_rate=$(grep -o '"messages_per_second":[0-9.]*' "$work/logs/kafka-warmup.json" | cut -d: -f2 || true)
		log "  warm-up slice to ${kafka_warmed}s: ${slice_rate:-?} acks/s"
		[[ -n $slice_rate ]] || break
		if ((kafka_warmed >= kafka_warmup)) && [[ -n $previous ]] \
			&& awk -v a="$slice_rate" -v b="$previous" 'BEGIN { exit !(a <= b * 1.05) }'; then
			break
		fi
		previous=$slice_rate
	done
	log "scenario kafka256: Kafka broker mode, Kafka off, journal fsync always; $reps × (${warmup}s warm-up + ${duration}s)"
	for ((rep = 1; rep <= reps; rep++)); do
		load_run kafka256 a ackgate-kafka "$kafka" "$rep" --port "$ag_base" --connections 256
		kafka_producer_sample "$rep"
		# The same Kafka run is the measured side of the journal comparison too.
		tail -n 2 "$runs" | head -n 1 | sed 's/"scenario":"kafka256"/"scenario":"kafka256-journal"/' >>"$runs"
		load_run kafka256 b ackgate-kafka-off "$off" "$rep" --port "$off_base" --connections 256
		load_run kafka256-journal b ackgate-journal "$journal" "$rep" --port "$journal_base" --connections 256
	done
	stop_pid "$kafka"
	stop_pid "$off"
	stop_pid "$journal"
	"$root/scripts/kafka-broker.sh" --stop --port "$kafka_port" --dir "$kafka_dir" >>"$work/logs/kafka-broker.out" 2>&1 || true
	kafka_dir=""
}

# --- 10,000 idle connections ---------------------------------------------------------------------
idle_connections=10000 image_launch=()
idle_one() { # server-name
	local server=$1 spid before=0 held=0 open_json="" done_json="" probe_json="" error=""
	local release=$work/idle-$server.release holder_out=$work/logs/idle-$server.holder.json
	rm -f "$release"
	if [[ $server == ackgate ]]; then
		# Room for the held connections plus the probes, and no idle timeout during the hold.
		start_ackgate ackgate-idle "$ag_base" --ackgate.line.max-connections=$((idle_connections + 100)) \
			--ackgate.line.read-timeout=10m
		spid=$server_pid
	elif [[ $server == ackgate-image ]]; then
		# As the image starts it (the startup scenario's spring-aot variant): extracted, Spring AOT's
		# definitions, the AOT cache trained by serving once. The storm's first thousands of accepts
		# then run on code the cache's profiles already know, as in a pod.
		"$java" "${jvm_flags[@]}" -XX:AOTCache="$work/app-spring-aot.aot" -Dspring.aot.enabled=true \
			-jar "${image_launch[@]}" --ackgate.line.max-connections=$((idle_connections + 100)) \
			--ackgate.line.read-timeout=10m >"$work/logs/ackgate-image-idle.log" 2>&1 &
		spid=$!
		pids+=("$spid")
		server_pid=$spid
		wait_ready ackgate-image-idle 120 probe_ackgate "$ag_base"
	else
		start_reference reference-idle -read-timeout 10m
		spid=$server_pid
	fi
	sleep 2
	rss_of "$spid" && before=$rss
	local port=$ag_base
	[[ $server == reference ]] && port=$ref_base
	"$bin/holder" -addr "127.0.0.1:$port" -n $idle_connections -release "$release" -max-hold 240s \
		>"$holder_out" 2>"$work/logs/idle-$server.holder.err" &
	local hpid=$! i
	pids+=("$hpid")
	for ((i = 0; i < 1800; i++)); do # up to 180 s to open them all
		grep -q '"phase":"open"' "$holder_out" 2>/dev/null && break
		kill -0 "$hpid" 2>/dev/null || break
		sleep 0.1
	done
	open_json=$(grep '"phase":"open"' "$holder_out" || true)
	if [[ -n $open_json && $open_json == *'"failed":0'* ]]; then
		sleep 3 # let the accept backlog drain and the server settle
		rss_of "$spid" && held=$rss
		if [[ $server == ackgate* ]]; then
			probe_json=$(probe_ackgate "$ag_base" -timeout 30s 2>&1 || true)
		else
			probe_json=$(probe_reference -timeout 30s 2>&1 || true)
		fi
		[[ $probe_json == '{'* ]] || { error="probe: $probe_json"; probe_json=""; }
	else
		error=${open_json:+"not every connection opened"}
		error=${error:-"the holder did not open its connections within 180 s"}
	fi
	touch "$release"
	for ((i = 0; i < 1800; i++)); do
		kill -0 "$hpid" 2>/dev/null || break
		sleep 0.1
	done
	stop_pid "$hpid"
	done_json=$(grep '"phase":"done"' "$holder_out" || true)
	printf '{"kind":"idle","server":"%s","n":%d,"rss_before_kb":%d,"rss_held_kb":%d,"holder_open":%s,"holder_done":%s,"probe":%s,"error":%s}\n' \
		"$server" "$idle_connections" "$before" "$held" "${open_json:-null}" "${done_json:-null}" "${probe_json:-null}" \
		"$(json_str "$error")" >>"$runs"
	log "  idle $server: RSS $((before / 1024)) → $((held / 1024)) MB; $open_json $done_json ${error}"
	stop_pid "$spid"
}
idle_scenario() {
	wants idle && in_budget idle || return 0
	local limit
	limit=$(ulimit -n)
	if [[ $limit != unlimited ]] && ((limit < idle_connections + 200)); then
		ulimit -n $((idle_connections + 1000)) 2>/dev/null \
			|| { skipped+=("idle (ulimit -n is $limit; $idle_connections connections need more)"); return 0; }
	fi
	log "scenario idle: $idle_connections idle connections on each server"
	idle_one ackgate
	idle_one reference
}

# --- startup: launch to every endpoint answering --------------------------------------------------
startup_launch() { # variant rep command…
	local variant=$1 rep=$2
	shift 2
	local t0 pid probe_json rss=0
	t0=$(now_us)
	"$@" >"$work/logs/startup-$variant-$rep.log" 2>&1 &
	pid=$!
	pids+=("$pid")
	if [[ $variant == reference ]]; then
		probe_json=$(probe_reference -since "${t0}000" -timeout 120s -interval 2ms 2>&1 || true)
	elif [[ $variant == spring-reference* ]]; then
		probe_json=$(probe_spring -since "${t0}000" -timeout 120s -interval 2ms 2>&1 || true)
	else
		probe_json=$(probe_ackgate "$ag_base" -since "${t0}000" -timeout 120s -interval 2ms 2>&1 || true)
	fi
	rss_of "$pid" || true
	stop_pid "$pid"
	[[ $probe_json == '{'* ]] || probe_json="{\"ok\":false,\"error\":$(json_str "$probe_json")}"
	if [[ $variant == spring-aot ]] && ! grep -q 'Starting AOT-processed' "$work/logs/startup-$variant-$rep.log"; then
		probe_json="{\"ok\":false,\"error\":\"did not start from Spring AOT's definitions (log: startup-$variant-$rep.log)\"}"
	fi
	printf '{"kind":"startup","variant":"%s","rep":%d,"rss_ready_kb":%d,"probe":%s}\n' \
		"$variant" "$rep" "$rss" "$probe_json" >>"$runs"
	log "  startup $variant #$rep: $(grep -o '"all_ms":[0-9.]*' <<<"$probe_json" || echo "$probe_json")"
}
# A training run that served ends with SIGTERM. Not stop_pid: after the drain the JVM assembles the
# cache in a child process, which takes as long as the first training run's assembly; up to 300 s
# before it is killed.
stop_training() { # pid
	local tpid=$1 i
	kill -TERM "$tpid" 2>/dev/null || true
	for ((i = 0; i < 3000; i++)); do
		kill -0 "$tpid" 2>/dev/null || break
		sleep 0.1
	done
	stop_pid "$tpid"
}
# The Dockerfile's training run stops at the context's refresh, so the cache's method profiles
# (JEP 515) only know startup code. This one serves: it starts fully, takes a few seconds of line,
# framed and UDP load, then stops on SIGTERM (a clean exit writes the cache). Compared as the
# aot-trained variant: what profiles of the hot paths buy the next start.
aot_trained_with_traffic() { # app-jar args…
	local app_jar=$1 tpid
	shift
	log "  AOT cache training run with traffic (-XX:AOTCacheOutput, then load, then SIGTERM)"
	"$java" "${jvm_flags[@]}" -XX:AOTCacheOutput="$work/app-trained.aot" -jar "$app_jar" "$@" \
		>"$work/logs/aot-trained-training.log" 2>&1 &
	tpid=$!
	pids+=("$tpid")
	server_pid=$tpid
	wait_ready aot-trained-training 120 probe_ackgate "$ag_base"
	local protocol port
	for protocol in line framed udp; do
		port=$ag_base
		[[ $protocol == framed ]] && port=$((ag_base + 1))
		[[ $protocol == udp ]] && port=$((ag_base + 3))
		timeout 60 "$client_java" -jar "$jar" client bench --protocol "$protocol" --port "$port" --connections 8 \
			--warmup 1s --duration 3s >>"$work/logs/aot-trained-training.load.log" 2>&1 \
			|| log "  training load ($protocol) failed: see $work/logs/aot-trained-training.load.log"
	done
	stop_training "$tpid"
	[[ -f $work/app-trained.aot ]] || log "  the training run with traffic wrote no cache (log: $work/logs/aot-trained-training.log)"
}
# The Spring Boot reference gets what ackgate's start gets: extracted, and on JDK 25 an AOT cache
# trained exactly as ackgate's aot variant is (spring.context.exit=onRefresh, the same JVM flags); on
# JDK 17, which has no AOT cache, a CDS archive trained the same way, as ackgate's cds variant. On
# JDK 25 it is also started with Spring AOT (its jar carries process-aot's generated code;
# -Dspring.aot.enabled=true uses it), on an AOT cache of its own trained as ackgate's spring-aot
# variant (the image's) is, by a start that serves once: the lowest floor a JVM start on this stack
# reaches. A failed training leaves that variant out of the run (said in the report), not ackgate's
# figures.
spring_launch=() spring_aot_launch=()
spring_reference_cache() { # → $spring_variant, $spring_launch and $spring_aot_launch (empty when not prepared)
	local app=$work/spring-app app_jar
	spring_launch=() spring_aot_launch=()
	rm -rf "$app"
	if ! timeout 120 "$java" -Djarmode=tools -jar "$spring_jar" extract --destination "$app" \
		>"$work/logs/spring-extract.log" 2>&1; then
		skipped+=("spring-reference (extracting its jar failed: $work/logs/spring-extract.log)")
		log "  extracting the Spring Boot reference failed (log: $work/logs/spring-extract.log)"
		return 0
	fi
	app_jar=$app/spring-reference.jar
	local cache_flag
	if ((java_major >= 25)); then
		spring_variant=spring-reference
		cache_flag=-XX:AOTCache="$work/spring-reference.aot"
		log "  Spring Boot reference: AOT cache training run (-XX:AOTCacheOutput, spring.context.exit=onRefresh)"
		timeout 300 "$java" "${jvm_flags[@]}" -XX:AOTCacheOutput="$work/spring-reference.aot" -Dspring.context.exit=onRefresh \
			-jar "$app_jar" "${spring_args[@]}" >"$work/logs/spring-aot-training.log" 2>&1 || true
		local aot_log=$work/logs/spring-spring-aot-training.log
		# Trained as ackgate's spring-aot variant (the image's): started, every endpoint answering once
		# (line, UDP, readiness UP), then SIGTERM.
		log "  Spring Boot reference with Spring AOT: AOT cache training run serving once (-Dspring.aot.enabled=true, as ackgate's spring-aot)"
		local tpid
		"$java" "${jvm_flags[@]}" -XX:AOTCacheOutput="$work/spring-reference-spring-aot.aot" \
			-Dspring.aot.enabled=true -jar "$app_jar" "${spring_args[@]}" >"$aot_log" 2>&1 &
		tpid=$!
		pids+=("$tpid")
		server_pid=$tpid
		local ready_by=$((SECONDS + 120))
		until probe_spring -timeout 2s >"$work/logs/spring-spring-aot-training.ready.json" 2>&1; do
			kill -0 "$tpid" 2>/dev/null && ((SECONDS < ready_by)) || break
		done
		stop_training "$tpid"
		# Boot says "Starting AOT-processed" only when it found process-aot's code: a jar built before
		# the pom had it (--no-build) fails to start that way, yet the JVM may still write a cache.
		if ! grep -q 'Starting AOT-processed' "$aot_log"; then
			skipped+=("spring-reference-spring-aot (its training run did not start the Spring AOT way; a jar without process-aot's code? $aot_log)")
			log "  the Spring AOT reference's training run did not start the Spring AOT way (log: $aot_log)"
		elif [[ ! -f $work/spring-reference-spring-aot.aot ]]; then
			skipped+=("spring-reference-spring-aot (its AOT training run wrote no cache: $aot_log)")
			log "  the Spring AOT reference's AOT training run wrote no cache (log: $aot_log)"
		else
			spring_aot_launch=("$java" "${jvm_flags[@]}" -XX:AOTCache="$work/spring-reference-spring-aot.aot"
				-Dspring.aot.enabled=true -jar "$app_jar" "${spring_args[@]}")
		fi
		[[ -f $work/spring-reference.aot ]] || {
			skipped+=("spring-reference (its AOT training run wrote no cache: $work/logs/spring-aot-training.log)")
			log "  the Spring Boot reference's AOT training run wrote no cache (log: $work/logs/spring-aot-training.log)"
			return 0
		}
	else
		spring_variant=spring-reference-cds
		cache_flag=-XX:SharedArchiveFile="$work/spring-reference.jsa"
		log "  Spring Boot reference: CDS training run (-XX:ArchiveClassesAtExit, spring.context.exit=onRefresh)"
		timeout 300 "$java" "${jvm_flags[@]}" -XX:ArchiveClassesAtExit="$work/spring-reference.jsa" -Dspring.context.exit=onRefresh \
			-jar "$app_jar" "${spring_args[@]}" >"$work/logs/spring-cds-training.log" 2>&1 || true
		[[ -f $work/spring-reference.jsa ]] || {
			skipped+=("spring-reference-cds (its CDS training run wrote no archive: $work/logs/spring-cds-training.log)")
			log "  the Spring Boot reference's CDS training run wrote no archive (log: $work/logs/spring-cds-training.log)"
			return 0
		}
	fi
	spring_launch=("$java" "${jvm_flags[@]}" "$cache_flag" -jar "$app_jar" "${spring_args[@]}")
}
# spring-aot variant: as the image starts (Dockerfile): Spring AOT's generated bean definitions
# (-Dspring.aot.enabled=true) and an AOT cache trained as the image trains it: the service started
# that way, every endpoint answering once (the probe: line, framed, time, UDP, readiness UP) and one
# Prometheus scrape, then SIGTERM, whose clean exit writes the cache. Boot says "Starting
# AOT-processed" only when it used the definitions; a start whose settings differ from the build's
# says why it did not.
spring_aot_cache() { # app-jar args…
	local app_jar=$1
	shift
	local training=$work/logs/ackgate-spring-aot-training.log tpid
	log "  AOT cache training run with Spring AOT, serving once (as the image's)"
	"$java" "${jvm_flags[@]}" -XX:AOTCacheOutput="$work/app-spring-aot.aot" -Dspring.aot.enabled=true \
		-jar "$app_jar" "$@" >"$training" 2>&1 &
	tpid=$!
	pids+=("$tpid")
	server_pid=$tpid
	wait_ready ackgate-spring-aot-training 120 probe_ackgate "$ag_base"
	http_get "$((ag_base + 4))" /actuator/prometheus >/dev/null \
		|| log "  the training run's Prometheus scrape failed (log: $training)"
	stop_training "$tpid"
	if ! grep -q 'Starting AOT-processed' "$training"; then
		local reason
		reason=$(grep -o '(Spring AOT), because [^;]*' "$training" | head -n 1 | sed 's/^(Spring AOT), //' || true)
		skipped+=("spring-aot (the start did not use Spring AOT's definitions: ${reason:-see $training})")
		log "  the Spring AOT training run did not start the Spring AOT way (log: $training)"
		rm -f "$work/app-spring-aot.aot"
	elif [[ ! -f $work/app-spring-aot.aot ]]; then
		skipped+=("spring-aot (its AOT training run wrote no cache: $training)")
	fi
}
startup_scenario() {
	wants startup && in_budget startup || return 0
	local app=$work/app cache="" rep
	log "scenario startup: extracting the jar for the class-data / AOT cache"
	rm -rf "$app"
	timeout 120 "$java" -Djarmode=tools -jar "$jar" extract --destination "$app" >"$work/logs/extract.log" 2>&1 \
		|| die "extracting the jar failed (log: $work/logs/extract.log)"
	local app_jar
	app_jar=$(ls "$app"/ackgate-*.jar | head -n 1)
	ackgate_ports "$ag_base"
	# The image's settings: the UDP rate limit stays on (the probe asks once), so that the start is the
	# one the image makes, and the spring-aot variant's settings are the build's.
	local args=("${ports_args[@]}") arg
	for arg in "${ackgate_common[@]}"; do
		[[ $arg == --ackgate.udp.rate-limit.enabled=false ]] || args+=("$arg")
	done
	if ((java_major >= 25)); then
		cache=aot
		log "  AOT cache training run (-XX:AOTCacheOutput, spring.context.exit=onRefresh)"
		timeout 300 "$java" "${jvm_flags[@]}" -XX:AOTCacheOutput="$work/app.aot" -Dspring.context.exit=onRefresh \
			-jar "$app_jar" "${args[@]}" >"$work/logs/aot-training.log" 2>&1 \
			|| die "the AOT training run failed (log: $work/logs/aot-training.log)"
	else
		cache=cds
		log "  CDS training run (-XX:ArchiveClassesAtExit, spring.context.exit=onRefresh)"
		timeout 300 "$java" "${jvm_flags[@]}" -XX:ArchiveClassesAtExit="$work/app.jsa" -Dspring.context.exit=onRefresh \
			-jar "$app_jar" "${args[@]}" >"$work/logs/cds-training.log" 2>&1 \
			|| die "the CDS training run failed (log: $work/logs/cds-training.log)"
	fi
	if [[ $cache == aot ]]; then
		# Its UDP load comes from one address: without the limit, as in the load scenarios.
		aot_trained_with_traffic "$app_jar" "${args[@]}" --ackgate.udp.rate-limit.enabled=false
		spring_aot_cache "$app_jar" "${args[@]}"
	fi
	spring_reference_cache
	if [[ -f $work/app-spring-aot.aot ]] && wants idle \
		&& { [[ $(ulimit -n) == unlimited ]] || (($(ulimit -n) >= idle_connections + 200)); }; then
		# The idle scenario's storm again, on the image's start: the connects row's fat jar starts
		# with no cache, so its first accepts run on code still being compiled.
		log "scenario startup: $idle_connections connects again, on ackgate started as the image starts it"
		image_launch=("$app_jar" "${args[@]}")
		idle_one ackgate-image
		image_launch=()
	fi
	for ((rep = 1; rep <= reps; rep++)); do
		in_budget "startup launch $rep" || break
		startup_launch jar "$rep" "$java" "${jvm_flags[@]}" -jar "$jar" "${args[@]}"
		startup_launch extracted "$rep" "$java" "${jvm_flags[@]}" -jar "$app_jar" "${args[@]}"
		if [[ $cache == aot ]]; then
			startup_launch aot "$rep" "$java" "${jvm_flags[@]}" -XX:AOTCache="$work/app.aot" -jar "$app_jar" "${args[@]}"
			[[ -f $work/app-trained.aot ]] && startup_launch aot-trained "$rep" "$java" "${jvm_flags[@]}" \
				-XX:AOTCache="$work/app-trained.aot" -jar "$app_jar" "${args[@]}"
			[[ -f $work/app-spring-aot.aot ]] && startup_launch spring-aot "$rep" "$java" "${jvm_flags[@]}" \
				-XX:AOTCache="$work/app-spring-aot.aot" -Dspring.aot.enabled=true -jar "$app_jar" "${args[@]}"
		else
			startup_launch cds "$rep" "$java" "${jvm_flags[@]}" -XX:SharedArchiveFile="$work/app.jsa" -jar "$app_jar" "${args[@]}"
		fi
		((${#spring_launch[@]} == 0)) || startup_launch "$spring_variant" "$rep" "${spring_launch[@]}"
		((${#spring_aot_launch[@]} == 0)) || startup_launch spring-reference-spring-aot "$rep" "${spring_aot_launch[@]}"
		startup_launch reference "$rep" "$bin/reference" -line 127.0.0.1:$ref_base -udp 127.0.0.1:$((ref_base + 3)) -quiet
	done
}

# --- run -----------------------------------------------------------------------------------------
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
log "JDK $java_version ($java), load generator on JDK $client_version; load average $load_start; work in $work"
load_scenarios
kafka_scenario
idle_scenario
startup_scenario
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

threads="virtual threads"
((java_major < 21)) && threads="platform threads"
# The ack endpoints' transport, as the server logged it (the time endpoints keep a thread each).
transport=$(grep -ho 'TCP ack endpoints are served by [0-9]* event loops ([a-z_]*' "$work"/logs/ackgate*.log 2>/dev/null | head -n 1 || true)
[[ -n $transport ]] && threads="ack endpoints: ${transport#TCP ack endpoints are served by }); time endpoints: $threads"
git_rev=$(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
[[ -n $(cd "$root" && git status --porcelain --untracked-files=no 2>/dev/null) ]] && git_rev+=" (with local changes)"
scen_json=$(printf '"%s",' $scenarios)
skip_json=""
for s in "${skipped[@]}"; do skip_json+="$(json_str "$s"),"; done
cat >"$work/meta.json" <<EOF
{"timestamp":"$stamp","jdk":$(json_str "JDK $java_version"),"jdk_major":$java_major,"client_jdk":$(json_str "JDK $client_version"),
 "go":$(json_str "$(go version | cut -d' ' -f3)"),"git":$(json_str "$git_rev"),"cores":$(nproc),
 "cpu":$(json_str "$(sed -n 's/^model name\t*: //p' /proc/cpuinfo | head -n 1)"),
 "load_start":"$load_start","load_end":"$load_end","warmup_s":$warmup,"duration_s":$duration,"reps":$reps,"metrics_reps":$metrics_reps,"kafka_warmup_s":$kafka_warmed,
 "quick":$( ((quick)) && echo true || echo false),"jvm_flags":$(json_str "${jvm_flags[*]}"),
 "ackgate_args":$(json_str "${ackgate_common[*]}"),"reference_args":$(json_str "${reference_args[*]}"),
 "netty":$(json_str "Netty $(ls "$netty_dir/target/lib" | sed -n 's/^netty-transport-\([0-9][0-9.]*Final\)\.jar$/\1/p' | head -n 1) on JDK $client_version"),"netty_args":$(json_str "${netty_args[*]}"),
 "threads":$(json_str "$threads"),"scenarios":[${scen_json%,}],"skipped":[${skip_json%,}],"elapsed_s":$((SECONDS - started_at))}
EOF
report=$results/$stamp-jdk$java_major.md
status=0
"$bin/report" -runs "$runs" -meta "$work/meta.json" -svg "${report%.md}.svg" >"$report" || status=$?
((status == 0 || status == 3)) || die "the report could not be written (exit $status)"
cat "$report"
log "report: $report (chart: ${report%.md}.svg); logs and raw records: $work"
exit "$status"
