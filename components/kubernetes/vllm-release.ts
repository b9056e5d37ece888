import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Cloud } from "../config/regions";
import type { FineTuning, SelfHostedGroup } from "../config/model";
import { kitChartPath } from "./charts";
import { gpuLabels, gpuTaint, vllmNamespace, vllmReleaseName } from "./naming";
import { vllmImage } from "./versions";

export type SelfHosted = SelfHostedGroup;

/**
 * What the cloud side knows that the chart needs: where the weights are, which identity the pods
 * run as, which queue they scale on, and where vLLM's metrics can be queried. Plain strings, so
 * `renderVllmValues` stays pure; the component resolves its Outputs into this.
 */
export interface VllmCloudFacts {
  cloud: Cloud;
  region: string;
  /** Model-cache bucket name (no scheme); weights live under `<bucket>/<model id>/`. */
  modelBucket: string;
  /** IRSA role ARN (aws) or Google service account e-mail (gcp) of the vLLM pods. */
  identity: string;
  /** SQS queue URL (aws) or `projects/<p>/subscriptions/<s>` (gcp) the release scales on. */
  queue: string;
  /**
   * Prometheus-compatible query API holding `vllm:num_requests_waiting`. Absent: no Prometheus in
   * the cluster's reach, so the latency trigger is off and the queue alone scales the release.
   */
  prometheus?: {
    serverAddress: string;
    authentication: "none" | "podIdentity";
    monitor: "prometheus-operator" | "gke-managed" | "none";
  };
}

/** The values this kit sets on `charts/vllm-serving` (a subset of its values.yaml; the rest keeps the chart defaults). */
export interface VllmValues {
  cloud: Cloud;
  region: string;
  fullnameOverride: string;
  image: { repository: string; tag: string };
  model: { servedName: string; uri: string };
  gpu: {
    count: number;
    nodeSelector: Record<string, string>;
    tolerations: { key: string; operator: "Equal"; value: string; effect: string }[];
  };
  resources: { requests: { cpu: string; memory: string }; limits: { memory: string } };
  serviceAccount: { create: true; name: string; aws?: { roleArn: string }; gcp?: { serviceAccountEmail: string } };
  modelCache: { mode: "stream" | "copy" };
  autoscaling: {
    enabled: true;
    minReplicas: number;
    maxReplicas: number;
    idleScaleToZero: boolean;
    queue: { enabled: true; aws?: { queueUrl: string }; gcp?: { subscription: string } };
    prometheus: { enabled: boolean; serverAddress?: string; authentication?: "none" | "podIdentity" };
  };
  metrics: { monitor: "prometheus-operator" | "gke-managed" | "none" };
  lora?: LoraValues;
}

/** The chart's `lora` values: the fine-tuned adapters this release serves beside its base model. */
export interface LoraValues {
  enabled: true;
  maxLoras: number;
  maxLoraRank: number;
  maxCpuLoras: number;
  sizeLimit: string;
  adapters: { name: string; uri: string }[];
}

/**
 * Where an adapter lives: `adapters/<name>/<version>/` in the region's model-cache bucket, next
 * to the base weights. The training Job writes there; vLLM's identity already reads that bucket.
 */
export function adapterPrefix(a: { name: string; version: string }): string {
  return `adapters/${a.name}/${a.version}`;
}

/** The LoRA values of a self-hosted group: the adapters whose base model it is (none: no LoRA). */
export function renderLoraValues(fineTuning: FineTuning | undefined, s: SelfHosted, facts: Pick<VllmCloudFacts, "cloud" | "modelBucket">): LoraValues | undefined {
  const adapters = (fineTuning?.adapters ?? []).filter((a) => a.baseModel === s.name);
  if (adapters.length === 0 || !fineTuning) return undefined;
  const scheme = facts.cloud === "aws" ? "s3" : "gs";
  return {
    enabled: true,
    // Every adapter of the group fits in one batch; CPU keeps twice as many for swaps.
    maxLoras: adapters.length,
    maxLoraRank: fineTuning.trainer.loraRank,
    maxCpuLoras: adapters.length * 2,
    sizeLimit: "4Gi",
    adapters: adapters.map((a) => ({ name: a.name, uri: `${scheme}://${facts.modelBucket}/${adapterPrefix(a)}` })),
  };
}

/**
 * The chart values of one self-hosted model group in one region. Derived from the spec only (plus
 * the cloud facts), so the same spec always deploys the same release:
 *
 * - the group name is the served model name, the release name and the Service name, so the
 *   gateway's `hosted_vllm/<group>` entry and the identity trust policies can name them up front;
 * - node selection pins the exact GPU pool (its label) as well as the GPU workload label;
 * - CPU and memory are the replica's share of the pool's machine minus headroom for the node's
 *   daemons, so a replica always fits the machine the pool was sized for;
 * - with `minReplicas >= 1` the release still drops to zero when every trigger is idle
 *   (`idleScaleToZero`): a warm floor while there is work, no GPU bill when there is none.
 */
export function renderVllmValues(s: SelfHosted, fineTuning: FineTuning | undefined, facts: VllmCloudFacts): VllmValues {
  const pool = s.gpuPool;
  const shape = pool.machine;
  const share = s.gpusPerReplica / shape.gpus;
  const name = vllmReleaseName(s.name);
  const scheme = facts.cloud === "aws" ? "s3" : "gs";

  const prometheus = facts.prometheus;
  const lora = renderLoraValues(fineTuning, s, facts);
  return {
    cloud: facts.cloud,
    region: facts.region,
    fullnameOverride: name,
    image: { ...vllmImage },
    model: { servedName: s.name, uri: `${scheme}://${facts.modelBucket}/${s.model}` },
    gpu: {
      count: s.gpusPerReplica,
      nodeSelector: { [gpuLabels.workload]: "gpu", [gpuLabels.pool]: pool.name, [gpuLabels.accelerator]: pool.accelerator },
      tolerations: [{ key: gpuTaint.key, operator: "Equal", value: gpuTaint.value, effect: gpuTaint.effect }],
    },
    resources: {
      // Two vCPU and a quarter of the memory stay for kubelet, the CNI, the device plugin and logging.
      requests: { cpu: String(Math.max(1, Math.floor(shape.vcpus * share) - 2)), memory: `${Math.floor(shape.memoryGiB * share * 0.75)}Gi` },
      limits: { memory: `${Math.floor(shape.memoryGiB * share * 0.85)}Gi` },
    },
    serviceAccount: {
      create: true,
      name,
      ...(facts.cloud === "aws" ? { aws: { roleArn: facts.identity } } : { gcp: { serviceAccountEmail: facts.identity } }),
    },
    // Stream safetensors from the in-region bucket straight into GPU memory: no Hub download, no disk copy.
    modelCache: { mode: "stream" },
    autoscaling: {
      enabled: true,
      minReplicas: s.minReplicas,
      maxReplicas: s.maxReplicas,
      idleScaleToZero: s.minReplicas > 0,
      queue: { enabled: true, ...(facts.cloud === "aws" ? { aws: { queueUrl: facts.queue } } : { gcp: { subscription: facts.queue } }) },
      prometheus: prometheus
        ? { enabled: true, serverAddress: prometheus.serverAddress, authentication: prometheus.authentication }
        : { enabled: false },
    },
    metrics: { monitor: prometheus?.monitor ?? "none" },
    ...(lora ? { lora } : {}),
  };
}

/** `charts/vllm-serving` (see `kitChartPath`). */
export function vllmChartPath(): string {
  return kitChartPath("vllm-serving");
}

export interface VllmReleaseArgs {
  /** The model group, with its GPU pool. */
  selfHosted: SelfHosted;
  /** The stack's fine-tuning, whose adapters of this group the release serves. */
  fineTuning?: FineTuning;
  /** Resolved by the cloud component from its outputs (bucket, role/GSA, queue). */
  facts: pulumi.Input<VllmCloudFacts>;
  /** Provider of the region's cluster. */
  provider: k8s.Provider;
  /**
   * What must be installed first — at least KEDA, whose CRDs (ScaledObject, TriggerAuthentication)
   * the chart renders; without them the install fails on unknown kinds.
   */
  dependsOn: pulumi.Input<pulumi.Resource>[];
}

/** One self-hosted model group: the kit's chart from its local path, values from `renderVllmValues`. */
export class VllmRelease extends pulumi.ComponentResource {
  readonly releaseName: string;
  readonly values: pulumi.Output<VllmValues>;

  constructor(name: string, args: VllmReleaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ai-infra:kubernetes:VllmRelease", name, {}, opts);
    this.releaseName = vllmReleaseName(args.selfHosted.name);
    this.values = pulumi.output(args.facts).apply((facts) => renderVllmValues(args.selfHosted, args.fineTuning, facts as VllmCloudFacts));
    new k8s.helm.v3.Release(
      `${name}-release`,
      {
        name: this.releaseName,
        chart: vllmChartPath(),
        namespace: vllmNamespace,
        values: this.values,
        // A first install waits for a GPU node and a model load: minutes, not seconds.
        timeout: 1800,
        // A failed upgrade rolls back instead of leaving a half-applied release serving traffic.
        atomic: true,
      },
      { parent: this, provider: args.provider, dependsOn: args.dependsOn },
    );
    this.registerOutputs({ releaseName: this.releaseName, values: this.values });
  }
}
