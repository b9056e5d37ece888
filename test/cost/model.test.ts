// The cost model as pure functions: hand-computed figures from the rates, the not-priced and
// no-traffic rules, the source audit of the price table.
import { describe, expect, it } from "vitest";
import { type CostInput, estimateCost, gpuNodesAtRest } from "../../components/cost/model";
import { llmCost, tokenPrice } from "../../components/cost/llm";
import { priceTable } from "../../components/cost/prices";
import { cacheNodeHourly, machineHourly, rates } from "../../components/cost/rates";
import { sourceProblems } from "../../components/cost/audit";

const res = (type: string, name: string, inputs: Record<string, unknown>, region: string | null = "us-east-1", parent: string | null = "urn:c") => ({
  urn: `urn:${type}::${name}`,
  type,
  name,
  parent,
  region,
  inputs,
});

const base: Omit<CostInput, "resources"> = {
  cloud: "aws",
  regions: ["us-east-1"],
  components: new Set(),
  traffic: { requestsPerDay: 1000, inputTokensPerRequest: 500, outputTokensPerRequest: 250 },
  models: [{ name: "chat", model: "gpt-4o-mini", inputCostPerMillionTokens: 0.15, outputCostPerMillionTokens: 0.6 }],
  cache: false,
  routing: false,
  logRetentionDays: 30,
};

const gatewayTask = res("aws:ecs/taskDefinition:TaskDefinition", "gw-task", { cpu: "512", memory: "1024", family: "stack-gateway" });
const gatewayService = res("aws:ecs/service:Service", "gw-service", {
  desiredCount: 1,
  taskDefinition: "arn:aws:ecs:us-east-1:1:task-definition/stack-gateway:1",
  networkConfiguration: { assignPublicIp: true },
});

describe("price table sources", () => {
  it("every entry and every rate has a source with an https URL, a date and a basis", () => {
    expect(sourceProblems(priceTable, [rates, machineHourly, cacheNodeHourly])).toEqual([]);
  });

  it("the audit reports an entry without a source and a rate without a date", () => {
    const table = { ...priceTable, "aws:x/y:Z": { kind: "free" as const, sources: [], reason: "x" } };
    const bad = { r: { usd: 1, unit: "u", regional: false, source: { url: "https://example.com", date: "", basis: "list-price" as const } } };
    expect(sourceProblems(table, [bad])).toEqual(["aws:x/y:Z: no source", "r: source date '' is not YYYY-MM-DD"]);
  });
});

describe("fixed cost at rest", () => {
  it("prices a Fargate service from its task definition: vCPU, memory and a public IPv4 per task, 730 hours", () => {
    const c = estimateCost({ ...base, traffic: null, resources: [gatewayTask, gatewayService] });
    // 0.5 vCPU x 0.04048 + 1 GB x 0.004445 = 0.024685/h; + 0.005/h public IPv4; x 730 h
    expect(c.resources[gatewayService.urn]).toMatchObject({ status: "priced", fixedMonthlyUsd: 21.67 });
    expect(c.resources[gatewayTask.urn]).toMatchObject({ status: "free" });
    expect(c.fixedMonthlyUsd).toBe(21.67);
  });

  it("scales regional rates by the region multiplier and says when a region is not in the table", () => {
    const eu = estimateCost({ ...base, traffic: null, regions: ["eu-west-1"], resources: [{ ...gatewayTask, region: "eu-west-1" }, { ...gatewayService, region: "eu-west-1" }] });
    // (0.024685 x 1.07 + 0.005) x 730 = 22.93 (the public IPv4 price is the same everywhere)
    expect(eu.fixedMonthlyUsd).toBe(22.93);
    const mars = estimateCost({ ...base, traffic: null, regions: ["mars-1"], resources: [{ ...gatewayTask, region: "mars-1" }, { ...gatewayService, region: "mars-1" }] });
    expect(mars.fixedMonthlyUsd).toBe(21.67);
    expect(mars.notes).toContain("mars-1 is not in the region multiplier table: priced at us-east-1 prices");
  });

  it("bills an EKS control plane by its Kubernetes version's support phase on 2026-12-07", () => {
    const eks = (version?: string) => res("eks:index:Cluster", `eks-${version}`, version ? { version } : {});
    const priced = (version?: string) => estimateCost({ ...base, traffic: null, resources: [eks(version)] }).resources[eks(version).urn];
    // Standard support: 0.10 x 730; 1.36 is newer than the calendar, so in standard support.
    expect(priced("1.35")).toMatchObject({ status: "priced", fixedMonthlyUsd: 73 });
    expect(priced("1.36")).toMatchObject({ status: "priced", fixedMonthlyUsd: 73 });
    // Extended support (1.34 left standard support on 2026-12-02, 1.32 on 2026-03-23): 0.60 x 730.
    expect(priced("1.34")).toMatchObject({ status: "priced", fixedMonthlyUsd: 438 });
    expect(priced("1.33")).toMatchObject({ status: "priced", fixedMonthlyUsd: 438 });
    expect(priced("1.32")).toMatchObject({ status: "priced", fixedMonthlyUsd: 438 });
    // Past extended support (1.31 on 2026-11-26) or older than the calendar: EKS would not keep it.
    expect(priced("1.31")).toMatchObject({ status: "not priced" });
    expect(priced("1.20")).toMatchObject({ status: "not priced" });
    expect(priced(undefined)).toMatchObject({ status: "not priced" });
  });

  it("Valkey nodes cost 80% of Redis OSS nodes, times the node count", () => {
    const rg = res("aws:elasticache/replicationGroup:ReplicationGroup", "cache", { nodeType: "cache.t4g.small", numCacheClusters: 2, engine: "valkey" });
    // 2 x 0.032 x 0.8 x 730
    expect(estimateCost({ ...base, resources: [rg] }).resources[rg.urn]).toMatchObject({ fixedMonthlyUsd: 37.38 });
  });

  it("keeps the GPU nodes a self-hosted model's minimum replicas need, at the spot price on a spot pool", () => {
    const pool = res(
      "gcp:container/nodePool:NodePool",
      "gpu",
      { autoscaling: { totalMinNodeCount: 0 }, nodeConfig: { machineType: "g2-standard-8", spot: true, diskSizeGb: 200, labels: { "ai-infra/gpu-pool": "l4" } } },
      "us-central1",
    );
    const input = {
      ...base,
      cloud: "gcp" as const,
      regions: ["us-central1"],
      traffic: null,
      resources: [pool],
      gpuPools: [{ name: "l4", accelerator: "nvidia-l4" }],
      selfHosted: [{ name: "m", pool: "l4", gpusPerReplica: 1, minReplicas: 1 }],
    };
    expect(gpuNodesAtRest(input).get("l4")).toBe(1);
    // 0.8536 x 0.35 x 730 + 200 GB x 0.10
    expect(estimateCost(input).resources[pool.urn]).toMatchObject({ fixedMonthlyUsd: 238.09 });
    expect(estimateCost({ ...input, selfHosted: [{ ...input.selfHosted[0]!, minReplicas: 0 }] }).resources[pool.urn]).toMatchObject({ fixedMonthlyUsd: 0 });
  });
});

describe("what the model does not know", () => {
  it("lists an unknown type as not priced, leaves it out of the total and says so", () => {
    const odd = res("aws:neptune/cluster:Cluster", "graph", {});
    const c = estimateCost({ ...base, traffic: null, resources: [gatewayTask, gatewayService, odd] });
    expect(c.resources[odd.urn]).toEqual({ status: "not priced", reason: "type not in the price table (components/cost/prices.ts)" });
    expect(c.notPriced.map((n) => n.type)).toEqual(["aws:neptune/cluster:Cluster"]);
    expect(c.byRegion["us-east-1"]!.notPriced).toBe(1);
    expect(c.fixedMonthlyUsd).toBe(21.67);
    expect(c.notes).toContain("1 resource(s) not priced: the total leaves them out");
  });

  it("lists a known type with an unknown size as not priced", () => {
    const rg = res("aws:elasticache/replicationGroup:ReplicationGroup", "cache", { nodeType: "cache.x9.huge", numCacheClusters: 2 });
    expect(estimateCost({ ...base, resources: [rg] }).resources[rg.urn]).toMatchObject({ status: "not priced" });
  });

  it("skips components and providers rather than listing them", () => {
    const comp = res("ai-infra:aws:Region", "r", {}, "us-east-1", null);
    const prov = res("pulumi:providers:aws", "p", {});
    const c = estimateCost({ ...base, components: new Set([comp.urn]), resources: [comp, prov] });
    expect(c.resources).toEqual({});
    expect(c.notPriced).toEqual([]);
  });

  it("without a traffic profile: fixed costs only, no usage or LLM cost, and a note saying so", () => {
    const api = res("aws:apigateway/restApi:RestApi", "api", {});
    const c = estimateCost({ ...base, traffic: null, resources: [api, gatewayTask, gatewayService] });
    expect(c.usageMonthlyUsd).toBe(0);
    expect(c.llmMonthlyUsd).toBe(0);
    expect(c.llm).toBeNull();
    expect(c.notes[0]).toBe("no traffic profile (ai-infra:traffic): fixed costs only; usage and LLM costs are not estimated");
    const withTraffic = estimateCost({ ...base, resources: [api] });
    // 1000/day x 365/12 days = 30,416.67 calls x $3.50 per million
    expect(withTraffic.usageMonthlyUsd).toBe(0.11);
  });
});

describe("LLM token cost", () => {
  const traffic = { requestsPerDay: 1000, inputTokensPerRequest: 500, outputTokensPerRequest: 250 };

  it("one model: requests a month x (input x price + output x price)", () => {
    // (500 x 0.15 + 250 x 0.6) / 1e6 = 0.000225 per request x 30,416.67
    expect(llmCost({ models: base.models, cache: false, routing: false }, traffic).monthlyUsd).toBeCloseTo(6.84375, 6);
  });

  it("the cache's hits cost nothing: the stated hit rate, else the stated assumption", () => {
    expect(llmCost({ models: base.models, cache: true, routing: false }, { ...traffic, cacheHitPercent: 20 }).monthlyUsd).toBeCloseTo(5.475, 6);
    const assumed = llmCost({ models: base.models, cache: true, routing: false }, traffic);
    expect(assumed.cacheHitRate).toBe(0.1);
    expect(assumed.notes).toContain("cache hit rate 10% assumed (set traffic.cacheHitPercent)");
  });

  it("routing splits misses between the strong tier's weighted deployments and the small tier", () => {
    const models = [
      { name: "small", model: "gpt-4o-mini", tier: "small" as const, inputCostPerMillionTokens: 0.15, outputCostPerMillionTokens: 0.6 },
      { name: "strong", model: "gpt-4o", tier: "strong" as const, weight: 80, inputCostPerMillionTokens: 2.5, outputCostPerMillionTokens: 10 },
      { name: "strong", model: "claude", tier: "strong" as const, weight: 20, inputCostPerMillionTokens: 3, outputCostPerMillionTokens: 15 },
    ];
    const c = llmCost({ models, cache: false, routing: true }, { ...traffic, strongPercent: 50 });
    const monthly = 1000 * (365 / 12);
    // small: 50%; gpt-4o: 40% at 0.00375; claude: 10% at 0.00525
    expect(c.monthlyUsd).toBeCloseTo(monthly * (0.5 * 0.000225 + 0.4 * 0.00375 + 0.1 * 0.00525), 6);
    expect(c.models.map((m) => [m.model, Math.round(m.requestsPerMonth)])).toEqual([
      ["gpt-4o", Math.round(monthly * 0.4)],
      ["claude", Math.round(monthly * 0.1)],
      ["gpt-4o-mini", Math.round(monthly * 0.5)],
    ]);
  });

  it("a self-hosted small tier with a warm replica takes the small share at no token cost", () => {
    const models = [
      { name: "small", model: "gpt-4o-mini", tier: "small" as const },
      { name: "strong", model: "gpt-4o", tier: "strong" as const },
    ];
    const warm = llmCost({ models, selfHosted: [{ name: "llama", minReplicas: 1, tier: "small" }], cache: false, routing: true }, { ...traffic, strongPercent: 30 });
    expect(warm.models.find((m) => m.group === "llama")).toMatchObject({ monthlyUsd: 0, price: "self-hosted" });
    const cold = llmCost({ models, selfHosted: [{ name: "llama", minReplicas: 0, tier: "small" }], cache: false, routing: true }, { ...traffic, strongPercent: 30 });
    expect(cold.monthlyUsd).toBeGreaterThan(warm.monthlyUsd);
  });

  it("takes the default price table for a model without prices, and names a model it cannot price", () => {
    expect(tokenPrice({ name: "x", model: "us.anthropic.claude-3-5-sonnet-20241022-v2:0" })).toEqual({ input: 3, output: 15, from: "default" });
    const c = llmCost({ models: [{ name: "x", model: "my-own-model" }], cache: false, routing: false }, traffic);
    expect(c.models[0]!.price).toBe("not priced");
    expect(c.notes).toContain("model my-own-model (x) has no price: set inputCostPerMillionTokens/outputCostPerMillionTokens");
  });
});
