import type { Cloud } from "../config/regions";
import { vllmNamespace, vllmPort, vllmReleaseName } from "./naming";

/**
 * Annotations that make a `LoadBalancer` Service internal, per cloud, with nothing but what the
 * cluster already runs:
 *
 * - AWS: the service controller of EKS's own cloud provider (no AWS Load Balancer Controller is
 *   installed, so its `aws-load-balancer-scheme` annotation would be ignored and the balancer
 *   would come up internet-facing). It reads `aws-load-balancer-internal` and `-type: nlb`; the
 *   NLB lands in the subnets tagged `kubernetes.io/role/internal-elb` (the cluster's node subnets).
 * - GCP: GKE's internal passthrough Network Load Balancer.
 */
export function internalLoadBalancerAnnotations(cloud: Cloud): Record<string, string> {
  return cloud === "aws"
    ? {
        "service.beta.kubernetes.io/aws-load-balancer-internal": "true",
        "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
        "service.beta.kubernetes.io/aws-load-balancer-cross-zone-load-balancing-enabled": "true",
      }
    : { "networking.gke.io/load-balancer-type": "Internal" };
}

/** Name of a group's internal load-balancer Service (beside the chart's ClusterIP Service). */
export function vllmEndpointName(group: string): string {
  return `${vllmReleaseName(group)}-internal`;
}

/**
 * The `LoadBalancer` Service through which the gateway, which runs outside the cluster (ECS
 * Fargate / Cloud Run) and cannot resolve cluster DNS, reaches one self-hosted group: internal to
 * the VPC, and accepting only `sourceRanges` (the region's VPC range; on AWS the cloud provider
 * turns them into node security-group rules, on GKE into firewall rules). It selects the pods of
 * the group's release by the chart's selector labels and targets the pods' named `http` port.
 */
/**
 * Pulumi's await on a `Service` waits for ready endpoints (https://www.pulumi.com/registry/packages/kubernetes/api-docs/core/v1/service/),
 * which a GPU pool scaled to zero cannot give within its 10-minute timeout. With a reserved address
 * the balancer's address is known up front, so the Service is created without waiting
 * (`pulumi.com/skipAwait`) and the address is taken from the reservation instead of its status.
 */
export const skipAwaitAnnotation = { "pulumi.com/skipAwait": "true" } as const;

export function renderVllmEndpoint<A = string>(cloud: Cloud, group: string, sourceRanges: readonly string[], reservedAddress?: A) {
  if (sourceRanges.length === 0) throw new Error(`vllm endpoint '${group}': sourceRanges must name the VPC range`);
  return {
    metadata: {
      name: vllmEndpointName(group),
      namespace: vllmNamespace,
      labels: { "app.kubernetes.io/part-of": "ai-infra", "ai-infra/served-model": group },
      annotations: { ...internalLoadBalancerAnnotations(cloud), ...(reservedAddress === undefined ? {} : skipAwaitAnnotation) },
    },
    spec: {
      type: "LoadBalancer",
      // GKE takes a reserved internal address of the cluster's subnetwork for an internal balancer.
      ...(reservedAddress === undefined ? {} : { loadBalancerIP: reservedAddress }),
      // The chart's selectorLabels: chart name (no nameOverride is set) and release name.
      selector: { "app.kubernetes.io/name": "vllm-serving", "app.kubernetes.io/instance": vllmReleaseName(group) },
      ports: [{ name: "http", port: vllmPort, targetPort: "http", protocol: "TCP" }],
      loadBalancerSourceRanges: [...sourceRanges],
    },
  };
}

/** The OpenAI-compatible base URL behind a load balancer's hostname (AWS) or IP (GCP). */
export function vllmEndpointUrl(address: string): string {
  return `http://${address}:${vllmPort}/v1`;
}
