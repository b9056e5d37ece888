// The GCP front door in the cost model: the global forwarding rule and the Cloud Armor policy are
// the fixed cost at rest it adds to every GCP stack; API Gateway is gone from the GCP price table.
import { beforeAll, describe, expect, it } from "vitest";
import { costOfPlan } from "../../planner/cost";
import { planStack } from "../../planner/plan";
import type { StackCost } from "../../components/cost/model";
import { priceTable } from "../../components/cost/prices";
import { exampleFile } from "../helpers/stacks";

const stack = "prototype-gcp-europe-west4";
let cost: StackCost;
let byType: Map<string, { fixedMonthlyUsd?: number; usageMonthlyUsd?: number; status: string }>;

beforeAll(async () => {
  const file = exampleFile(stack);
  const outcome = await planStack(file);
  if (!outcome.spec) throw new Error(JSON.stringify(outcome.result.errors));
  cost = costOfPlan(file, outcome.spec, outcome.result.resources);
  byType = new Map(outcome.result.resources.filter((r) => r.name.startsWith("ai-infra-global-frontdoor")).map((r) => [r.type, cost.resources[r.urn] as never]));
}, 120_000);

describe("GCP front door cost (prototype, europe-west4)", () => {
  it("charges the forwarding rule by the hour: $0.025 × 730 h", () => {
    expect(byType.get("gcp:compute/globalForwardingRule:GlobalForwardingRule")).toMatchObject({ status: "priced", fixedMonthlyUsd: 18.25 });
  });

  it("charges Cloud Armor per policy and rule at rest ($5 + 5 × $1: admin allow and deny, bearer deny, throttle, default) and per request with traffic", () => {
    const armor = byType.get("gcp:compute/securityPolicy:SecurityPolicy")!;
    expect(armor).toMatchObject({ status: "priced", fixedMonthlyUsd: 10 });
    // 800 requests a day ≈ 24,333 a month at $0.75 per million = $0.018, in cents.
    expect(armor.usageMonthlyUsd).toBe(0.02);
  });

  it("charges data processed on the backend service, and nothing for the IP in use, the certificate, URL map, proxy or NEG", () => {
    expect(byType.get("gcp:compute/backendService:BackendService")).toMatchObject({ status: "priced", fixedMonthlyUsd: 0 });
    // 10 million requests of 1 MiB each way: 2 × 10,000,000 MiB ≈ 19,531 GiB at $0.008.
    const entry = priceTable["gcp:compute/backendService:BackendService"]!;
    if (entry.kind !== "priced") throw new Error("not priced");
    const line = entry.price({ urn: "u", type: "gcp:compute/backendService:BackendService", name: "b", parent: null, region: "us-central1", inputs: {} }, {
      cloud: "gcp", region: "us-central1", multiplier: 1, requestsPerMonth: 1e7, bytesPerRequest: 2 ** 20, batchShare: 0, logRetentionDays: 30, gpuNodesAtRest: new Map(), vmsAtRest: 0, resources: [],
    });
    expect(line.usage).toBeCloseTo(((2 * 1e7 * 2 ** 20) / 2 ** 30) * 0.008, 6);
    for (const t of ["gcp:compute/globalAddress:GlobalAddress", "gcp:compute/managedSslCertificate:ManagedSslCertificate", "gcp:compute/uRLMap:URLMap", "gcp:compute/targetHttpsProxy:TargetHttpsProxy", "gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup"]) {
      expect(byType.get(t)?.status, t).toBe("free");
    }
    expect(cost.notPriced).toEqual([]);
  });

  it("no longer prices API Gateway on GCP", () => {
    expect(Object.keys(priceTable).filter((t) => t.startsWith("gcp:apigateway/") || t === "gcp:projects/apiKey:ApiKey")).toEqual([]);
  });
});
