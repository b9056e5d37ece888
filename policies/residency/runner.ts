import type { PolicyRunner } from "../../cli/lib/policy";
import { guardrailsPack } from "../guardrails/pack";
import { plannerRunner } from "../lib/planner";
import { residencyPack } from "../residency/pack";

/**
 * The offline planner's entry to this pack (`cli/lib/policy.ts` discovers `policies/<pack>/runner.ts`):
 * the same policy objects `index.ts` serves to `pulumi preview`, run in-process.
 */
export const runner: PolicyRunner = plannerRunner("residency", residencyPack, { residency: residencyPack, guardrails: guardrailsPack });
