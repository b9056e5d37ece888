import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { Cloud, FineTuning, SelfHostedGroup } from "../config/model";
import { renderVllmEndpoint, vllmEndpointUrl } from "./endpoint";
import { Keda } from "./keda";
import { vllmNamespace } from "./naming";
import { type VllmCloudFacts, VllmRelease } from "./vllm-release";

export interface ServingArgs {
  cloud: Cloud;
  /** The self-hosted model groups: one release each. */
  selfHosted: SelfHostedGroup[];
  /** The stack's fine-tuning, whose adapters the releases serve. */
  fineTuning?: FineTuning;
  /** Provider of the region's cluster. */
  provider: k8s.Provider;
  /** The KEDA operator's identity (IRSA role ARN / GSA e-mail). */
  kedaIdentity: pulumi.Input<string>;
  /** What the releases need from the cloud side (bucket, vLLM identity, queue, Prometheus). */
  facts: pulumi.Input<VllmCloudFacts>;
  /**
   * Cluster pieces that must exist before anything is installed: the system nodes (KEDA's pods
   * need somewhere to run before its release counts as installed), the GPU pools and their
   * device plugin.
   */
  dependsOn?: pulumi.Input<pulumi.Resource>[];
  /**
   * CIDRs allowed to reach the groups' internal load balancers: the region's VPC range, where the
   * gateway runs. Required, because without it the cloud opens the balancer's ports to 0.0.0.0/0
   * (inside the VPC, but to every subnet and peer).
   */
  endpointSourceRanges: string[];
  /**
   * Group → a reserved internal address for its balancer (GKE). With it the Service is created
   * without waiting for ready endpoints (see `skipAwaitAnnotation`) and the URL uses the address.
   */
  endpointAddresses?: Record<string, pulumi.Input<string>>;
}

/**
 * The cloud-neutral serving layer of a region: KEDA, the vLLM namespace, and one release of the
 * kit's chart per self-hosted model group, each installed after KEDA.
 */
export class Serving extends pulumi.ComponentResource {
  readonly keda: Keda;
  readonly releases: VllmRelease[];
  /** Group → `http://<internal load balancer>:8000/v1`, for the gateway's environment. */
  readonly endpoints: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: ServingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ai-infra:kubernetes:Serving", name, {}, opts);
    const after = args.dependsOn ?? [];
    this.keda = new Keda(`${name}-keda`, { provider: args.provider, cloud: args.cloud, identity: args.kedaIdentity, dependsOn: after }, { parent: this });
    const namespace = new k8s.core.v1.Namespace(
      `${name}-namespace`,
      {
        metadata: {
          name: vllmNamespace,
          // Baseline is enforced (no privileged pods, no host access); the chart already meets
          // restricted, which is audited and warned on so a regression shows before it is enforced.
          labels: {
            "pod-security.kubernetes.io/enforce": "baseline",
            "pod-security.kubernetes.io/warn": "restricted",
            "pod-security.kubernetes.io/audit": "restricted",
            "app.kubernetes.io/part-of": "ai-infra",
          },
        },
      },
      { parent: this, provider: args.provider, dependsOn: after },
    );
    this.releases = args.selfHosted.map(
      (s) =>
        new VllmRelease(
          `${name}-${s.name}`,
          { selfHosted: s, ...(args.fineTuning ? { fineTuning: args.fineTuning } : {}), facts: args.facts, provider: args.provider, dependsOn: [this.keda, namespace, ...after] },
          { parent: this },
        ),
    );
    this.endpoints = {};
    for (const s of args.selfHosted) {
      // Beside the release, not after it: the balancer's address must exist before the gateway
      // starts, while a first release install may wait many minutes for a GPU node.
      const reserved = args.endpointAddresses?.[s.name];
      const svc = new k8s.core.v1.Service(
        `${name}-${s.name}-endpoint`,
        renderVllmEndpoint(args.cloud, s.name, args.endpointSourceRanges, reserved),
        { parent: this, provider: args.provider, dependsOn: [namespace] },
      );
      if (reserved !== undefined) {
        this.endpoints[s.name] = pulumi.output(reserved).apply(vllmEndpointUrl);
        continue;
      }
      this.endpoints[s.name] = svc.status.loadBalancer.ingress.apply((ingress) => {
        const first = ingress?.[0];
        const address = first?.hostname || first?.ip;
        if (!address) throw new Error(`internal load balancer of '${s.name}' reported no address`);
        return vllmEndpointUrl(address);
      });
    }
    this.registerOutputs({ releases: this.releases.map((r) => r.releaseName), endpoints: this.endpoints });
  }
}
