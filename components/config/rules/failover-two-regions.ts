import { failoverSet } from "./read";
import type { Rule } from "./rule";

export const failoverTwoRegions: Rule = {
  id: "failover-two-regions",
  doc: "on aws, failover has at least two regions to fail over between",
  check(c) {
    if (c.cloud !== "aws" || !failoverSet(c) || !Array.isArray(c.regions) || c.regions.length >= 2) return [];
    return [
      {
        path: ["failover"],
        message: `needs at least two regions (ai-infra:regions lists ${c.regions.length}); add a region of the jurisdiction or remove failover`,
      },
    ];
  },
};
