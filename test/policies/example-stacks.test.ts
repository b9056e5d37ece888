import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { listStacks } from "../../planner/stack-file";
import { guardrailsPack } from "../../policies/guardrails/pack";
import { residencyPack } from "../../policies/residency/pack";

const repoRoot = path.resolve(__dirname, "..", "..");
const tsx = path.join(repoRoot, "node_modules", ".bin", "tsx");
const packPolicies = new Set([...residencyPack.policies, ...guardrailsPack.policies].map((p) => p.name));

interface PlanJson {
  errors: unknown[];
  resources: unknown[];
  policy: { violations: { policy: string; level: string; message: string }[] };
}

async function plan(stack: string): Promise<{ code: number; json: PlanJson }> {
  try {
    const { stdout } = await promisify(execFile)(tsx, ["cli/plan.ts", stack, "--json"], { cwd: repoRoot, maxBuffer: 64 << 20 });
    return { code: 0, json: JSON.parse(stdout) as PlanJson };
  } catch (e) {
    const err = e as { code?: number; stdout?: string };
    return { code: err.code ?? -1, json: JSON.parse(err.stdout ?? "{}") as PlanJson };
  }
}

// Resources in each example's plan (`npx tsx cli/plan.ts <stack> --json`), checked when set: a
// change in any of them is a change to review. From growth on AWS each region adds zone b's NAT
// gateway, its address and private route table, and the keys database's parameter group (+4); with a
// cluster, its nodes' second route table too (+5 per region). The AWS scale example's Provisioned
// Throughput adds its component and the throughput itself (+2).
const resourceCount: Record<string, number> = {
  "prototype-aws-us-east-1": 87, "prototype-gcp-europe-west4": 69, "growth-aws-eu-west-1": 186, "growth-gcp-us-central1": 115,
  "scale-aws-us-east-1": 232, "scale-gcp-europe-west4": 143, "enterprise-aws-us-east-1": 728, "enterprise-gcp-europe-west4": 282,
};

// Through the planner's CLI, as CI runs it: the planner discovers both packs' runners itself.
describe.each(listStacks())("example stack %s", (stack) => {
  it("plans with zero mandatory violations of either pack", async () => {
    const { code, json } = await plan(stack);
    expect(json.errors).toEqual([]);
    expect(json.policy.violations.filter((v) => v.level === "mandatory")).toEqual([]);
    expect(code).toBe(0);
    expect(json.resources).toHaveLength(resourceCount[stack]!);
    // Advisory findings, if any, come from the packs' own policies.
    for (const v of json.policy.violations) expect(packPolicies.has(v.policy)).toBe(true);
  });
});
