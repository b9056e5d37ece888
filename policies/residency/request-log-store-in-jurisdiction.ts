import { gcsPlacement, multiRegionInside } from "../lib/gcp-locations";
import { stackPolicy } from "../lib/define";
import { requestLogWiring } from "../lib/request-log";
import { cloudOf, label, normaliseLocation, placementOf, str } from "../lib/resources";

/**
 * The request/response log — every prompt and answer — is written inside the jurisdiction: the
 * region the gateway is told to log to is allowed, and the bucket it logs to is a bucket of this
 * stack whose location is allowed. A log bucket outside the stack cannot be located offline and
 * is refused.
 *
 * Severity: critical. Enforcement: mandatory.
 * Rationale: the log holds the personal data of every request; it is the one store residency
 * cannot do without.
 * CIS / Checkov / tfsec: none.
 */
export const requestLogStoreInJurisdiction = stackPolicy("residency", {
  name: "request-log-store-in-jurisdiction",
  description: "The gateway's request log is stored inside the jurisdiction.",
  enforcementLevel: "mandatory",
  severity: "critical",
  mappings: [],
  validate: (resources, s, report) => {
    if (s.jurisdiction === "global") return;
    for (const w of requestLogWiring(resources)) {
      const cloud = cloudOf(w.gateway.type)!;
      const allowed = s.allowedRegions[cloud];
      if (w.region && !allowed.includes(normaliseLocation(w.region))) {
        report(`${label(w.gateway)} writes request logs to region ${w.region}, outside jurisdiction ${s.jurisdiction}; allowed ${cloud} regions: ${allowed.join(", ")}`, w.gateway.urn);
      }
      if (w.bucketName && !w.bucket) {
        report(
          `${label(w.gateway)} writes request logs to bucket ${w.bucketName}, which is not a bucket of this stack, so its location cannot be shown to be inside jurisdiction ${s.jurisdiction}`,
          w.gateway.urn,
        );
        continue;
      }
      if (!w.bucket) continue;
      const location = w.bucket.type === "gcp:storage/bucket:Bucket" ? str(w.bucket.props.location) : placementOf(w.bucket).location;
      if (!location) continue;
      const p = w.bucket.type === "gcp:storage/bucket:Bucket" ? gcsPlacement(location) : { kind: "region" as const, regions: [location] };
      const inside =
        p.kind === "multi-region" ? multiRegionInside(p.area, s.jurisdiction) : p.regions.every((x) => allowed.includes(normaliseLocation(x)));
      if (!inside) {
        report(
          `${label(w.gateway)} writes request logs to ${w.bucket.name} in ${normaliseLocation(location)}, outside jurisdiction ${s.jurisdiction}; allowed ${cloud} regions: ${allowed.join(", ")}`,
          w.gateway.urn,
        );
      }
    }
  },
});
