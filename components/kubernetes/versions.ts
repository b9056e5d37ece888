/**
 * Third-party charts the kit installs, each pinned to an exact version (never a range, never
 * latest): an upgrade is a reviewed change to this file, seen in `pulumi preview`.
 */
export interface PinnedChart {
  repo: string;
  chart: string;
  version: string;
}

/**
 * KEDA 2.18: the `aws` pod-identity provider (IRSA, `identityOwner: workload`) the chart's
 * TriggerAuthentication uses, the `gcp` provider for Workload Identity, and ScaledObject
 * `initialCooldownPeriod`.
 */
export const kedaChart: PinnedChart = { repo: "https://kedacore.github.io/charts", chart: "keda", version: "2.18.1" };

/**
 * NVIDIA device plugin for EKS GPU nodes (the EKS accelerated AMI ships the driver and container
 * toolkit, not the plugin). GKE installs both driver and plugin itself, so GCP does not use this.
 */
export const nvidiaDevicePluginChart: PinnedChart = {
  repo: "https://nvidia.github.io/k8s-device-plugin",
  chart: "nvidia-device-plugin",
  version: "0.17.1",
};

/**
 * Cluster Autoscaler for EKS managed node groups: it is what turns a pending GPU pod into a node
 * when a pool sits at zero (it reads labels and taints of an empty group from the EKS API).
 */
export const clusterAutoscalerChart: PinnedChart = {
  repo: "https://kubernetes.github.io/autoscaler",
  chart: "cluster-autoscaler",
  version: "9.46.6",
};

/** The autoscaler must match the cluster's minor version; its image tag is derived from it. */
export function clusterAutoscalerImageTag(kubernetesVersion: string): string {
  return `v${kubernetesVersion}.0`;
}

/**
 * In-cluster Prometheus (operator + one Prometheus, nothing else of the stack) where the cloud has
 * no managed collection turned on by default (EKS): it scrapes vLLM through the chart's PodMonitor
 * so KEDA can scale on `vllm:num_requests_waiting`. GKE uses Google Managed Prometheus instead.
 */
export const kubePrometheusStackChart: PinnedChart = {
  repo: "https://prometheus-community.github.io/helm-charts",
  chart: "kube-prometheus-stack",
  version: "72.0.0",
};

/**
 * The vLLM image, as the chart's values.yaml default. Set explicitly on every release so that the
 * image a stack serves with is visible in `pulumi preview`, the offline plan and the image policy
 * (a chart default is invisible to all three); a test keeps the two in step.
 */
export const vllmImage = { repository: "vllm/vllm-openai", tag: "v0.33.0" } as const;
