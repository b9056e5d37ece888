import { type PolicyRunner, plannerRunner } from "../lib/planner";
import { kitPacks } from "../packs";

/**
 * The offline planner's entry to this pack (`planner/policy.ts` discovers `policies/<pack>/runner.ts`):
 * the same policy objects `index.ts` serves to `pulumi preview`, run in-process.
 */
export const runner: PolicyRunner = plannerRunner("residency", kitPacks.residency, kitPacks);
