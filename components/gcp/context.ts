import type * as gcp from "@pulumi/gcp";
import type * as pulumi from "@pulumi/pulumi";
import type { NameScope } from "./names";

/**
 * What every GCP component of a region shares: the region's explicit provider (project, region
 * and default labels), so that no child can land in another project or region or miss the
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
