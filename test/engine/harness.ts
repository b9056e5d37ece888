import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { type EngineEvent, LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import { parse, stringify } from "yaml";

/**
 * `pulumi preview` through the real Pulumi engine, the way Automation API runs an inline program:
 * the Node SDK serves the language runtime in this process and the CLI (built by
 * scripts/setup/50-pulumi.sh) connects to it, so no `pulumi-language-nodejs` is needed. State goes
 * to a local file backend in a temporary folder; secrets use the passphrase provider the example
 * stacks are encrypted with; the engine launches the pass-through provider plugin
 * (tools/passthrough-provider) for every package and the policy packs through
 * `pulumi-analyzer-policy-nodejs` (both in .tools/pulumi/bin, found on PATH as the engine finds
 * ambient plugins).
 */

export const repoRoot = path.resolve(__dirname, "..", "..");
export const pulumiRoot = path.join(repoRoot, ".tools", "pulumi");
const pulumiBin = path.join(pulumiRoot, "bin");
/** The passphrase of the example stacks (docs/deploy.md, scripts/example-secret.ts). */
export const examplePassphrase = "ai-infra-example";
export const policyPacks = [path.join(repoRoot, "policies", "residency"), path.join(repoRoot, "policies", "guardrails")];
/** Bound on one preview, so a hung plugin fails the test with a message instead of hanging it. */
export const previewTimeoutMs = 240_000;

export interface EngineResource {
  urn: string;
  type: string;
  parent: string | null;
  custom: boolean;
}

export interface EnginePolicyEvent {
  policy: string;
  pack: string;
  urn: string | null;
  message: string;
  /** `mandatory`, `advisory` (also a policy that could not run during the preview) or `disabled`. */
  level: string;
}

export interface EnginePreview {
  /** The preview exited 0. */
  ok: boolean;
  /** The CLI's error output when it did not. */
  error: string;
  /** Every resource the engine stepped over, in order, the stack itself included. */
  resources: EngineResource[];
  policies: EnginePolicyEvent[];
  /** Error-level diagnostics (a program error is reported this way). */
  errors: string[];
  stdout: string;
}

export interface PreviewOptions {
  /** Stack name. */
  stack: string;
  /** The stack config file (`Pulumi.<stack>.yaml`), copied as is (secrets stay encrypted). */
  stackFile: string;
  /** The Pulumi program; the kit's own is what index.ts exports (`kitProgram()`). */
  program: () => unknown;
  /** Policy packs; both of the kit's by default. */
  packs?: string[];
}

/** Fails with the setup command to run when the CLI or the plugins are missing. */
export function requireEngine(): void {
  for (const bin of ["pulumi", "pulumi-resource-aws", "pulumi-analyzer-policy-nodejs"]) {
    if (!existsSync(path.join(pulumiBin, bin))) {
      throw new Error(`${path.join(".tools/pulumi/bin", bin)} is missing: run \`bash scripts/setup/50-pulumi.sh\` (npm test runs it)`);
    }
  }
}

/** The program `index.ts` exports: the same function `pulumi up` runs. */
export async function kitProgram(): Promise<() => unknown> {
  const mod = (await import("../../index")) as unknown as { default?: unknown };
  const fn = typeof mod === "function" ? mod : mod.default;
  if (typeof fn !== "function") throw new Error("index.ts does not export the program function");
  return fn as () => unknown;
}

/**
 * A temporary project folder: the repository's Pulumi.yaml (its `main` made absolute, its
 * `stackConfigDir` dropped) and the stack file beside it.
 */
function projectDir(stack: string, stackFile: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "ai-infra-engine-"));
  const project = parse(readFileSync(path.join(repoRoot, "Pulumi.yaml"), "utf8")) as Record<string, unknown>;
  project.main = path.join(repoRoot, typeof project.main === "string" ? project.main : "");
  delete project.stackConfigDir;
  writeFileSync(path.join(dir, "Pulumi.yaml"), stringify(project));
  copyFileSync(stackFile, path.join(dir, `Pulumi.${stack}.yaml`));
  return dir;
}

export async function enginePreview(opts: PreviewOptions): Promise<EnginePreview> {
  requireEngine();
  const dir = projectDir(opts.stack, opts.stackFile);
  const resources: EngineResource[] = [];
  const policies: EnginePolicyEvent[] = [];
  const errors: string[] = [];
  const onEvent = (e: EngineEvent) => {
    const pre = e.resourcePreEvent?.metadata;
    if (pre) {
      const state = pre.new ?? pre.old;
      resources.push({ urn: pre.urn, type: pre.type, parent: state?.parent || null, custom: state?.custom ?? false });
    }
    const p = e.policyEvent;
    if (p) {
      policies.push({ policy: p.policyName, pack: p.policyPackName, urn: p.resourceUrn || null, message: p.message.trim(), level: p.enforcementLevel });
    }
    if (e.diagnosticEvent && e.diagnosticEvent.severity === "error") errors.push(e.diagnosticEvent.message.trim());
  };
  mkdirSync(path.join(dir, "state"));
  const pulumiCommand = await PulumiCommand.get({ root: pulumiRoot });
  const env = {
    PATH: `${pulumiBin}${path.delimiter}${process.env.PATH ?? ""}`,
    PULUMI_BACKEND_URL: `file://${path.join(dir, "state")}`,
    PULUMI_HOME: path.join(dir, "home"),
    PULUMI_CONFIG_PASSPHRASE: examplePassphrase,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    // Nothing may be downloaded: every plugin the engine needs is in .tools/pulumi/bin.
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
  };
  const signal = AbortSignal.timeout(previewTimeoutMs);
  try {
    const stack = await LocalWorkspace.createOrSelectStack(
      { stackName: opts.stack, projectName: "ai-infra", program: opts.program as () => Promise<Record<string, unknown>> },
      { workDir: dir, pulumiCommand, envVars: env, secretsProvider: "passphrase" },
    );
    try {
      const res = await stack.preview({ policyPacks: opts.packs ?? policyPacks, onEvent, color: "never", signal });
      return { ok: true, error: "", resources, policies, errors, stdout: res.stdout };
    } catch (e) {
      const err = e as { stderr?: string; stdout?: string; message?: string };
      if (signal.aborted) throw new Error(`pulumi preview of ${opts.stack} did not finish within ${previewTimeoutMs / 1000} s`);
      return { ok: false, error: err.stderr || err.message || String(e), resources, policies, errors, stdout: err.stdout ?? "" };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The policies the engine could not run during the preview (@pulumi/policy reports "can't run
 * policy '<name>' from policy pack '<pack>' during preview: <value> can't be known during
 * preview"), as `policy | urn | <value> can't be known during preview`; a stack policy's urn is "*".
 */
export function notRunAtPreview(preview: EnginePreview): string[] {
  const stackUrn = preview.resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn;
  const pattern = /^can't run policy '[^']+' from policy pack '[^']+' during preview: (.*)$/s;
  return preview.policies
    .filter((p) => pattern.test(p.message))
    .map((p) => `${p.policy} | ${p.urn && p.urn !== stackUrn ? p.urn : "*"} | ${pattern.exec(p.message)![1]}`)
    .sort();
}

export interface PlannerResource {
  urn: string;
  type: string;
  name: string;
  parent: string | null;
}

export interface PlannerResult {
  code: number;
  resources: PlannerResource[];
  violations: { policy: string; urn: string | null; message: string; level: string }[];
  /** Policies the planner, run as a preview, reports as not checkable at preview. */
  notCheckable: { policy: string; urn: string | null; message: string }[];
  errors: { path: string; message: string }[];
}

/**
 * The offline planner's plan of a stack file, through its CLI in a child process (the planner
 * installs Pulumi's mock runtime, which is process-global and would clash with the engine's).
 */
export async function plannerPlan(stackFile: string): Promise<PlannerResult> {
  const tsx = path.join(repoRoot, "node_modules", ".bin", "tsx");
  let stdout: string;
  let code = 0;
  try {
    ({ stdout } = await promisify(execFile)(tsx, ["cli/plan.ts", stackFile, "--json"], { cwd: repoRoot, maxBuffer: 64 << 20, timeout: 120_000 }));
  } catch (e) {
    const err = e as { code?: number; stdout?: string };
    code = err.code ?? -1;
    stdout = err.stdout ?? "{}";
  }
  const json = JSON.parse(stdout) as {
    resources?: PlannerResource[];
    policy?: { violations: PlannerResult["violations"]; notCheckable?: PlannerResult["notCheckable"] };
    errors?: PlannerResult["errors"];
  };
  return {
    code,
    resources: json.resources ?? [],
    violations: json.policy?.violations ?? [],
    notCheckable: json.policy?.notCheckable ?? [],
    errors: json.errors ?? [],
  };
}
