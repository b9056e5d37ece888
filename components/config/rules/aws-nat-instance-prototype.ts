import { stages } from "../schema";
import type { Rule } from "./rule";

/**
 * A NAT instance is one EC2 instance in one zone with no managed failover: fine for a prototype's
 * single task, not for the stages that spread the gateway over zones (and whose cluster's nodes
 * route through the NAT gateway).
 */
export const awsNatInstancePrototype: Rule = {
  id: "aws-nat-instance-prototype",
  doc: "network.egress nat-instance is used at stage prototype only",
  check(c) {
    const network = c.network && typeof c.network === "object" ? (c.network as Record<string, unknown>) : undefined;
    // An unknown stage is the schema's error alone.
    const laterStage = stages.includes(c.stage as (typeof stages)[number]) && c.stage !== "prototype";
    if (c.cloud !== "aws" || network?.egress !== "nat-instance" || !laterStage) return [];
    return [
      {
        path: ["network", "egress"],
        message: `nat-instance is for stage prototype only (one instance, one zone, no managed failover); at stage ${String(c.stage)} use nat-gateway`,
        value: network.egress,
      },
    ];
  },
};
