import type { StackConfig } from "./schema";

export interface FailoverIssue {
  path: PropertyKey[];
  message: string;
  value?: unknown;
}

/** Route 53 hosted zone ids: `Z` and upper-case letters and digits (e.g. `Z0123456789ABCDEFGHIJ`). */
const route53ZoneId = /^Z[A-Z0-9]{1,31}$/;

/** Whether `domain` is the zone's apex or a name under it. */
export function inZone(domain: string, zone: string): boolean {
  const z = zone.replace(/\.$/, "").toLowerCase();
  const d = domain.replace(/\.$/, "").toLowerCase();
  return d === z || d.endsWith(`.${z}`);
}

/**
 * The stack's one name and its failover, before anything is registered:
 * - `failover` needs two regions or more (one region has nothing to fail over to);
 * - on AWS, `failover` needs `api.domain` (the name the records route) and `api.dnsZone`;
 * - on AWS, `api.domain` needs `api.dnsZone` (the certificate is validated and the records written
 *   there: without it the regional custom domain waits for a certificate that never issues) and
 *   `api.dnsZone` needs `api.dnsZoneName` (a zone given by id cannot be read offline), and
 *   `api.domain` must be in that zone (Route 53 refuses a record outside its zone only at `up`).
 * A second jurisdiction cannot be declared (`jurisdiction` is one value); a region outside it is
 * refused by the region check in `validate.ts`.
 */
export function checkFailover(c: Partial<StackConfig>): FailoverIssue[] {
  const out: FailoverIssue[] = [];
  const failover = c.failover && typeof c.failover === "object" ? c.failover : undefined;
  const regions = Array.isArray(c.regions) ? c.regions : undefined;
  if (failover && regions && regions.length < 2) {
    out.push({
      path: ["failover"],
      message: `needs at least two regions (ai-infra:regions lists ${regions.length}); add a region of the jurisdiction or remove failover`,
    });
  }
  if (c.cloud !== "aws") return out;
  const api = c.api && typeof c.api === "object" ? c.api : undefined;
  const domain = typeof api?.domain === "string" ? api.domain : undefined;
  const zone = typeof api?.dnsZone === "string" ? api.dnsZone : undefined;
  const zoneName = typeof api?.dnsZoneName === "string" ? api.dnsZoneName : undefined;
  if (failover && domain === undefined) {
    out.push({ path: ["api", "domain"], message: "is required with failover on aws: the DNS name callers use, routed by Route 53 to the healthy regions (e.g. api.example.com)" });
  }
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
  if (domain !== undefined && zoneName !== undefined && !inZone(domain, zoneName)) {
    out.push({ path: ["api", "domain"], message: `is not in hosted zone ${zoneName}; allowed: ${zoneName} or a name ending in .${zoneName}`, value: domain });
  }
  return out;
}
