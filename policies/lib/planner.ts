import * as pulumi from "@pulumi/pulumi";
import { decodeConfigValue } from "../../components/config/config";
import type { Stack } from "../../components/config/model";
import { type EnforcementOverrides, type PackConfig, type PackName, policyConfigFor } from "./config";
import { type InProcessResource, type RunOptions, runPack } from "./runner";
import type { KitPack, Violation } from "./types";

/** A resource as the offline planner reports it (`cli/lib/capture.ts` `PlannedResource`). */
export interface PlannerResource {
  urn: string;
  type: string;
  name: string;
  parent: string | null;
  region: string | null;
  inputs: Record<string, unknown>;
}

/** What the planner knows beyond the `--json` view: explicit provider, physical id, `protect`. */
export interface PlannerDetails {
  provider?: string;
  id?: string;
  protect?: boolean;
  propertyDependencies?: Record<string, string[]>;
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
export function plannerRunner(packName: PackName, pack: KitPack, packs: { residency: KitPack; guardrails: KitPack }) {
  return {
    name: packName,
    run: (resources: readonly PlannerResource[], spec: Stack, details?: ReadonlyMap<string, PlannerDetails>, opts?: RunOptions): Violation[] => {
      const config: PackConfig<object> = policyConfigFor(spec, stackOverrides(), packs)[packName];
      return runPack(pack, toInProcess(resources, details), config, opts);
    },
  };
}
