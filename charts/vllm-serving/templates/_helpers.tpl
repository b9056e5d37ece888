{{/*
Names are capped at 63 characters because they become DNS labels (Service) and label values.
*/}}
{{- define "vllm-serving.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "vllm-serving.fullname" -}}
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

{{- define "vllm-serving.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "vllm-serving.selectorLabels" -}}
app.kubernetes.io/name: {{ include "vllm-serving.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "vllm-serving.labels" -}}
helm.sh/chart: {{ include "vllm-serving.chart" . }}
{{ include "vllm-serving.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | quote }}
app.kubernetes.io/component: inference
app.kubernetes.io/part-of: ai-infra
app.kubernetes.io/managed-by: {{ .Release.Service }}
ai-infra/served-model: {{ .Values.model.servedName | quote }}
ai-infra/cloud: {{ .Values.cloud }}
{{- end }}

{{- define "vllm-serving.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "vllm-serving.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
A digest, when set, is what the node pulls; the tag stays in the reference for humans.
*/}}
{{- define "vllm-serving.imageRef" -}}
{{- if .digest -}}
{{ .repository }}:{{ .tag }}@{{ .digest }}
{{- else -}}
{{ .repository }}:{{ .tag }}
{{- end -}}
{{- end }}

{{- define "vllm-serving.triggerAuthName" -}}
{{- printf "%s-pod-identity" (include "vllm-serving.fullname" . | trunc 50 | trimSuffix "-") }}
{{- end }}

{{/*
Where vLLM reads the model from: the bucket itself (stream) or the node-local copy.
*/}}
{{- define "vllm-serving.modelPath" -}}
{{- if eq .Values.modelCache.mode "stream" -}}
{{ .Values.model.uri }}
{{- else -}}
{{ .Values.modelCache.copy.mountPath }}/model
{{- end -}}
{{- end }}
