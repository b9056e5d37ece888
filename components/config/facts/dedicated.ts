/**
 * Where the clouds sell dedicated inference capacity, as their documentation says: Bedrock
 * Provisioned Throughput on AWS, a dedicated Vertex AI endpoint with a Model Garden deployment on
 * GCP. The spec refuses a `dedicated` entry these tables rule out (rules/dedicated-*.ts), naming
 * the property path and the allowed values. Each table names its source and the date it was read;
 * a model or region missing here may still be offered (add its row from the page), but the kit
 * never accepts one on a guess: the purchase is a commitment that `pulumi up` cannot take back.
 */
import { gpuTable } from "../gpus";

/** The commitment terms the kit accepts, in the spec's words. */
export const bedrockCommitments = ["none", "1-month", "6-months"] as const;
export type BedrockCommitment = (typeof bedrockCommitments)[number];

/**
 * The API's `commitmentDuration` per term: `OneMonth`, `SixMonths`, or omitted for no commitment
 * (https://docs.aws.amazon.com/cli/v1/reference/bedrock/create-provisioned-model-throughput.html;
 * the pinned provider's `commitmentDuration` documents the same two values).
 */
export const bedrockCommitmentDuration: Readonly<Record<BedrockCommitment, "OneMonth" | "SixMonths" | undefined>> = {
  none: undefined,
  "1-month": "OneMonth",
  "6-months": "SixMonths",
};

/** Months a term cannot be cancelled in: the capacity is billed until then whatever the stack does. */
export const bedrockCommitmentMonths: Readonly<Record<BedrockCommitment, number>> = { none: 0, "1-month": 1, "6-months": 6 };

export interface BedrockProvisionedModel {
  /** The model id to buy Provisioned Throughput for (the contextual variant, e.g. `:24k`). */
  id: string;
  /** The on-demand model id the invocation speaks (LiteLLM's Bedrock route picks its request shape from it). */
  baseModel: string;
  /** Regions where Provisioned Throughput can be bought for it. */
  regions: readonly string[];
  /** Whether a base-model purchase without commitment is accepted. */
  noCommitment: boolean;
}

/**
 * Text models with Provisioned Throughput, their regions and whether a no-commitment purchase is
 * accepted. Source: https://docs.aws.amazon.com/bedrock/latest/userguide/pt-supported.html (read
 * 2026-12-08: the Amazon Nova rows; the page's other providers' rows were not transcribed). Image
 * and embedding models are left out: the gateway routes chat completions.
 */
export const bedrockProvisionedModels: readonly BedrockProvisionedModel[] = [
  { id: "amazon.nova-micro-v1:0:24k", baseModel: "amazon.nova-micro-v1:0", regions: ["us-east-1"], noCommitment: true },
  { id: "amazon.nova-micro-v1:0:128k", baseModel: "amazon.nova-micro-v1:0", regions: ["us-east-1"], noCommitment: true },
  { id: "amazon.nova-lite-v1:0:24k", baseModel: "amazon.nova-lite-v1:0", regions: ["us-east-1"], noCommitment: true },
  { id: "amazon.nova-lite-v1:0:300k", baseModel: "amazon.nova-lite-v1:0", regions: ["us-east-1"], noCommitment: true },
  { id: "amazon.nova-pro-v1:0:24k", baseModel: "amazon.nova-pro-v1:0", regions: ["us-east-1"], noCommitment: true },
  { id: "amazon.nova-pro-v1:0:300k", baseModel: "amazon.nova-pro-v1:0", regions: ["us-east-1"], noCommitment: true },
];


/** Model units one Provisioned Throughput may hold in the kit (the account's quota is granted by AWS support per request). */
export const bedrockMaxModelUnits = 100;

/** One machine shape of a dedicated Vertex AI deployment. */
export interface VertexShape {
  machineType: string;
  acceleratorType: string;
  acceleratorCount: number;
}

export interface ModelGardenModel {
  /** `publishers/<publisher>/models/<model>@<version>`, or a Hugging Face id (`<author>/<name>`). */
  id: string;
  /** The shapes the model is deployed on. */
  shapes: readonly VertexShape[];
}

/**
 * Model Garden models the kit deploys and the shapes they are deployed on. Source: the examples of
 * the pinned provider's `vertex.AiEndpointWithModelGardenDeployment`
 * (https://www.pulumi.com/registry/packages/gcp/api-docs/vertex/aiendpointwithmodelgardendeployment/,
 * read 2026-12-08), each a model with the machine it was deployed on there.
 */
export const modelGardenModels: readonly ModelGardenModel[] = [
  { id: "publishers/google/models/gemma@gemma-1.1-2b-it", shapes: [{ machineType: "g2-standard-12", acceleratorType: "NVIDIA_L4", acceleratorCount: 1 }] },
  { id: "publishers/meta/models/llama3-2@llama-3.2-1b", shapes: [{ machineType: "g2-standard-12", acceleratorType: "NVIDIA_L4", acceleratorCount: 1 }] },
  { id: "Qwen/Qwen3-0.6B", shapes: [{ machineType: "g2-standard-12", acceleratorType: "NVIDIA_L4", acceleratorCount: 1 }] },
];


/**
 * Regions where Vertex AI runs (its own list; source: "Vertex AI locations",
 * https://cloud.google.com/vertex-ai/docs/general/locations, read 2026-12-08: the United States,
 * Canada and South America lists; Europe and Asia Pacific from the same page's Generative AI
 * counterpart, https://firebase.google.com/docs/vertex-ai/locations, read 2026-12-08).
 */
export const vertexRegions: readonly string[] = [
  "us-central1", "us-east1", "us-east4", "us-east5", "us-south1", "us-west1", "us-west2", "us-west3", "us-west4",
  "northamerica-northeast1", "northamerica-northeast2", "southamerica-east1", "southamerica-west1",
  "europe-west1", "europe-north1", "europe-west3", "europe-west2", "europe-southwest1", "europe-west8", "europe-west4", "europe-west9", "europe-central2", "europe-west6",
  "asia-east1", "asia-east2", "asia-south1", "asia-northeast3", "asia-southeast1", "australia-southeast1", "asia-northeast1",
];

/** Vertex AI's accelerator names → the kit's GPU table key (`../gpus.ts`), whose regions carry the GPU. */
const vertexAcceleratorGpu: Readonly<Record<string, string>> = { NVIDIA_L4: "nvidia-l4" };

/**
 * Regions where a dedicated deployment on `acceleratorType` can run: a Vertex AI region whose
 * zones carry the GPU (the kit's GPU table, sourced to Google Cloud's "GPU locations"). Vertex AI's
 * own per-accelerator prediction table was not read; a region it adds is refused until listed.
 */
export function vertexAcceleratorRegions(acceleratorType: string): string[] {
  const gpu = vertexAcceleratorGpu[acceleratorType];
  const offer = gpu ? gpuTable.gcp[gpu] : undefined;
  return offer ? vertexRegions.filter((r) => r in offer.regions) : [];
}


/** Whether a Model Garden id is a Hugging Face id rather than a publisher model name. */
export function isHuggingFaceModel(id: string): boolean {
  return !id.startsWith("publishers/");
}

/** `g2-standard-12 with 1 x NVIDIA_L4` for messages. */
export function describeShape(s: VertexShape): string {
  return `${s.machineType} with ${s.acceleratorCount} x ${s.acceleratorType}`;
}
