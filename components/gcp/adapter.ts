import { defineAdapter } from "../platform/contract";
import { GcpBudgets, billingAccountOf } from "./budgets";
import { FrontDoor } from "./front-door";
import { GcpRegion } from "./region";

/**
 * The GCP side of the platform contract: one `GcpRegion` per region, then the stack-wide pieces:
 * the front door (one global load balancer over every region's gateway, at every stage) and, from
 * growth, the budgets.
 */
export const gcpAdapter = defineAdapter<GcpRegion>({
  cloud: "gcp",
  createRegion(name, args, opts, earlier) {
    return new GcpRegion(name, args, opts, earlier);
  },
  createGlobal(name, args, opts) {
    const primary = args.regions[0];
    if (!primary || !args.spec.gcpProject) throw new Error("a GCP stack has at least one region and a gcpProject (the spec validates this)");
    const frontDoor = new FrontDoor(
      `${name}-frontdoor`,
      {
        spec: args.spec,
        gcpProject: args.spec.gcpProject,
        backends: args.regions.map((r) => ({ region: r.region, serviceName: r.gateway.serviceName, provider: r.provider })),
        provider: primary.provider,
        dependsOn: [primary.services],
      },
      opts,
    );
    if (args.spec.capabilities.budgets) {
      const spendCheckConfigIds = args.regions.flatMap((r) => (r.usage.spendCheckConfigId ? [r.usage.spendCheckConfigId] : []));
      const health = args.regions.map((r) => ({
        region: r.region,
        serviceName: r.gateway.serviceName,
        deadLetterSubscription: r.queue?.deadLetterSubscription.name,
        frontDoorBackend: frontDoor.negs[r.region]!.name,
      }));
      // Named `name` as before the front door existed: its URNs stay.
      const budgets = new GcpBudgets(
        name,
        { spec: args.spec, tags: args.tags, billingAccount: billingAccountOf(args.spec), spendCheckConfigIds, servicesReady: [primary.services], health },
        opts,
      );
      // The platform reads the stack's alert channels (`alertTopic`) from the one global piece it gets.
      if (budgets.alertTopic) return Object.assign(frontDoor, { alertTopic: budgets.alertTopic });
    }
    return frontDoor;
  },
});
