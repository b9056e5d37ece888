import type { Rule } from "./rule";

export const enterpriseRegionsNeedFailover: Rule = {
  id: "enterprise-regions-need-failover",
  doc: "an AWS enterprise stack with several regions sets failover (on gcp the global load balancer fails over by itself)",
  check(c) {
    if (c.cloud !== "aws" || c.stage !== "enterprise" || !Array.isArray(c.regions) || c.regions.length <= 1 || c.failover) return [];
    return [{ path: ["failover"], message: "is required when an enterprise stack has several regions" }];
  },
};
