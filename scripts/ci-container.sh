#!/usr/bin/env bash
# CI step: runs scripts/container-smoke.sh when this machine can build and run containers, and
# otherwise says why it skipped. The Maven suite does not depend on it.
#
#   ACKGATE_CONTAINER_SMOKE=auto      (default) run when possible, skip with a reason otherwise
#   ACKGATE_CONTAINER_SMOKE=required  fail instead of skipping
#   ACKGATE_CONTAINER_SMOKE=off       skip
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${ACKGATE_CONTAINER_SMOKE:-auto}

skip() {
  if [[ $mode == required ]]; then
    echo "container smoke: FAILED: cannot run here: $*" >&2
    exit 1
  fi
  echo "container smoke: SKIPPED: $*"
  exit 0
}

# A docker daemon that answers, or root with apt-get to install buildah and podman (the base
# images then come from ../shared/tools/local-base-images.sh, as no registry is reachable here).
can_run_containers() {
  if command -v docker >/dev/null && timeout 20 docker info >/dev/null 2>&1; then
    return 0
  fi
  [[ $(id -u) == 0 ]] || { reason="not root, and no docker daemon"; return 1; }
  command -v apt-get >/dev/null || { reason="no apt-get to install buildah and podman"; return 1; }
  if ! command -v buildah >/dev/null || ! command -v podman >/dev/null || ! command -v runc >/dev/null ||
    ! command -v debootstrap >/dev/null; then
    echo "container smoke: installing buildah podman runc debootstrap"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq buildah podman runc debootstrap; } \
      >/dev/null 2>&1 || { reason="apt-get install buildah podman runc debootstrap failed"; return 1; }
  fi
  for tool in python3 curl; do
    command -v "$tool" >/dev/null || { reason="$tool is missing"; return 1; }
  done
  return 0
}

[[ $mode != off ]] || skip "ACKGATE_CONTAINER_SMOKE=off"
reason=""
can_run_containers || skip "$reason"
exec scripts/container-smoke.sh
