import { existsSync, readdirSync } from "node:fs";
import * as path from "node:path";
import type { Stack } from "../components/config/model";
import type { PlannerDetails as ResourceDetails, PolicyRunOptions, PolicyRunner, Violation } from "../policies/lib/planner";
import type { PlannedResource } from "./capture";

/**
 * The planner's side of the seam to the policy packs: the registry of in-process runners, running
 * them, and finding each pack's `policies/<pack>/runner.ts`. The seam's types belong to the packs'
 * library (`policies/lib/planner.ts`), so a pack's runner imports nothing from the planner.
 */
export type {
  EnforcementLevel,
  PlannerDetails as ResourceDetails,
  PolicyRunOptions,
  PolicyRunner,
  PolicyRunnerFn,
  Violation,
} from "../policies/lib/planner";

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
