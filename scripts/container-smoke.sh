#!/usr/bin/env bash
# Builds the image from the unmodified Dockerfile, runs it, and talks to every endpoint in it.
#
#   scripts/container-smoke.sh              # build, run, check, remove the container and the image
#   ACKGATE_SMOKE_KEEP_IMAGE=1 scripts/container-smoke.sh      # keep the image (ackgate:smoke)
#   ACKGATE_SMOKE_DOCKERFILE=target/jlink/Dockerfile ...       # a variant (bench/jlink-image.sh)
#
# Engine: docker when its daemon answers; otherwise buildah builds (--isolation chroot
# --pull=never --format docker) and podman runs. Without a registry, the base images come from
# ../shared/tools/local-base-images.sh when it is there (ACKGATE_BASE_IMAGES_SCRIPT to point
# elsewhere). The container runs with host networking, bound to 127.0.0.1 on free ports chosen
# here and passed as environment variables, with a read-only root filesystem and a tmpfs /tmp,
# as the Helm chart runs it. Checks: one exchange per endpoint with exact bytes and the actuator
# (scripts/endpoint-exchanges.py), a non-root UID, java as PID 1, virtual threads and event loops, and a SIGTERM
# drain. Every wait is bounded; whatever it started is removed on exit.
set -euo pipefail

cd "$(dirname "$0")/.."
IMAGE=${ACKGATE_SMOKE_IMAGE:-localhost/ackgate:smoke}
DOCKERFILE=${ACKGATE_SMOKE_DOCKERFILE:-Dockerfile}
NAME=ackgate-smoke-$$
BUILD_TIMEOUT=${ACKGATE_SMOKE_BUILD_TIMEOUT:-2400}
READY_TIMEOUT=${ACKGATE_SMOKE_READY_TIMEOUT:-180}
EXPECTED_UID=10001
started=$SECONDS

log() { printf 'container-smoke: %s\n' "$*" >&2; }
die() { log "FAIL: $*"; exit 1; }

# --- engine ---------------------------------------------------------------------------------
if command -v docker >/dev/null && timeout 20 docker info >/dev/null 2>&1; then
  engine=docker
  build() { timeout "$BUILD_TIMEOUT" docker build -f "$DOCKERFILE" -t "$IMAGE" .; }
  run=(docker)
else
  base_images=${ACKGATE_BASE_IMAGES_SCRIPT:-../shared/tools/local-base-images.sh}
  pull=missing
  if [[ -x $base_images || -f $base_images ]]; then
    log "base images from $base_images"
    eval "$(bash "$base_images")"
    pull=never
  fi
  command -v buildah >/dev/null && command -v podman >/dev/null ||
    die "neither a docker daemon nor buildah and podman (apt-get install buildah podman runc)"
  engine=buildah+podman
  build() {
    timeout "$BUILD_TIMEOUT" buildah bud --isolation chroot --pull="$pull" --format docker --layers \
      -f "$DOCKERFILE" -t "$IMAGE" .
  }
  run=(podman)
fi

# The engine's commands with a deadline each (SIGTERM after SECONDS, SIGKILL 10 s later): docker and
# podman can hang (a stuck storage lock, a container that does not answer). One that ran out of
# time is named on stderr; its exit status is returned either way. engine_stderr=null drops the
# command's own stderr, engine_stderr=stdout merges it into its stdout (not that message). By
# descriptor, never by opening /dev/stderr or /dev/stdout: where those are a log file (CI's), opening
# one truncates the whole log. --foreground keeps the command in this script's process group, so a
# deadline around the whole script (.ci/run's) reaches it too instead of leaving it running.
engine_do() {
  local seconds=$1 t=$SECONDS rc=0
  shift
  case ${engine_stderr:-} in
    null) timeout --foreground -k 10 "$seconds" "${run[@]}" "$@" 2>/dev/null || rc=$? ;;
    stdout) timeout --foreground -k 10 "$seconds" "${run[@]}" "$@" 2>&1 || rc=$? ;;
    *) timeout --foreground -k 10 "$seconds" "${run[@]}" "$@" || rc=$? ;;
  esac
  if ((rc == 124 || (rc == 137 && SECONDS - t >= seconds))); then
    log "${run[0]} $1 did not finish within $seconds s"
  fi
  return "$rc"
}

cleanup() {
  local rc=$?
  if [[ -n ${container_started-} ]]; then
    if ((rc != 0)); then
      log "last container log lines:"
      engine_do 30 logs --tail 40 "$NAME" >&2 2>&1 || true
    fi
    engine_stderr=null engine_do 60 rm -f "$NAME" >/dev/null || true
  fi
  if [[ ${ACKGATE_SMOKE_KEEP_IMAGE:-0} != 1 && -n ${image_built-} ]]; then
    engine_stderr=null engine_do 60 rmi "$IMAGE" >/dev/null || true
  fi
  ((rc == 0)) || log "failed after $((SECONDS - started)) s"
}
trap cleanup EXIT

# --- build ----------------------------------------------------------------------------------
log "building $IMAGE with $engine"
t0=$SECONDS
build
image_built=1
build_seconds=$((SECONDS - t0))
log "built in $build_seconds s"

size=$(engine_do 60 image inspect --format '{{.Size}}' "$IMAGE")
image_user=$(engine_do 60 image inspect --format '{{.Config.User}}' "$IMAGE")
[[ $image_user == "$EXPECTED_UID:$EXPECTED_UID" ]] || die "image user is '$image_user', not $EXPECTED_UID:$EXPECTED_UID"

# --- run ------------------------------------------------------------------------------------
# Five free TCP ports and one free UDP port on loopback, so that runs never collide.
read -r line_port framed_port time_port udp_port mgmt_port < <(python3 - <<'EOF'
import socket
tcp = [socket.socket() for _ in range(4)]
udp = socket.socket(type=socket.SOCK_DGRAM)
for s in tcp:
    s.bind(("127.0.0.1", 0))
udp.bind(("127.0.0.1", 0))
p = [s.getsockname()[1] for s in tcp]
print(p[0], p[1], p[2], udp.getsockname()[1], p[3])
EOF
)
log "ports: line $line_port, framed $framed_port, time $time_port, udp $udp_port, management $mgmt_port"

t0=$SECONDS
container_started=1
engine_do 120 run -d --name "$NAME" --network host \
  --read-only --tmpfs /tmp:rw,size=64m --cap-drop ALL --security-opt no-new-privileges \
  -e ACKGATE_LINE_PORT="$line_port" -e ACKGATE_FRAMED_PORT="$framed_port" \
  -e ACKGATE_TIME_PORT="$time_port" -e ACKGATE_UDP_PORT="$udp_port" \
  -e MANAGEMENT_SERVER_PORT="$mgmt_port" \
  -e ACKGATE_LINE_BIND_ADDRESS=127.0.0.1 -e ACKGATE_FRAMED_BIND_ADDRESS=127.0.0.1 \
  -e ACKGATE_TIME_BIND_ADDRESS=127.0.0.1 -e ACKGATE_UDP_BIND_ADDRESS=127.0.0.1 \
  -e SERVER_ADDRESS=127.0.0.1 \
  -e MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED=true \
  "$IMAGE" >/dev/null

running() { [[ $(engine_stderr=null engine_do 30 inspect --format '{{.State.Running}}' "$NAME") == true ]]; }
deadline=$((SECONDS + READY_TIMEOUT))
until curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$mgmt_port/actuator/health/readiness" 2>/dev/null; do
  running || die "the container stopped before it was ready"
  ((SECONDS < deadline)) || die "not ready within $READY_TIMEOUT s"
  sleep 1
done
ready_seconds=$((SECONDS - t0))
log "ready in $ready_seconds s"

# --- checks ---------------------------------------------------------------------------------
timeout 60 python3 scripts/endpoint-exchanges.py 127.0.0.1 \
  "$line_port" "$framed_port" "$time_port" "$udp_port" "$mgmt_port" || die "endpoint exchanges"

uid=$(engine_do 30 exec "$NAME" id -u)
[[ $uid == "$EXPECTED_UID" ]] || die "the process runs as UID $uid, not $EXPECTED_UID"
((uid != 0)) || die "the process runs as root"
pid1=$(engine_do 30 exec "$NAME" cat /proc/1/cmdline | tr '\0' ' ')
[[ $pid1 == java* ]] || die "PID 1 is '$pid1', not java: SIGTERM would not reach the JVM"
log "ok   non-root: UID $uid; PID 1: $pid1"
# (the log is read whole first: grep -q closing the pipe early would fail the pipeline)
logs=$(engine_stderr=stdout engine_do 60 logs "$NAME")
grep -q 'are served by virtual threads, one per connection' <<<"$logs" || die "no 'served by virtual threads' line in the log"
log "ok   virtual threads (Java 25, ackgate.threads.mode=auto) for the time endpoints"
# Ports and addresses are not among the settings that decide the beans, so this start is the build's.
grep -q 'Starting AOT-processed AckgateApplication' <<<"$logs" \
  || die "the image did not start from Spring AOT's generated definitions: $(grep -o '(Spring AOT), because [^;]*' <<<"$logs" | head -n 1 || true)"
log "ok   started from the bean definitions generated at build time (Spring AOT)"
loops=$(grep -o 'TCP ack endpoints are served by [0-9]* event loops ([a-z_][^;]*' <<<"$logs" | head -n 1 || true)
[[ -n $loops ]] || die "no 'served by N event loops' line in the log: the ack endpoints are not on the event-loop transport"
log "ok   ${loops#TCP ack endpoints are served by }) for the ack endpoints (ackgate.tcp.transport=event-loop)"
# The JVM's own warnings go to the same log: on JDK 25 Netty's native libraries would bring four
# about restricted methods at every start, unless the jar's manifest enables native access.
if grep -q '^WARNING: ' <<<"$logs"; then
  die "the JVM warned while starting: $(grep '^WARNING: ' <<<"$logs" | head -n 2 | tr '\n' ' ')"
fi
log "ok   no JVM warnings in the log (native access for Netty's libraries, from the jar's manifest)"
# The JVM reports a cache it cannot use (trained on another class path or JDK, or missing) on its own
# log lines, [error][aot] or [warning][aot], and then starts without it.
if grep -Eq '^\[[0-9.]+s\]\[(error|warning) *\]\[aot' <<<"$logs"; then
  die "the JVM did not use the image's AOT cache: $(grep -E '\]\[aot' <<<"$logs" | head -n 3 | tr '\n' ' ')"
fi
log "ok   the JVM started from the image's AOT cache (no [aot] error or warning)"

# --- graceful stop --------------------------------------------------------------------------
t0=$SECONDS
# (podman's and docker's own -t: SIGKILL 30 s after the SIGTERM; the deadline leaves them 30 s more)
engine_do 60 stop -t 30 "$NAME" >/dev/null
stop_seconds=$((SECONDS - t0))
exit_code=$(engine_do 30 inspect --format '{{.State.ExitCode}}' "$NAME")
[[ $exit_code == 0 ]] || die "exit code $exit_code after SIGTERM, expected 0 (143: the SIGTERM handler did not run; 137: killed)"
logs=$(engine_stderr=stdout engine_do 60 logs "$NAME")
grep -q 'Drained the TCP endpoints' <<<"$logs" || die "no drain on SIGTERM"
log "ok   SIGTERM: drained and exited with $exit_code in $stop_seconds s"

printf 'container-smoke: passed with %s: build %d s, ready %d s, stop %d s, total %d s; image %s, %s MB\n' \
  "$engine" "$build_seconds" "$ready_seconds" "$stop_seconds" "$((SECONDS - started))" "$IMAGE" \
  "$((size / 1000000))"
