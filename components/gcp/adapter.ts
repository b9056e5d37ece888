import { type GcpStack, fromStage } from "../config/model";
import { defineAdapter } from "../platform/contract";
import { BudgetAlerts } from "./budgets";
import { FrontDoor } from "./front-door";
import { Region, type RegionShared } from "./region";

/**
 * The GCP side of the platform contract: one `Region` per region, then the stack-wide pieces:
 * the front door (one global load balancer over every region's gateway, at every stage) and, from
 * growth, the budget and alerts.
 */
export const gcpAdapter = defineAdapter<GcpStack, Region, RegionShared>({
  cloud: "gcp",
  createRegion(name, args, opts, primary) {
    return new Region(name, args, opts, primary);
  },
  createGlobal(name, { stack, tags, regions }, opts) {
    const [primary] = regions;
    const frontDoor = new FrontDoor(
      `${name}-frontdoor`,
      {
        gcpProject: stack.gcpProject,
        project: stack.project,
        stackName: stack.stack,
        api: stack.api,
        protect: stack.deletionProtection,
        backends: regions.map((r) => ({ region: r.region, serviceName: r.gateway.serviceName, provider: r.provider })),
        provider: primary.provider,
        dependsOn: [primary.services],
      },
      opts,
    );
    const entry = { apiUrl: frontDoor.apiUrl, dnsRecords: frontDoor.dnsRecords };
    if (!fromStage(stack, "growth")) return entry;

    // Named `name` as before the front door existed: its URNs stay.
    const budgets = new BudgetAlerts(
      name,
      {
        gcpProject: stack.gcpProject,
        region: stack.primaryRegion,
        stackName: stack.stack,
        budget: stack.budget,
        tags,
        billingAccount: stack.gcpBillingAccount,
        spendCheckConfigIds: regions.flatMap((r) => (r.usage.spendCheckConfigId ? [r.usage.spendCheckConfigId] : [])),
        servicesReady: [primary.services],
        health: regions.map((r) => ({
          region: r.region,
          serviceName: r.gateway.serviceName,
          deadLetterSubscription: r.queue?.deadLetterSubscription.name,
          frontDoorBackend: frontDoor.negs[r.region]?.name,
        })),
      },
      opts,
    );
    return { ...entry, ...(budgets.channelIds ? { alerts: { kind: "notification-channels" as const, ids: budgets.channelIds } } : {}) };
  },
});
