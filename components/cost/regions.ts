import type { Source } from "./rates";

/**
 * Region multipliers: the price of a `regional` rate in a region is the base-region price (AWS
 * us-east-1, GCP us-central1) times the multiplier. The clouds price most regional services within
 * a few percent of one another per region, so one factor per region is the model's granularity.
 *
 * Basis: third-party summaries of the official per-region price lists ("other regions are
 * typically 10-30% higher" than us-east-1, cloudburn.io 2026-04-01; NAT gateway eu-west-1
 * $0.048 vs $0.045, cloudpipelines.pages.dev 2026). The per-region factors below are rounded from
 * those; they are not read from an official page and are marked as such. A region missing here is
 * priced at the base region with a note saying so, never silently.
 */
export const regionSource: Source = {
  url: "https://cloudburn.io/blog/aws-fargate-pricing",
  date: "2026-04-01",
  basis: "third-party",
  note: "'Other regions are typically 10-30% higher' than us-east-1; per-region factors rounded from the official price lists, not read from them here",
};

export const regionMultipliers: Readonly<Record<"aws" | "gcp", Readonly<Record<string, number>>>> = {
  aws: {
    "us-east-1": 1,
    "us-east-2": 1,
    "us-west-2": 1,
    "us-west-1": 1.17,
    "ca-central-1": 1.1,
    "eu-west-1": 1.07,
    "eu-west-2": 1.12,
    "eu-central-1": 1.15,
    "eu-north-1": 1.05,
    "ap-northeast-1": 1.25,
    "ap-southeast-2": 1.22,
    "ap-south-1": 1.1,
    "sa-east-1": 1.5,
  },
  gcp: {
    "us-central1": 1,
    "us-east1": 1,
    "us-west1": 1,
    "us-east4": 1.13,
    "us-west4": 1.13,
    "us-south1": 1.18,
    "northamerica-northeast1": 1.1,
    "europe-west1": 1.1,
    "europe-west4": 1.1,
    "europe-west2": 1.2,
    "europe-west3": 1.2,
    "asia-northeast1": 1.25,
    "asia-southeast1": 1.2,
  },
};

export interface RegionFactor {
  multiplier: number;
  /** Set when the region is not in the table and the base price stands in. */
  note?: string;
}

export function regionFactor(cloud: "aws" | "gcp", region: string | null): RegionFactor {
  if (region === null) return { multiplier: 1 };
  const m = regionMultipliers[cloud][region];
  if (m !== undefined) return { multiplier: m };
  const base = cloud === "aws" ? "us-east-1" : "us-central1";
  return { multiplier: 1, note: `${region} is not in the region multiplier table: priced at ${base} prices` };
}
