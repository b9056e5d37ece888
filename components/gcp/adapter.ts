import type { CloudAdapter } from "../platform/capabilities";
import { GcpBudgets, billingAccountOf } from "./budgets";
import { GcpRegion } from "./region";

/** The GCP side of the platform contract: one `GcpRegion` per region, then stack-wide budgets. */
export const gcpAdapter: CloudAdapter = {
  cloud: "gcp",
  createRegion(name, args, opts) {
    return new GcpRegion(name, args, opts);
  },
  createGlobal(name, args, opts) {
    if (!args.spec.capabilities.budgets) return undefined;
    const spendCheckConfigIds = args.regions
      .filter((r): r is GcpRegion => r instanceof GcpRegion)
      .flatMap((r) => (r.usage.spendCheckConfigId ? [r.usage.spendCheckConfigId] : []));
    const gcpRegions = args.regions.filter((r): r is GcpRegion => r instanceof GcpRegion);
    const primary = gcpRegions[0];
    const health = gcpRegions.map((r) => ({ region: r.region, serviceName: r.gateway.serviceName, deadLetterSubscription: r.queue?.deadLetterSubscription.name }));
    return new GcpBudgets(
      name,
      { spec: args.spec, tags: args.tags, billingAccount: billingAccountOf(args.spec), spendCheckConfigIds, servicesReady: primary ? [primary.services] : [], health },
      opts,
    );
  },
};
