import { gcsPlacement, multiRegionInside } from "../lib/gcp-locations";
import { resourcePolicy } from "../lib/define";
import { arr, label, obj, str } from "../lib/resources";

/**
 * A resource in a multi-region location — a GCS bucket in `EU`/`US`/`ASIA`, a BigQuery dataset in
 * `EU`/`US`, an Artifact Registry repository or KMS key ring in `europe`/`us`/`asia` — or a GCS
 * dual-region (`EUR4`, `NAM4`, or custom `dataLocations`) stores copies across that area: each
 * region of it must be in the jurisdiction. The EU multi-region is inside `eu`; `EUR5`/`EUR7`
 * include London and `EUR8` Zurich, so they are not.
 *
 * Severity: critical. Enforcement: mandatory.
 * Rationale: geo-redundant storage is replication the resource does by itself; the copy is as much
 * "stored" as the original.
 * CIS / Checkov / tfsec: none.
 */
export const storageLocationInJurisdiction = resourcePolicy("residency", {
  name: "storage-location-in-jurisdiction",
  description: "Multi-region and dual-region storage keeps every copy inside the jurisdiction.",
  enforcementLevel: "mandatory",
  severity: "critical",
  mappings: [],
  validate: (r, s, report) => {
    if (!r.type.startsWith("gcp:") || s.jurisdiction === "global") return;
    const location = str(r.props.location);
    if (!location) return;
    const dataLocations = arr(obj(r.props.customPlacementConfig).dataLocations).filter((x): x is string => typeof x === "string");
    const p = gcsPlacement(location, dataLocations);
    if (p.kind === "multi-region") {
      if (!multiRegionInside(p.area, s.jurisdiction)) {
        report(`${label(r)} uses the multi-region ${p.area.toUpperCase()}, which stores data outside jurisdiction ${s.jurisdiction}; use one of: ${s.allowedRegions.gcp.join(", ")}`);
      }
      return;
    }
    if (p.kind === "dual-region") {
      const outside = p.regions.filter((x) => !s.allowedRegions.gcp.includes(x));
      if (outside.length > 0) {
        report(`${label(r)} is a dual-region over ${p.regions.join(" and ")}; ${outside.join(", ")} is outside jurisdiction ${s.jurisdiction}`);
      }
    }
  },
});
