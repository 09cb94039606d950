{{/*
Kafka as the durable sink (issue 14, docs/kafka.md). Everything Kafka-specific in the chart is in
this file; the workloads only include these helpers. Non-secret settings become environment
variables that Spring Boot binds to ackgate.kafka.* and spring.kafka.*; credentials never appear
in a value or the ConfigMap: they come from Secrets (secretKeyRef, and a mounted trust store).
*/}}

{{/*
Fails the render on Kafka values that could not work, each message naming the value.
*/}}
{{- define "ackgate.kafka.check" -}}
{{- if and (not .Values.kafka.enabled) (dig "kafka" "enabled" false (.Values.config.ackgate | default dict)) }}
{{- fail "config.ackgate.kafka.enabled needs kafka.enabled: true, the chart's switch (with kafka.ackMode local it also gives each pod the journal's volume)" }}
{{- end }}
{{- if .Values.kafka.enabled }}
{{- /* The chart sets these as environment variables, which win over the ConfigMap's file: a value under config would be ignored without a word. */}}
{{- $configured := dig "kafka" dict (.Values.config.ackgate | default dict) }}
{{- $byChart := dict "topic" "kafka.topic" "ack-mode" "kafka.ackMode" "ackMode" "kafka.ackMode" "key" "kafka.key" "send-timeout" "kafka.sendTimeout" "sendTimeout" "kafka.sendTimeout" "create-topic" "kafka.createTopic" "createTopic" "kafka.createTopic" "partitions" "kafka.partitions" "replication-factor" "kafka.replicationFactor" "replicationFactor" "kafka.replicationFactor" }}
{{- range $key := keys $byChart | sortAlpha }}
{{- if hasKey $configured $key }}
{{- fail (printf "config.ackgate.kafka.%s is overridden by the chart's %s (an environment variable wins over the configuration file); set %s instead" $key (get $byChart $key) (get $byChart $key)) }}
{{- end }}
{{- end }}
{{- $springKafka := dig "kafka" dict (.Values.config.spring | default dict) }}
{{- range $key := list "bootstrap-servers" "bootstrapServers" "security" }}
{{- if hasKey $springKafka $key }}
{{- fail (printf "config.spring.kafka.%s is overridden by the chart's kafka.bootstrapServers or kafka.securityProtocol (an environment variable wins over the configuration file); set those instead" $key) }}
{{- end }}
{{- end }}
{{- end }}
{{- with .Values.kafka }}
{{- if .enabled }}
{{- if not .bootstrapServers }}
{{- fail "kafka.bootstrapServers is required when kafka.enabled is true (host:port of one or more brokers, comma separated)" }}
{{- end }}
{{- if and (hasPrefix "SASL_" .securityProtocol) (not .sasl.existingSecret) }}
{{- fail (printf "kafka.securityProtocol %s needs kafka.sasl.existingSecret, the Secret holding the JAAS configuration" .securityProtocol) }}
{{- end }}
{{- if and .sasl.existingSecret (not (hasPrefix "SASL_" .securityProtocol)) }}
{{- fail "kafka.sasl.existingSecret is set but kafka.securityProtocol is not SASL_PLAINTEXT or SASL_SSL, so the credentials would not be used" }}
{{- end }}
{{- if and .tls.existingSecret (not (has .securityProtocol (list "SSL" "SASL_SSL"))) }}
{{- fail "kafka.tls.existingSecret is set but kafka.securityProtocol is not SSL or SASL_SSL, so the trust store would not be used" }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The container's Kafka environment: empty when Kafka is off.
*/}}
{{- define "ackgate.kafka.env" -}}
{{- with .Values.kafka }}
{{- if .enabled }}
- name: ACKGATE_KAFKA_ENABLED
  value: "true"
- name: ACKGATE_KAFKA_TOPIC
  value: {{ .topic | quote }}
- name: ACKGATE_KAFKA_ACK_MODE
  value: {{ .ackMode | quote }}
- name: ACKGATE_KAFKA_KEY
  value: {{ .key | quote }}
- name: ACKGATE_KAFKA_SEND_TIMEOUT
  value: {{ .sendTimeout | quote }}
- name: ACKGATE_KAFKA_CREATE_TOPIC
  value: {{ .createTopic | quote }}
- name: ACKGATE_KAFKA_PARTITIONS
  value: {{ .partitions | quote }}
- name: ACKGATE_KAFKA_REPLICATION_FACTOR
  value: {{ .replicationFactor | quote }}
- name: SPRING_KAFKA_BOOTSTRAP_SERVERS
  value: {{ .bootstrapServers | quote }}
- name: SPRING_KAFKA_SECURITY_PROTOCOL
  value: {{ .securityProtocol | quote }}
{{- if hasPrefix "SASL_" .securityProtocol }}
- name: SPRING_KAFKA_PROPERTIES_SASL_MECHANISM
  value: {{ .sasl.mechanism | quote }}
- name: SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG
  valueFrom:
    secretKeyRef:
      name: {{ .sasl.existingSecret | quote }}
      key: {{ .sasl.jaasConfigKey | quote }}
{{- end }}
{{- with .tls }}
{{- if .existingSecret }}
- name: SPRING_KAFKA_SSL_TRUST_STORE_LOCATION
  value: {{ printf "file:%s/%s" .mountPath .truststoreKey | quote }}
- name: SPRING_KAFKA_SSL_TRUST_STORE_TYPE
  value: {{ .truststoreType | quote }}
{{- if .truststorePasswordKey }}
- name: SPRING_KAFKA_SSL_TRUST_STORE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .existingSecret | quote }}
      key: {{ .truststorePasswordKey | quote }}
{{- end }}
{{- if .keystoreKey }}
- name: SPRING_KAFKA_SSL_KEY_STORE_LOCATION
  value: {{ printf "file:%s/%s" .mountPath .keystoreKey | quote }}
- name: SPRING_KAFKA_SSL_KEY_STORE_TYPE
  value: {{ .keystoreType | quote }}
{{- if .keystorePasswordKey }}
- name: SPRING_KAFKA_SSL_KEY_STORE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .existingSecret | quote }}
      key: {{ .keystorePasswordKey | quote }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The trust store's mount and volume (kafka.tls.existingSecret): empty without one.
*/}}
{{- define "ackgate.kafka.volumeMounts" -}}
{{- if and .Values.kafka.enabled .Values.kafka.tls.existingSecret }}
- name: kafka-tls
  mountPath: {{ .Values.kafka.tls.mountPath }}
  readOnly: true
{{- end }}
{{- end }}

{{- define "ackgate.kafka.volumes" -}}
{{- if and .Values.kafka.enabled .Values.kafka.tls.existingSecret }}
- name: kafka-tls
  secret:
    secretName: {{ .Values.kafka.tls.existingSecret }}
{{- end }}
{{- end }}
