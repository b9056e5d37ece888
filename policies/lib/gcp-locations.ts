import type { Jurisdiction } from "../../components/config/regions";
import { jurisdictionRegions } from "../../components/config/regions";
import { normaliseLocation } from "./resources";

/**
 * GCP locations that span several regions. A multi-region stores data anywhere inside its area
 * (GCS and BigQuery say `EU`/`US`/`ASIA`, Artifact Registry and Cloud KMS `europe`/`us`/`asia`);
 * a predefined GCS dual-region stores it in exactly two regions. The regions of a dual-region are
 * checked against the jurisdiction's own region list, so one that includes London (EUR5, EUR7) or
 * Zurich (EUR8) is outside `eu` even though its name says EUR.
 */
export const gcpMultiRegions: Record<string, Exclude<Jurisdiction, "global"> | undefined> = {
  eu: "eu",
  europe: "eu",
  us: "us",
  // Asia spans several countries; no single jurisdiction holds it.
  asia: undefined,
};

export const gcsDualRegions: Record<string, readonly string[]> = {
  asia1: ["asia-northeast1", "asia-northeast2"],
  eur4: ["europe-north1", "europe-west4"],
  eur5: ["europe-west1", "europe-west2"],
  eur7: ["europe-west2", "europe-west3"],
  eur8: ["europe-west3", "europe-west6"],
  nam4: ["us-central1", "us-east1"],
};

export type GcsPlacement =
  | { kind: "region"; regions: string[] }
  | { kind: "dual-region"; regions: string[] }
  | { kind: "multi-region"; area: string; jurisdiction?: Exclude<Jurisdiction, "global"> };

/** What a GCP `location` (plus a bucket's `customPlacementConfig.dataLocations`) means in regions. */
export function gcsPlacement(location: string, dataLocations: readonly string[] = []): GcsPlacement {
  const l = normaliseLocation(location);
  if (dataLocations.length > 0) return { kind: "dual-region", regions: dataLocations.map(normaliseLocation) };
  if (l in gcsDualRegions) return { kind: "dual-region", regions: [...gcsDualRegions[l]!] };
  if (l in gcpMultiRegions) return { kind: "multi-region", area: l, jurisdiction: gcpMultiRegions[l] };
  return { kind: "region", regions: [l] };
}

/** Whether a location spans more than one region (the residency region check leaves those to the storage check). */
export function isMultiLocation(location: string): boolean {
  const l = normaliseLocation(location);
  return l in gcsDualRegions || l in gcpMultiRegions;
}

/** A multi-region lies inside a jurisdiction when it is that jurisdiction's own area. */
export function multiRegionInside(area: string, jurisdiction: Jurisdiction): boolean {
  if (jurisdiction === "global") return true;
  return gcpMultiRegions[area] === jurisdiction && jurisdictionRegions[jurisdiction].gcp.length > 0;
}
