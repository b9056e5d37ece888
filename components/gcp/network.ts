import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { renamedFrom } from "../platform/renames";
import { type GcpContext, childOpts } from "./context";
import { gcpName, nameLimits } from "./names";

export interface NetworkPlan {
  /** The region's /16 (see `regionCidr`). */
  regionCidr: string;
  /** Subnet for Cloud Run's Direct VPC egress (the gateway and the worker). */
  subnet: string;
  /** Range Memorystore peers into (must not overlap the subnet; /28 for the standard tier). */
  cacheRange: string;
}

/** Carves the region's /16: the first /20 for serverless egress, the top /28 for the cache. */
export function networkPlan(regionCidr: string): NetworkPlan {
  const [a, b] = regionCidr.split("/")[0]!.split(".").map(Number) as [number, number];
  return { regionCidr, subnet: `${a}.${b}.0.0/20`, cacheRange: `${a}.${b}.255.240/28` };
}

/**
 * A region's private network. Creates the stack's VPC unless `network` hands in the primary
 * region's, and adds the region's subnet to it; not protected unless `protect`.
 */
export interface NetworkArgs {
  /** Provider, naming scope and region the subnet is created in. */
  ctx: GcpContext;
  /** The region's /16 from `regionCidr(network.cidr, index)`. */
  regionCidr: string;
  /**
   * Secondary regions: the primary region's VPC, which this region adds its subnet to. One VPC
   * per stack (a VPC is global, its subnets regional: https://cloud.google.com/vpc/docs/vpc): the
   * keys database's private services access is a peering of one VPC, and peering is not
   * transitive (https://cloud.google.com/vpc/docs/vpc-peering#restrictions), so regions in VPCs of
   * their own could not reach the primary database or their replica.
   */
  network?: gcp.compute.Network;
  /** The stack's `deletionProtection`: every private resource of the stack sits in the VPC. Default: false. */
  protect?: boolean;
}

/**
 * The region's private network (from the prototype: the keys database has a private IP only): a custom-mode VPC (no auto subnets in every region — residency)
 * with one subnet for Cloud Run's Direct VPC egress. Direct VPC egress instead of a Serverless
 * VPC Access connector: no connector VMs to pay for at rest, and the instances get subnet IPs
 * the cache's peering routes to.
 */
export class Network extends pulumi.ComponentResource {
  readonly network: gcp.compute.Network;
  readonly subnet: gcp.compute.Subnetwork;
  readonly plan: NetworkPlan;

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ai-infra:gcp:Network", name, {}, renamedFrom("ai-infra:gcp:PrivateNetwork", opts));
    const { ctx } = args;
    this.plan = networkPlan(args.regionCidr);
    this.network =
      args.network ??
      new gcp.compute.Network(
        `${name}-vpc`,
        { name: gcpName(ctx.scope, "vpc", nameLimits.network), autoCreateSubnetworks: false, routingMode: "REGIONAL" },
        childOpts(this, ctx, { protect: args.protect }),
      );
    this.subnet = new gcp.compute.Subnetwork(
      `${name}-subnet`,
      {
        name: gcpName(ctx.scope, "serverless", nameLimits.network),
        region: ctx.region,
        network: this.network.id,
        ipCidrRange: this.plan.subnet,
        // Google APIs (Secret Manager, GCS, Pub/Sub) stay reachable without a public IP.
        privateIpGoogleAccess: true,
        logConfig: { aggregationInterval: "INTERVAL_5_MIN", flowSampling: 0.1, metadata: "INCLUDE_ALL_METADATA" },
      },
      childOpts(this, ctx),
    );
    this.registerOutputs({ network: this.network.id, subnet: this.subnet.id });
  }
}
