#!/usr/bin/env bash
# A real Prometheus (Debian's prometheus) scraping the packaged jar on loopback, configured from the
# chart's rendered ServiceMonitor and PrometheusRule, with the journal, the relay and Kafka (a real
# broker from scripts/kafka-broker.sh) on: every panel query of dashboards/ackgate.json checked
# against a known mixed load, and five alerts seen firing from real faults and resolving
# (scripts/prometheus-check.py says what exactly). Needs the jar (./mvnw package), prometheus,
# promtool and python3-yaml; about 2 to 2.5 minutes (95-145 s measured on 2 shared cores), bounded by
# ACKGATE_PROM_CHECK_TIMEOUT (600 s).
#
#   scripts/prometheus-check.sh                 # renders the chart first (RenderedChartExport)
#   ACKGATE_RENDER_DIR=dir scripts/prometheus-check.sh    # with a rendering already there
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
log() { printf 'prometheus-check: %s\n' "$*" >&2; }

for tool in prometheus promtool python3; do
  command -v "$tool" >/dev/null || { log "FAIL: $tool is missing (apt-get install prometheus python3-yaml)"; exit 1; }
done
python3 -c 'import yaml' 2>/dev/null || { log "FAIL: python3-yaml is missing"; exit 1; }
jar=$(ls target/ackgate-*.jar 2>/dev/null | grep -v -- '-plain' | head -n 1)
[[ -n $jar ]] || { log "FAIL: no target/ackgate-*.jar (./mvnw package first)"; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/ackgate-prometheus.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The chart as the Operator would get it, with a short scrape interval and short alert windows so
# that the check stays within minutes; everything else (path, port, relabelings, the rules' text) is
# the chart's own.
render=${ACKGATE_RENDER_DIR:-}
if [[ -z $render ]]; then
  render=target/rendered-prometheus
  sets="metrics.serviceMonitor.interval=2s;metrics.serviceMonitor.scrapeTimeout=2s"
  sets+=";monitoring.rules.enabled=true;monitoring.rules.force=true;monitoring.rules.rateWindow=30s"
  sets+=";monitoring.rules.protocolErrors.for=10s;monitoring.rules.relay.upstreamDownFor=10s"
  sets+=";monitoring.rules.relay.backlogFor=10s;monitoring.rules.relay.backlogBytes=1024"
  sets+=";monitoring.rules.kafka.for=10s;monitoring.rules.kafka.backlogRecords=1000"
  log "rendering the chart (RenderedChartExport)"
  ./mvnw -B -q -o test -Dtest=RenderedChartExport -Dsurefire.failIfNoSpecifiedTests=false -Djacoco.skip=true \
    -Dackgate.render.dir="$render" -Dackgate.render.scenarios=monitoring-values.yaml "-Dackgate.render.set=$sets" >&2
fi
promtool check rules "$render/monitoring.rules.yaml" >/dev/null

# (a copy: a build running meanwhile rewrites target/)
cp "$jar" "$work/ackgate.jar"
timeout "${ACKGATE_PROM_CHECK_TIMEOUT:-600}" python3 scripts/prometheus-check.py "$render" "$work/ackgate.jar" "$work"
log "total $((SECONDS - started)) s"
