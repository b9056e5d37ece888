// The plan CLI defers the SDK parts a plan never runs (planner/lazy-sdk.ts): they must stay
// unloaded through a whole plan, and still work, loaded on first use, for code that uses them.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../planner/stack-file";

const dir = mkdtempSync(path.join(tmpdir(), "ai-infra-lazy-sdk-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the SDK parts a plan never uses", () => {
  it("are not loaded by a plan, and the plan is made", () => {
    const out = path.join(dir, "reads.json");
    const r = spawnSync(process.execPath, ["--require", path.join(repoRoot, "test", "helpers", "record-reads.cjs"), "--import", "tsx", path.join("cli", "plan.ts"), "prototype-aws-us-east-1", "--json"], {
      cwd: repoRoot,
      env: { ...process.env, RECORD_READS: out },
      encoding: "utf8",
      maxBuffer: 64 << 20,
    });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).resources).toHaveLength(87);
    const loaded = (JSON.parse(readFileSync(out, "utf8")) as string[]).map((f) => f.split(path.sep).join("/"));
    // Each deferred module's own first dependency: read only when the real module loads.
    expect(loaded.filter((f) => /\/typescript\/lib\/typescript\.js$|\/@pulumi\/pulumi\/automation\/stack\.js$|\/@npmcli\/arborist\/lib\/arborist\/index\.js$/.test(f))).toEqual([]);
    // The SDK itself and the stand-ins are there.
    const sdk = new Set(loaded.map((f) => /\/@pulumi\/pulumi\/(index|typescript-shim|automation\/index)\.js$/.exec(f)?.[1]).filter((m) => m !== undefined));
    expect(sdk).toEqual(new Set(["index", "typescript-shim", "automation/index"]));
  });

  it("load on first use and behave as the real modules", () => {
    const script = [
      'require("./planner/lazy-sdk");',
      'const pulumi = require("@pulumi/pulumi");',
      'const ts = require("@pulumi/pulumi/typescript-shim");',
      "console.log(JSON.stringify({",
      "  workspace: typeof pulumi.automation.LocalWorkspace.create,",
      "  keys: Object.keys(pulumi.automation).includes('LocalWorkspace'),",
      "  ts: typeof ts.createSourceFile,",
      '  version: ts.version === require("typescript").version,',
      "}));",
    ].join("\n");
    const r = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { cwd: repoRoot, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({ workspace: "function", keys: true, ts: "function", version: true });
  });
});
