// The semantic cache's embedding cost in the LLM monthly cost (components/cost/llm.ts, llmCost):
// the semantic cache embeds every prompt, cache hits included, at the embedding model's input price.
// Figures derived by hand from the default price table and the traffic below.
import { describe, expect, it } from "vitest";
import { llmCost } from "../../components/cost";

describe("LLM cost with a semantic cache", () => {
  it("adds one embedding line: every request's input tokens at the embedding model's input price", () => {
    // No prices in the spec: both come from the default price table (defaultTokenPrices):
    //   gpt-4o-mini            0.15 USD / M input tokens, 0.60 USD / M output tokens
    //   text-embedding-3-small 0.02 USD / M input tokens
    const models = [
      { name: "chat", model: "gpt-4o-mini" },
      { name: "embed", model: "text-embedding-3-small" },
    ];
    const traffic = { requestsPerDay: 1200, inputTokensPerRequest: 500, outputTokensPerRequest: 250, cacheHitPercent: 25 };
    const cost = llmCost({ models, cache: true, semanticCache: { embeddingModel: "embed" }, routing: false }, traffic);

    // Requests a month: 1200 × 365/12 = 36,500.
    // Chat (first model group, no routing), cache misses only: 36,500 × (1 - 0.25) = 27,375 requests,
    //   each (500 × 0.15 + 250 × 0.60) / 1e6 = 225 / 1e6 USD → 27,375 × 225 / 1e6 = 6.159375 USD.
    // Embedding, every request (hits too): 36,500 × 500 = 18,250,000 tokens × 0.02 / 1e6 = 0.365 USD.
    // Total: 6.159375 + 0.365 = 6.524375 USD.
    expect(cost.models).toEqual([
      { group: "chat", model: "gpt-4o-mini", requestsPerMonth: expect.closeTo(27_375, 6), monthlyUsd: expect.closeTo(6.159375, 9), price: "default" },
      { group: "embed", model: "text-embedding-3-small", requestsPerMonth: expect.closeTo(36_500, 6), monthlyUsd: expect.closeTo(0.365, 9), price: "default" },
    ]);
    expect(cost.monthlyUsd).toBeCloseTo(6.524375, 9);
    expect(cost.cacheHitRate).toBe(0.25);
  });
});
