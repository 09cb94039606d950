{{/*
Expand the name of the chart.
*/}}
{{- define "ackgate.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Create a default fully qualified app name.
We truncate at 63 chars because some Kubernetes name fields are limited to this (by the DNS naming spec).
If release name contains chart name it will be used as a full name.
*/}}
{{- define "ackgate.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Create chart name and version as used by the chart label.
*/}}
{{- define "ackgate.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels
*/}}
{{- define "ackgate.labels" -}}
helm.sh/chart: {{ include "ackgate.chart" . }}
{{ include "ackgate.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Selector labels: only name and instance, so that they never change on an upgrade.
*/}}
{{- define "ackgate.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ackgate.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Create the name of the service account to use
*/}}
{{- define "ackgate.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "ackgate.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The container image: repository, then the digest when set, else the tag (the chart's appVersion by default).
*/}}
{{- define "ackgate.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}
{{- end }}

{{/*
The endpoints' ports, in one place for the Deployment, the Services, NOTES.txt and the test pod.
One row per port: key (the config.ackgate.<key> block and the service.ports.<key> value), name (the
port name) and protocol; an endpoint with a TCP and a UDP port has two rows with the same key.
Renders a JSON list of the rows of enabled endpoints, with port (the container port, from config),
servicePort and nodePort added. Use: include "ackgate.endpoints" . | fromJsonArray
*/}}
{{- define "ackgate.endpoints" -}}
{{- $rows := list
  (dict "key" "line" "name" "tcp-line" "protocol" "TCP")
  (dict "key" "framed" "name" "tcp-framed" "protocol" "TCP")
  (dict "key" "time" "name" "tcp-time" "protocol" "TCP")
  (dict "key" "udp" "name" "udp-time" "protocol" "UDP")
  (dict "key" "rfc868" "name" "tcp-rfc868" "protocol" "TCP")
  (dict "key" "rfc868" "name" "udp-rfc868" "protocol" "UDP") }}
{{- $endpoints := list }}
{{- range $rows }}
{{- $cfg := index $.Values.config.ackgate .key | default dict }}
{{- if $cfg.enabled }}
{{- $endpoints = append $endpoints (merge (dict "port" (int $cfg.port) "servicePort" (int (index $.Values.service.ports .key)) "nodePort" (index $.Values.service.nodePorts .key)) .) }}
{{- end }}
{{- end }}
{{- $endpoints | toJson }}
{{- end }}

{{/*
The management (actuator) container port.
*/}}
{{- define "ackgate.managementPort" -}}
{{- .Values.config.management.server.port | int }}
{{- end }}

{{/*
A Spring Boot duration in whole seconds, rounded up: 10s, 500ms, 2m, 1h, 1d (any case), ISO-8601
(PT10S, P1DT2H) or a bare number of milliseconds. Takes (dict "key" <the value's name> "value" <it>).
*/}}
{{- define "ackgate.durationSeconds" -}}
{{- $d := toString .value | trim | lower | trimPrefix "+" }}
{{- if regexMatch "^[0-9]+$" $d }}
{{- div (add (int64 $d) 999) 1000 }}
{{- else if regexMatch "^[0-9]+(ms|s|m|h|d)$" $d }}
{{- $n := regexFind "^[0-9]+" $d | int64 }}
{{- $unit := trimPrefix (toString $n) $d }}
{{- if eq $unit "ms" }}{{ div (add $n 999) 1000 }}
{{- else if eq $unit "s" }}{{ $n }}
{{- else if eq $unit "m" }}{{ mul $n 60 }}
{{- else if eq $unit "h" }}{{ mul $n 3600 }}
{{- else }}{{ mul $n 86400 }}
{{- end }}
{{- else if regexMatch "^p([0-9]+d)?(t([0-9]+h)?([0-9]+m)?([0-9]+(\\.[0-9]+)?s)?)?$" $d }}
{{- $days := regexFind "^p[0-9]+d" $d | trimPrefix "p" | trimSuffix "d" | default "0" | int64 }}
{{- $time := regexFind "t.*$" $d }}
{{- $hours := regexFind "[0-9]+h" $time | trimSuffix "h" | default "0" | int64 }}
{{- $minutes := regexFind "[0-9]+m" $time | trimSuffix "m" | default "0" | int64 }}
{{- $seconds := regexFind "[0-9]+(\\.[0-9]+)?s" $time | trimSuffix "s" | default "0" | float64 | ceil | int64 }}
{{- add (mul $days 86400) (mul $hours 3600) (mul $minutes 60) $seconds }}
{{- else }}
{{- fail (printf "%s %q: the chart checks it against terminationGracePeriodSeconds and understands 10s, 500ms, 2m, 1h, 1d, PT10S or milliseconds" .key .value) }}
{{- end }}
{{- end }}

{{/*
Fails the render when the pod would be killed before the service's own graceful drain ends. After
the preStop sleep and SIGTERM, GracefulDrain holds readiness down for readiness-delay while still
serving, and only then drains for up to grace-period (the defaults are the service's, 10s and 0s).
What stops after the drain (the journal's forwarder, Kafka's producer) is left out: it sends no
ack, so SIGKILL there loses no acked message (a journal forwards again from its cursor on the next start).
*/}}
{{- define "ackgate.checkGracePeriod" -}}
{{- $shutdown := .Values.config.ackgate.shutdown | default dict }}
{{- $seconds := dict }}
{{- range $key, $default := dict "grace-period" "10s" "readiness-delay" "0s" }}
{{- $value := index $shutdown $key }}
{{- $_ := set $seconds $key (include "ackgate.durationSeconds" (dict "key" (printf "config.ackgate.shutdown.%s" $key) "value" (ternary $default $value (kindIs "invalid" $value))) | int) }}
{{- end }}
{{- $grace := index $seconds "grace-period" }}
{{- $delay := index $seconds "readiness-delay" }}
{{- $preStop := int .Values.lifecycle.preStopSleepSeconds }}
{{- $needed := add $preStop $delay $grace }}
{{- if le (int .Values.terminationGracePeriodSeconds) $needed }}
{{- fail (printf "terminationGracePeriodSeconds (%d) must be longer than the stop it covers, %d s: lifecycle.preStopSleepSeconds (%d s) + config.ackgate.shutdown.readiness-delay (%d s) + config.ackgate.shutdown.grace-period (%d s); or acks in flight are cut off by SIGKILL" (int .Values.terminationGracePeriodSeconds) $needed $preStop $delay $grace) }}
{{- end }}
{{- end }}

{{/*
The service's application.yml: config, on top of what tls generates (the SSL bundle "ackgate"
from the mounted secret, and ssl.bundle on each endpoint in tls.endpoints); config wins.
*/}}
{{- define "ackgate.config" -}}
{{- $generated := dict }}
{{- with .Values.tls }}
{{- if .enabled }}
{{- $bundle := dict "reload-on-update" .reloadOnUpdate "keystore" (dict "certificate" (printf "file:%s/tls.crt" .mountPath) "private-key" (printf "file:%s/tls.key" .mountPath)) }}
{{- if ne .clientAuth "none" }}
{{- $_ := set $bundle "truststore" (dict "certificate" (printf "file:%s/ca.crt" .mountPath)) }}
{{- end }}
{{- $endpoints := dict }}
{{- range .endpoints }}
{{- $_ := set $endpoints . (dict "ssl" (dict "bundle" "ackgate" "client-auth" $.Values.tls.clientAuth)) }}
{{- end }}
{{- $generated = dict "spring" (dict "ssl" (dict "bundle" (dict "pem" (dict "ackgate" $bundle)))) "ackgate" $endpoints }}
{{- end }}
{{- end }}
{{- toYaml (mergeOverwrite $generated (deepCopy .Values.config)) }}
{{- end }}

{{/*
Whether an endpoint (by key) speaks TLS through the chart's tls settings.
*/}}
{{- define "ackgate.tlsOn" -}}
{{- if and .root.Values.tls.enabled (has .key .root.Values.tls.endpoints) }}true{{ end }}
{{- end }}

{{/*
"true" when the pods need a journal on a persistent volume, so the StatefulSet is rendered
instead of the Deployment: journal.enabled, or a local ack mode, which acks once journaled.
*/}}
{{- define "ackgate.journaled" -}}
{{- if or .Values.journal.enabled (include "ackgate.forwardsLater" .) }}true{{ end }}
{{- end }}

{{/*
The values that make a pod ack once a message is in its own journal and forward it afterwards,
joined for a failure message; empty when none does. Kafka's local ack mode, or the relay's
(config.ackgate.relay, which has no switch among the chart's values): the relay's gets the journal
the way Kafka's does, since without it the service refuses to start (RelayConfiguration).
*/}}
{{- define "ackgate.forwardsLater" -}}
{{- $by := list }}
{{- if and .Values.kafka.enabled (eq .Values.kafka.ackMode "local") }}
{{- $by = append $by "kafka.ackMode: local" }}
{{- end }}
{{- $relay := dig "relay" (dict) (.Values.config.ackgate | default dict) }}
{{- if and $relay.enabled (eq (toString (index $relay "ack-mode")) "local") }}
{{- $by = append $by "config.ackgate.relay.ack-mode: local" }}
{{- end }}
{{- join " and " $by }}
{{- end }}

{{/*
Fails the render when the journal is switched on in config alone: without journal.enabled the pod
has no volume for it and its root file system is read-only.
*/}}
{{- define "ackgate.checkJournal" -}}
{{- if and (not (include "ackgate.journaled" .)) (dig "journal" "enabled" false (.Values.config.ackgate | default dict)) }}
{{- fail "config.ackgate.journal.enabled needs journal.enabled: true, which gives each pod a persistent volume for the journal (a StatefulSet)" }}
{{- end }}
{{- end }}

{{/*
Fails the render when a volume would be mounted inside /etc/ackgate: the ConfigMap is mounted there
read-only, so the container runtime cannot create the mount point and the pod never starts
(runc: "mkdir …/etc/ackgate/…: read-only file system"), a failure only a running pod would show.
*/}}
{{- define "ackgate.checkMounts" -}}
{{- $mounts := dict }}
{{- if .Values.tls.enabled }}
{{- $_ := set $mounts "tls.mountPath" .Values.tls.mountPath }}
{{- end }}
{{- if include "ackgate.journaled" . }}
{{- $_ := set $mounts "journal.mountPath" .Values.journal.mountPath }}
{{- end }}
{{- if and .Values.kafka.enabled .Values.kafka.tls.existingSecret }}
{{- $_ := set $mounts "kafka.tls.mountPath" .Values.kafka.tls.mountPath }}
{{- end }}
{{- range $value := keys $mounts | sortAlpha }}
{{- $path := get $mounts $value }}
{{- $trimmed := trimSuffix "/" $path }}
{{- if or (eq $trimmed "/etc/ackgate") (hasPrefix "/etc/ackgate/" $trimmed) }}
{{- $example := "" }}
{{- if ne $trimmed "/etc/ackgate" }}
{{- $example = printf ", such as /etc/ackgate-%s" (base $trimmed) }}
{{- end }}
{{- fail (printf "%s %s is inside /etc/ackgate, where the chart mounts the ConfigMap read-only: the container runtime could not create the mount point and the pod would not start; choose a path outside it%s" $value $path $example) }}
{{- end }}
{{- end }}
{{- end }}

{{/*
"true" when the ServiceMonitor is rendered: enabled, and the cluster serves its API or force is set.
*/}}
{{- define "ackgate.serviceMonitorOn" -}}
{{- with .Values.metrics.serviceMonitor }}
{{- if and .enabled (or .force ($.Capabilities.APIVersions.Has "monitoring.coreos.com/v1/ServiceMonitor")) }}true{{ end }}
{{- end }}
{{- end }}

{{/*
"true" when the pods carry the prometheus.io/* scrape annotations: metrics.podAnnotations when set,
else only without the ServiceMonitor, since a Prometheus running both an Operator-made job and an
annotation-based pod job would otherwise scrape every pod twice.
*/}}
{{- define "ackgate.scrapeAnnotations" -}}
{{- $set := .Values.metrics.podAnnotations }}
{{- if kindIs "invalid" $set }}
{{- if not (include "ackgate.serviceMonitorOn" .) }}true{{ end }}
{{- else if $set }}true
{{- end }}
{{- end }}
