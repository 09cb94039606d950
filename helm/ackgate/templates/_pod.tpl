{{/*
The pod template of the ackgate workload, one for both workloads: the Deployment uses it as it is,
the StatefulSet (journal.enabled, or kafka.ackMode local) adds the journal's environment and volume mount:
  include "ackgate.podTemplate" (dict "root" . "extraEnv" (list ...) "extraVolumeMounts" (list ...) "extraVolumes" (list ...))
*/}}
{{- define "ackgate.podTemplate" -}}
{{- $root := .root }}
{{- $extraVolumeMounts := .extraVolumeMounts | default list }}
{{- $extraVolumes := .extraVolumes | default list }}
{{- $extraEnv := .extraEnv | default list }}
{{- $managementPort := include "ackgate.managementPort" $root | int }}
{{- with $root -}}
metadata:
  annotations:
    # A changed config rolls the pods: Spring Boot reads application.yml only at start.
    checksum/config: {{ include (print $root.Template.BasePath "/configmap.yaml") . | sha256sum }}
    {{- if include "ackgate.scrapeAnnotations" . }}
    prometheus.io/scrape: "true"
    prometheus.io/port: {{ $managementPort | quote }}
    prometheus.io/path: /actuator/prometheus
    {{- end }}
    {{- with .Values.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  labels:
    {{- include "ackgate.labels" . | nindent 4 }}
    {{- with .Values.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  {{- with .Values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  serviceAccountName: {{ include "ackgate.serviceAccountName" . }}
  automountServiceAccountToken: {{ .Values.serviceAccount.automount }}
  # Service links would inject variables such as ACKGATE_LINE_PORT=tcp://10.0.0.1:8080 for a
  # Service named ackgate-line, which Spring binds to ackgate.line.port.
  enableServiceLinks: false
  {{- with .Values.priorityClassName }}
  priorityClassName: {{ . }}
  {{- end }}
  securityContext:
    {{- toYaml .Values.podSecurityContext | nindent 4 }}
  terminationGracePeriodSeconds: {{ .Values.terminationGracePeriodSeconds }}
  containers:
    - name: {{ .Chart.Name }}
      image: {{ include "ackgate.image" . | quote }}
      imagePullPolicy: {{ .Values.image.pullPolicy }}
      securityContext:
        {{- toYaml .Values.securityContext | nindent 8 }}
      env:
        - name: SPRING_CONFIG_ADDITIONAL_LOCATION
          value: file:/etc/ackgate/application.yml
        {{- with .Values.jvmOptions }}
        - name: JDK_JAVA_OPTIONS
          value: {{ . | quote }}
        {{- end }}
        {{- with $extraEnv }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
        {{- /* Kafka (templates/_kafka.tpl): brokers, topic, ack mode, credentials from Secrets. */}}
        {{- with include "ackgate.kafka.env" . }}
        {{- . | nindent 8 }}
        {{- end }}
        {{- with .Values.extraEnv }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      ports:
        {{- range include "ackgate.endpoints" . | fromJsonArray }}
        - name: {{ .name }}
          containerPort: {{ .port }}
          protocol: {{ .protocol }}
        {{- end }}
        - name: http-management
          containerPort: {{ $managementPort }}
          protocol: TCP
      {{- with .Values.probes.startup }}
      {{- if .enabled }}
      startupProbe:
        httpGet:
          path: /actuator/health/liveness
          port: http-management
        periodSeconds: {{ .periodSeconds }}
        timeoutSeconds: {{ .timeoutSeconds }}
        failureThreshold: {{ .failureThreshold }}
      {{- end }}
      {{- end }}
      {{- with .Values.probes.liveness }}
      {{- if .enabled }}
      livenessProbe:
        httpGet:
          path: /actuator/health/liveness
          port: http-management
        periodSeconds: {{ .periodSeconds }}
        timeoutSeconds: {{ .timeoutSeconds }}
        failureThreshold: {{ .failureThreshold }}
      {{- end }}
      {{- end }}
      {{- with .Values.probes.readiness }}
      {{- if .enabled }}
      readinessProbe:
        httpGet:
          path: /actuator/health/readiness
          port: http-management
        periodSeconds: {{ .periodSeconds }}
        timeoutSeconds: {{ .timeoutSeconds }}
        failureThreshold: {{ .failureThreshold }}
      {{- end }}
      {{- end }}
      {{- if gt (int .Values.lifecycle.preStopSleepSeconds) 0 }}
      lifecycle:
        # Endpoint removal reaches kube-proxy and load balancers a little after SIGTERM; until
        # then new connections and datagrams still arrive, so the listeners stay open a moment.
        preStop:
          exec:
            command: ["sleep", "{{ .Values.lifecycle.preStopSleepSeconds }}"]
      {{- end }}
      {{- with .Values.resources }}
      resources:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      volumeMounts:
        - name: config
          mountPath: /etc/ackgate
          readOnly: true
        - name: tmp
          mountPath: /tmp
        {{- if .Values.tls.enabled }}
        - name: tls
          mountPath: {{ .Values.tls.mountPath }}
          readOnly: true
        {{- end }}
        {{- with $extraVolumeMounts }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
        {{- /* Kafka's trust store (templates/_kafka.tpl). */}}
        {{- with include "ackgate.kafka.volumeMounts" . }}
        {{- . | nindent 8 }}
        {{- end }}
  volumes:
    - name: config
      configMap:
        name: {{ include "ackgate.fullname" . }}
    - name: tmp
      emptyDir: {}
    {{- if .Values.tls.enabled }}
    - name: tls
      secret:
        secretName: {{ required "tls.secretName is required when tls.enabled is true" .Values.tls.secretName }}
    {{- end }}
    {{- with $extraVolumes }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
    {{- /* Kafka's trust store (templates/_kafka.tpl). */}}
    {{- with include "ackgate.kafka.volumes" . }}
    {{- . | nindent 4 }}
    {{- end }}
  {{- with .Values.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- if .Values.topologySpreadConstraints }}
  topologySpreadConstraints:
    {{- toYaml .Values.topologySpreadConstraints | nindent 4 }}
  {{- else if and .Values.topologySpread.enabled .Values.topologySpread.topologyKeys }}
  {{- /* Soft by default: a lost node or zone takes as few replicas as the scheduler could spread. */}}
  topologySpreadConstraints:
    {{- range .Values.topologySpread.topologyKeys }}
    - maxSkew: {{ $root.Values.topologySpread.maxSkew }}
      topologyKey: {{ . }}
      whenUnsatisfiable: {{ $root.Values.topologySpread.whenUnsatisfiable }}
      labelSelector:
        matchLabels:
          {{- include "ackgate.selectorLabels" $root | nindent 10 }}
    {{- end }}
  {{- end }}
{{- end }}
{{- end }}
