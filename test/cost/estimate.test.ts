// The cost model's arithmetic and notes (components/cost/model.ts) on hand-computed figures: GPU
// nodes at rest, the VMs behind Cloud NAT, the traffic split over regions, bytes per request, the
// batch share, the total and every note. Found by mutation testing (docs/testing.md).
import { describe, expect, it } from "vitest";
import { type CostInput, estimateCost, gpuNodesAtRest } from "../../components/cost/model";

const res = (type: string, name: string, inputs: Record<string, unknown> | null, region: string | null = "us-east-1") => ({
  urn: `urn:${type}::${name}`,
  type,
  name,
  parent: "urn:c",
  region,
  inputs: inputs as Record<string, unknown>,
});

// 1,000,000 requests a day: × 365 / 12 = 30,416,666.67 a month; 500 + 250 tokens a request.
const traffic = { requestsPerDay: 1_000_000, inputTokensPerRequest: 500, outputTokensPerRequest: 250 };
const base: Omit<CostInput, "resources"> = {
  cloud: "aws",
  regions: ["us-east-1"],
  components: new Set(),
  traffic,
  models: [{ name: "chat", model: "gpt-4o-mini", inputCostPerMillionTokens: 0.15, outputCostPerMillionTokens: 0.6 }],
  cache: false,
  routing: false,
  logRetentionDays: 30,
};
const api = (region = "us-east-1") => res("aws:apigateway/restApi:RestApi", `api-${region}`, {}, region);
const nlb = res("aws:lb/loadBalancer:LoadBalancer", "nlb", { loadBalancerType: "network" });

describe("gpuNodesAtRest", () => {
  it("per pool: the warm replicas' GPUs over the GPUs of the shape that fits the largest replica, rounded up", () => {
    const input = {
      cloud: "gcp" as const,
      gpuPools: [
        { name: "l4", accelerator: "nvidia-l4" },
        { name: "empty", accelerator: "nvidia-l4" },
        { name: "x", accelerator: "nvidia-x" },
      ],
      selfHosted: [
        { name: "a", pool: "l4", gpusPerReplica: 2, minReplicas: 3 },
        { name: "b", pool: "l4", gpusPerReplica: 1, minReplicas: 1 },
        { name: "cold", pool: "l4", gpusPerReplica: 4, minReplicas: 0 },
        { name: "elsewhere", pool: "other", gpusPerReplica: 8, minReplicas: 1 },
        { name: "c", pool: "x", gpusPerReplica: 3, minReplicas: 2 },
      ],
    };
    // l4: largest warm replica 2 GPUs → g2-standard-24 (2 GPUs); 3 × 2 + 1 × 1 = 7 GPUs → 4 nodes.
    // empty: no warm replica, no entry. x: not in the GPU table → 3 GPUs a node; 2 × 3 = 6 → 2 nodes.
    expect([...gpuNodesAtRest(input)]).toEqual([
      ["l4", 4],
      ["x", 2],
    ]);
  });
});

describe("estimateCost", () => {
  it("counts the VMs behind Cloud NAT in its region: each pool's minimum, or its GPU nodes at rest when more", () => {
    const pool = (name: string, inputs: Record<string, unknown>, region = "us-central1") => res("gcp:container/nodePool:NodePool", name, inputs, region);
    const input: CostInput = {
      ...base,
      cloud: "gcp",
      regions: ["us-central1"],
      traffic: null,
      gpuPools: [{ name: "l4", accelerator: "nvidia-l4" }],
      selfHosted: [{ name: "m", pool: "l4", gpusPerReplica: 1, minReplicas: 4 }],
      resources: [
        pool("system", { autoscaling: { totalMinNodeCount: 2 }, nodeConfig: { machineType: "e2-standard-4" } }),
        pool("gpu", { autoscaling: { totalMinNodeCount: 0 }, nodeConfig: { machineType: "g2-standard-8", labels: { "ai-infra/gpu-pool": "l4" } } }),
        pool("fixed", { initialNodeCount: 1, nodeConfig: { machineType: "e2-standard-4" } }),
        pool("other-region", { autoscaling: { totalMinNodeCount: 5 }, nodeConfig: { machineType: "e2-standard-4" } }, "europe-west4"),
        res("gcp:compute/instance:Instance", "vm", { initialNodeCount: 3 }, "us-central1"),
        res("gcp:compute/routerNat:RouterNat", "nat", {}, "us-central1"),
      ],
    };
    // 2 (system) + max(0, 4 GPU nodes) + 1 (fixed) = 7; europe-west4 and the instance are not counted.
    expect(estimateCost(input).resources["urn:gcp:compute/routerNat:RouterNat::nat"]).toEqual({
      status: "priced",
      fixedMonthlyUsd: 7.15, // 7 × 0.0014 × 730 = 7.154
      usageMonthlyUsd: 0,
      basis: "7 VM(s) behind NAT; its data is not in the traffic profile",
    });
  });

  it("one region: the full traffic, bytes per request from the tokens, and fixed + usage + LLM as the total, with no note", () => {
    const c = estimateCost({ ...base, resources: [api(), nlb] });
    // API Gateway: 30,416,666.67 / 1e6 × 3.50 = 106.458 → 106.46
    expect(c.resources[api().urn]).toMatchObject({ usageMonthlyUsd: 106.46 });
    // NLB: 0.0225 × 730 = 16.425 → 16.43 fixed; bytes per request (500 + 250) × 4 + 1500 = 4500,
    // × 30,416,666.67 = 136.875 GB × 0.006 = 0.821 → 0.82
    expect(c.resources[nlb.urn]).toMatchObject({ fixedMonthlyUsd: 16.43, usageMonthlyUsd: 0.82 });
    // LLM: (500 × 0.15 + 250 × 0.6) / 1e6 × 30,416,666.67 = 6843.75
    expect(c.llm).not.toBeNull();
    expect(c.llmMonthlyUsd).toBe(6843.75);
    expect(c.fixedMonthlyUsd).toBe(16.43);
    expect(c.usageMonthlyUsd).toBe(107.28);
    expect(c.totalMonthlyUsd).toBe(6967.46);
    expect(c.notes).toEqual([]);
  });

  it("several regions: the traffic split evenly, and a note saying so", () => {
    const c = estimateCost({ ...base, regions: ["us-east-1", "us-west-2"], resources: [api("us-east-1"), api("us-west-2")] });
    // 106.458 / 2 = 53.229 → 53.23 a region
    expect(c.byRegion).toEqual({
      "us-east-1": { fixedMonthlyUsd: 0, usageMonthlyUsd: 53.23, notPriced: 0 },
      "us-west-2": { fixedMonthlyUsd: 0, usageMonthlyUsd: 53.23, notPriced: 0 },
    });
    expect(c.notes).toEqual(["traffic split evenly over 2 regions"]);
    // without traffic there is nothing to split
    expect(estimateCost({ ...base, traffic: null, regions: ["us-east-1", "us-west-2"], resources: [] }).notes).toEqual([
      "no traffic profile (ai-infra:traffic): fixed costs only; usage and LLM costs are not estimated",
    ]);
  });

  it("queued jobs: the batch share of requests, 3 SQS requests each", () => {
    const queue = res("aws:sqs/queue:Queue", "jobs", {});
    // 30,416,666.67 × 0.5 × 3 / 1e6 × 0.40 = 18.25
    expect(estimateCost({ ...base, traffic: { ...traffic, batchPercent: 50 }, resources: [queue] }).resources[queue.urn]).toEqual({
      status: "priced",
      fixedMonthlyUsd: 0,
      usageMonthlyUsd: 18.25,
      basis: "3 requests per queued job",
    });
    expect(estimateCost({ ...base, resources: [queue] }).resources[queue.urn]).toEqual({
      status: "priced",
      fixedMonthlyUsd: 0,
      usageMonthlyUsd: 0,
      basis: "no queued jobs in the traffic profile (traffic.batchPercent)",
    });
  });

  it("a type the table marks not priced is listed with the table's reason and counted in a note", () => {
    const check = res("aws:route53/healthCheck:HealthCheck", "hc", {});
    const c = estimateCost({ ...base, traffic: null, resources: [check] });
    const reason = "per check plus per option (HTTPS, 10 s interval): no sourced figure for the options in the kit's price table";
    expect(c.resources[check.urn]).toEqual({ status: "not priced", reason });
    expect(c.notPriced).toEqual([{ urn: check.urn, type: check.type, reason }]);
    expect(c.notes).toEqual([
      "no traffic profile (ai-infra:traffic): fixed costs only; usage and LLM costs are not estimated",
      "1 resource(s) not priced: the total leaves them out",
    ]);
  });

  it("a region outside the multiplier table is priced at the base region's prices, with a note", () => {
    const c = estimateCost({ ...base, traffic: null, regions: ["xx-test-1"], resources: [{ ...nlb, region: "xx-test-1" }] });
    expect(c.notes).toEqual([
      "no traffic profile (ai-infra:traffic): fixed costs only; usage and LLM costs are not estimated",
      "xx-test-1 is not in the region multiplier table: priced at us-east-1 prices",
    ]);
    expect(c.fixedMonthlyUsd).toBe(16.43);
  });

  it("in US dollars; a resource without a region under '(no region)'; each region's sums rounded to cents", () => {
    const secret = (name: string) => res("aws:secretsmanager/secret:Secret", name, {});
    // three secrets at 0.40 a month: 1.2, not 1.2000000000000002
    const c = estimateCost({ ...base, traffic: null, resources: [secret("a"), secret("b"), secret("c"), { ...api(), region: null }] });
    expect(c.currency).toBe("USD");
    expect(c.byRegion).toEqual({
      "us-east-1": { fixedMonthlyUsd: 1.2, usageMonthlyUsd: 0, notPriced: 0 },
      "(no region)": { fixedMonthlyUsd: 0, usageMonthlyUsd: 0, notPriced: 0 },
    });
  });

  it("the LLM's notes join the stack's", () => {
    const c = estimateCost({ ...base, cache: true, resources: [] });
    expect(c.notes).toEqual(["cache hit rate 10% assumed (set traffic.cacheHitPercent)"]);
  });

  it("a fault in a price function is not taken for a resource the table cannot price", () => {
    expect(() => estimateCost({ ...base, resources: [{ ...nlb, inputs: null as unknown as Record<string, unknown> }] })).toThrow(TypeError);
  });
});
