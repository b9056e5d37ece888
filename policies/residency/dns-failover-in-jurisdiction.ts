import { resourcePolicy } from "../lib/define";
import { type Cloud, arr, label, normaliseLocation, obj, str } from "../lib/resources";

/** AWS regional endpoints name their region: `abc.execute-api.eu-west-1.amazonaws.com`, `x.elb.us-east-1.amazonaws.com`. */
const awsHostRegion = /\.([a-z]{2}(?:-gov)?-[a-z]+-\d)\.amazonaws\.com\.?$/;

/**
 * Failover and traffic routing must not send users (and their prompts) to a region outside the
 * jurisdiction: Route 53 records (latency regions, alias targets and record values that are AWS
 * regional endpoints) and Cloud DNS routing policies (geo locations, backup geos, internal load
 * balancer regions).
 *
 * Severity: critical. Enforcement: mandatory.
 * Rationale: a failover target processes the traffic it receives; failing over to another
 * jurisdiction transfers data exactly when nobody is watching.
 * CIS / Checkov / tfsec: none.
 */
export const dnsFailoverInJurisdiction = resourcePolicy("residency", {
  name: "dns-failover-in-jurisdiction",
  description: "DNS failover and routing targets are regions of the jurisdiction.",
  enforcementLevel: "mandatory",
  severity: "critical",
  mappings: [],
  validate: (r, s, report) => {
    if (s.jurisdiction === "global") return;
    const targets: { cloud: Cloud; region: string; what: string }[] = [];
    const p = r.props;
    if (r.type === "aws:route53/record:Record") {
      for (const l of arr(p.latencyRoutingPolicies)) { const region = str(obj(l).region); if (region) targets.push({ cloud: "aws", region, what: "latency region" }); }
      for (const a of arr(p.aliases)) {
        const name = str(obj(a).name);
        const region = name ? awsHostRegion.exec(name)?.[1] : undefined;
        if (region) targets.push({ cloud: "aws", region, what: `alias ${name}` });
      }
      for (const v of arr(p.records)) {
        const region = typeof v === "string" ? awsHostRegion.exec(v)?.[1] : undefined;
        if (region) targets.push({ cloud: "aws", region, what: `record ${String(v)}` });
      }
    } else if (r.type === "gcp:dns/recordSet:RecordSet") {
      const rp = obj(p.routingPolicy);
      for (const g of arr(rp.geos)) { const l = str(obj(g).location); if (l) targets.push({ cloud: "gcp", region: normaliseLocation(l), what: "geo routing location" }); }
      const pb = obj(rp.primaryBackup);
      for (const g of arr(pb.backupGeos)) { const l = str(obj(g).location); if (l) targets.push({ cloud: "gcp", region: normaliseLocation(l), what: "failover backup location" }); }
      for (const lb of arr(obj(pb.primary).internalLoadBalancers)) {
        const region = str(obj(lb).region);
        if (region) targets.push({ cloud: "gcp", region: normaliseLocation(region), what: "failover primary load balancer" });
      }
    } else {
      return;
    }
    for (const t of targets) {
      if (!s.allowedRegions[t.cloud].includes(t.region)) {
        report(`${label(r)} routes traffic to ${t.region} (${t.what}), outside jurisdiction ${s.jurisdiction}; allowed ${t.cloud} regions: ${s.allowedRegions[t.cloud].join(", ")}`);
      }
    }
  },
});
