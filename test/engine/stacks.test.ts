import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { listStacks, stacksDir } from "../../planner/stack-file";
import { type EnginePreview, type PlannerResult, enginePreview, kitProgram, notRunAtPreview, plannerPlan, requireEngine } from "./harness";

/**
 * Every stack in stacks/ (read from the folder, so a stack added later is previewed too) through
 * the real Pulumi engine with both policy packs and the passphrase secrets provider, compared with
 * the offline planner's plan of the same file.
 */

const stacks = listStacks();
const stackType = "pulumi:pulumi:Stack";

/** The engine's resources minus its own (the stack, default providers), parents at the root as null. */
function engineSet(preview: EnginePreview) {
  const stackUrn = preview.resources.find((r) => r.type === stackType)?.urn;
  const own = (r: { urn: string; type: string }) =>
    r.type === stackType || (r.type.startsWith("pulumi:providers:") && r.urn.split("::").pop()!.startsWith("default"));
  return preview.resources.filter((r) => !own(r)).map((r) => ({ ...r, parent: r.parent === stackUrn ? null : r.parent }));
}

describe("the real Pulumi engine previews every stack in stacks/", () => {
  beforeAll(() => requireEngine());

  it("finds the example stacks", () => {
    expect(stacks.length).toBeGreaterThanOrEqual(6);
  });

  describe.each(stacks)("%s", (stack) => {
    let preview: EnginePreview;
    let plan: PlannerResult;
    const file = path.join(stacksDir, `Pulumi.${stack}.yaml`);

    beforeAll(async () => {
      [preview, plan] = await Promise.all([enginePreview({ stack, stackFile: file, program: await kitProgram() }), plannerPlan(file)]);
    }, 300_000);

    it("succeeds with both policy packs and no mandatory violation", () => {
      expect(preview.error).toBe("");
      expect(preview.ok).toBe(true);
      expect(preview.policies.filter((p) => p.level === "mandatory")).toEqual([]);
      // The packs ran: the engine reports which packs it loaded in the preview's output.
      expect(preview.stdout).toMatch(/ai-infra-residency@v0\.1\.0/);
      expect(preview.stdout).toMatch(/ai-infra-guardrails@v0\.1\.0/);
    });

    it("registers the same resources as the offline plan: URN (whole parent chain), type and parent", () => {
      expect(plan.code).toBe(0);
      const triple = (r: { urn: string; type: string; parent: string | null }) => `${r.urn} | ${r.type} | ${r.parent ?? "-"}`;
      const engine = engineSet(preview).map(triple).sort();
      expect(engine.length).toBeGreaterThan(30);
      expect(engine).toEqual(plan.resources.map(triple).sort());
    });

    it("cannot run the same policies at preview as the planner says are not checkable at preview, on the same resources and values", () => {
      const planner = plan.notCheckable.map((n) => `${n.policy} | ${n.urn ?? "*"} | ${n.message.replace(/^not checkable at preview: /, "")}`).sort();
      expect(notRunAtPreview(preview)).toEqual(planner);
    });
  });
});
