#!/usr/bin/env bash
# Copies the repository's Grafana dashboard into the Helm chart, which can only read files inside
# itself (.Files.Get). GrafanaDashboardTests fails while the two copies differ.
set -euo pipefail
cd "$(dirname "$0")/.."
cp dashboards/ackgate.json helm/ackgate/dashboards/ackgate.json
echo "helm/ackgate/dashboards/ackgate.json now equals dashboards/ackgate.json"
