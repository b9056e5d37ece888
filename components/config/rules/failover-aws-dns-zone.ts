import { route53ZoneId } from "../facts/aws";
import { apiDns, failoverSet } from "./read";
import type { Issue, Rule } from "./rule";

/**
 * On AWS, the certificate of `api.domain` is validated and the failover records written in the
 * hosted zone `api.dnsZone` (without it the regional custom domain waits for a certificate that
 * never issues), and a zone given by id cannot be read offline: `api.dnsZoneName` names it.
 */
export const failoverAwsDnsZone: Rule = {
  id: "failover-aws-dns-zone",
  doc: "on aws, failover or api.domain has api.dnsZone, a Route 53 zone id, and api.dnsZone has api.dnsZoneName",
  check(c) {
    const out: Issue[] = [];
    if (c.cloud !== "aws") return out;
    const failover = failoverSet(c);
    const { domain, zone, zoneName } = apiDns(c);
    if ((failover || domain !== undefined) && zone === undefined) {
      out.push({
        path: ["api", "dnsZone"],
        message: `is required with ${failover ? "failover" : "api.domain"} on aws: the Route 53 hosted zone id (Z...) that holds the domain, where the kit validates its certificates and writes its records`,
      });
    }
    if (zone !== undefined && !route53ZoneId.test(zone)) {
      out.push({ path: ["api", "dnsZone"], message: "must be a Route 53 hosted zone id: Z followed by upper-case letters and digits (aws route53 list-hosted-zones)", value: zone });
    }
    if (zone !== undefined && zoneName === undefined) {
      out.push({ path: ["api", "dnsZoneName"], message: `is required with api.dnsZone on aws: the DNS name of hosted zone ${zone} (e.g. example.com), to check api.domain is in it` });
    }
    return out;
  },
};
