import { defineAdapter } from "../platform/capabilities";
import { GcpBudgets, billingAccountOf } from "./budgets";
import { GcpRegion } from "./region";

/** The GCP side of the platform contract: one `GcpRegion` per region, then stack-wide budgets. */
export const gcpAdapter = defineAdapter<GcpRegion>({
  cloud: "gcp",
  createRegion(name, args, opts, earlier) {
    return new GcpRegion(name, args, opts, earlier);
  },
  createGlobal(name, args, opts) {
    if (!args.spec.capabilities.budgets) return undefined;
    const spendCheckConfigIds = args.regions.flatMap((r) => (r.usage.spendCheckConfigId ? [r.usage.spendCheckConfigId] : []));
    const primary = args.regions[0];
    const health = args.regions.map((r) => ({ region: r.region, serviceName: r.gateway.serviceName, deadLetterSubscription: r.queue?.deadLetterSubscription.name }));
    return new GcpBudgets(
      name,
      { spec: args.spec, tags: args.tags, billingAccount: billingAccountOf(args.spec), spendCheckConfigIds, servicesReady: primary ? [primary.services] : [], health },
      opts,
    );
  },
});
