/**
 * Dedicated capacity in the spec: Bedrock Provisioned Throughput on AWS, a dedicated Vertex AI
 * endpoint on GCP. Each refusal names the property path and the allowed values, from the facts
 * table (components/config/facts/dedicated.ts) and the residency tables.
 */
import { describe, expect, it } from "vitest";
import { parseStack } from "../../components/config";
import { stackRaw } from "../gateway/litellm/harness/overflow-stand";
import { awsDedicatedRaw, gcpDedicatedRaw } from "../helpers/dedicated";

const awsScale = awsDedicatedRaw;
const gcpScale = gcpDedicatedRaw;

function errors(raw: Record<string, unknown>) {
  const r = parseStack(raw, { secretKeys: new Set(["providerKeys"]) });
  return r.ok ? [] : r.errors;
}

describe("dedicated capacity in the spec", () => {
  it("accepts Bedrock Provisioned Throughput on an AWS scale stack and types it by cloud", () => {
    const r = parseStack(awsScale(), { secretKeys: new Set(["providerKeys"]) });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.stack.cloud).toBe("aws");
    expect(r.stack.dedicated).toEqual([
      { group: "chat-small-hosted", model: "amazon.nova-lite-v1:0:300k", region: "us-east-1", modelUnits: 2, commitment: "1-month", hourlyUsdPerModelUnit: 20 },
    ]);
  });

  it("accepts a dedicated Vertex AI endpoint on a GCP scale stack and types it by cloud", () => {
    const r = parseStack(gcpScale(), { secretKeys: new Set(["providerKeys"]) });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.stack.dedicated).toEqual([
      {
        group: "chat-small-hosted",
        model: "publishers/google/models/gemma@gemma-1.1-2b-it",
        region: "europe-west4",
        machineType: "g2-standard-12",
        acceleratorType: "NVIDIA_L4",
        acceleratorCount: 1,
        minReplicas: 1,
        maxReplicas: 2,
        hourlyUsdPerReplica: 1.5,
      },
    ]);
  });

  it("refuses it below scale (the stage-section table)", () => {
    const raw = stackRaw("growth-aws-eu-west-1") as Record<string, any>;
    raw.dedicated = awsScale().dedicated;
    expect(errors(raw)).toContainEqual({
      path: "ai-infra:dedicated",
      message: "builds dedicated inference capacity from the cloud provider, which the kit builds from stage scale (this stack is growth); remove it or set stage scale",
    });
  });

  it("refuses the other cloud's block and requires its own", () => {
    const raw = awsScale();
    raw.dedicated[0] = { group: "chat-small-hosted", vertex: gcpScale().dedicated[0].vertex };
    expect(errors(raw)).toEqual([
      { path: "ai-infra:dedicated[0].vertex", message: "is read on cloud gcp only; on cloud aws set dedicated[0].bedrock" },
      { path: "ai-infra:dedicated[0].bedrock", message: "is required on cloud aws: the Bedrock Provisioned Throughput that serves group 'chat-small-hosted'" },
    ]);
  });

  it("refuses a group that is not a hosted model group, and a second entry for one group", () => {
    const raw = awsScale();
    raw.dedicated.push({ ...raw.dedicated[0] }, { ...raw.dedicated[0], group: "llama-small" });
    expect(errors(raw)).toEqual([
      { path: "ai-infra:dedicated[1].group", message: "is served by an earlier dedicated entry already; one entry per group", value: "chat-small-hosted" },
      {
        path: "ai-infra:dedicated[2].group",
        message: "names no hosted model group (its on-demand deployments take the overflow); allowed: chat-small-hosted, chat-strong, embed",
        value: "llama-small",
      },
    ]);
  });

  it("refuses a Bedrock model without Provisioned Throughput, naming the models that have it", () => {
    const raw = awsScale();
    raw.dedicated[0].bedrock.model = "anthropic.claude-3-5-sonnet-20241022-v2:0";
    expect(errors(raw)).toEqual([
      {
        path: "ai-infra:dedicated[0].bedrock.model",
        message:
          "has no Provisioned Throughput in Bedrock; allowed: amazon.nova-micro-v1:0:24k, amazon.nova-micro-v1:0:128k, amazon.nova-lite-v1:0:24k, amazon.nova-lite-v1:0:300k, amazon.nova-pro-v1:0:24k, amazon.nova-pro-v1:0:300k",
        value: "anthropic.claude-3-5-sonnet-20241022-v2:0",
      },
    ]);
  });

  it("refuses a region that does not sell Provisioned Throughput for the model", () => {
    const raw = awsScale();
    raw.regions = ["us-west-2"];
    raw.providers["bedrock-us"].region = "us-west-2";
    raw.dedicated[0].bedrock.region = "us-west-2";
    expect(errors(raw)).toEqual([
      { path: "ai-infra:dedicated[0].bedrock.region", message: "does not sell Provisioned Throughput for amazon.nova-lite-v1:0:300k; allowed: us-east-1", value: "us-west-2" },
    ]);
  });

  it("refuses a commitment term the API does not accept", () => {
    const raw = awsScale();
    raw.dedicated[0].bedrock.commitment = "3-months";
    expect(errors(raw)).toEqual([{ path: "ai-infra:dedicated[0].bedrock.commitment", message: "must be one of none, 1-month, 6-months", value: "3-months" }]);
  });

  it("refuses a Model Garden model the kit does not know, naming the ones it does", () => {
    const raw = gcpScale();
    raw.dedicated[0].vertex.model = "publishers/google/models/gemini-2.5-pro";
    expect(errors(raw)).toEqual([
      {
        path: "ai-infra:dedicated[0].vertex.model",
        message: "is not a Model Garden model the kit deploys; allowed: publishers/google/models/gemma@gemma-1.1-2b-it, publishers/meta/models/llama3-2@llama-3.2-1b, Qwen/Qwen3-0.6B",
        value: "publishers/google/models/gemini-2.5-pro",
      },
    ]);
  });

  it("refuses a shape the model is not deployed on", () => {
    const raw = gcpScale();
    raw.dedicated[0].vertex.machineType = "g2-standard-24";
    raw.dedicated[0].vertex.acceleratorCount = 2;
    expect(errors(raw)).toEqual([
      {
        path: "ai-infra:dedicated[0].vertex.machineType",
        message: "with 2 x NVIDIA_L4 is not a shape publishers/google/models/gemma@gemma-1.1-2b-it is deployed on; allowed: g2-standard-12 with 1 x NVIDIA_L4",
        value: "g2-standard-24",
      },
    ]);
  });

  it("refuses a region without the accelerator, naming the regions that have it", () => {
    const raw = gcpScale();
    raw.regions = ["europe-west9"];
    raw.providers["vertex-eu"].region = "europe-west9";
    raw.dedicated[0].vertex.region = "europe-west9";
    // The GPU pool of the example is refused there too, by the GPU table the Vertex regions come from.
    expect(errors(raw)).toEqual([
      {
        path: "ai-infra:dedicated[0].vertex.region",
        message:
          "has no Vertex AI deployment on NVIDIA_L4; allowed: us-central1, us-east1, us-east4, us-west1, us-west4, northamerica-northeast2, europe-west1, europe-west3, europe-west2, europe-west4, asia-east1, asia-south1, asia-southeast1, asia-northeast1",
        value: "europe-west9",
      },
      { path: "ai-infra:cluster.gpuPools[0].accelerator", message: "is not offered by gcp in europe-west9 (per the kit's GPU table); allowed in europe-west9: (none)", value: "nvidia-l4" },
    ]);
  });

  it("refuses a region outside the jurisdiction (the residency tables)", () => {
    const raw = gcpScale();
    raw.dedicated[0].vertex.region = "us-central1";
    expect(errors(raw)).toEqual([
      {
        path: "ai-infra:dedicated[0].vertex.region",
        message:
          "is outside jurisdiction eu: dedicated capacity processes prompts where it runs; allowed: europe-west1, europe-west3, europe-west4, europe-west8, europe-west9, europe-west10, europe-west12, europe-north1, europe-north2, europe-central2, europe-southwest1",
        value: "us-central1",
      },
    ]);
  });

  it("refuses a region in the jurisdiction that is not the primary region", () => {
    const raw = gcpScale();
    raw.dedicated[0].vertex.region = "europe-west1";
    expect(errors(raw)).toEqual([{ path: "ai-infra:dedicated[0].vertex.region", message: "must be the stack's primary region (the gateway there routes to it); allowed: europe-west4", value: "europe-west1" }]);
  });

  it("refuses max replicas below min", () => {
    const raw = gcpScale();
    raw.dedicated[0].vertex.minReplicas = 3;
    expect(errors(raw)).toEqual([{ path: "ai-infra:dedicated[0].vertex.maxReplicas", message: "must be at least minReplicas (3)", value: 2 }]);
  });
});
