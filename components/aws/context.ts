import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { NameScope } from "./names";

/**
 * What every build step of an AWS region shares (field names as GCP's `GcpContext` where the
 * concept is the same): the region's explicit provider (region and default tags), so no child
 * can land in another region or miss the stack's tags, and the scope its physical names come from.
 */
export interface RegionContext {
  /** The region component's name: every child is `${name}-<role>`. */
  name: string;
  /** The region component: every step's resources are its children. */
  parent: pulumi.Resource;
  provider: aws.Provider;
  scope: NameScope;
  region: string;
  /** Position in the stack's regions; 0 is the primary. */
  index: number;
  /** Tags already applied through the provider's `defaultTags`; for resources that pass tags on (node groups). */
  tags: Record<string, string>;
  /** The region's /16, carved from `network.cidr` by `index`. */
  cidr: string;
  /** The stack's `deletionProtection`: stateful resources are protected and their services' own guards set. */
  deletionProtection: boolean;
  /** Days a deleted secret can be restored (`secretRecoveryWindowDays`). */
  recoveryWindowInDays: number;
}

/** Options of a child of the region: parented to the region and pinned to its provider. */
export function childOpts(ctx: RegionContext, extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions {
  return { ...extra, parent: ctx.parent, provider: ctx.provider };
}

