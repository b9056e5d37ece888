import * as pulumi from "@pulumi/pulumi";
import { decodeConfigValue } from "../components/config/config";
import { configNamespace } from "../components/config/validate";
import { type PackConfig, type PackName, type PolicyConfig, initialConfigOf, policyConfigFor } from "./lib/config";
import { enforcementConfigKey } from "./lib/planner";
import { kitPacks } from "./packs";

export { enforcementConfigKey };

/**
 * The policy config of the stack `pulumi preview` runs the pack for. The engine hands a policy
 * pack the stack's config (as it does the program), so the pack derives its settings from the same
 * `ai-infra:jurisdiction` and `ai-infra:stage` the program reads. Undefined for a stack that is
 * not an ai-infra stack: then the settings must come from `--policy-pack-config`, and the policies
 * say which key is missing.
 */
export function policyConfigFromStack(config: Record<string, string> = pulumi.runtime.allConfig()): PolicyConfig | undefined {
  const get = (key: string) => (config[key] === undefined ? undefined : decodeConfigValue(config[key]!));
  const jurisdiction = get(`${configNamespace}:jurisdiction`);
  const stage = get(`${configNamespace}:stage`);
  if (jurisdiction === undefined && stage === undefined) return undefined;
  const overrides = get(enforcementConfigKey) as Parameters<typeof policyConfigFor>[1];
  return policyConfigFor(
    { jurisdiction, stage, providers: get(`${configNamespace}:providers`) },
    overrides,
    kitPacks,
  );
}

/** The `PolicyPack` initial config of one pack for the running stack. */
export function initialConfigFromStack(pack: PackName, config?: Record<string, string>) {
  const all = policyConfigFromStack(config);
  if (!all) return undefined;
  const packConfig: PackConfig<object> = all[pack];
  return initialConfigOf(kitPacks[pack], packConfig);
}
