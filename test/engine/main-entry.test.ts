import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { examplePassphrase, plannerPlan, pulumiRoot, repoRoot, requireEngine } from "./harness";
import { type NodeRuntime, startNodeRuntime } from "./node-runtime";

/**
 * The program `pulumi up` runs after `npm run build`. package.json `exports["."]` names the
 * library build (dist/components/index.js); without `main` in Pulumi.yaml the Node.js runtime
 * resolves the project's entry point through it and runs the library index, which registers
 * nothing. A copy of the repository is built, then previewed by the real CLI, the program started
 * by the Node SDK's own runner as `pulumi-language-nodejs` starts it (node-runtime.ts).
 */

const run = promisify(execFile);
const stack = "prototype-gcp-europe-west4";

interface PreviewJson {
  steps?: { op: string; urn: string; newState?: { type: string } }[];
}

let copy: string;
let runtime: NodeRuntime;

async function preview(pulumiYaml: Record<string, unknown>): Promise<string[]> {
  writeFileSync(path.join(copy, "Pulumi.yaml"), stringify(pulumiYaml));
  const state = mkdtempSync(path.join(tmpdir(), "ai-infra-state-"));
  const env = {
    ...process.env,
    PATH: `${path.join(pulumiRoot, "bin")}${path.delimiter}${process.env.PATH ?? ""}`,
    PULUMI_BACKEND_URL: `file://${state}`,
    PULUMI_HOME: path.join(state, "home"),
    PULUMI_CONFIG_PASSPHRASE: examplePassphrase,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
  };
  const pulumi = path.join(pulumiRoot, "bin", "pulumi");
  try {
    await run(pulumi, ["stack", "init", stack, "--secrets-provider", "passphrase", "--non-interactive"], { cwd: copy, env, timeout: 60_000 });
    const { stdout } = await run(pulumi, ["preview", "--stack", stack, "--json", "--non-interactive", `--client=${runtime.address}`], {
      cwd: copy,
      env,
      timeout: 240_000,
      maxBuffer: 64 << 20,
    }).catch((e: { stdout?: string; stderr?: string }) => {
      throw new Error(`pulumi preview failed: ${e.stderr ?? ""}\n${runtime.stderr()}\n${(e.stdout ?? "").slice(0, 2000)}`);
    });
    const json = JSON.parse(stdout) as PreviewJson;
    return (json.steps ?? []).filter((s) => s.op === "create").map((s) => s.urn);
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
}

/** Resources the program registered: everything but the stack and the engine's default providers. */
const programResources = (urns: string[]) =>
  urns.filter((u) => !u.includes("::pulumi:pulumi:Stack::") && !/::pulumi:providers:[^:]+::default/.test(u));

describe("the program `pulumi up` runs after `npm run build`", () => {
  let original: Record<string, unknown>;
  let plannedCount: number;

  beforeAll(async () => {
    requireEngine();
    copy = mkdtempSync(path.join(tmpdir(), "ai-infra-built-"));
    const { stdout } = await run("git", ["ls-files", "-co", "--exclude-standard", "-z"], { cwd: repoRoot, maxBuffer: 16 << 20 });
    // The worktree's files (tracked and new), without the installed dependencies and tools (symlinks in a worktree).
    const skip = /^(node_modules|\.tools|dist)(\/|$)/;
    for (const f of stdout.split("\0").filter((x) => x && !skip.test(x) && existsSync(path.join(repoRoot, x)))) {
      mkdirSync(path.dirname(path.join(copy, f)), { recursive: true });
      cpSync(path.join(repoRoot, f), path.join(copy, f));
    }
    symlinkSync(realpathSync(path.join(repoRoot, "node_modules")), path.join(copy, "node_modules"));
    await run("npm", ["run", "build"], { cwd: copy, timeout: 300_000 });
    original = parse(readFileSync(path.join(repoRoot, "Pulumi.yaml"), "utf8")) as Record<string, unknown>;
    // Type checking is `npm run typecheck`'s job; the runner only needs to load the program.
    runtime = await startNodeRuntime({ PULUMI_NODEJS_TRANSPILE_ONLY: "true" });
    plannedCount = (await plannerPlan(path.join(repoRoot, "stacks", `Pulumi.${stack}.yaml`))).resources.length;
  }, 600_000);

  afterAll(() => {
    runtime?.close();
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  it("the build produced the library index that package.json exports", () => {
    expect(existsSync(path.join(copy, "dist", "components", "index.js"))).toBe(true);
  });

  it("with Pulumi.yaml as shipped (main: index.ts): the kit's program, every planned resource", async () => {
    expect(original.main).toBe("index.ts");
    const created = programResources(await preview(original));
    expect(plannedCount).toBeGreaterThan(30);
    expect(created).toHaveLength(plannedCount);
  }, 300_000);

  it("without main (the bug this guards): the runtime follows exports and runs the library index, nothing registered", async () => {
    const { main: _main, ...withoutMain } = original;
    expect(programResources(await preview(withoutMain))).toEqual([]);
  }, 300_000);
});
