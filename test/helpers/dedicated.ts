import { stackRaw } from "../gateway/litellm/harness/overflow-stand";

/** The AWS scale example with Bedrock Provisioned Throughput for `chat-small-hosted` (2 model units, 1-month term). */
export function awsDedicatedRaw(): Record<string, any> {
  const raw = stackRaw("scale-aws-us-east-1") as Record<string, any>;
  raw.dedicated = [
    { group: "chat-small-hosted", bedrock: { model: "amazon.nova-lite-v1:0:300k", region: "us-east-1", modelUnits: 2, commitment: "1-month", hourlyUsdPerModelUnit: 20 } },
  ];
  return raw;
}

/** The GCP scale example with a dedicated Vertex AI endpoint for `chat-small-hosted` (Gemma on one L4, 1–2 replicas). */
export function gcpDedicatedRaw(): Record<string, any> {
  const raw = stackRaw("scale-gcp-europe-west4") as Record<string, any>;
  // `gcp:project` of the stack file, which the program passes as the project.
  raw.gcpProject = "ai-infra-example";
  raw.dedicated = [
    {
      group: "chat-small-hosted",
      vertex: {
        model: "publishers/google/models/gemma@gemma-1.1-2b-it",
        region: "europe-west4",
        machineType: "g2-standard-12",
        acceleratorType: "NVIDIA_L4",
        acceleratorCount: 1,
        minReplicas: 1,
        maxReplicas: 2,
        hourlyUsdPerReplica: 1.5,
      },
    },
  ];
  return raw;
}
