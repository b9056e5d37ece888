import type {
  PolicyProviderResource,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";

/**
 * The policies are plain `@pulumi/policy` policy objects: the pack entry hands them to
 * `new PolicyPack(...)` unchanged, and the in-process runner calls the same `validateResource` /
 * `validateStack` functions with arguments shaped like the analyzer's. Only types are imported
 * here, so loading a policy never loads the analyzer server.
 */
export type { PolicyProviderResource, ReportViolation, ResourceValidationArgs, StackValidationArgs };

/** Levels a policy of the kit can run at (`remediate` is not used: the packs only validate). */
export const enforcementLevels = ["advisory", "mandatory", "disabled"] as const;
export type KitEnforcementLevel = (typeof enforcementLevels)[number];

/** What each policy file exports: the policy plus the metadata the README and tests read. */
export interface KitPolicyMeta {
  /** Checkov / tfsec / CIS ids the policy corresponds to (empty when none does). */
  mappings: readonly string[];
}

export type KitResourcePolicy = ResourceValidationPolicy & KitPolicyMeta & { enforcementLevel: KitEnforcementLevel };
export type KitStackPolicy = StackValidationPolicy & KitPolicyMeta & { enforcementLevel: KitEnforcementLevel };
export type KitPolicy = KitResourcePolicy | KitStackPolicy;

export interface KitPack<Name extends string = string> {
  /** Pack name as `pulumi preview` shows it (`PolicyPack` name). */
  name: Name;
  description: string;
  policies: readonly KitPolicy[];
}

/** One violation as the planner reports it (`policy.violations[]` of `npm run plan -- --json`). */
export interface Violation {
  policy: string;
  /** The offending resource; null for a stack-wide violation (e.g. no budget at all). */
  urn: string | null;
  message: string;
  level: "advisory" | "mandatory";
  /** Set when the policy could not run at preview because it read an unknown value. */
  notCheckable?: true;
}
