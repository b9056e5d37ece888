import { cacheBucketEnv } from "../../components/gateway/cache-tiers";
import { gcsPlacement, multiRegionInside } from "../lib/gcp-locations";
import { stackPolicy } from "../lib/define";
import { containerEnv } from "../lib/gateway-config";
import { bucketTypes, gatewayRuntimeTypes } from "../lib/request-log";
import { cloudOf, identifiers, label, normaliseLocation, ofType, placementOf, str } from "../lib/resources";

/**
 * The cold tier of the response cache (`cache.tiers.cold`) — cached answers, as personal as the
 * request log — is stored inside the jurisdiction: the bucket the gateway is told to use
 * (`AI_INFRA_CACHE_BUCKET` on its container) is a bucket of this stack whose location is allowed.
 * A bucket outside the stack cannot be located offline and is refused. Found through the wiring,
 * not a name, as the request log is (request-log-store-in-jurisdiction).
 *
 * Severity: critical. Enforcement: mandatory.
 * Rationale: a cache tier is a copy of answers; a copy outside the jurisdiction is data stored there.
 * CIS / Checkov / tfsec: none.
 */
export const cacheColdStoreInJurisdiction = stackPolicy("residency", {
  name: "cache-cold-store-in-jurisdiction",
  description: "The gateway's cold cache tier is stored inside the jurisdiction.",
  enforcementLevel: "mandatory",
  severity: "critical",
  mappings: [],
  validate: (resources, s, report) => {
    if (s.jurisdiction === "global") return;
    const buckets = ofType(resources, ...bucketTypes);
    for (const g of ofType(resources, ...gatewayRuntimeTypes)) {
      const name = containerEnv(g)[cacheBucketEnv];
      if (!name) continue;
      const cloud = cloudOf(g.type)!;
      const allowed = s.allowedRegions[cloud];
      const bucket = buckets.find((b) => identifiers(b).has(name));
      if (!bucket) {
        report(`${label(g)} keeps its cold cache tier in bucket ${name}, which is not a bucket of this stack, so its location cannot be shown to be inside jurisdiction ${s.jurisdiction}`, g.urn);
        continue;
      }
      const gcs = bucket.type === "gcp:storage/bucket:Bucket";
      const location = gcs ? str(bucket.props.location) : placementOf(bucket).location;
      if (!location) continue;
      const p = gcs ? gcsPlacement(location) : { kind: "region" as const, regions: [location] };
      const inside = p.kind === "multi-region" ? multiRegionInside(p.area, s.jurisdiction) : p.regions.every((x) => allowed.includes(normaliseLocation(x)));
      if (!inside) {
        report(`${label(g)} keeps its cold cache tier in ${bucket.name} in ${normaliseLocation(location)}, outside jurisdiction ${s.jurisdiction}; allowed ${cloud} regions: ${allowed.join(", ")}`, g.urn);
      }
    }
  },
});
