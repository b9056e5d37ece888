import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { stacksDir } from "../../planner/stack-file";
import { awsDedicatedRaw, gcpDedicatedRaw } from "../helpers/dedicated";
import { type EnginePreview, type PlannerResult, enginePreview, kitProgram, plannerPlan, requireEngine } from "./harness";

/**
 * The scale examples with dedicated capacity (test/helpers/dedicated.ts) through the real Pulumi
 * engine with both policy packs, compared with the offline planner's plan of the same file, as
 * stacks.test.ts does for the examples.
 */
const stackType = "pulumi:pulumi:Stack";
const cases = [
  { example: "scale-aws-us-east-1", stack: "scale-aws-dedicated", dedicated: awsDedicatedRaw().dedicated, added: "aws:bedrock/provisionedModelThroughput:ProvisionedModelThroughput" },
  { example: "scale-gcp-europe-west4", stack: "scale-gcp-dedicated", dedicated: gcpDedicatedRaw().dedicated, added: "gcp:vertex/aiEndpointWithModelGardenDeployment:AiEndpointWithModelGardenDeployment" },
];

describe.each(cases)("the real Pulumi engine previews $example with dedicated capacity", ({ example, stack, dedicated, added }) => {
  let preview: EnginePreview;
  let plan: PlannerResult;
  beforeAll(async () => {
    requireEngine();
    const doc = parse(readFileSync(path.join(stacksDir, `Pulumi.${example}.yaml`), "utf8")) as { config: Record<string, unknown> };
    doc.config["ai-infra:dedicated"] = dedicated;
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "ai-infra-dedicated-engine-")), `Pulumi.${stack}.yaml`);
    writeFileSync(file, stringify(doc));
    [preview, plan] = await Promise.all([enginePreview({ stack, stackFile: file, program: await kitProgram() }), plannerPlan(file)]);
  }, 600_000);

  it("succeeds with both policy packs and no mandatory violation", () => {
    expect(preview.error).toBe("");
    expect(preview.ok).toBe(true);
    expect(preview.policies.filter((p) => p.level === "mandatory")).toEqual([]);
  });

  it("registers the same resources as the offline plan, the dedicated capacity among them", () => {
    expect(plan.code).toBe(0);
    const stackUrn = preview.resources.find((r) => r.type === stackType)?.urn;
    const own = (r: { urn: string; type: string }) => r.type === stackType || (r.type.startsWith("pulumi:providers:") && r.urn.split("::").pop()!.startsWith("default"));
    const triple = (r: { urn: string; type: string; parent: string | null }) => `${r.urn} | ${r.type} | ${r.parent ?? "-"}`;
    const engine = preview.resources.filter((r) => !own(r)).map((r) => triple({ ...r, parent: r.parent === stackUrn ? null : r.parent })).sort();
    expect(engine).toEqual(plan.resources.map(triple).sort());
    expect(preview.resources.filter((r) => r.type === added)).toHaveLength(1);
  });
});
