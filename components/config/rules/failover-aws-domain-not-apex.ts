import { apiDns } from "./read";
import type { Rule } from "./rule";

/**
 * The kit points `api.domain` at each region's API with CNAME records (`aws/failover.ts`), and
 * Route 53 refuses a CNAME whose name is the hosted zone's own name ("If you're creating a record
 * that has a value of CNAME for Type, the name of the record can't be the same as the name of the
 * hosted zone": https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-values-alias-common.html;
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-choosing-alias-non-alias.html).
 * Refused here rather than written as an alias A/AAAA record: an alias takes its target's TTL, and
 * `failover.ttlSeconds` is part of the recovery time the stack promises (`failoverRto`).
 */
export const failoverAwsDomainNotApex: Rule = {
  id: "failover-aws-domain-not-apex",
  doc: "on aws, api.domain is a name under the hosted zone api.dnsZoneName, not the zone apex itself",
  check(c) {
    const { domain, zoneName } = apiDns(c);
    if (c.cloud !== "aws" || domain === undefined || zoneName === undefined) return [];
    const bare = (s: string) => s.replace(/\.$/, "").toLowerCase();
    if (bare(domain) !== bare(zoneName)) return [];
    return [
      {
        path: ["api", "domain"],
        message: `is the apex of hosted zone ${zoneName}, where Route 53 refuses the CNAME records the kit writes; allowed: a name ending in .${bare(zoneName)} (e.g. api.${bare(zoneName)})`,
        value: domain,
      },
    ];
  },
};
