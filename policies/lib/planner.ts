import * as pulumi from "@pulumi/pulumi";
import { decodeConfigValue } from "../../components/config/config";
import type { Stack } from "../../components/config/model";
import { type EnforcementOverrides, type PackConfig, type PackName, policyConfigFor } from "./config";
import { type InProcessResource, type RunOptions, runPack } from "./runner";
import type { KitPack, Violation } from "./types";

export type { Violation };

/** A resource as the offline planner reports it (`planner/capture.ts` `PlannedResource`). */
export interface PlannerResource {
  urn: string;
  type: string;
  name: string;
  parent: string | null;
  region: string | null;
  inputs: Record<string, unknown>;
}

/** What the planner knows of a resource beyond its `--json` view, for policies that relate resources. */
export interface PlannerDetails {
  /** URN of the explicit provider (its inputs hold the region and default tags/labels). */
  provider?: string;
  /** Physical id, which other resources' inputs refer to. */
  id?: string;
  /** The `protect` resource option. */
  protect?: boolean;
  /** The `ignoreChanges` resource option. */
  ignoreChanges?: string[];
  /** Input key → URNs its value came from, as the engine hands them to stack policies. */
  propertyDependencies?: Record<string, string[]>;
}

/**
 * The seam between the offline planner and the policy packs. A pack's in-process runner gets the
 * planned resources (inputs with secrets redacted) and the validated spec, and returns violations;
 * the planner exits 2 when any of them is `mandatory`. This mirrors `pulumi preview --policy-pack`
 * without the analyzer's gRPC server, which cannot run offline beside the mock runtime. The types
 * live here, below both the packs and the planner, so a pack's `runner.ts` needs nothing from the
 * planner.
 */
export type EnforcementLevel = Violation["level"];

/** `preview`: the resources are the preview's, unknown values are the engine's unknown sentinel. */
export type PolicyRunOptions = RunOptions;

export type PolicyRunnerFn = (
  resources: readonly PlannerResource[],
  spec: Stack,
  details?: ReadonlyMap<string, PlannerDetails>,
  opts?: PolicyRunOptions,
) => Violation[];

/** An in-process policy runner: one per pack (`policies/<pack>/runner.ts` exports it as `runner`). */
export interface PolicyRunner {
  /** Pack name, e.g. `guardrails`; used in messages when the runner itself fails. */
  name: string;
  run: PolicyRunnerFn;
}

export function toInProcess(resources: readonly PlannerResource[], details?: ReadonlyMap<string, PlannerDetails>): InProcessResource[] {
  return resources.map((r) => {
    const d = details?.get(r.urn);
    return {
      urn: r.urn,
      type: r.type,
      name: r.name,
      props: r.inputs,
      region: r.region,
      parent: r.parent,
      ...(d?.provider ? { provider: d.provider } : {}),
      ...(d?.id ? { id: d.id } : {}),
      ...(d?.protect ? { protect: true } : {}),
      ...(d?.propertyDependencies ? { propertyDependencies: d.propertyDependencies } : {}),
    };
  });
}

/** Stack config key for per-policy enforcement overrides (the same key `index.ts` reads under the engine). */
export const enforcementConfigKey = "ai-infra-policy:enforcement";

/** The stack's enforcement overrides: the planner has set the stack's config in the runtime, as the engine does. */
function stackOverrides(): EnforcementOverrides {
  const raw = pulumi.runtime.allConfig()[enforcementConfigKey];
  return raw === undefined ? undefined : (decodeConfigValue(raw) as EnforcementOverrides);
}

/**
 * The planner seam for one pack: the policy config derived from the validated spec (and the
 * stack's enforcement overrides), the pack run in-process over the planned resources.
 */
export function plannerRunner(packName: PackName, pack: KitPack, packs: { residency: KitPack; guardrails: KitPack }): PolicyRunner {
  return {
    name: packName,
    run: (resources: readonly PlannerResource[], spec: Stack, details?: ReadonlyMap<string, PlannerDetails>, opts?: RunOptions): Violation[] => {
      const config: PackConfig<object> = policyConfigFor(spec, stackOverrides(), packs)[packName];
      return runPack(pack, toInProcess(resources, details), config, opts);
    },
  };
}
