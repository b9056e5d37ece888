import type { Rule } from "./rule";

export const enterpriseRegionsNeedFailover: Rule = {
  id: "enterprise-regions-need-failover",
  doc: "an enterprise stack with several regions sets failover",
  check(c) {
    if (c.stage !== "enterprise" || !Array.isArray(c.regions) || c.regions.length <= 1 || c.failover) return [];
    return [{ path: ["failover"], message: "is required when an enterprise stack has several regions" }];
  },
};
