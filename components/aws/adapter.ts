import { defineAdapter } from "../platform/capabilities";
import { BudgetAlerts } from "./budgets";
import { AwsRegion } from "./region";

/**
 * The AWS side of the platform: one `AwsRegion` per region, and from the growth stage on the
 * stack-wide budgets and alerts (once per stack, in the primary region), with the primary
 * region's health alarms on the alert topic. Other regions' health alarms are not created yet:
 * CloudWatch alarms notify topics of their own region (README, "not verified / not done").
 */
export const awsAdapter = defineAdapter<AwsRegion>({
  cloud: "aws",
  createRegion(name, args, opts) {
    return new AwsRegion(name, args, opts);
  },
  createGlobal(name, args, opts) {
    if (!args.spec.capabilities.budgets) return undefined;
    const primary = args.regions[0];
    return new BudgetAlerts(
      name,
      {
        spec: args.spec,
        tags: args.tags,
        ...(primary ? { primary: { apiName: primary.apiName, stageName: primary.apiStageName, health: primary.health } } : {}),
      },
      opts,
    );
  },
});
