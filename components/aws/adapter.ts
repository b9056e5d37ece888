import type { AwsStack } from "../config/model";
import { type AlertTarget, type GlobalParts, defineAdapter } from "../platform/contract";
import { BudgetAlerts } from "./budgets";
import { estimatedCostPerRequest } from "./dashboard";
import { Global, type GlobalArgs, needsGlobal } from "./global";
import { withDeletionProtection } from "./protection";
import { Region, type Shared } from "./region";

/** The stack's domain for `Global`: a domain lives in the Route 53 zone the stack names. */
function stackDomain(stack: AwsStack): GlobalArgs["domain"] {
  const { domain, dnsZone } = stack.api;
  // config/rules/failover-aws-dns-zone.ts refuses a domain without its zone on AWS; the pair is read together here.
  if (domain === undefined || dnsZone === undefined) return undefined;
  return { domain, zoneId: dnsZone, ...(stack.stage === "enterprise" && stack.failover ? { failover: stack.failover } : {}) };
}

/**
 * The AWS side of the platform: one `Region` per region; then, once per stack, the budgets and
 * alerts (`BudgetAlerts`, from growth, in the primary region, with the primary's health alerts)
 * and the stack-wide pieces over the typed regions (`Global`: the stack's domain with failover
 * routing, and every other region's health alerts on a topic of its own region).
 *
 * At a stage with `deletionProtection` every stateful resource below is created protected
 * (`protectStateful`, applied to each component's whole subtree).
 */
export const awsAdapter = defineAdapter<AwsStack, Region, Shared>({
  cloud: "aws",
  createRegion(name, args, opts, primary) {
    return new Region(name, args, withDeletionProtection(opts, args.stack.deletionProtection), primary);
  },
  createGlobal(name, { stack, tags, regions }, opts): GlobalParts {
    const protectedOpts = withDeletionProtection(opts, stack.deletionProtection);
    const [primary] = regions;
    // `BudgetAlerts` keeps the name `${name}` it has always had: its topic and key are stateful.
    const costPerRequestUsd = stack.stage === "prototype" ? undefined : estimatedCostPerRequest(stack);
    const budgets =
      stack.stage === "prototype"
        ? undefined
        : new BudgetAlerts(
            name,
            {
              budget: stack.budget,
              project: stack.project,
              stack: stack.stack,
              primaryRegion: stack.primaryRegion,
              regionCount: stack.regions.length,
              ...(costPerRequestUsd === undefined ? {} : { costPerRequestUsd }),
              tags,
              primary: { apiName: primary.apiName, stageName: primary.apiStageName, health: primary.health },
            },
            protectedOpts,
          );
    const alerts: AlertTarget | undefined = budgets ? { kind: "sns-topic", arn: budgets.alertTopic } : undefined;
    const domain = stackDomain(stack);
    const globalArgs: GlobalArgs = { stack: stack.stack, tags, regions, ...(domain ? { domain } : {}), ...(stack.budget ? { notify: stack.budget.notify } : {}) };
    const global = needsGlobal(globalArgs) ? new Global(`${name}-stack`, globalArgs, protectedOpts) : undefined;
    return { ...(global?.apiUrl ? { apiUrl: global.apiUrl } : {}), ...(alerts ? { alerts } : {}) };
  },
});
