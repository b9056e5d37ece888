// The LLM token cost (components/cost/llm.ts) on cases the stack-level tests do not reach: model id
// forms, weights, the assumed cache hit rate, the routing split and its notes. Every figure is
// computed by hand in the comment above it. Found by mutation testing (docs/testing.md).
import { describe, expect, it } from "vitest";
import { cacheHitRate, llmCost, tokenPrice } from "../../components/cost/llm";

// 1000 requests a day: 1000 × 365 / 12 = 30,416.666… requests a month.
const monthly = (1000 * 365) / 12;
const traffic = { requestsPerDay: 1000, inputTokensPerRequest: 1000, outputTokensPerRequest: 100 };

describe("tokenPrice: Bedrock and Vertex model ids", () => {
  it("strips a leading region prefix, a leading vendor prefix and a trailing version", () => {
    // claude-3-5-haiku-20241022: 0.8 / 4 USD per M tokens
    for (const id of ["us.anthropic.claude-3-5-haiku-20241022-v1:0", "anthropic.claude-3-5-haiku-20241022-v12:0", "eu.anthropic.claude-3-5-haiku-20241022-v1:12"]) {
      expect(tokenPrice({ name: "m", model: id })).toEqual({ input: 0.8, output: 4, from: "default" });
    }
  });

  it("strips them only where they stand: a prefix must start the id, the version must end it", () => {
    const notPriced = { input: 0, output: 0, from: "not priced" };
    expect(tokenPrice({ name: "m", model: "gpt-4ous." })).toEqual(notPriced);
    expect(tokenPrice({ name: "m", model: "gpt-4oanthropic." })).toEqual(notPriced);
    expect(tokenPrice({ name: "m", model: "gpt-4o-v1:0-mini" })).toEqual(notPriced);
  });
});

describe("tokenPrice: the spec's prices", () => {
  it("take both spec prices, or the default table when either is missing", () => {
    expect(tokenPrice({ name: "m", model: "gpt-4o-mini", inputCostPerMillionTokens: 1, outputCostPerMillionTokens: 2 })).toEqual({ input: 1, output: 2, from: "spec" });
    expect(tokenPrice({ name: "m", model: "gpt-4o-mini", inputCostPerMillionTokens: 1 })).toEqual({ input: 0.15, output: 0.6, from: "default" });
    expect(tokenPrice({ name: "m", model: "gpt-4o-mini", outputCostPerMillionTokens: 2 })).toEqual({ input: 0.15, output: 0.6, from: "default" });
  });
});

describe("cacheHitRate", () => {
  it("assumes 10% for the response cache, 25% with the semantic cache, the stated rate over either, 0 without a cache", () => {
    expect(cacheHitRate({ cache: true }, traffic)).toBe(0.1);
    expect(cacheHitRate({ cache: true, semanticCache: { embeddingModel: "e" } }, traffic)).toBe(0.25);
    expect(cacheHitRate({ cache: true, semanticCache: { embeddingModel: "e" } }, { ...traffic, cacheHitPercent: 40 })).toBe(0.4);
    expect(cacheHitRate({ cache: false }, { ...traffic, cacheHitPercent: 40 })).toBe(0);
  });
});

describe("llmCost without routing", () => {
  const chat = { name: "chat", model: "gpt-4o-mini" };

  it("notes the assumed cache hit rate only when it is assumed", () => {
    expect(llmCost({ models: [chat], cache: true, routing: false }, traffic).notes).toEqual(["cache hit rate 10% assumed (set traffic.cacheHitPercent)"]);
    expect(llmCost({ models: [chat], cache: true, routing: false }, { ...traffic, cacheHitPercent: 20 }).notes).toEqual([]);
    expect(llmCost({ models: [chat], cache: false, routing: false }, traffic).notes).toEqual([]);
  });

  it("splits a group by weight; a deployment without a weight counts 100 / the group's size", () => {
    // weights 50 and (none → 100 / 2 = 50): half each, no cache.
    const models = [
      { name: "chat", model: "gpt-4o-mini", weight: 50 },
      { name: "chat", model: "gpt-4o" },
    ];
    const cost = llmCost({ models, cache: false, routing: false }, traffic);
    expect(cost.models.map((m) => m.requestsPerMonth)).toEqual([monthly / 2, monthly / 2]);
  });

  it("notes a model with no price, by model and group", () => {
    const cost = llmCost({ models: [{ name: "chat", model: "house-model" }], cache: false, routing: false }, traffic);
    expect(cost.notes).toEqual(["model house-model (chat) has no price: set inputCostPerMillionTokens/outputCostPerMillionTokens"]);
    expect(cost.monthlyUsd).toBe(0);
  });

  it("embeds every request once, split across the embedding group's deployments", () => {
    // two embedding deployments, half the requests each: monthly / 2 × 1000 tokens × 0.02 / 1e6
    const models = [chat, { name: "embed", model: "text-embedding-3-small" }, { name: "embed", model: "text-embedding-3-small" }];
    const cost = llmCost({ models, cache: false, semanticCache: { embeddingModel: "embed" }, routing: false }, traffic);
    const embed = cost.models.filter((m) => m.group === "embed");
    expect(embed.map((m) => m.requestsPerMonth)).toEqual([monthly / 2, monthly / 2]);
    expect(embed[0]!.monthlyUsd).toBeCloseTo(((monthly / 2) * 1000 * 0.02) / 1e6, 12);
  });
});

describe("llmCost with routing", () => {
  const models = [
    { name: "strong", model: "gpt-4o", tier: "strong" as const },
    { name: "small", model: "gpt-4o-mini", tier: "small" as const },
  ];

  it("sends the assumed 30% of misses to the strong tier and says so; a stated share replaces it", () => {
    // no cache: misses = monthly; strong 30%, small 70%
    const assumed = llmCost({ models, cache: false, routing: true }, traffic);
    expect(assumed.strongShare).toBe(0.3);
    expect(assumed.notes).toEqual(["strong-tier share 30% assumed (set traffic.strongPercent)"]);
    expect(assumed.models.map((m) => [m.group, m.requestsPerMonth])).toEqual([
      ["strong", monthly * 0.3],
      ["small", monthly * (1 - 0.3)],
    ]);
    const stated = llmCost({ models, cache: false, routing: true }, { ...traffic, strongPercent: 40 });
    expect(stated.strongShare).toBe(0.4);
    expect(stated.notes).toEqual([]);
  });

  it("a self-hosted small model with a replica up takes the small tier at token cost 0", () => {
    const selfHosted = [{ name: "llama", minReplicas: 1, tier: "small" as const }];
    const cost = llmCost({ models, selfHosted, cache: false, routing: true }, { ...traffic, strongPercent: 40 });
    expect(cost.models).toEqual([
      { group: "strong", model: "gpt-4o", requestsPerMonth: monthly * 0.4, monthlyUsd: monthly * 0.4 * ((1000 * 2.5 + 100 * 10) / 1e6), price: "default" },
      { group: "llama", model: "(self-hosted)", requestsPerMonth: monthly * (1 - 0.4), monthlyUsd: 0, price: "self-hosted" },
    ]);
    expect(cost.notes).toEqual(["small tier on self-hosted llama: GPU nodes priced in the plan, token cost 0 (its capacity is not checked against the traffic)"]);
  });

  it("a self-hosted small model with no replica at rest leaves the small tier on the hosted models; a strong self-hosted one is not the small tier", () => {
    const selfHosted = [
      { name: "big", minReplicas: 1, tier: "strong" as const },
      { name: "llama", minReplicas: 0, tier: "small" as const },
    ];
    const cost = llmCost({ models, selfHosted, cache: false, routing: true }, { ...traffic, strongPercent: 40 });
    expect(cost.models.map((m) => [m.group, m.requestsPerMonth])).toEqual([
      ["strong", monthly * 0.4],
      ["small", monthly * (1 - 0.4)],
    ]);
    expect(cost.notes).toEqual(["self-hosted llama keeps no replica at rest: the small tier is priced at the hosted small models"]);
  });
});
