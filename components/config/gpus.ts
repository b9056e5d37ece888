import type { Cloud } from "./regions";

/**
 * The kit's GPU table: for each cloud, the accelerators a GPU pool may ask for, the machine shapes
 * that carry them, and the regions that offer them.
 *
 * Source: the clouds' public pages as of 2026 — AWS "Accelerated computing instance types" and the
 * per-region instance availability (`aws ec2 describe-instance-type-offerings`), Google Cloud
 * "GPU locations" (regions and zones per GPU model) and "GPU machine types". The table is
 * deliberately conservative: a region is listed only where the shape is generally available, so
 * the kit can reject a pool that would fail at `pulumi up` with "unsupported instance type". A
 * region missing here may still offer the GPU — add it (with its zones on GCP) when it does.
 */

/** One machine shape: how many GPUs of the accelerator it carries and the CPU/memory around them. */
export interface GpuShape {
  /** EC2 instance type or Compute Engine machine type. */
  type: string;
  gpus: number;
  vcpus: number;
  memoryGiB: number;
}

export interface GpuOffer {
  /** Memory per GPU in GiB; decides which models fit (weights + KV cache). */
  gpuMemoryGiB: number;
  /** The cloud's own accelerator id (GKE `guestAccelerator.type`); absent on AWS, where the instance type implies it. */
  cloudType?: string;
  /** Ascending by GPU count; a pool uses the smallest shape that fits its largest replica. */
  shapes: readonly GpuShape[];
  /**
   * Region → zones that have the GPU. On GCP a GPU pool is pinned to these zones (a regional node
   * pool fails to create in a zone without the GPU). On AWS the list is empty: the node group uses
   * the network's subnets, whose zones (`a`, `b`) carry these types in every listed region.
   */
  regions: Readonly<Record<string, readonly string[]>>;
}

const awsRegions = (...regions: string[]): Record<string, readonly string[]> => Object.fromEntries(regions.map((r) => [r, []]));
const gcpZones = (zones: Record<string, string>): Record<string, readonly string[]> =>
  Object.fromEntries(Object.entries(zones).map(([region, letters]) => [region, [...letters].map((l) => `${region}-${l}`)]));

export const gpuTable: Readonly<Record<Cloud, Readonly<Record<string, GpuOffer>>>> = {
  aws: {
    // The 1-GPU shapes are the 2xlarge sizes, not xlarge: vLLM needs ~6 vCPU / 24 GiB beside the GPU
    // for tokenisation, scheduling and the weight streamer's host buffer.
    "nvidia-t4": {
      gpuMemoryGiB: 16,
      shapes: [
        { type: "g4dn.2xlarge", gpus: 1, vcpus: 8, memoryGiB: 32 },
        { type: "g4dn.12xlarge", gpus: 4, vcpus: 48, memoryGiB: 192 },
      ],
      regions: awsRegions(
        "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1",
        "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1", "eu-south-1",
        "ap-northeast-1", "ap-northeast-2", "ap-southeast-1", "ap-southeast-2", "ap-south-1", "sa-east-1",
      ),
    },
    "nvidia-a10g": {
      gpuMemoryGiB: 24,
      shapes: [
        { type: "g5.2xlarge", gpus: 1, vcpus: 8, memoryGiB: 32 },
        { type: "g5.12xlarge", gpus: 4, vcpus: 48, memoryGiB: 192 },
        { type: "g5.48xlarge", gpus: 8, vcpus: 192, memoryGiB: 768 },
      ],
      regions: awsRegions(
        "us-east-1", "us-east-2", "us-west-2", "ca-central-1",
        "eu-west-1", "eu-west-2", "eu-central-1", "eu-north-1",
        "ap-northeast-1", "ap-northeast-2", "ap-southeast-2", "ap-south-1", "sa-east-1",
      ),
    },
    "nvidia-l4": {
      gpuMemoryGiB: 24,
      shapes: [
        { type: "g6.2xlarge", gpus: 1, vcpus: 8, memoryGiB: 32 },
        { type: "g6.12xlarge", gpus: 4, vcpus: 48, memoryGiB: 192 },
        { type: "g6.48xlarge", gpus: 8, vcpus: 192, memoryGiB: 768 },
      ],
      regions: awsRegions(
        "us-east-1", "us-east-2", "us-west-2", "ca-central-1",
        "eu-west-2", "eu-central-1", "eu-north-1", "eu-south-2",
        "ap-northeast-1", "ap-south-1", "ap-southeast-2", "sa-east-1",
      ),
    },
    "nvidia-l40s": {
      gpuMemoryGiB: 48,
      shapes: [
        { type: "g6e.2xlarge", gpus: 1, vcpus: 8, memoryGiB: 64 },
        { type: "g6e.12xlarge", gpus: 4, vcpus: 48, memoryGiB: 384 },
        { type: "g6e.48xlarge", gpus: 8, vcpus: 192, memoryGiB: 1536 },
      ],
      regions: awsRegions("us-east-1", "us-east-2", "us-west-2", "eu-central-1", "eu-north-1", "eu-west-2", "ap-northeast-1"),
    },
    "nvidia-a100-40gb": {
      gpuMemoryGiB: 40,
      shapes: [{ type: "p4d.24xlarge", gpus: 8, vcpus: 96, memoryGiB: 1152 }],
      regions: awsRegions("us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-northeast-1"),
    },
    "nvidia-a100-80gb": {
      gpuMemoryGiB: 80,
      shapes: [{ type: "p4de.24xlarge", gpus: 8, vcpus: 96, memoryGiB: 1152 }],
      regions: awsRegions("us-east-1", "us-west-2"),
    },
    "nvidia-h100-80gb": {
      gpuMemoryGiB: 80,
      shapes: [{ type: "p5.48xlarge", gpus: 8, vcpus: 192, memoryGiB: 2048 }],
      regions: awsRegions("us-east-1", "us-east-2", "us-west-2", "eu-north-1", "eu-west-2", "ap-northeast-1", "ap-south-1"),
    },
  },
  gcp: {
    "nvidia-t4": {
      gpuMemoryGiB: 16,
      cloudType: "nvidia-tesla-t4",
      // N1 machines take attached T4s; 8 vCPU / 30 GB per GPU keeps the vLLM host side comfortable.
      shapes: [
        { type: "n1-standard-8", gpus: 1, vcpus: 8, memoryGiB: 30 },
        { type: "n1-standard-32", gpus: 4, vcpus: 32, memoryGiB: 120 },
      ],
      regions: gcpZones({
        "us-central1": "abcf", "us-east1": "cd", "us-east4": "abc", "us-west1": "ab", "us-west4": "ab",
        "europe-west1": "bcd", "europe-west2": "ab", "europe-west3": "b", "europe-west4": "abc",
        "asia-east1": "abc", "asia-northeast1": "ac", "asia-south1": "ab", "asia-southeast1": "abc",
        "australia-southeast1": "ac", "southamerica-east1": "c",
      }),
    },
    "nvidia-l4": {
      gpuMemoryGiB: 24,
      cloudType: "nvidia-l4",
      shapes: [
        { type: "g2-standard-8", gpus: 1, vcpus: 8, memoryGiB: 32 },
        { type: "g2-standard-24", gpus: 2, vcpus: 24, memoryGiB: 96 },
        { type: "g2-standard-48", gpus: 4, vcpus: 48, memoryGiB: 192 },
        { type: "g2-standard-96", gpus: 8, vcpus: 96, memoryGiB: 384 },
      ],
      regions: gcpZones({
        "us-central1": "abc", "us-east1": "bcd", "us-east4": "ac", "us-west1": "abc", "us-west4": "ac",
        "europe-west1": "bc", "europe-west2": "ab", "europe-west3": "b", "europe-west4": "abc",
        "asia-east1": "ac", "asia-northeast1": "ac", "asia-south1": "ab", "asia-southeast1": "abc",
        "northamerica-northeast2": "ab",
      }),
    },
    "nvidia-a100-40gb": {
      gpuMemoryGiB: 40,
      cloudType: "nvidia-tesla-a100",
      shapes: [
        { type: "a2-highgpu-1g", gpus: 1, vcpus: 12, memoryGiB: 85 },
        { type: "a2-highgpu-2g", gpus: 2, vcpus: 24, memoryGiB: 170 },
        { type: "a2-highgpu-4g", gpus: 4, vcpus: 48, memoryGiB: 340 },
        { type: "a2-highgpu-8g", gpus: 8, vcpus: 96, memoryGiB: 680 },
      ],
      regions: gcpZones({
        "us-central1": "abcf", "us-east1": "b", "us-west1": "b", "us-west4": "b",
        "europe-west4": "ab", "asia-northeast1": "ac", "asia-southeast1": "bc",
      }),
    },
    "nvidia-a100-80gb": {
      gpuMemoryGiB: 80,
      cloudType: "nvidia-a100-80gb",
      shapes: [
        { type: "a2-ultragpu-1g", gpus: 1, vcpus: 12, memoryGiB: 170 },
        { type: "a2-ultragpu-2g", gpus: 2, vcpus: 24, memoryGiB: 340 },
        { type: "a2-ultragpu-4g", gpus: 4, vcpus: 48, memoryGiB: 680 },
        { type: "a2-ultragpu-8g", gpus: 8, vcpus: 96, memoryGiB: 1360 },
      ],
      regions: gcpZones({ "us-central1": "ac", "us-east4": "c", "us-east5": "b", "europe-west4": "a", "asia-southeast1": "c" }),
    },
    "nvidia-h100-80gb": {
      gpuMemoryGiB: 80,
      cloudType: "nvidia-h100-80gb",
      shapes: [{ type: "a3-highgpu-8g", gpus: 8, vcpus: 208, memoryGiB: 1872 }],
      regions: gcpZones({
        "us-central1": "ac", "us-east4": "a", "us-east5": "a", "us-west1": "a", "us-west4": "a",
        "europe-west1": "b", "europe-west4": "bc", "asia-northeast1": "b", "asia-southeast1": "b",
      }),
    },
  },
};

/** Accelerators of a cloud the table knows, in table order. */
export function acceleratorsOf(cloud: Cloud): string[] {
  return Object.keys(gpuTable[cloud]);
}

/** Accelerators the table lists for a region. */
export function acceleratorsIn(cloud: Cloud, region: string): string[] {
  return Object.entries(gpuTable[cloud])
    .filter(([, o]) => region in o.regions)
    .map(([a]) => a);
}

/** The offer of an accelerator in a region, or undefined when the table does not list it there. */
export function gpuOffer(cloud: Cloud, accelerator: string, region: string): GpuOffer | undefined {
  const offer = gpuTable[cloud][accelerator];
  return offer && region in offer.regions ? offer : undefined;
}

/** The smallest shape carrying at least `gpus` GPUs, or undefined when none is that large. */
export function shapeFor(cloud: Cloud, accelerator: string, gpus: number): GpuShape | undefined {
  return gpuTable[cloud][accelerator]?.shapes.find((s) => s.gpus >= gpus);
}

/** Zones of a region that have the accelerator (GCP); empty when the table pins none. */
export function gpuZones(cloud: Cloud, accelerator: string, region: string): readonly string[] {
  return gpuTable[cloud][accelerator]?.regions[region] ?? [];
}

interface SelfHostedLike {
  pool?: unknown;
  gpusPerReplica?: unknown;
  maxReplicas?: unknown;
}

/** The GPUs per node a pool needs: its largest replica (1 when no model names the pool yet). */
export function poolGpusPerNode(poolName: string, selfHosted: readonly SelfHostedLike[] | undefined): number {
  const sizes = (selfHosted ?? []).filter((s) => s?.pool === poolName && typeof s.gpusPerReplica === "number").map((s) => s.gpusPerReplica as number);
  return Math.max(1, ...sizes);
}
