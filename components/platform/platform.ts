import * as pulumi from "@pulumi/pulumi";
import type { Spec } from "../config/validate";
import { adapterFor } from "./adapters";
import type { RegionDetails, RegionalPlatform } from "./capabilities";
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
  /** Region → what an engineer needs after `up` (image repository, key ids, queue URLs, buckets, cluster). */
  readonly regionDetails: pulumi.Output<Record<string, RegionDetails>>;
  /** The stack's alert topic, when the stage has alerts. */
  readonly alertTopic?: pulumi.Output<string>;
  /** DNS records to create for the entry point (see `GlobalPlatform.dnsRecords`). */
  readonly dnsRecords?: pulumi.Output<{ name: string; type: string; value: string }[]>;

  constructor(name: string, args: AiPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ai-infra:platform:AiPlatform", name, {}, opts);
    const { spec } = args;
    const adapter = adapterFor(spec.cloud);
    const tags = stackTags(spec);

    const { regions, global } = adapter.build(name, { spec, tags }, { parent: this });
    this.regions = regions;
    if (global?.alertTopic) this.alertTopic = global.alertTopic;
    if (global?.dnsRecords) this.dnsRecords = global.dnsRecords;

    const byRegion = (pick: (r: RegionalPlatform) => pulumi.Output<string> | undefined) =>
      pulumi
        .all(this.regions.map((r) => pulumi.all([r.region, pick(r) ?? ""])))
        .apply((pairs) => Object.fromEntries(pairs.filter(([, v]) => v !== "")));

    this.apiUrl = global?.apiUrl ?? this.regions[0]!.apiUrl;
    this.apiUrls = byRegion((r) => r.apiUrl);
    this.dashboards = byRegion((r) => r.dashboardUrl);
    this.requestLogBuckets = byRegion((r) => r.requestLogBucket);
    this.queues = byRegion((r) => r.queueName);
    this.regionDetails = pulumi
      .all(this.regions.map((r) => pulumi.all([r.region, r.details ?? pulumi.output({} as RegionDetails)])))
      .apply((pairs) => Object.fromEntries(pairs));

    this.registerOutputs({
      apiUrl: this.apiUrl,
      apiUrls: this.apiUrls,
      dashboards: this.dashboards,
      requestLogBuckets: this.requestLogBuckets,
      queues: this.queues,
      regionDetails: this.regionDetails,
      alertTopic: this.alertTopic,
      dnsRecords: this.dnsRecords,
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
    ...(platform.alertTopic ? { alertTopic: platform.alertTopic } : {}),
    ...(platform.dnsRecords ? { dnsRecords: platform.dnsRecords } : {}),
  };
}
