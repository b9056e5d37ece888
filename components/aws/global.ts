import * as pulumi from "@pulumi/pulumi";
import type { AwsFailover, BudgetConfig } from "../config/model";
import { FailoverRouting } from "./failover";
import type { Region } from "./region";
import { RegionalAlerts } from "./regional-alerts";

/** The stack's one name callers use: the domain in its Route 53 zone, and the failover routing. */
export interface StackDomain {
  domain: string;
  /** The Route 53 hosted zone id of the domain. */
  zoneId: string;
  failover?: AwsFailover;
}

export interface GlobalArgs {
  /** The stack's name (alert topics' descriptions). */
  stack: string;
  tags: Record<string, string>;
  regions: readonly [Region, ...Region[]];
  /** With `api.domain`: the one name callers use. */
  domain?: StackDomain;
  /** From growth: who is notified (`budget.notify`); every region but the primary gets alerts of its own. */
  notify?: BudgetConfig["notify"];
}

/** Whether the stack has stack-wide AWS pieces beyond the budgets: a domain, or alerts in more than one region. */
export function needsGlobal(args: Pick<GlobalArgs, "domain" | "notify" | "regions">): boolean {
  return args.domain !== undefined || (args.notify !== undefined && args.regions.length > 1);
}

/**
 * The stack-wide AWS pieces over the regions, beside the budgets (`BudgetAlerts`, which keeps its
 * own name so no stack's URNs move):
 * - with `api.domain`: the one name callers use (`FailoverRouting`: a regional custom domain per
 *   region, health checks, failover or latency records); the stack's `apiUrl` is then
 *   `https://<domain>/v1` at every stage, so promotion never changes what callers use;
 * - from growth, for every region but the primary, its health alerts on a topic of its own region
 *   (the primary's are on the stack's alert topic).
 */
export class Global extends pulumi.ComponentResource {
  readonly apiUrl?: pulumi.Output<string>;

  constructor(name: string, args: GlobalArgs, opts: pulumi.ComponentResourceOptions) {
    super("ai-infra:aws:Global", name, {}, opts);
    const { regions, domain, notify } = args;
    if (domain) {
      const routing = new FailoverRouting(
        `${name}-dns`,
        {
          domain: domain.domain,
          zoneId: domain.zoneId,
          ...(domain.failover ? { failover: domain.failover } : {}),
          tags: args.tags,
          regions: regions.map((r) => ({ region: r.region, provider: r.provider, restApiId: r.restApiId, stageName: r.apiStageName, apiHost: r.apiHost })),
        },
        { parent: this },
      );
      this.apiUrl = routing.apiUrl;
    }
    if (notify) {
      for (const r of regions.slice(1)) {
        new RegionalAlerts(`${name}-alerts-${r.region}`, { region: r.region, stack: args.stack, notify, health: r.health }, { parent: this, provider: r.provider });
      }
    }
    this.registerOutputs({ apiUrl: this.apiUrl });
  }
}
