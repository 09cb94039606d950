#!/usr/bin/env bash
# Where a start's CPU goes, thread by thread. Launches ackgate as the image starts it (Spring AOT
# and an AOT cache trained by a start that serves once, as the Dockerfile trains it), times each
# launch with bench/probe to every endpoint answering and readiness UP, and at that moment reads
# each thread's CPU from /proc/PID/task/*/stat: C2's compiler thread, C1's, main, and the rest.
# With JVM flags after `--`, launches with and without them alternate, each with a cache trained
# with its own flags (docs/performance.md, Startup, "The compiler during the start"); with
# `--against JAR`, launches of target/'s jar and of that one alternate, each with its own cache
# trained the same way. The last column is the whole process's CPU, threads that have ended
# included: a start that uses about twice its time in CPU is bound by the two cores
# (docs/performance.md, Startup, "The settings records bound…"); then how long main was ready to
# run but waited for a core ("Where main's time goes").
#
#   bench/start-threads.sh [launches]                      # default 3
#   bench/start-threads.sh 4 -- -XX:TieredStopAtLevel=1    # alternating, without and with the flags
#   bench/start-threads.sh 10 --against /tmp/before.jar    # alternating, this build and another
#   bench/start-threads.sh 10 --reference                  # alternating with the Spring Boot reference
#   bench/start-threads.sh --steps 5                       # and where main's time went, step by step
#
# With --steps, each launch also records Spring's startup steps (-Dorg.ackgate.startup-steps, written as
# the service turns ready, which adds the file's few milliseconds to the start), and at the end the
# script prints the steps of each variant's median launch that took 15 ms or more: the step's whole
# time, its own time without its sub-steps, and its name, indented by depth (docs/performance.md,
# Startup, "Where the image's start goes").
#
# With --reference, the other side of the alternation is the smallest Spring Boot service on the same
# stack (bench/spring-reference, built by bench/run.sh --only startup), with Spring AOT and its cache
# trained the same way, probed on its line, UDP and readiness endpoints: the floor of a start, thread
# by thread (docs/performance.md, Startup, "Where main's time goes").
#
# Needs curl, a jar built on JDK 25 (bench/run.sh builds one) and the probe bench/run.sh builds
# (target/bench/*/bin/probe, newest first). JAVA picks the JDK (default: Temurin 25). Ports
# 28230–28234 on 127.0.0.1. Kills only what it started.
set -euo pipefail
cd "$(dirname "$0")/.."
steps=false
if [[ ${1:-} == --steps ]]; then
	steps=true
	shift
fi
launches=${1:-3}
(($# > 0)) && shift
variant=()
against=""
reference=""
if (($# > 0)); then
	case $1 in
		--) shift; variant=("$@") ;;
		--against) against=${2:?--against needs a jar}; [[ -f $against ]] || { echo "start-threads.sh: no jar $against" >&2; exit 2; } ;;
		--reference)
			reference=bench/spring-reference/target/spring-reference.jar
			[[ -f $reference ]] || { echo "start-threads.sh: no $reference; run bench/run.sh --only startup once first" >&2; exit 2; } ;;
		*) echo "start-threads.sh: flags for the second variant go after --, another jar after --against, or --reference" >&2; exit 2 ;;
	esac
fi
java=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
jar=$(ls target/ackgate-*.jar | head -n 1)
probe=$(ls -td target/bench/*/bin/probe 2>/dev/null | head -n 1 || true)
[[ -x $probe ]] || { echo "start-threads.sh: no probe binary; run bench/run.sh once first" >&2; exit 1; }
work=$(mktemp -d target/start-threads.XXXXXX)
pid=""
trap '[[ -n $pid ]] && kill $pid 2>/dev/null; rm -rf "$work"' EXIT
b=28230
ackgate_args=(--ackgate.line.port=$b --ackgate.framed.port=$((b + 1)) --ackgate.time.port=$((b + 2))
	--ackgate.udp.port=$((b + 3)) --management.server.port=$((b + 4)) --server.address=127.0.0.1
	--ackgate.line.bind-address=127.0.0.1 --ackgate.framed.bind-address=127.0.0.1
	--ackgate.time.bind-address=127.0.0.1 --ackgate.udp.bind-address=127.0.0.1)
flags=(-Xmx384m -XX:+ExitOnOutOfMemoryError -Dspring.aot.enabled=true)
reference_args=(--reference.address=127.0.0.1 --reference.line-port=$b --reference.udp-port=$((b + 3))
	--server.address=127.0.0.1 --server.port=$((b + 4)))
probe_all() { # kind (ackgate or reference), then the probe's own flags
	local kind=$1
	shift
	if [[ $kind == reference ]]; then
		"$probe" -line 127.0.0.1:$b -udp 127.0.0.1:$((b + 3)) -http "http://127.0.0.1:$((b + 4))/actuator/health/readiness" "$@"
	else
		"$probe" -line 127.0.0.1:$b -framed 127.0.0.1:$((b + 1)) -time 127.0.0.1:$((b + 2)) -udp 127.0.0.1:$((b + 3)) \
			-http "http://127.0.0.1:$((b + 4))/actuator/health/readiness" "$@"
	fi
}
stop() { # waits for the exit: a training run writes its cache then, which can take a while
	kill -TERM "$pid" 2>/dev/null || true
	timeout 300 tail --pid="$pid" -f /dev/null || kill -KILL "$pid" 2>/dev/null || true
	pid=""
}

prepare() { # directory, jar, kind (ackgate or reference), extra JVM flags: extracted there, with a cache trained as the image's
	local dir=$1 jar=$2 kind=$3 app
	shift 3
	local -n app_args=${kind}_args
	mkdir -p "$dir"
	echo "$kind" >"$dir/kind"
	"$java" -Djarmode=tools -jar "$jar" extract --destination "$dir/app" >/dev/null
	app=$(ls "$dir"/app/*.jar | head -n 1)
	"$java" "${flags[@]}" "$@" -XX:AOTCacheOutput="$dir/app.aot" -jar "$app" "${app_args[@]}" >"$dir/training.log" 2>&1 &
	pid=$!
	probe_all "$kind" -timeout 120s -interval 20ms >/dev/null
	# the image's training run scrapes once too; the reference serves no Prometheus endpoint
	[[ $kind == reference ]] || curl -fsS "http://127.0.0.1:$((b + 4))/actuator/prometheus" >/dev/null
	stop
	grep -q 'Starting AOT-processed' "$dir/training.log" && [[ -f $dir/app.aot ]] \
		|| { echo "start-threads.sh: the training run of $jar did not start from Spring AOT or wrote no cache" >&2; exit 1; }
}
prepare "$work/image" "$jar" ackgate
# trained with the flags too, as an image that adopted them would be: some (the object layout, the
# collector) make a cache trained without them unusable, and the JVM would then start from the jars
((${#variant[@]} == 0)) || prepare "$work/flags" "$jar" ackgate "${variant[@]}"
[[ -z $against ]] || prepare "$work/against" "$against" ackgate
[[ -z $reference ]] || prepare "$work/reference" "$reference" reference

# CPU milliseconds per thread group. A thread's name may hold spaces ("C2 CompilerThre"), so the
# fields are counted after the closing parenthesis: utime and stime are then the 12th and 13th.
thread_cpu() {
	local hz task name
	hz=$(getconf CLK_TCK)
	for task in /proc/"$1"/task/*; do
		name=$(cat "$task/comm" 2>/dev/null) || continue
		printf '%s\t%s\n' "$name" "$(sed 's/.*) //' "$task/stat" | awk '{print $12 + $13}')"
	done | awk -F'\t' -v hz="$hz" '
		{ g = ($1 ~ /^C2 /) ? "c2" : ($1 ~ /^C1 /) ? "c1" : ($1 == "main" || $1 == "java") ? "main" : "rest"; ms[g] += $2 * 1000 / hz }
		END { printf "C2 %5d  C1 %5d  main %5d  rest %4d", ms["c2"], ms["c1"], ms["main"], ms["rest"] }'
	sed 's/.*) //' /proc/"$1"/stat | awk -v hz="$(getconf CLK_TCK)" '{ printf "  process %5d ms CPU", ($12 + $13) * 1000 / hz }'
	main_waited "$1"
}
# How long the Java main thread was ready to run but waited for a core: the second field of its
# schedstat, in nanoseconds (kernels without schedstats have no such file, and print nothing).
main_waited() {
	local task name
	for task in /proc/"$1"/task/*; do
		name=$(cat "$task/comm" 2>/dev/null) || continue
		# the launcher's first thread is "java" too, and does no more than start the main thread
		[[ $name == main || ($name == java && ${task##*/} != "$1") ]] || continue
		[[ -r $task/schedstat ]] || return 0
		awk '{ printf "  main waited %4d ms for a core", $2 / 1000000 }' "$task/schedstat"
		return 0
	done
}
launch() { # label, launch number, the prepared directory, then extra JVM flags
	local label=$1 n=$2 dir=$3 t0 out ms record=() kind
	shift 3
	kind=$(cat "$dir/kind")
	local -n app_args=${kind}_args
	# the reference does not write ackgate's steps
	$steps && [[ $kind == ackgate ]] && record=(-D"org.ackgate.startup-steps=$work/steps-$label-$n.tsv")
	t0=$(date +%s%6N)
	"$java" "${flags[@]}" -XX:AOTCache="$dir/app.aot" "${record[@]}" "$@" -jar "$(ls "$dir"/app/*.jar | head -n 1)" \
		"${app_args[@]}" >"$work/launch.log" 2>&1 &
	pid=$!
	out=$(probe_all "$kind" -since "${t0}000" -timeout 60s -interval 2ms 2>&1 || true)
	ms=$(grep -o '"all_ms":[0-9]*' <<<"$out" | cut -d: -f2 || true)
	printf '%-8s %s ms to every endpoint  %s  load %s\n' "$label" "${ms:-"failed: $out"}" "$(thread_cpu "$pid")" \
		"$(cut -d' ' -f1 /proc/loadavg)"
	[[ -n $ms ]] && printf '%s %s\n' "$ms" "$n" >>"$work/times-$label"
	stop
	# a launch that could not map its cache started from the jars, and its time says nothing here
	if grep -E '\[(error|warning)\]\[aot' "$work/launch.log" >&2; then
		echo "start-threads.sh: launch $n of $label did not start from its AOT cache" >&2
		exit 1
	fi
}
for ((i = 1; i <= launches; i++)); do
	launch image "$i" "$work/image"
	((${#variant[@]} == 0)) || launch flags "$i" "$work/flags" "${variant[@]}"
	[[ -z $against ]] || launch against "$i" "$work/against"
	[[ -z $reference ]] || launch reference "$i" "$work/reference"
done
for label in image flags against reference; do
	[[ -f $work/times-$label ]] || continue
	printf '%-8s median %s ms over %s launches\n' "$label" \
		"$(sort -n "$work/times-$label" | awk '{ t[NR] = $1 } END { print (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }')" \
		"$(wc -l <"$work/times-$label")"
done
if $steps; then
	for label in image flags against; do
		[[ -f $work/times-$label ]] || continue
		median=$(sort -n "$work/times-$label" | awk '{ line[NR] = $0 } END { print line[int((NR + 1) / 2)] }')
		file=$work/steps-$label-${median#* }.tsv
		[[ -f $file ]] || { echo "start-threads.sh: launch ${median#* } wrote no steps ($file)" >&2; continue; }
		printf '\n%s, the median launch (%s ms): steps of 15 ms or more, whole and own time\n' "$label" "${median% *}"
		awk -F'\t' 'NR > 1 && $1 >= 15 { printf "%7.0f %6.0f  %*s%s %s\n", $1, $2, 2 * $3, "", $4, substr($5, 1, 110) }' "$file"
	done
fi
