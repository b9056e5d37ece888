import * as pulumi from "@pulumi/pulumi";
import type { Spec } from "../spec/validate";
import { adapterFor } from "./adapters";
import type { RegionalPlatform } from "./capabilities";
import { stackTags } from "./tags";

export interface AiPlatformArgs {
  /** The validated spec (`readSpec()` / `parseSpec()`); components never read raw config. */
  spec: Spec;
}

/**
 * The whole stack: one `RegionalPlatform` per region from the cloud's adapter, then the
 * stack-wide pieces (budgets, failover). Child names depend only on the region, never on the
 * stage, so promotion keeps every URN.
 */
export class AiPlatform extends pulumi.ComponentResource {
  readonly regions: RegionalPlatform[];
  /** URL callers use: the primary region's API (or the failover name at enterprise). */
  readonly apiUrl: pulumi.Output<string>;
  readonly apiUrls: pulumi.Output<Record<string, string>>;
  readonly dashboards: pulumi.Output<Record<string, string>>;
  readonly requestLogBuckets: pulumi.Output<Record<string, string>>;
  readonly queues: pulumi.Output<Record<string, string>>;
  /** Region → the adapter's `details` (see `RegionalPlatform.details`). */
  readonly regionDetails: pulumi.Output<Record<string, Record<string, unknown>>>;

  constructor(name: string, args: AiPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ai-infra:platform:AiPlatform", name, {}, opts);
    const { spec } = args;
    const adapter = adapterFor(spec.cloud);
    const tags = stackTags(spec);

    this.regions = spec.regions.map((region, index) =>
      adapter.createRegion(`${name}-${region}`, { spec, region, index, tags }, { parent: this }),
    );
    adapter.createGlobal?.(`${name}-global`, { spec, tags, regions: this.regions }, { parent: this });

    const byRegion = (pick: (r: RegionalPlatform) => pulumi.Output<string> | undefined) =>
      pulumi
        .all(this.regions.map((r) => pulumi.all([r.region, pick(r) ?? ""])))
        .apply((pairs) => Object.fromEntries(pairs.filter(([, v]) => v !== "")));

    this.apiUrl = this.regions[0]!.apiUrl;
    this.apiUrls = byRegion((r) => r.apiUrl);
    this.dashboards = byRegion((r) => r.dashboardUrl);
    this.requestLogBuckets = byRegion((r) => r.requestLogBucket);
    this.queues = byRegion((r) => r.queueName);
    this.regionDetails = pulumi
      .all(this.regions.map((r) => r.details ?? pulumi.output({} as Record<string, unknown>)))
      .apply((details): Record<string, Record<string, unknown>> =>
        Object.fromEntries(this.regions.map((r, i) => [r.region, details[i] as Record<string, unknown>]).filter(([, d]) => Object.keys(d as object).length > 0)),
      );

    this.registerOutputs({
      apiUrl: this.apiUrl,
      apiUrls: this.apiUrls,
      dashboards: this.dashboards,
      requestLogBuckets: this.requestLogBuckets,
      queues: this.queues,
      regionDetails: this.regionDetails,
    });
  }
}

/** The stack outputs of the program. */
export function platformOutputs(spec: Spec, platform: AiPlatform) {
  return {
    stage: spec.stage,
    cloud: spec.cloud,
    regions: spec.regions,
    apiUrl: platform.apiUrl,
    apiUrls: platform.apiUrls,
    dashboards: platform.dashboards,
    requestLogBuckets: platform.requestLogBuckets,
    queues: platform.queues,
    regionDetails: platform.regionDetails,
  };
}
