import { inZone } from "../facts/aws";
import { apiDns } from "./read";
import type { Rule } from "./rule";

/** Route 53 refuses a record outside its zone only at `up`. */
export const failoverAwsDomainInZone: Rule = {
  id: "failover-aws-domain-in-zone",
  doc: "on aws, api.domain is in the hosted zone api.dnsZoneName",
  check(c) {
    const { domain, zoneName } = apiDns(c);
    if (c.cloud !== "aws" || domain === undefined || zoneName === undefined || inZone(domain, zoneName)) return [];
    return [{ path: ["api", "domain"], message: `is not in hosted zone ${zoneName}; allowed: a name ending in .${zoneName}`, value: domain }];
  },
};
