/**
 * Names inside the cluster that several parts of the kit must agree on: the cloud identities trust
 * exact service accounts, the internal load balancers select the vLLM releases' pods, the node pools
 * carry the labels and taint the chart selects and tolerates. Pure (no Pulumi import) so the gateway
 * renderer can use it.
 */

export const kedaNamespace = "keda";
/** The KEDA chart's operator service account; its cloud identity reads queue metrics. */
export const kedaOperatorServiceAccount = "keda-operator";

export const vllmNamespace = "vllm";
/** Port of vLLM's OpenAI-compatible API on the chart's Service (`service.port`). */
export const vllmPort = 8000;

/**
 * Helm release name, and the chart's `fullnameOverride`, of a self-hosted model group. The Service
 * and ServiceAccount carry this name, so identities and the gateway can name them before install.
 * Group names are at most 40 characters, which keeps this under Helm's 53.
 */
export function vllmReleaseName(group: string): string {
  return `vllm-${group}`;
}

/**
 * In-cluster URL of a self-hosted model group's OpenAI-compatible API: for callers inside the
 * cluster only. The gateway runs outside it and uses the group's internal load balancer instead
 * (`renderVllmEndpoint`, `vllmUrlEnv`).
 */
export function vllmServiceUrl(group: string): string {
  return `http://${vllmReleaseName(group)}.${vllmNamespace}.svc.cluster.local:${vllmPort}/v1`;
}

/** Labels every kit GPU node carries (the chart's default nodeSelector is `workload: gpu`). */
export const gpuLabels = {
  workload: "ai-infra/workload",
  pool: "ai-infra/gpu-pool",
  accelerator: "ai-infra/accelerator",
} as const;

/** The taint that keeps pods without a GPU request off GPU nodes (GKE sets the same one itself). */
export const gpuTaint = { key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" } as const;

/** Node labels of a kit GPU pool. */
export function gpuNodeLabels(pool: string, accelerator: string): Record<string, string> {
  return { [gpuLabels.workload]: "gpu", [gpuLabels.pool]: pool, [gpuLabels.accelerator]: accelerator };
}
