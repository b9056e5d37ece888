import { isMultiLocation } from "../lib/gcp-locations";
import { resourcePolicy } from "../lib/define";
import { cloudOf, label, placementOf } from "../lib/resources";

/**
 * Every regional resource (bucket, cache, queue, cluster, GPU node pool, gateway service, secret
 * replica...) lies in a region of the stack's jurisdiction. The region is the resource's own
 * `region`/`location`/`zone` input, else its provider's region; a resource whose region cannot be
 * known is refused, since "unknown" cannot be shown to be inside.
 *
 * Severity: critical. Enforcement: mandatory.
 * Rationale: data residency (GDPR Chapter V and similar laws): data at rest must stay in the
 * jurisdiction. The stack spec already rejects a region outside it; this catches the resource
 * level, where a library user, a stray provider or a hand-added resource can still place data.
 * CIS / Checkov / tfsec: none (residency is organisation policy, not a benchmark control).
 */
export const regionalResourceInJurisdiction = resourcePolicy("residency", {
  name: "regional-resource-in-jurisdiction",
  description: "Every regional resource is placed in a region of the stack's jurisdiction.",
  enforcementLevel: "mandatory",
  severity: "critical",
  mappings: [],
  validate: (r, s, report) => {
    const cloud = cloudOf(r.type);
    if (!cloud || s.jurisdiction === "global") return;
    const placement = placementOf(r);
    if (!placement.regional) return;
    if (!placement.location) {
      report(`${label(r)} has no region (no region or location input and no provider region), so it cannot be shown to stay in jurisdiction ${s.jurisdiction}`);
      return;
    }
    // Multi- and dual-region storage locations are judged by storage-location-in-jurisdiction.
    if (placement.location === "global" || isMultiLocation(placement.location)) return;
    const allowed = s.allowedRegions[cloud];
    if (!allowed.includes(placement.location)) {
      const via = placement.source === "provider" ? " (its provider's region)" : "";
      report(`${label(r)} is in ${placement.location}${via}, outside jurisdiction ${s.jurisdiction}; allowed ${cloud} regions: ${allowed.join(", ")}`);
    }
  },
});
