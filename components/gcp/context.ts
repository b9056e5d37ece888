import type * as gcp from "@pulumi/gcp";
import type * as pulumi from "@pulumi/pulumi";
import type { AtStage, GcpStack } from "../config/model";
import type { NameScope } from "./names";

/**
 * What a GCP component needs to place its children: the region's explicit provider (project,
 * region and default labels), so that no child can land in another project or region or miss the
 * stack's labels, and the scope its physical names are derived from.
 */
export interface GcpContext {
  provider: gcp.Provider;
  scope: NameScope;
  gcpProject: string;
  region: string;
  /** Labels already applied through the provider's `defaultLabels`; for label-less APIs (e.g. filters). */
  labels: Record<string, string>;
  /** What every resource waits for: the enabled APIs (a resource of a disabled API fails to create). */
  dependsOn?: pulumi.Resource[];
}

/**
 * One region of the stack as its build steps see it (the same fields as the AWS `RegionContext`
 * where the concept matches): where children go (`parent`, `name`), the region's place in the
 * stack, its tags and whether its data is protected from `pulumi destroy`.
 */
export interface RegionContext extends GcpContext {
  /** The region component's name: every child is `${name}-<role>`. */
  name: string;
  /** The region component every step parents its children to. */
  parent: pulumi.ComponentResource;
  /** Position in the stack's regions; 0 is the primary. */
  index: number;
  /** The region's /16 of `network.cidr` (see `regionCidr`). */
  regionCidr: string;
  tags: Record<string, string>;
  /** The stack's `deletionProtection`. */
  protect: boolean;
}

/** Options of a custom child: parented to its component and pinned to the region's provider. */
export type ChildExtra = Omit<pulumi.CustomResourceOptions, "dependsOn"> & { dependsOn?: pulumi.Resource[] };

export function childOpts(parent: pulumi.Resource, ctx: GcpContext, extra: ChildExtra = {}): pulumi.CustomResourceOptions {
  const dependsOn = [...(ctx.dependsOn ?? []), ...(extra.dependsOn ?? [])];
  return { ...extra, parent, provider: ctx.provider, ...(dependsOn.length ? { dependsOn } : {}) };
}

/** Options of a child component: the provider is handed down explicitly through `providers`. */
export function componentOpts(parent: pulumi.Resource, ctx: GcpContext, extra: pulumi.ComponentResourceOptions = {}): pulumi.ComponentResourceOptions {
  return { ...extra, parent, providers: [ctx.provider] };
}

/** Options of a step's component in the region: parented to the region, on its provider. */
export function stepOpts(ctx: RegionContext): pulumi.ComponentResourceOptions {
  return componentOpts(ctx.parent, ctx);
}

/** A GCP stack at scale or later: the cluster, self-hosted models. */
export type GcpScaleStack = AtStage<GcpStack, "scale">;
/** A GCP stack at growth or later: cache, queue, worker, budgets. */
export type GcpGrowthStack = AtStage<GcpStack, "growth">;
