import * as pulumi from "@pulumi/pulumi";
import type { GlobalPlatform } from "../platform/contract";
import type { Spec } from "../config/validate";
import { FailoverRouting } from "./failover";
import { withDeletionProtection } from "./protection";
import type { AwsRegion } from "./region";
import { RegionalAlerts } from "./regional-alerts";

export interface AwsGlobalArgs {
  spec: Spec;
  tags: Record<string, string>;
  regions: AwsRegion[];
  /** The stack's alert topic (primary region), when the stage has budgets. */
  alertTopic?: pulumi.Output<string>;
}

/** Whether the stack has stack-wide AWS pieces beyond the budgets: a domain, or alarms in more than one region. */
export function needsAwsGlobal(spec: Spec): boolean {
  return spec.api.domain !== undefined || (spec.capabilities.budgets && spec.regions.length > 1);
}

/**
 * The stack-wide AWS pieces over the regions, beside the budgets (`BudgetAlerts`, which keeps its
 * own name so no stack's URNs move):
 * - with `api.domain`: the one name callers use (`FailoverRouting`: a regional custom domain per
 *   region, health checks, failover or latency records); the stack's `apiUrl` is then
 *   `https://<domain>/v1` at every stage, so promotion never changes what callers use;
 * - from growth, for every region but the primary, its health alarms on a topic of its own region
 *   (the primary's are on the stack's alert topic).
 */
export class AwsGlobal extends pulumi.ComponentResource implements GlobalPlatform {
  readonly apiUrl?: pulumi.Output<string>;
  readonly alertTopic?: pulumi.Output<string>;

  constructor(name: string, args: AwsGlobalArgs, opts: pulumi.ComponentResourceOptions) {
    super("ai-infra:aws:Global", name, {}, withDeletionProtection(opts, args.spec.deletionProtection));
    const { spec, regions } = args;
    if (args.alertTopic) this.alertTopic = args.alertTopic;
    const { domain, dnsZone } = spec.api;
    if (domain !== undefined) {
      // config/rules/failover-aws-dns-zone.ts requires the zone with a domain on AWS; a missing one here is a kit bug.
      if (dnsZone === undefined) throw new Error("api.domain on aws needs api.dnsZone (config/rules/failover-aws-dns-zone.ts)");
      const routing = new FailoverRouting(
        `${name}-dns`,
        {
          domain,
          zoneId: dnsZone,
          ...(spec.failover ? { failover: spec.failover } : {}),
          tags: args.tags,
          regions: regions.map((r) => ({ region: r.region, provider: r.provider, restApiId: r.restApiId, stageName: r.apiStageName, apiHost: r.apiHost })),
        },
        { parent: this },
      );
      this.apiUrl = routing.apiUrl;
    }
    if (spec.capabilities.budgets) {
      for (const r of regions.slice(1)) {
        new RegionalAlerts(
          `${name}-alerts-${r.region}`,
          { region: r.region, stack: spec.stack, notify: spec.budget.notify, health: r.health },
          { parent: this, provider: r.provider },
        );
      }
    }
    this.registerOutputs({ apiUrl: this.apiUrl, alertTopic: this.alertTopic });
  }
}
