#!/usr/bin/env bash
# The Helm chart's own pod, run: renders the chart (RenderedChartExport: the real Helm library, as
# the chart tests use it) for the default, TLS, monitoring, journal and two Kafka scenarios and plays each
# scenario's ConfigMap and workload with `podman kube play`, using the image
# scripts/container-smoke.sh built; scripts/chart-pod-check.py says what is changed for the harness
# and what is checked. Every wait is bounded; each played pod is removed.
#
#   ACKGATE_SMOKE_KEEP_IMAGE=1 scripts/container-smoke.sh && scripts/chart-pod-check.sh
#   ACKGATE_POD_IMAGE=localhost/ackgate:smoke     the image (default: container-smoke's)
#   ACKGATE_POD_SCENARIOS="default tls-values.yaml ..."      which ci/ scenarios
#   ACKGATE_POD_CHECK=auto|required|off           skip with the reason where podman cannot run (auto)
set -euo pipefail
cd "$(dirname "$0")/.."
IMAGE=${ACKGATE_POD_IMAGE:-${ACKGATE_SMOKE_IMAGE:-localhost/ackgate:smoke}}
SCENARIOS=${ACKGATE_POD_SCENARIOS:-default tls-values.yaml monitoring-values.yaml journal-values.yaml kafka-values.yaml kafka-local-values.yaml}
mode=${ACKGATE_POD_CHECK:-auto}
started=$SECONDS
log() { printf 'chart-pod-check: %s\n' "$*" >&2; }
skip() {
  [[ $mode != required ]] || { log "FAILED: cannot run here: $*"; exit 1; }
  echo "chart-pod-check: SKIPPED: $*"
  exit 0
}
[[ $mode != off ]] || skip "ACKGATE_POD_CHECK=off"
command -v podman >/dev/null || skip "podman is not installed"
# podman kube play starts an infra container from a pause image it builds with catatonit.
if ! command -v catatonit >/dev/null; then
  [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null || skip "catatonit (podman's pause binary) is missing"
  { apt-get install -y -qq catatonit || { apt-get update -qq && apt-get install -y -qq catatonit; }; } >/dev/null 2>&1 ||
    skip "apt-get install catatonit failed"
fi
for tool in openssl python3 java keytool; do command -v "$tool" >/dev/null || skip "$tool is missing"; done
python3 -c 'import yaml' 2>/dev/null || skip "python3-yaml is missing"
base_images=${ACKGATE_BASE_IMAGES_SCRIPT:-../shared/tools/local-base-images.sh}
if [[ -f $base_images ]]; then
  eval "$(bash "$base_images")" # the same container storage as container-smoke.sh
fi
podman image exists "$IMAGE" || skip "no image $IMAGE (run ACKGATE_SMOKE_KEEP_IMAGE=1 scripts/container-smoke.sh first)"

repository=${IMAGE%:*}
tag=${IMAGE##*:}
render=${ACKGATE_RENDER_DIR:-} # a rendering already there (with this image), or rendered now
if [[ -z $render ]]; then
  render=target/rendered-pod
  scenarios=$(tr ' ' ',' <<<"$SCENARIOS")
  log "rendering $scenarios with image $IMAGE (RenderedChartExport)"
  t0=$SECONDS
  ./mvnw -B -q -o test -Dtest=RenderedChartExport -Dsurefire.failIfNoSpecifiedTests=false -Djacoco.skip=true \
    -Dackgate.render.dir="$render" -Dackgate.render.scenarios="$scenarios" \
    "-Dackgate.render.set=image.repository=$repository;image.tag=$tag" >&2
  log "rendered in $((SECONDS - t0)) s"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/ackgate-pod.XXXXXX")
trap 'rm -rf "$work"' EXIT
for scenario in $SCENARIOS; do
  t0=$SECONDS
  timeout "${ACKGATE_POD_SCENARIO_TIMEOUT:-420}" python3 scripts/chart-pod-check.py \
    "$render/${scenario%-values.yaml}.yaml" "$IMAGE" "$work"
  log "$scenario: $((SECONDS - t0)) s"
done
log "passed: $SCENARIOS in $((SECONDS - started)) s"
