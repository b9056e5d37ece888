import { SCALE_STACK, stackRaw } from "../gateway/litellm/harness/overflow-stand";

/** The scale AWS example at enterprise with one adapter on llama-small and a distillation from chat-strong. */
export function distilling(): Record<string, any> {
  const raw = stackRaw(SCALE_STACK) as Record<string, any>;
  raw.stage = "enterprise";
  // The example's dedicated capacity for chat-strong would add a deployment to the teacher's group.
  delete raw.dedicated;
  raw.fineTuning = {
    export: { schedule: "0 3 * * *", models: ["llama-small"], tags: [], lastDays: 7, sensitiveTags: ["sensitive"], sensitiveMetadataKeys: ["contains_pii"] },
    trainer: { pool: "a10g", gpus: 1, loraRank: 16, loraAlpha: 32, epochs: 2, learningRate: 0.0002 },
    distillation: {
      teacher: "chat-strong",
      student: "llama-small",
      tag: "ticket-triage",
      adapter: "triage-small",
      heldOutPercent: 20,
      metric: "exact-match",
      threshold: 0.9,
      evaluation: { id: "eval-1", trainingSet: "distill-2026-12-01" },
      serve: { version: "run-1", score: 0.95, weightPercent: 10 },
    },
    adapters: [{ name: "triage-small", baseModel: "llama-small", version: "run-1" }],
  };
  return raw;
}

