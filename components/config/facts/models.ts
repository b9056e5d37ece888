/**
 * Hosted models the kit proposes for a new stack (`npm run new`), and where each provider's model
 * can be called without data leaving a jurisdiction. Only what `planner/new-stack.ts` needs to pick
 * a provider and a model that serve the stack's jurisdiction; a stack may name any other model.
 * Each entry names its source and the date it was read; a change upstream is copied here by hand.
 */
import type { Jurisdiction } from "../regions";

export interface HostedModelFact {
  /** The provider's model id as the gateway sends it. */
  model: string;
  /** List price, USD per million tokens. */
  inputCostPerMillionTokens: number;
  outputCostPerMillionTokens: number;
  source: string;
}

/**
 * The small, cheap chat model of each provider, the one a new stack starts with.
 * Sources (read 2026-12-07): https://openai.com/api/pricing/ (gpt-4o-mini $0.15 / $0.60),
 * https://www.anthropic.com/pricing#api (Claude Haiku 4.5 $1 / $5),
 * https://cloud.google.com/vertex-ai/generative-ai/pricing (Gemini 2.5 Flash $0.30 / $2.50).
 */
export const starterModels = {
  openai: { model: "gpt-4o-mini", inputCostPerMillionTokens: 0.15, outputCostPerMillionTokens: 0.6, source: "https://openai.com/api/pricing/" },
  anthropic: { model: "claude-haiku-4-5", inputCostPerMillionTokens: 1, outputCostPerMillionTokens: 5, source: "https://www.anthropic.com/pricing#api" },
  vertex: { model: "gemini-2.5-flash", inputCostPerMillionTokens: 0.3, outputCostPerMillionTokens: 2.5, source: "https://cloud.google.com/vertex-ai/generative-ai/pricing" },
  /**
   * Anthropic with `inferenceGeo: us`: `inference_geo` is accepted from Claude Opus 4.6 / Sonnet 4.6
   * on (Haiku 4.5 answers 400), and US-only inference costs 1.1x the list price ($3 / $15).
   * Sources (read 2026-12-07): https://platform.claude.com/docs/en/build-with-claude/data-residency,
   * https://docs.aws.amazon.com/claude-platform/latest/userguide/data-residency.html (1.1x, Haiku 4.5 400).
   */
  anthropicUs: { model: "claude-sonnet-4-6", inputCostPerMillionTokens: 3.3, outputCostPerMillionTokens: 16.5, source: "https://platform.claude.com/docs/en/build-with-claude/data-residency" },
} as const satisfies Record<string, HostedModelFact>;

/**
 * Claude Haiku 4.5 on Bedrock through a geographic cross-Region inference profile: the profile
 * routes each request among the regions of one geography only, so its prefix decides the
 * jurisdiction (a `global.` profile may run anywhere and is refused by the residency pack). Each
 * profile is called from one of its source regions (`regions`, the first is the default).
 * Sources (read 2026-12-07):
 * https://docs.aws.amazon.com/bedrock/latest/userguide/model-card-anthropic-claude-haiku-4-5.html (model ids),
 * https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html (profiles and source regions).
 * No geographic profile keeps data in the UK or Canada: there the kit proposes no Bedrock model.
 */
export const bedrockHaikuProfiles: Partial<Record<Jurisdiction, { model: string; regions: readonly string[] }>> = {
  us: { model: "us.anthropic.claude-haiku-4-5-20251001-v1:0", regions: ["us-east-1", "us-east-2", "us-west-2"] },
  eu: { model: "eu.anthropic.claude-haiku-4-5-20251001-v1:0", regions: ["eu-central-1", "eu-west-1", "eu-west-3", "eu-north-1", "eu-south-1", "eu-south-2"] },
  jp: { model: "jp.anthropic.claude-haiku-4-5-20251001-v1:0", regions: ["ap-northeast-1", "ap-northeast-3"] },
  au: { model: "au.anthropic.claude-haiku-4-5-20251001-v1:0", regions: ["ap-southeast-2", "ap-southeast-4"] },
};

/** Price of Claude Haiku 4.5 on Bedrock (same list price as Anthropic's API). Source: https://aws.amazon.com/bedrock/pricing/ (read 2026-12-07). */
export const bedrockHaikuPrice = { inputCostPerMillionTokens: 1, outputCostPerMillionTokens: 5, source: "https://aws.amazon.com/bedrock/pricing/" } as const;

/**
 * Google Cloud regions where Gemini 2.5 Flash runs with its ML processing kept in the region
 * (Vertex AI data residency), by jurisdiction; the first of each is the default.
 * Sources (read 2026-12-07): https://cloud.google.com/vertex-ai/generative-ai/docs/learn/data-residency
 * and https://cloud.google.com/vertex-ai/generative-ai/docs/learn/locations.
 */
export const vertexGeminiRegions: Partial<Record<Jurisdiction, readonly string[]>> = {
  us: ["us-central1", "us-east1", "us-east4", "us-east5", "us-south1", "us-west1", "us-west4"],
  eu: ["europe-west4", "europe-west1", "europe-west3", "europe-west8", "europe-west9", "europe-north1", "europe-southwest1", "europe-central2"],
  uk: ["europe-west2"],
  ca: ["northamerica-northeast1"],
  au: ["australia-southeast1"],
  jp: ["asia-northeast1"],
};
