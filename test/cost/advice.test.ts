// The stage advisor (components/cost/advice.ts) in process, on hand-computed figures: the stage
// table's bounds, the next stage's savings, the cheapest GPU and the self-hosting break-even.
// `npm run advise` (test/cli/advise.test.ts) runs it as a process, where a mutant cannot reach.
import { describe, expect, it } from "vitest";
import { advise, breakEven, cheapestGpu, nextStageSavings, stageByRequests, stageBySpend } from "../../components/cost/advice";

const month = 365 / 12;
// gpt-4o 2.5 / 10 USD per M tokens: (1000 × 2.5 + 100 × 10) / 1e6 = 0.0035 a request;
// gpt-4o-mini 0.15 / 0.6: (1000 × 0.15 + 100 × 0.6) / 1e6 = 0.00021 a request.
const traffic = { requestsPerDay: 1000, inputTokensPerRequest: 1000, outputTokensPerRequest: 100 };
const growth = {
  models: [
    { name: "chat", model: "gpt-4o" },
    { name: "mini", model: "gpt-4o-mini" },
  ],
  cache: true,
  routing: false,
};

describe("the stage table", () => {
  it("a stage begins at its bound", () => {
    expect([0, 999, 1000, 99_999, 100_000, 999_999, 1_000_000].map(stageByRequests)).toEqual(["prototype", "prototype", "growth", "growth", "scale", "scale", "enterprise"]);
    expect([-1, 0, 499.99, 500, 9_999, 10_000, 99_999, 100_000].map(stageBySpend)).toEqual(["prototype", "prototype", "prototype", "growth", "growth", "scale", "scale", "enterprise"]);
  });
});

describe("nextStageSavings", () => {
  it("prototype: the response cache's assumed 10%, or the stated hit rate", () => {
    // gpt-4o-mini, no cache: 1000 × 365/12 × 0.00021 = 6.3875 a month
    const stack = { models: [{ name: "chat", model: "gpt-4o-mini" }], cache: false, routing: false };
    const assumed = nextStageSavings("prototype", stack, traffic);
    expect(assumed).toEqual([{ capability: "response cache", monthlyUsd: expect.closeTo(6.3875 * 0.1, 9), how: "10% of requests answered from the exact-match cache" }]);
    const stated = nextStageSavings("prototype", stack, { ...traffic, cacheHitPercent: 30 });
    expect(stated).toEqual([{ capability: "response cache", monthlyUsd: expect.closeTo(6.3875 * 0.3, 9), how: "30% of requests answered from the exact-match cache" }]);
  });

  it("growth with assumed shares: semantic cache, routing and batch", () => {
    // now: cache 10% assumed, misses 30,416.67 × 0.9 = 27,375 on gpt-4o × 0.0035 = 95.8125
    // semantic: 15 more points of the 90% that miss: 95.8125 × 0.15 / 0.9 = 15.96875, less the
    //   embedding 30,416.67 × 1000 tokens × 0.02 / 1e6 = 0.608333 → 15.360417
    // routing: 27,375 × 70% × (0.0035 − 0.00021) = 63.044625
    // batch: 95.8125 × 20% × 50% = 9.58125
    expect(nextStageSavings("growth", growth, traffic)).toEqual([
      { capability: "semantic cache", monthlyUsd: expect.closeTo(15.968750 - 1000 * month * 1000 * 0.02 / 1e6, 9), how: "15 more points of cache hits, less embedding every prompt (text-embedding-3-small)" },
      { capability: "routing", monthlyUsd: expect.closeTo(63.044625, 9), how: "70% of requests to gpt-4o-mini instead of gpt-4o" },
      { capability: "batch", monthlyUsd: expect.closeTo(9.58125, 9), how: "20% of requests through a provider batch API at 50% off (share assumed: set traffic.batchPercent)" },
    ]);
  });

  it("growth with stated shares: no semantic-cache estimate, the stated strong and batch shares", () => {
    const stated = { ...traffic, cacheHitPercent: 30, strongPercent: 40, batchPercent: 10 };
    // now: misses 30,416.67 × 0.7 = 21,291.67 × 0.0035 = 74.520833
    // routing: 21,291.67 × 60% × 0.00329 = 42.02975; batch: 74.520833 × 10% × 50% = 3.7260417
    expect(nextStageSavings("growth", growth, stated)).toEqual([
      { capability: "routing", monthlyUsd: expect.closeTo(1000 * month * 0.7 * 0.6 * 0.00329, 9), how: "60% of requests to gpt-4o-mini instead of gpt-4o" },
      { capability: "batch", monthlyUsd: expect.closeTo(1000 * month * 0.7 * 0.0035 * 0.1 * 0.5, 9), how: "10% of requests through a provider batch API at 50% off" },
    ]);
  });

  it("growth on a cloud without the semantic cache, with the cheapest model first: routing saves nothing and says why", () => {
    const cheapFirst = { ...growth, models: [...growth.models].reverse() };
    const savings = nextStageSavings("growth", cheapFirst, traffic, { semanticCache: false });
    expect(savings.map((s) => [s.capability, s.monthlyUsd, s.how])).toEqual([
      ["routing", 0, "gpt-4o-mini is already the cheapest model configured: routing saves with a cheaper or self-hosted small tier"],
      ["batch", expect.closeTo(1000 * month * 0.9 * 0.00021 * 0.2 * 0.5, 9), "20% of requests through a provider batch API at 50% off (share assumed: set traffic.batchPercent)"],
    ]);
  });

  it("growth without a model group (routing to self-hosted tiers only): the semantic cache, then nothing", () => {
    // no hosted tokens: the saving is the embedding cost alone, negative
    expect(nextStageSavings("growth", { models: [], cache: true, routing: true }, traffic)).toEqual([
      { capability: "semantic cache", monthlyUsd: expect.closeTo(-(1000 * month * 1000 * 0.02) / 1e6, 9), how: "15 more points of cache hits, less embedding every prompt (text-embedding-3-small)" },
    ]);
  });

  it("scale and enterprise: nothing estimated", () => {
    expect(nextStageSavings("scale", growth, traffic)).toEqual([]);
    expect(nextStageSavings("enterprise", growth, traffic)).toEqual([]);
  });
});

describe("advise", () => {
  it("recommends the later of the stages by requests and by spend, and names the next stage", () => {
    // 1000 a day is growth; 95.81 USD a month is prototype
    expect(advise("growth", growth, traffic)).toMatchObject({ stage: "growth", byRequests: "growth", bySpend: "prototype", recommended: "growth", next: "scale" });
    // 2000 a day is growth; 2000 × 365/12 × 100,000 × 100 / 1e6 = 608,333 USD a month is enterprise
    const dear = { models: [{ name: "chat", model: "x", inputCostPerMillionTokens: 100, outputCostPerMillionTokens: 0 }], cache: false, routing: false };
    expect(advise("enterprise", dear, { requestsPerDay: 2000, inputTokensPerRequest: 100_000, outputTokensPerRequest: 1 })).toMatchObject({
      byRequests: "growth",
      bySpend: "enterprise",
      recommended: "enterprise",
      next: null,
      savings: [],
    });
  });
});

describe("cheapestGpu", () => {
  it("the cheapest first shape of the GPU table in the region, at the region's multiplier", () => {
    // g4dn.2xlarge (nvidia-t4) 0.752 USD an hour in us-east-1; eu-west-1 is 1.07 ×
    expect(cheapestGpu("aws", "us-east-1")).toEqual({ accelerator: "nvidia-t4", machine: "g4dn.2xlarge", gpus: 1, gpuMemoryGiB: 16, hourlyUsd: 0.752 });
    expect(cheapestGpu("aws", "eu-west-1")?.hourlyUsd).toBeCloseTo(0.752 * 1.07, 12);
    expect(cheapestGpu("aws", "xx-test-1")).toBeNull();
  });
});

describe("breakEven", () => {
  const gpu = { accelerator: "a", machine: "m", gpus: 1, gpuMemoryGiB: 24, hourlyUsd: 2 };

  it("divides the hosted cost by the requests not already on the stack's own GPUs", () => {
    // self-hosted: 2 × 2 × 730 + 500 = 3420 a month; 500 of 1000 a day already on vLLM;
    // 912.5 / (500 × 30.4167) = 0.06 a hosted request → 3420 / (0.06 × 30.4167) = 1873.97 → 1874
    const llm = {
      monthlyUsd: 912.5,
      models: [
        { group: "llama", model: "(self-hosted)", requestsPerMonth: 500 * month, monthlyUsd: 0, price: "self-hosted" as const },
        { group: "chat", model: "gpt-4o", requestsPerMonth: 500 * month, monthlyUsd: 912.5, price: "default" as const },
      ],
    };
    const b = breakEven(gpu, 2, 500, llm, traffic);
    expect(b).toEqual({
      gpu,
      replicas: 2,
      engineeringUsdPerMonth: 500,
      selfHostedMonthlyUsd: 3420,
      hostedRequestsPerDay: expect.closeTo(500, 9),
      hostedUsdPerRequest: expect.closeTo(0.06, 12),
      requestsPerDay: 1874,
    });
  });

  it("no break-even when the hosted API costs nothing per request, or every request is on vLLM already", () => {
    expect(breakEven(gpu, 1, 0, { monthlyUsd: 0, models: [] }, traffic).requestsPerDay).toBeNull();
    const all = { monthlyUsd: 10, models: [{ group: "llama", model: "(self-hosted)", requestsPerMonth: 1200 * month, monthlyUsd: 0, price: "self-hosted" as const }] };
    expect(breakEven(gpu, 1, 0, all, traffic)).toMatchObject({ hostedRequestsPerDay: 0, hostedUsdPerRequest: 0, requestsPerDay: null });
  });
});
