/**
 * Region and jurisdiction tables. The spec rejects a region the cloud does not have, or one
 * outside the stack's jurisdiction; the residency policy pack reads the same tables so that the
 * two can never disagree.
 */

export const clouds = ["aws", "gcp"] as const;
export type Cloud = (typeof clouds)[number];

export const jurisdictions = ["eu", "us", "uk", "ca", "au", "jp", "global"] as const;
export type Jurisdiction = (typeof jurisdictions)[number];

/** Public commercial regions of each cloud (GovCloud, China and sovereign partitions excluded). */
export const cloudRegions: Record<Cloud, readonly string[]> = {
  aws: [
    "us-east-1", "us-east-2", "us-west-1", "us-west-2",
    "ca-central-1", "ca-west-1",
    "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-central-2",
    "eu-north-1", "eu-south-1", "eu-south-2",
    "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
    "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
    "ap-south-1", "ap-south-2", "ap-east-1",
    "sa-east-1", "me-south-1", "me-central-1", "af-south-1", "il-central-1", "mx-central-1",
  ],
  gcp: [
    "us-central1", "us-east1", "us-east4", "us-east5", "us-south1",
    "us-west1", "us-west2", "us-west3", "us-west4",
    "northamerica-northeast1", "northamerica-northeast2", "northamerica-south1",
    "europe-west1", "europe-west2", "europe-west3", "europe-west4", "europe-west6",
    "europe-west8", "europe-west9", "europe-west10", "europe-west12",
    "europe-north1", "europe-north2", "europe-central2", "europe-southwest1",
    "asia-east1", "asia-east2", "asia-northeast1", "asia-northeast2", "asia-northeast3",
    "asia-south1", "asia-south2", "asia-southeast1", "asia-southeast2",
    "australia-southeast1", "australia-southeast2",
    "southamerica-east1", "southamerica-west1",
    "me-central1", "me-central2", "me-west1", "africa-south1",
  ],
};

/**
 * Regions in which data of a jurisdiction may be processed and stored. The EU list keeps to
 * member states (Zurich and London are outside the EU; London is the `uk` jurisdiction).
 * `global` allows every region of the cloud.
 */
export const jurisdictionRegions: Record<Exclude<Jurisdiction, "global">, Record<Cloud, readonly string[]>> = {
  eu: {
    aws: ["eu-west-1", "eu-west-3", "eu-central-1", "eu-north-1", "eu-south-1", "eu-south-2"],
    gcp: [
      "europe-west1", "europe-west3", "europe-west4", "europe-west8", "europe-west9",
      "europe-west10", "europe-west12", "europe-north1", "europe-north2", "europe-central2",
      "europe-southwest1",
    ],
  },
  us: {
    aws: ["us-east-1", "us-east-2", "us-west-1", "us-west-2"],
    gcp: ["us-central1", "us-east1", "us-east4", "us-east5", "us-south1", "us-west1", "us-west2", "us-west3", "us-west4"],
  },
  uk: { aws: ["eu-west-2"], gcp: ["europe-west2"] },
  ca: { aws: ["ca-central-1", "ca-west-1"], gcp: ["northamerica-northeast1", "northamerica-northeast2"] },
  au: { aws: ["ap-southeast-2", "ap-southeast-4"], gcp: ["australia-southeast1", "australia-southeast2"] },
  jp: { aws: ["ap-northeast-1", "ap-northeast-3"], gcp: ["asia-northeast1", "asia-northeast2"] },
};

/** The regions a stack of this cloud and jurisdiction may use. */
export function allowedRegions(cloud: Cloud, jurisdiction: Jurisdiction): readonly string[] {
  return jurisdiction === "global" ? cloudRegions[cloud] : jurisdictionRegions[jurisdiction][cloud];
}

/** Which jurisdiction(s) a region belongs to (empty for regions only `global` allows). */
export function jurisdictionsOfRegion(cloud: Cloud, region: string): Jurisdiction[] {
  return (Object.keys(jurisdictionRegions) as Exclude<Jurisdiction, "global">[]).filter((j) =>
    jurisdictionRegions[j][cloud].includes(region),
  );
}
