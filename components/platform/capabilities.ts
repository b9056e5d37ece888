import type * as pulumi from "@pulumi/pulumi";
import type { Spec } from "../spec/validate";

/**
 * The contract between the platform assembly and a cloud adapter. Each cloud builds one
 * `RegionalPlatform` per region out of the stage's capabilities; the assembly never branches on
 * the cloud beyond picking the adapter.
 */
export interface RegionArgs {
  spec: Spec;
  region: string;
  /** Position in `spec.regions`; 0 is the primary region. */
  index: number;
  /** Tags for every taggable resource (see `stackTags`). */
  tags: Record<string, string>;
}

/** What a region exposes to the stack outputs and to cross-region routing. */
export interface RegionalPlatform extends pulumi.ComponentResource {
  readonly region: string;
  /** Public URL of the managed API gateway (callers send their API key to it). */
  readonly apiUrl: pulumi.Output<string>;
  /** Host name of the API gateway endpoint, for DNS failover records. */
  readonly apiHost: pulumi.Output<string>;
  /** Bucket holding the request/response log. */
  readonly requestLogBucket: pulumi.Output<string>;
  /** Link to the region's usage and cost dashboard. */
  readonly dashboardUrl: pulumi.Output<string>;
  /** Job queue of the async worker (growth and later). */
  readonly queueName?: pulumi.Output<string>;
  /**
   * What else an operator needs from the region (repositories, key ids, queue and bucket names,
   * cluster): the stack output `regionDetails.<region>`. Keys are the cloud's own.
   */
  readonly details?: pulumi.Output<Record<string, unknown>>;
}

/** Stack-wide resources (budgets, DNS failover) that exist once, not per region. */
export interface GlobalArgs {
  spec: Spec;
  tags: Record<string, string>;
  regions: RegionalPlatform[];
}

export interface CloudAdapter {
  readonly cloud: Spec["cloud"];
  createRegion(name: string, args: RegionArgs, opts: pulumi.ComponentResourceOptions): RegionalPlatform;
  /** Optional: created after the regions, parented to the platform. */
  createGlobal?(name: string, args: GlobalArgs, opts: pulumi.ComponentResourceOptions): pulumi.ComponentResource | undefined;
}
