import type { Rule } from "./rule";

export const failoverAwsDomain: Rule = {
  id: "failover-aws-domain",
  doc: "on aws, failover has api.domain, the name Route 53 routes to the healthy regions",
  check(c) {
    const failover = c.failover && typeof c.failover === "object" ? c.failover : undefined;
    const api = c.api && typeof c.api === "object" ? c.api : undefined;
    if (c.cloud !== "aws" || !failover || typeof api?.domain === "string") return [];
    return [{ path: ["api", "domain"], message: "is required with failover on aws: the DNS name callers use, routed by Route 53 to the healthy regions (e.g. api.example.com)" }];
  },
};
