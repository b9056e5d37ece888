import { defineAdapter } from "../platform/contract";
import { BudgetAlerts } from "./budgets";
import { AwsGlobal, needsAwsGlobal } from "./global";
import { withDeletionProtection } from "./protection";
import { AwsRegion } from "./region";

/**
 * The AWS side of the platform: one `AwsRegion` per region; then, once per stack, the budgets and
 * alerts (`BudgetAlerts`, from growth, in the primary region, with the primary's health alarms)
 * and the stack-wide pieces over the typed regions (`AwsGlobal`: the stack's domain with failover
 * routing, and every other region's health alarms on a topic of its own region).
 *
 * At a stage with `deletionProtection` every stateful resource below is created protected
 * (`protectStateful`, applied to each component's whole subtree).
 */
export const awsAdapter = defineAdapter<AwsRegion>({
  cloud: "aws",
  createRegion(name, args, opts, earlier) {
    // A secondary region joins the primary's global keys database (typed: no downcast).
    const primaryDatabase = earlier[0]?.database?.global;
    return new AwsRegion(name, args, withDeletionProtection(opts, args.spec.deletionProtection), primaryDatabase);
  },
  createGlobal(name, args, opts) {
    const { spec, tags, regions } = args;
    const primary = regions[0];
    // `BudgetAlerts` keeps the name `${name}` it has always had: its topic and key are stateful.
    const budgets = spec.capabilities.budgets
      ? new BudgetAlerts(
          name,
          {
            spec,
            tags,
            ...(primary ? { primary: { apiName: primary.apiName, stageName: primary.apiStageName, health: primary.health } } : {}),
          },
          withDeletionProtection(opts, spec.deletionProtection),
        )
      : undefined;
    if (!needsAwsGlobal(spec)) return budgets;
    return new AwsGlobal(`${name}-stack`, { spec, tags, regions, ...(budgets ? { alertTopic: budgets.alertTopic } : {}) }, opts);
  },
});
