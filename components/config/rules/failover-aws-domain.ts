import { apiDns, failoverSet } from "./read";
import type { Rule } from "./rule";

export const failoverAwsDomain: Rule = {
  id: "failover-aws-domain",
  doc: "on aws, failover has api.domain, the name Route 53 routes to the healthy regions",
  check(c) {
    if (c.cloud !== "aws" || !failoverSet(c) || apiDns(c).domain !== undefined) return [];
    return [{ path: ["api", "domain"], message: "is required with failover on aws: the DNS name callers use, routed by Route 53 to the healthy regions (e.g. api.example.com)" }];
  },
};
