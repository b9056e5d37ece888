import * as pulumi from "@pulumi/pulumi";
import type { Stack } from "../config/model";
import { buildCloud } from "./adapters";
import type { AlertTarget, DnsRecord, RegionDetails, RegionDetailsInputs, RegionalPlatform } from "./contract";
import { stackTags } from "./tags";

export interface AiPlatformArgs {
  /** The parsed stack (`parseStack()` / `readStack()`); components never read raw config. */
  stack: Stack;
}

/** The region's details output, without the entries the stage does not have. */
export function regionDetailsOutput(entries: RegionDetailsInputs): pulumi.Output<RegionDetails> {
  const present = Object.entries(entries).filter(([, v]) => v !== undefined);
  return pulumi.all(present.map(([, v]) => v)).apply((values): RegionDetails => Object.fromEntries(present.map(([k], i) => [k, values[i]])));
}

/** The stack's alert target as the one string output it has always been (an ARN; channel ids, comma-separated). */
export function alertTargetOutput(target: AlertTarget): pulumi.Output<string> {
  return target.kind === "sns-topic" ? target.arn : target.ids.apply((ids) => ids.join(","));
}

/**
 * The whole stack: one `RegionalPlatform` per region from the cloud's adapter, then the
 * stack-wide pieces (front door, failover, budgets). Child names depend only on the region, never
 * on the stage, so promotion keeps every URN. Outputs and region details are assembled here, once,
 * for both clouds.
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
  /** The stack's alert target, when the stage has alerts. */
  readonly alertTopic?: pulumi.Output<string>;
  /** DNS records to create for the entry point (see `GlobalParts.dnsRecords`). */
  readonly dnsRecords?: pulumi.Output<DnsRecord[]>;

  constructor(name: string, args: AiPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ai-infra:platform:AiPlatform", name, {}, opts);
    const { stack } = args;
    const { regions, global } = buildCloud(name, { stack, tags: stackTags(stack) }, { parent: this });
    this.regions = regions;
    if (global.alerts) this.alertTopic = alertTargetOutput(global.alerts);
    if (global.dnsRecords) this.dnsRecords = global.dnsRecords;

    const byRegion = (pick: (r: RegionalPlatform) => pulumi.Output<string> | undefined) =>
      pulumi
        .all(regions.map((r) => pulumi.all([r.region, pick(r) ?? ""])))
        .apply((pairs) => Object.fromEntries(pairs.filter(([, v]) => v !== "")));

    this.apiUrl = global.apiUrl ?? regions[0]!.apiUrl;
    this.apiUrls = byRegion((r) => r.apiUrl);
    this.dashboards = byRegion((r) => r.dashboardUrl);
    this.requestLogBuckets = byRegion((r) => r.requestLogBucket);
    this.queues = byRegion((r) => r.queueName);
    this.regionDetails = pulumi
      .all(regions.map((r) => pulumi.all([r.region, regionDetailsOutput(r.details)])))
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
export function platformOutputs(stack: Stack, platform: AiPlatform) {
  return {
    stage: stack.stage,
    cloud: stack.cloud,
    regions: stack.regions,
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
