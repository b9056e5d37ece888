/**
 * Dedicated capacity in the cost model: its monthly cost from the stack's quote, what a term
 * commits, and the requests a day at which it pays off against on-demand and against self-hosting.
 * Expected values are worked by hand from the numbers in the comments.
 */
import { describe, expect, it } from "vitest";
import { parseStackOrThrow } from "../../components/config";
import { dedicatedAdvice, groupRequestCost } from "../../components/cost/dedicated";
import { estimateCost } from "../../components/cost/model";
import { sourceProblems } from "../../components/cost/audit";
import { priceTable } from "../../components/cost/prices";
import { awsDedicatedRaw, gcpDedicatedRaw } from "../helpers/dedicated";

const opts = { secretKeys: new Set(["providerKeys"]) };

describe("dedicated capacity cost and break-even", () => {
  it("AWS example entry: 2 model units x 20 USD/h x 730 h; a 1-month term commits one month; break-evens", () => {
    const stack = parseStackOrThrow(awsDedicatedRaw(), opts);
    // gpt-4o-mini at 0.15 / 0.60 USD per million, 700 in + 300 out: 0.000105 + 0.00018 = 0.000285 USD.
    expect(groupRequestCost(stack.models, "chat-small-hosted", stack.traffic)).toBeCloseTo(0.000285, 12);
    const llm = { models: [{ group: "chat-small-hosted", model: "gpt-4o-mini", requestsPerMonth: 6_387_500, monthlyUsd: 0, price: "spec" as const }] };
    const gpu = { accelerator: "nvidia-t4", machine: "g4dn.2xlarge", gpus: 1, gpuMemoryGiB: 16, hourlyUsd: 0.752 };
    const [a] = dedicatedAdvice(stack.dedicated ?? [], stack.models, llm, stack.traffic, gpu, 2, 0);
    expect(a).toEqual({
      group: "chat-small-hosted",
      monthlyUsd: 29_200,
      termMonths: 1,
      committedUsd: 29_200,
      onDemandUsdPerRequest: expect.closeTo(0.000285, 12),
      // 6,387,500 a month / (365 / 12) days.
      requestsPerDay: expect.closeTo(210_000, 6),
      // 29,200 / (0.000285 x 365/12) = 3,368,421.05 -> 3,368,422.
      breakEvenVsOnDemand: 3_368_422,
      // 2 x 0.752 x 730 = 1,097.92; / (0.000285 x 365/12) = 126,652.4 -> 126,653.
      selfHosted: { monthlyUsd: expect.closeTo(1097.92, 6), breakEvenVsOnDemand: 126_653 },
    });
  });

  it("a term-free entry commits nothing; a Vertex entry is priced per replica at rest", () => {
    const raw = awsDedicatedRaw();
    raw.dedicated[0].bedrock.commitment = "none";
    const aws = parseStackOrThrow(raw, opts);
    const [a] = dedicatedAdvice(aws.dedicated ?? [], aws.models, { models: [] }, aws.traffic, null, 2, 0);
    expect([a!.termMonths, a!.committedUsd, a!.requestsPerDay, a!.selfHosted]).toEqual([0, 0, 0, null]);
    const gcp = parseStackOrThrow(gcpDedicatedRaw(), opts);
    // 1 replica at rest x 1.5 USD/h x 730 h.
    expect(dedicatedAdvice(gcp.dedicated ?? [], gcp.models, { models: [] }, gcp.traffic, null, 2, 0)[0]!.monthlyUsd).toBe(1095);
  });

  it("the plan prices the Provisioned Throughput at the quote, and refuses to price one without a quote", () => {
    const resource = {
      urn: "urn:pulumi:s::ai-infra::aws:bedrock/provisionedModelThroughput:ProvisionedModelThroughput::ai-infra-us-east-1-dedicated-chat-small-hosted-throughput",
      type: "aws:bedrock/provisionedModelThroughput:ProvisionedModelThroughput",
      name: "ai-infra-us-east-1-dedicated-chat-small-hosted-throughput",
      parent: null,
      region: "us-east-1",
      inputs: { modelUnits: 2, commitmentDuration: "OneMonth" },
    };
    const base = { cloud: "aws" as const, regions: ["us-east-1"], resources: [resource], components: new Set<string>(), traffic: null, models: [], cache: false, routing: false, logRetentionDays: 30 };
    const quoted = estimateCost({ ...base, dedicatedQuotes: [{ group: "chat-small-hosted", units: 2, hourlyUsdPerUnit: 20, basis: "quote" }] });
    expect(quoted.resources[resource.urn]).toEqual({ status: "priced", fixedMonthlyUsd: 29_200, usageMonthlyUsd: 0, basis: "quote" });
    const unquoted = estimateCost(base);
    expect(unquoted.resources[resource.urn]).toEqual({ status: "not priced", reason: "no quote for this dedicated capacity in the stack (dedicated[].*.hourlyUsd…)" });
    expect(sourceProblems(priceTable, [])).toEqual([]);
  });
});
