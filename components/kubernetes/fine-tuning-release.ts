import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Cloud } from "../config/regions";
import type { FineTuning } from "../config/model";
import { plainDecimal } from "../config/numbers";
import { kitChartPath } from "./charts";
import { gpuLabels, gpuTaint, vllmNamespace, vllmReleaseName } from "./naming";

/** Namespace of the fine-tuning release (its own: training pods never share vLLM's quota). */
export const fineTuningNamespace = "fine-tuning";

/** The chart's ServiceAccount (`serviceAccount.name`): the one subject each cloud's identity trusts. */
export const fineTuningServiceAccountName = "fine-tuning";

/** What the cloud side supplies: the two in-region buckets, the identity, the worker image. */
export interface FineTuningCloudFacts {
  cloud: Cloud;
  region: string;
  /** Request-log bucket (no scheme). */
  logBucket: string;
  /** Model-cache bucket: base weights; training sets and adapters are written under it. */
  modelBucket: string;
  /** IRSA role ARN (aws) or Google service account e-mail (gcp) of the export and training pods. */
  identity: string;
  /** The async worker's image (it carries the export entry point), pinned by tag. */
  workerImage: { repository: string; tag: string };
  /** GCP: the S3 endpoint of GCS and the Kubernetes Secret holding the HMAC key. */
  s3?: { endpoint: string; hmacSecret: string };
}

/**
 * The values of `charts/fine-tuning` for one region, from the spec's `fineTuning` section: the
 * export's schedule and filters, and the trainer's pool and LoRA settings. A training run itself
 * is started by an operator (`helm upgrade --set training.runId=...` or the same values through
 * `pulumi up`), since it needs a finished export to train on.
 */
export function renderFineTuningValues(ft: FineTuning, facts: FineTuningCloudFacts): Record<string, unknown> {
  const pool = ft.trainerPool;
  const run = ft.run;
  const d = ft.distillation;
  const adapter = d && ft.adapters.find((a) => a.name === d.adapter);
  return {
    cloud: facts.cloud,
    region: facts.region,
    fullnameOverride: "fine-tuning",
    serviceAccount: { name: fineTuningServiceAccountName, ...(facts.cloud === "aws" ? { aws: { roleArn: facts.identity } } : { gcp: { serviceAccountEmail: facts.identity } }) },
    buckets: { log: facts.logBucket, logPrefix: "requests", model: facts.modelBucket, ...(facts.s3 ? { s3Endpoint: facts.s3.endpoint } : {}) },
    export: {
      enabled: true,
      schedule: ft.export.schedule,
      image: facts.workerImage,
      models: ft.export.models,
      tags: ft.export.tags,
      lastDays: ft.export.lastDays,
      ...(ft.export.from ? { from: ft.export.from } : {}),
      ...(ft.export.to ? { to: ft.export.to } : {}),
      sensitiveTags: ft.export.sensitiveTags,
      sensitiveMetadataKeys: ft.export.sensitiveMetadataKeys,
      ...(facts.s3 ? { hmacSecret: facts.s3.hmacSecret } : {}),
    },
    training: {
      ...(run ? { runId: run.id, trainingSet: run.trainingSet, adapter: run.adapter, baseModel: run.base.model } : {}),
      lora: { rank: ft.trainer.loraRank, alpha: ft.trainer.loraAlpha, dropout: 0.05 },
      epochs: ft.trainer.epochs,
      // A string: helm prints a number below 1e-4 in exponent notation (Go's %v: `1e-05`), which
      // PyYAML, reading axolotl's config, takes for a string (YAML 1.1 floats need a dot:
      // https://yaml.org/type/float.html). The chart writes the plain decimal as it is.
      learningRate: plainDecimal(ft.trainer.learningRate),
      gpus: ft.trainer.gpus,
      gpu: {
        resourceName: "nvidia.com/gpu",
        nodeSelector: { [gpuLabels.workload]: "gpu", [gpuLabels.pool]: pool.name, [gpuLabels.accelerator]: pool.accelerator },
        tolerations: [{ key: gpuTaint.key, operator: "Equal", value: gpuTaint.value, effect: gpuTaint.effect }],
      },
    },
    // Only a distilling stack sets these (the chart's defaults render nothing).
    ...(d
      ? {
          distillation: {
            export: { enabled: true, schedule: ft.export.schedule, teacher: d.teacher, tag: d.tag, heldOutPercent: d.heldOutPercent },
            ...(d.evaluation && adapter
              ? {
                  evaluation: {
                    runId: d.evaluation.id,
                    trainingSet: d.evaluation.trainingSet,
                    adapter: adapter.name,
                    version: adapter.version,
                    // The student's vLLM release serves the adapter under its name; inside the cluster, no gateway key needed.
                    baseUrl: `http://${vllmReleaseName(d.student)}.${vllmNamespace}.svc.cluster.local:${vllmServicePort}/v1`,
                    metric: d.metric,
                    threshold: String(d.threshold),
                  },
                }
              : {}),
          },
        }
      : {}),
  };
}

/** The vLLM chart's Service port (charts/vllm-serving/values.yaml `service.port`). */
const vllmServicePort = 8000;

/** The release as `<namespace>/<release>` (the stack outputs name it so). */
export const fineTuningReleaseName = `${fineTuningNamespace}/fine-tuning`;

/** The CronJob the chart renders (`fullnameOverride: fine-tuning` + `-export`). */
export const fineTuningExportCronJob = "fine-tuning-export";

/** Starts one export now from the CronJob's template (after the cloud's kubeconfig command). */
export const startExportCommand = `kubectl -n ${fineTuningNamespace} create job --from=cronjob/${fineTuningExportCronJob} export-manual-$(date +%s)`;

/** Name of the Kubernetes Secret holding the S3 API credentials of the export (GCP's HMAC key). */
export const fineTuningS3SecretName = "fine-tuning-s3-hmac";

export interface FineTuningReleaseArgs {
  /** The stack's fine-tuning: the export, the trainer and the run. */
  fineTuning: FineTuning;
  /** The cloud side's facts, except the S3 API (`s3` below). */
  facts: pulumi.Input<Omit<FineTuningCloudFacts, "s3">>;
  provider: k8s.Provider;
  /**
   * An S3 API that is not AWS's, with its credentials: GCS's XML API takes HMAC keys, not workload
   * identity tokens. The credentials go to a Kubernetes Secret the export reads as environment.
   */
  s3?: { endpoint: string; accessKeyId: pulumi.Input<string>; secretAccessKey: pulumi.Input<string> };
  /** What must exist first: the system nodes (the export runs there) and the GPU pools. */
  dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/** The fine-tuning namespace, its S3 credentials (if any), and the chart: export CronJob and training Job. */
export class FineTuningRelease extends pulumi.ComponentResource {
  readonly values: pulumi.Output<Record<string, unknown>>;

  constructor(name: string, args: FineTuningReleaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ai-infra:kubernetes:FineTuningRelease", name, {}, opts);
    const k = { parent: this, provider: args.provider };
    const namespace = new k8s.core.v1.Namespace(
      `${name}-namespace`,
      // Baseline enforced, restricted audited: the chart's pods run as non-root without privileges.
      { metadata: { name: fineTuningNamespace, labels: { "pod-security.kubernetes.io/enforce": "baseline", "pod-security.kubernetes.io/audit": "restricted", "app.kubernetes.io/part-of": "ai-infra" } } },
      { ...k, dependsOn: args.dependsOn ?? [] },
    );
    const s3 = args.s3;
    const secret = s3
      ? new k8s.core.v1.Secret(
          `${name}-s3-credentials`,
          {
            metadata: { name: fineTuningS3SecretName, namespace: fineTuningNamespace },
            type: "Opaque",
            stringData: { accessKeyId: pulumi.secret(s3.accessKeyId), secretAccessKey: pulumi.secret(s3.secretAccessKey) },
          },
          { ...k, dependsOn: [namespace] },
        )
      : undefined;
    this.values = pulumi
      .output(args.facts)
      .apply((f) => renderFineTuningValues(args.fineTuning, { ...f, ...(s3 ? { s3: { endpoint: s3.endpoint, hmacSecret: fineTuningS3SecretName } } : {}) } as FineTuningCloudFacts));
    new k8s.helm.v3.Release(
      `${name}-release`,
      { name: "fine-tuning", chart: kitChartPath("fine-tuning"), namespace: fineTuningNamespace, values: this.values, atomic: true },
      { ...k, dependsOn: [namespace, ...(secret ? [secret] : []), ...(args.dependsOn ?? [])] },
    );
    this.registerOutputs({ values: this.values });
  }
}
