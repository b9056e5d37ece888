// Every example stack planned in-process and priced: every type it creates is in the price table,
// the per-resource costs add up to the region and stack totals, and a stack without a traffic
// profile is priced at rest only.
import { beforeAll, describe, expect, it } from "vitest";
import { costOfPlan, planJson } from "../../planner/cost";
import { type PlanOutcome, planStack } from "../../planner/plan";
import type { StackCost } from "../../components/cost/model";
import { priceTable } from "../../components/cost/prices";
import { litellmVersion } from "../../components/gateway/versions";
import { exampleFile, exampleStacks } from "../helpers/stacks";

const plans = new Map<string, { outcome: PlanOutcome; cost: StackCost }>();

beforeAll(async () => {
  for (const stack of exampleStacks) {
    const file = exampleFile(stack);
    const outcome = await planStack(file);
    if (!outcome.spec) throw new Error(`${stack} did not plan: ${JSON.stringify(outcome.result.errors)}`);
    plans.set(stack, { outcome, cost: costOfPlan(file, outcome.spec, outcome.result.resources) });
  }
}, 120_000);

const sum = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) * 100) / 100;

describe.each(exampleStacks)("%s", (stack) => {
  it("prices every type it creates, or lists it as not priced for a stated reason", () => {
    const { outcome, cost } = plans.get(stack)!;
    expect(exampleStacks.length).toBe(8);
    for (const n of cost.notPriced) {
      expect(priceTable[n.type]?.kind, `${n.type}: ${n.reason}`).toBe("not-priced");
    }
    const priced = Object.keys(cost.resources).length;
    expect(priced).toBeGreaterThan(outcome.result.resources.length / 2);
  });

  it("adds up: resources to regions, regions to the stack, the stack's parts to its total", () => {
    const { cost } = plans.get(stack)!;
    const lines = Object.values(cost.resources).filter((c) => c.status !== "not priced") as { fixedMonthlyUsd: number; usageMonthlyUsd: number }[];
    expect(sum(lines.map((l) => l.fixedMonthlyUsd))).toBeCloseTo(cost.fixedMonthlyUsd, 1);
    expect(sum(Object.values(cost.byRegion).map((r) => r.fixedMonthlyUsd))).toBe(cost.fixedMonthlyUsd);
    expect(sum(Object.values(cost.byRegion).map((r) => r.usageMonthlyUsd))).toBe(cost.usageMonthlyUsd);
    expect(cost.totalMonthlyUsd).toBe(sum([cost.fixedMonthlyUsd, cost.usageMonthlyUsd, cost.llmMonthlyUsd]));
    expect(cost.fixedMonthlyUsd).toBeGreaterThan(20);
    expect(cost.llmMonthlyUsd).toBeGreaterThan(0);
  });

  it("--json keeps the plan's keys and adds cost to the document and to each priced resource", () => {
    const { outcome, cost } = plans.get(stack)!;
    const json = planJson(outcome.result, cost);
    expect(Object.keys(json)).toEqual(["stack", "stage", "cloud", "regions", "resources", "policy", "errors", "capabilities", "cost"]);
    expect(json.cost).not.toHaveProperty("resources");
    const withCost = json.resources.filter((r) => "cost" in r);
    expect(withCost.length).toBe(Object.keys(cost.resources).length);
    for (const r of json.resources) expect(Object.keys(r).slice(0, 6)).toEqual(["urn", "type", "name", "parent", "region", "inputs"]);
  });
});

describe("a stack without a traffic profile", () => {
  it("is priced at rest only and says so", async () => {
    const file = exampleFile("growth-aws-eu-west-1");
    const { ["ai-infra:traffic"]: _traffic, ...config } = file.config;
    const outcome = await planStack({ ...file, config });
    const cost = costOfPlan({ config }, outcome.spec!, outcome.result.resources);
    const withTraffic = plans.get("growth-aws-eu-west-1")!.cost;
    expect(cost.traffic).toBeNull();
    expect(cost.usageMonthlyUsd).toBe(0);
    expect(cost.llmMonthlyUsd).toBe(0);
    expect(cost.fixedMonthlyUsd).toBe(withTraffic.fixedMonthlyUsd);
    expect(cost.notes[0]).toBe("no traffic profile (ai-infra:traffic): fixed costs only; usage and LLM costs are not estimated");
  }, 60_000);
});

// Reuses the plans above (planning every example is the expensive part). Every LiteLLM container
// the examples deploy, found by its image, must read the pinned release's bundled price map: the
// deployed gateway's cost figures follow the pinned version and no start waits on GitHub.
// The image is LiteLLM's own on AWS and its mirror in the stack's Artifact Registry on GCP.
const isLitellm = (image: string) => image.includes(`/litellm:v${litellmVersion}`);
const litellmContainers = (r: { type: string; inputs: Record<string, any> }): { name: string; value?: string }[][] => {
  if (r.type === "aws:ecs/taskDefinition:TaskDefinition") {
    const defs = JSON.parse(r.inputs.containerDefinitions as string) as { image: string; environment?: { name: string; value?: string }[] }[];
    return defs.filter((c) => isLitellm(c.image)).map((c) => c.environment ?? []);
  }
  if (r.type === "gcp:cloudrunv2/service:Service") {
    const cs = (r.inputs.template?.containers ?? []) as { image: string; envs?: { name: string; value?: string }[] }[];
    return cs.filter((c) => isLitellm(c.image)).map((c) => c.envs ?? []);
  }
  return [];
};

describe.each(exampleStacks)("%s: every gateway", (stack) => {
  it("runs LiteLLM with LITELLM_LOCAL_MODEL_COST_MAP=True, one gateway per region", () => {
    const { outcome } = plans.get(stack)!;
    const envs = outcome.result.resources.flatMap((r) => litellmContainers(r as { type: string; inputs: Record<string, any> }));
    const regions = (exampleFile(stack).config["ai-infra:regions"] as unknown[] | undefined)?.length ?? 1;
    expect(envs.length).toBe(regions);
    for (const env of envs) expect(env.filter((e) => e.name === "LITELLM_LOCAL_MODEL_COST_MAP")).toEqual([{ name: "LITELLM_LOCAL_MODEL_COST_MAP", value: "True" }]);
  });

  it("runs LiteLLM at log level WARNING (no access line per request)", () => {
    const { outcome } = plans.get(stack)!;
    const envs = outcome.result.resources.flatMap((r) => litellmContainers(r as { type: string; inputs: Record<string, any> }));
    const regions = (exampleFile(stack).config["ai-infra:regions"] as unknown[] | undefined)?.length ?? 1;
    expect(envs.length).toBe(regions);
    for (const env of envs) expect(env.filter((e) => e.name === "LITELLM_LOG")).toEqual([{ name: "LITELLM_LOG", value: "WARNING" }]);
  });
});

// Issue goal: a prototype at rest costs at most 15% of the $378/month reference gateway deployment.
describe("the prototypes at rest", () => {
  it.each(["prototype-aws-us-east-1", "prototype-gcp-europe-west4"])("%s costs at most 57 dollars a month", (stack) => {
    expect(plans.get(stack)!.cost.fixedMonthlyUsd).toBeLessThanOrEqual(57);
  });

  it("AWS: the NAT instance is t4g.nano on demand plus its 8 GB gp3 disk, no NAT gateway", () => {
    const { cost } = plans.get("prototype-aws-us-east-1")!;
    const lines = Object.entries(cost.resources).filter(([urn]) => /::ai-infra-us-east-1-network-nat(-instance)?$/.test(urn));
    // 0.0042 $/h x 730 h + 8 GB x 0.08 $/GB-month = 3.066 + 0.64
    expect(lines.map(([urn, c]) => [urn.split("::").pop(), (c as { fixedMonthlyUsd: number }).fixedMonthlyUsd])).toEqual([["ai-infra-us-east-1-network-nat-instance", 3.71]]);
  });

  it("GCP: the warm Cloud Run instance is billed at the idle rate (request-based)", () => {
    const { cost } = plans.get("prototype-gcp-europe-west4")!;
    const run = Object.entries(cost.resources).filter(([urn]) => urn.endsWith("::ai-infra-europe-west4-gateway-service"));
    // (1 vCPU + 1 GiB) x 0.0000025 $/s x 2,628,000 s x 1.1 (europe-west4) = 14.454
    expect(run.map(([, c]) => (c as { fixedMonthlyUsd: number }).fixedMonthlyUsd)).toEqual([14.45]);
  });
});
