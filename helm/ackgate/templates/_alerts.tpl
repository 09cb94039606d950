{{/*
ackgate's alerting rules: the "groups" of a Prometheus rule file. The PrometheusRule's spec, and,
rendered with the default values, the same as monitoring/ackgate-rules.yaml
(HelmPrometheusRuleTests holds them equal). Each alert's runbook is the section of
docs/observability.md named after it: runbook_url is monitoring.rules.runbookBaseUrl (by default
that file's path in the repository) and the alert's section anchor.
*/}}
{{- define "ackgate.alertGroups" -}}
{{- $r := .Values.monitoring.rules -}}
{{- $w := $r.rateWindow -}}
{{- /* Empty: the runbooks' path in ackgate's source tree, which is where they are; operators who
publish docs/observability.md set its URL. */ -}}
{{- $runbook := $r.runbookBaseUrl | default "docs/observability.md" -}}
{{- $job := $r.scrapeJob | default (printf "%s-management" (include "ackgate.fullname" .)) -}}
{{- $by := "namespace, job, instance, endpoint" -}}
groups:
  - name: ackgate
    rules:
      - alert: AckgateEndpointDown
        expr: ackgate_endpoint_up == 0
        for: {{ $r.endpointDown.for }}
        labels:
          severity: critical
        annotations:
          summary: ackgate endpoint {{ "{{ $labels.endpoint }}" }} is not listening on {{ "{{ $labels.instance }}" }}
          description: The {{ "{{ $labels.endpoint }}" }} endpoint of {{ "{{ $labels.instance }}" }} has not been accepting connections or datagrams for {{ $r.endpointDown.for }}; its readiness is DOWN, so the pod is out of the Service.
          runbook_url: {{ $runbook }}#ackgateendpointdown
      - alert: AckgateAcksNotSent
        expr: (sum by ({{ $by }}) (rate(ackgate_acks_sent_total[{{ $w }}])) / sum by ({{ $by }}) (rate(ackgate_messages_received_total{endpoint=~"line|framed"}[{{ $w }}]))) < {{ $r.acksMissing.minRatio }}
        for: {{ $r.acksMissing.for }}
        labels:
          severity: critical
        annotations:
          summary: ackgate {{ "{{ $labels.endpoint }}" }} receives messages but does not ack them
          description: On {{ "{{ $labels.instance }}" }}, {{ "{{ $labels.endpoint }}" }} acks only {{ "{{ $value | humanizePercentage }}" }} of the messages it receives (threshold {{ $r.acksMissing.minRatio }}); clients are waiting for acks that do not come.
          runbook_url: {{ $runbook }}#ackgateacksnotsent
      - alert: AckgateProtocolErrorsHigh
        expr: sum by ({{ $by }}) (rate(ackgate_protocol_errors_total[{{ $w }}])) > {{ $r.protocolErrors.perSecond }}
        for: {{ $r.protocolErrors.for }}
        labels:
          severity: warning
        annotations:
          summary: ackgate {{ "{{ $labels.endpoint }}" }} sees {{ "{{ $value | humanize }}" }} protocol errors per second
          description: Clients of {{ "{{ $labels.endpoint }}" }} on {{ "{{ $labels.instance }}" }} send malformed input above {{ $r.protocolErrors.perSecond }} per second; each error closes that client's connection.
          runbook_url: {{ $runbook }}#ackgateprotocolerrorshigh
      - alert: AckgateAckLatencyHigh
        expr: histogram_quantile(0.99, sum by ({{ $by }}, le) (rate(ackgate_ack_latency_seconds_bucket[{{ $w }}]))) > {{ $r.ackLatency.p99Seconds }}
        for: {{ $r.ackLatency.for }}
        labels:
          severity: warning
        annotations:
          summary: ackgate {{ "{{ $labels.endpoint }}" }} ack latency p99 is {{ "{{ $value | humanizeDuration }}" }}
          description: On {{ "{{ $labels.instance }}" }}, the 99th percentile from a message decoded to its ack flushed is above {{ $r.ackLatency.p99Seconds }} s.
          runbook_url: {{ $runbook }}#ackgateacklatencyhigh
      - alert: AckgateConnectionsNearLimit
        expr: (ackgate_connections_active / ackgate_connections_max) > {{ $r.connections.maxRatio }}
        for: {{ $r.connections.for }}
        labels:
          severity: warning
        annotations:
          summary: ackgate {{ "{{ $labels.endpoint }}" }} is at {{ "{{ $value | humanizePercentage }}" }} of its max-connections
          description: On {{ "{{ $labels.instance }}" }}, {{ "{{ $labels.endpoint }}" }} holds more than {{ $r.connections.maxRatio }} of max-connections; at the limit new connections are refused (ackgate_connections_closed_total{reason="limit"}).
          runbook_url: {{ $runbook }}#ackgateconnectionsnearlimit
      - alert: AckgateAcceptFailing
        expr: sum by ({{ $by }}) (rate(ackgate_accept_failures_total[{{ $w }}])) > 0
        for: {{ $r.acceptFailures.for }}
        labels:
          severity: critical
        annotations:
          summary: ackgate {{ "{{ $labels.endpoint }}" }} cannot accept connections on {{ "{{ $labels.instance }}" }}
          description: Accepts on {{ "{{ $labels.endpoint }}" }} of {{ "{{ $labels.instance }}" }} fail because the process or the machine is out of file descriptors or socket memory; new clients wait in the listen backlog, or time out.
          runbook_url: {{ $runbook }}#ackgateacceptfailing
      - alert: AckgateJournalAppendsFailing
        expr: sum by (namespace, job, instance) (rate(ackgate_journal_append_failures_total[{{ $w }}])) > 0
        for: {{ $r.journal.for }}
        labels:
          severity: critical
        annotations:
          summary: ackgate's journal appends fail on {{ "{{ $labels.instance }}" }}
          description: Group commits to the journal fail ({{ "{{ $value | humanize }}" }} per second); their messages get no ack and readiness is DOWN.
          runbook_url: {{ $runbook }}#ackgatejournalappendsfailing
      - alert: AckgateDiskNearFull
        expr: (disk_free_bytes{job="{{ $job }}"} / disk_total_bytes{job="{{ $job }}"}) < {{ $r.journal.minFreeRatio }}
        for: {{ $r.journal.diskFor }}
        labels:
          severity: warning
        annotations:
          summary: ackgate's disk {{ "{{ $labels.path }}" }} has {{ "{{ $value | humanizePercentage }}" }} free
          description: On {{ "{{ $labels.instance }}" }}, {{ "{{ $labels.path }}" }} (the journal's volume when the journal is on) has less than {{ $r.journal.minFreeRatio }} free; a full journal volume fails appends and stops acks.
          runbook_url: {{ $runbook }}#ackgatedisknearfull
      - alert: AckgateRelayUpstreamDown
        expr: ackgate_relay_upstream_up == 0
        for: {{ $r.relay.upstreamDownFor }}
        labels:
          severity: critical
        annotations:
          summary: ackgate's relay cannot reach its upstream from {{ "{{ $labels.instance }}" }}
          description: The last exchange with the relay's upstream failed and has kept failing for {{ $r.relay.upstreamDownFor }}; with ack-mode upstream clients get no acks, with ack-mode local the backlog grows.
          runbook_url: {{ $runbook }}#ackgaterelayupstreamdown
      - alert: AckgateRelayBacklogHigh
        expr: ackgate_relay_backlog_bytes > {{ int64 $r.relay.backlogBytes }}
        for: {{ $r.relay.backlogFor }}
        labels:
          severity: warning
        annotations:
          summary: ackgate's relay backlog is {{ "{{ $value | humanize1024 }}" }}B on {{ "{{ $labels.instance }}" }}
          description: More than {{ int64 $r.relay.backlogBytes }} bytes of journaled messages have not been acked by the upstream for {{ $r.relay.backlogFor }}; at the journal's retention size new messages are refused.
          runbook_url: {{ $runbook }}#ackgaterelaybackloghigh
      - alert: AckgateKafkaSendFailures
        expr: sum by (namespace, job, instance, reason) (rate(ackgate_kafka_send_failures_total[{{ $w }}])) > {{ $r.kafka.failuresPerSecond }}
        for: {{ $r.kafka.for }}
        labels:
          severity: critical
        annotations:
          summary: ackgate's Kafka sends fail ({{ "{{ $labels.reason }}" }}) on {{ "{{ $labels.instance }}" }}
          description: Records sent to Kafka fail with {{ "{{ $labels.reason }}" }} at {{ "{{ $value | humanize }}" }} per second.
          runbook_url: {{ $runbook }}#ackgatekafkasendfailures
      - alert: AckgateKafkaBacklogHigh
        expr: ackgate_kafka_backlog_records > {{ int64 $r.kafka.backlogRecords }}
        for: {{ $r.kafka.for }}
        labels:
          severity: warning
        annotations:
          summary: ackgate's Kafka backlog is {{ "{{ $value | humanize }}" }} records on {{ "{{ $labels.instance }}" }}
          description: More than {{ int64 $r.kafka.backlogRecords }} records have been waiting for Kafka's acknowledgement for {{ $r.kafka.for }}.
          runbook_url: {{ $runbook }}#ackgatekafkabackloghigh
      - alert: AckgateForwardedRecordsSkipped
        expr: sum by (namespace, job, instance) (increase({__name__=~"ackgate_(kafka|relay)_rejected_total"}[10m])) > 0
        labels:
          severity: critical
        annotations:
          summary: ackgate skipped acked records its destination can never take on {{ "{{ $labels.instance }}" }}
          description: "Acked records skipped in the last 10m: {{ "{{ $value | humanize }}" }}; Kafka or the relay's upstream refuses them for good, so they are in the journal and not at the destination."
          runbook_url: {{ $runbook }}#ackgateforwardedrecordsskipped
      - alert: AckgateUdpDropping
        expr: sum by ({{ $by }}) (rate(ackgate_udp_dropped_total[{{ $w }}])) > {{ $r.udp.dropsPerSecond }}
        for: {{ $r.udp.for }}
        labels:
          severity: warning
        annotations:
          summary: ackgate drops {{ "{{ $value | humanize }}" }} UDP datagrams per second on {{ "{{ $labels.endpoint }}" }}
          description: The UDP sockets of {{ "{{ $labels.instance }}" }} cannot take replies as fast as they are answered; replies are dropped unsent.
          runbook_url: {{ $runbook }}#ackgateudpdropping
      - alert: AckgateUdpRateLimiting
        expr: sum by ({{ $by }}) (rate(ackgate_udp_rate_limited_total[{{ $w }}])) > {{ $r.udp.rateLimitedPerSecond }}
        for: {{ $r.udp.for }}
        labels:
          severity: warning
        annotations:
          summary: ackgate rate-limits {{ "{{ $value | humanize }}" }} UDP requests per second on {{ "{{ $labels.endpoint }}" }}
          description: Sources of {{ "{{ $labels.instance }}" }} exceed their per-source rate limit (ackgate.udp.rate-limit) at a sustained rate.
          runbook_url: {{ $runbook }}#ackgateudpratelimiting
      - alert: AckgateTargetDown
        expr: up{job="{{ $job }}"} == 0
        for: {{ $r.targetDown.for }}
        labels:
          severity: critical
        annotations:
          summary: Prometheus cannot scrape ackgate at {{ "{{ $labels.instance }}" }}
          description: The scrape of /actuator/prometheus on {{ "{{ $labels.instance }}" }} has failed for {{ $r.targetDown.for }}; the pod is down or its management port does not answer, and every other ackgate alert is blind for it.
          runbook_url: {{ $runbook }}#ackgatetargetdown
      - alert: AckgateTargetAbsent
        # up == 0 needs a target: this fires when there is none (workload deleted or scaled to
        # zero, selector or job name drifted), where AckgateTargetDown and every other alert are silent.
        expr: absent(up{job="{{ $job }}"})
        for: {{ $r.targetDown.absentFor }}
        labels:
          severity: critical
        annotations:
          summary: Prometheus has no ackgate target in job {{ $job }}
          description: No target of the scrape job {{ $job }} has existed for {{ $r.targetDown.absentFor }}; the pods are gone, or the scrape no longer finds them, and every other ackgate alert is silent.
          runbook_url: {{ $runbook }}#ackgatetargetabsent
{{- end }}
