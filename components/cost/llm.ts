import { type Source, daysPerMonth } from "./rates";

/**
 * LLM token cost: what the hosted providers bill for the stack's traffic, after the response
 * cache and with the routing split the stack configures.
 */

export interface TrafficProfile {
  requestsPerDay: number;
  inputTokensPerRequest: number;
  outputTokensPerRequest: number;
  cacheHitPercent?: number;
  strongPercent?: number;
  batchPercent?: number;
}

export interface ModelLike {
  name: string;
  model: string;
  tier?: "small" | "strong";
  weight?: number;
  inputCostPerMillionTokens?: number;
  outputCostPerMillionTokens?: number;
}

export interface SelfHostedLike {
  name: string;
  minReplicas: number;
  tier?: "small" | "strong";
}

export interface LlmSpec {
  models: readonly ModelLike[];
  selfHosted?: readonly SelfHostedLike[];
  /** Response cache on (growth and later). */
  cache: boolean;
  /** Semantic cache on, with its embedding model group. */
  semanticCache?: { embeddingModel: string };
  /** Routing between small and strong tiers on (scale). */
  routing: boolean;
}

export interface TokenPrice {
  input: number;
  output: number;
  source: Source;
}

const openai: Source = { url: "https://openai.com/api/pricing/", date: "2026-11-30", basis: "list-price" };
const anthropic: Source = { url: "https://www.anthropic.com/pricing#api", date: "2026-11-30", basis: "list-price" };
const vertex: Source = { url: "https://cloud.google.com/vertex-ai/generative-ai/pricing", date: "2026-11-30", basis: "list-price", note: "prompts up to 200K tokens" };

/**
 * USD per million tokens of models the examples use, for a model whose spec sets no price. The
 * spec's `inputCostPerMillionTokens` / `outputCostPerMillionTokens` win over this table.
 */
export const defaultTokenPrices: Readonly<Record<string, TokenPrice>> = {
  "gpt-4o-mini": { input: 0.15, output: 0.6, source: openai },
  "gpt-4o": { input: 2.5, output: 10, source: openai },
  "text-embedding-3-small": { input: 0.02, output: 0, source: openai },
  "claude-3-5-haiku-20241022": { input: 0.8, output: 4, source: anthropic },
  "claude-3-5-sonnet-20241022": { input: 3, output: 15, source: anthropic },
  "gemini-2.5-pro": { input: 1.25, output: 10, source: vertex },
};

/**
 * Defaults the model uses when the stack states no measured value (`ai-infra:traffic`), each
 * printed with the estimate so nobody mistakes it for a measurement.
 */
export const assumptions = {
  exactCacheHitPercent: { value: 10, why: "exact-match response cache hit rate (assumed; set traffic.cacheHitPercent)" },
  semanticCacheHitPercent: { value: 15, why: "extra hits from the semantic cache (assumed; set traffic.cacheHitPercent)" },
  strongPercent: { value: 30, why: "share of requests routed to the strong tier (assumed; set traffic.strongPercent)" },
  batchPercent: { value: 20, why: "share of requests that could wait for the batch path (assumed; set traffic.batchPercent)" },
  batchDiscountPercent: {
    value: 50,
    why: "provider batch APIs bill half the synchronous price",
    source: { url: "https://platform.openai.com/docs/guides/batch", date: "2026-11-30", basis: "list-price", note: "OpenAI Batch API: 50% lower cost; Anthropic Message Batches: 50%" } as Source,
  },
} as const;

export interface ModelCost {
  /** Model group and provider model id. */
  group: string;
  model: string;
  requestsPerMonth: number;
  monthlyUsd: number;
  /** Where the token price came from: the stack's spec, the default table, or none. */
  price: "spec" | "default" | "self-hosted" | "not priced";
}

export interface LlmCost {
  monthlyUsd: number;
  models: ModelCost[];
  /** Share of requests the caches answer (0-1). */
  cacheHitRate: number;
  /** Share of misses routed to the strong tier (0-1), or null without routing. */
  strongShare: number | null;
  notes: string[];
}

export function tokenPrice(m: ModelLike): { input: number; output: number; from: ModelCost["price"] } {
  if (m.inputCostPerMillionTokens !== undefined && m.outputCostPerMillionTokens !== undefined) {
    return { input: m.inputCostPerMillionTokens, output: m.outputCostPerMillionTokens, from: "spec" };
  }
  // Bedrock and Vertex ids carry a region or vendor prefix and a version suffix.
  const id = m.model.replace(/^(us|eu|apac)\./, "").replace(/^anthropic\./, "").replace(/-v\d+:\d+$/, "");
  const d = defaultTokenPrices[id];
  return d ? { input: d.input, output: d.output, from: "default" } : { input: 0, output: 0, from: "not priced" };
}

/** Cost of one request on a model, in USD. */
export function requestCost(m: ModelLike, t: Pick<TrafficProfile, "inputTokensPerRequest" | "outputTokensPerRequest">): number {
  const p = tokenPrice(m);
  return (t.inputTokensPerRequest * p.input + t.outputTokensPerRequest * p.output) / 1e6;
}

/** Deployments of a model group with their share of the group's traffic (weights, else equal). */
function shares(deployments: readonly ModelLike[]): [ModelLike, number][] {
  const weights = deployments.map((d) => d.weight ?? 100 / deployments.length);
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  return deployments.map((d, i) => [d, weights[i]! / sum]);
}

/** The cache hit rate the stack states, else the assumption for the caches it has. */
export function cacheHitRate(stack: Pick<LlmSpec, "cache" | "semanticCache">, traffic: TrafficProfile): number {
  if (!stack.cache) return 0;
  if (traffic.cacheHitPercent !== undefined) return traffic.cacheHitPercent / 100;
  return (assumptions.exactCacheHitPercent.value + (stack.semanticCache ? assumptions.semanticCacheHitPercent.value : 0)) / 100;
}

/**
 * Monthly token cost. Requests the cache answers cost nothing; with routing, misses split between
 * the strong tier (its deployments by weight) and the small tier (the self-hosted model when it
 * keeps a replica up, else the hosted small models); without routing every miss goes to the first
 * model group. The semantic cache embeds every prompt.
 */
export function llmCost(stack: LlmSpec, traffic: TrafficProfile): LlmCost {
  const notes: string[] = [];
  const monthly = traffic.requestsPerDay * daysPerMonth;
  const hit = cacheHitRate(stack, traffic);
  if (stack.cache && traffic.cacheHitPercent === undefined) notes.push(`cache hit rate ${Math.round(hit * 100)}% assumed (set traffic.cacheHitPercent)`);
  const misses = monthly * (1 - hit);
  const out: ModelCost[] = [];
  const add = (group: readonly ModelLike[], requests: number) => {
    for (const [m, share] of shares(group)) {
      const n = requests * share;
      const p = tokenPrice(m);
      if (p.from === "not priced") notes.push(`model ${m.model} (${m.name}) has no price: set inputCostPerMillionTokens/outputCostPerMillionTokens`);
      out.push({ group: m.name, model: m.model, requestsPerMonth: n, monthlyUsd: n * requestCost(m, traffic), price: p.from });
    }
  };

  let strongShare: number | null = null;
  if (stack.routing) {
    strongShare = (traffic.strongPercent ?? assumptions.strongPercent.value) / 100;
    if (traffic.strongPercent === undefined) notes.push(`strong-tier share ${Math.round(strongShare * 100)}% assumed (set traffic.strongPercent)`);
    const strong = stack.models.filter((m) => m.tier === "strong");
    const small = stack.models.filter((m) => m.tier === "small");
    add(strong, misses * strongShare);
    const selfSmall = (stack.selfHosted ?? []).find((s) => s.tier === "small");
    if (selfSmall && selfSmall.minReplicas > 0) {
      out.push({ group: selfSmall.name, model: "(self-hosted)", requestsPerMonth: misses * (1 - strongShare), monthlyUsd: 0, price: "self-hosted" });
      notes.push(`small tier on self-hosted ${selfSmall.name}: GPU nodes priced in the plan, token cost 0 (its capacity is not checked against the traffic)`);
    } else {
      if (selfSmall) notes.push(`self-hosted ${selfSmall.name} keeps no replica at rest: the small tier is priced at the hosted small models`);
      add(small, misses * (1 - strongShare));
    }
  } else {
    const first = stack.models[0].name;
    add(
      stack.models.filter((m) => m.name === first),
      misses,
    );
  }
  const semanticCache = stack.semanticCache;
  if (semanticCache) {
    const embed = stack.models.filter((m) => m.name === semanticCache.embeddingModel);
    for (const [m, share] of shares(embed)) {
      const n = monthly * share;
      out.push({ group: m.name, model: m.model, requestsPerMonth: n, monthlyUsd: (n * traffic.inputTokensPerRequest * tokenPrice(m).input) / 1e6, price: tokenPrice(m).from });
    }
  }
  return { monthlyUsd: out.reduce((a, m) => a + m.monthlyUsd, 0), models: out, cacheHitRate: hit, strongShare, notes };
}
