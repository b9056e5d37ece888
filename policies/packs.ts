import { guardrailsPack } from "./guardrails/pack";
import { residencyPack } from "./residency/pack";

/**
 * The kit's policy packs by name. The packs' library (`lib/`) takes them as an argument and imports
 * neither; the engine entries (`<pack>/index.ts`, through `stack-config.ts`) and the planner's
 * runners (`<pack>/runner.ts`) take them from here.
 */
export const kitPacks = { residency: residencyPack, guardrails: guardrailsPack } as const;
