import { existsSync, readdirSync } from "node:fs";
import * as path from "node:path";
import type { Stack } from "../../components/config/model";
import type { PlannedResource } from "./capture";

/**
 * The seam between the offline planner and the policy packs. A pack's in-process runner gets the
 * planned resources (inputs with secrets redacted) and the validated spec, and returns violations;
 * the planner exits 2 when any of them is `mandatory`. This mirrors `pulumi preview --policy-pack`
 * without the analyzer's gRPC server, which cannot run offline beside the mock runtime.
 */

export type EnforcementLevel = "advisory" | "mandatory";

export interface Violation {
  /** Policy name, kebab-case (`s3-bucket-encrypted`). */
  policy: string;
  /** The offending resource; null for a stack-wide violation. */
  urn: string | null;
  message: string;
  level: EnforcementLevel;
  /** The policy read a value unknown at preview and could not decide (reported, never a pass). */
  notCheckable?: true;
}

/** What the planner knows of a resource beyond its `--json` view, for policies that relate resources. */
export interface ResourceDetails {
  /** URN of the explicit provider (its inputs hold the region and default tags/labels). */
  provider?: string;
  /** Physical id, which other resources' inputs refer to. */
  id?: string;
  /** The `protect` resource option. */
  protect?: boolean;
  /** Input key → URNs its value came from, as the engine hands them to stack policies. */
  propertyDependencies?: Record<string, string[]>;
}

/** `preview`: the resources are the preview's, unknown values are the engine's unknown sentinel. */
export interface PolicyRunOptions {
  preview?: boolean;
}

export type PolicyRunnerFn = (
  resources: readonly PlannedResource[],
  spec: Stack,
  details?: ReadonlyMap<string, ResourceDetails>,
  opts?: PolicyRunOptions,
) => Violation[];

/** An in-process policy runner: one per pack. */
export interface PolicyRunner {
  /** Pack name, e.g. `guardrails`; used in messages when the runner itself fails. */
  name: string;
  run: PolicyRunnerFn;
}

const registry = new Map<string, PolicyRunner>();

/** Register a pack's runner; returns the function that removes it (tests). Same name replaces. */
export function registerPolicyRunner(runner: PolicyRunner): () => void {
  registry.set(runner.name, runner);
  return () => {
    if (registry.get(runner.name) === runner) registry.delete(runner.name);
  };
}

export function policyRunners(): PolicyRunner[] {
  return [...registry.values()];
}

/**
 * Run every registered runner. A runner that throws must not pass silently: its failure is a
 * mandatory violation of the pack, like the real analyzer failing a preview.
 */
export function runPolicies(
  resources: readonly PlannedResource[],
  spec: Stack,
  runners: readonly PolicyRunner[] = policyRunners(),
  details?: ReadonlyMap<string, ResourceDetails>,
  opts: PolicyRunOptions = {},
): Violation[] {
  const out: Violation[] = [];
  for (const r of runners) {
    try {
      for (const v of r.run(resources, spec, details, opts)) {
        out.push({ policy: v.policy, urn: v.urn ?? null, message: v.message, level: v.level, ...(v.notCheckable ? { notCheckable: true as const } : {}) });
      }
    } catch (e) {
      out.push({ policy: r.name, urn: null, message: `policy pack '${r.name}' failed: ${e instanceof Error ? e.message : String(e)}`, level: "mandatory" });
    }
  }
  return out;
}

export function hasMandatory(violations: readonly Violation[]): boolean {
  return violations.some((v) => v.level === "mandatory");
}

/** Where packs offer their in-process runner: `policies/<pack>/runner.ts`, exporting `runner`. */
export function discoverPolicyModules(policiesDir: string): string[] {
  if (!existsSync(policiesDir)) return [];
  return readdirSync(policiesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => path.join(policiesDir, d.name, "runner.ts"))
    .filter((f) => existsSync(f))
    .sort();
}

/**
 * Load a pack module and register what it offers: an exported `runner` (or default export) that is a
 * `PolicyRunner`, or a module that calls `registerPolicyRunner` itself when imported.
 */
export function loadPolicyModule(file: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(path.resolve(file)) as { runner?: unknown; default?: unknown };
  for (const candidate of [mod.runner, mod.default]) {
    if (candidate && typeof candidate === "object" && typeof (candidate as PolicyRunner).run === "function" && typeof (candidate as PolicyRunner).name === "string") {
      registerPolicyRunner(candidate as PolicyRunner);
    }
  }
}
