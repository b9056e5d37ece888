{{- define "fine-tuning.fullname" -}}
{{- default (printf "%s-%s" .Release.Name .Chart.Name) .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- end }}

{{- define "fine-tuning.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}

{{- define "fine-tuning.scheme" -}}
{{- if eq .Values.cloud "aws" }}s3{{ else }}gs{{ end -}}
{{- end }}

{{- define "fine-tuning.copyImage" -}}
{{- $img := ternary .Values.training.copyImages.aws .Values.training.copyImages.gcp (eq .Values.cloud "aws") -}}
{{ $img.repository }}:{{ $img.tag }}
{{- end }}

{{- define "fine-tuning.securityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: ["ALL"]
{{- end }}

{{- define "fine-tuning.cloudEnv" -}}
- name: HOME
  value: /tmp/home
{{- if eq .Values.cloud "aws" }}
- name: AWS_REGION
  value: {{ .Values.region | quote }}
{{- else }}
- name: CLOUDSDK_CONFIG
  value: /tmp/home/gcloud
{{- end }}
{{- end }}

{{- define "fine-tuning.copyMounts" -}}
- name: work
  mountPath: /work
- name: tmp
  mountPath: /tmp
{{- end }}
