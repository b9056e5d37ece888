import type { PolicyRunner } from "../../planner/policy";
import { guardrailsPack } from "../guardrails/pack";
import { plannerRunner } from "../lib/planner";
import { residencyPack } from "./pack";

/**
 * The offline planner's entry to this pack (`planner/policy.ts` discovers `policies/<pack>/runner.ts`):
 * the same policy objects `index.ts` serves to `pulumi preview`, run in-process.
 */
export const runner: PolicyRunner = plannerRunner("residency", residencyPack, { residency: residencyPack, guardrails: guardrailsPack });
