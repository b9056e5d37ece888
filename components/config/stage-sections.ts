import { stageAtLeast } from "./model";
import type { Cloud } from "./regions";
import type { Stage } from "./schema";

/**
 * The sections a stage builds from, as the stage table has them (each stage adds to the one
 * before). A section set below its stage would build nothing: it is refused, never ignored.
 * (`fineTuning` has its own rule, `fine-tuning-stage`; `access` comes with the keys database,
 * `access-needs-keys-database`.)
 */
export const sectionStages: readonly { section: string; from: Stage; what: string; cloud?: Cloud }[] = [
  { section: "budget", from: "growth", what: "the budgets and alerts" },
  { section: "cache", from: "growth", what: "the response cache" },
  { section: "reliability", from: "growth", what: "fallbacks, retries and cooldowns" },
  { section: "queue", from: "growth", what: "the job queue" },
  { section: "worker", from: "growth", what: "the async worker" },
  { section: "prompts", from: "growth", what: "the prompt templates" },
  { section: "semanticCache", from: "growth", what: "the semantic cache (it lives in the response cache's store)", cloud: "aws" },
  { section: "cluster", from: "scale", what: "the Kubernetes cluster with GPU pools" },
  { section: "selfHosted", from: "scale", what: "self-hosted models on the cluster" },
  { section: "dedicated", from: "scale", what: "dedicated inference capacity from the cloud provider" },
  { section: "database", from: "growth", what: "the keys database", cloud: "aws" },
  { section: "gcpBillingAccount", from: "growth", what: "the budgets (they live on the billing account)", cloud: "gcp" },
];

/**
 * The sections a stack file may hold for a later stage than `stage`: what `npm run promote` sets
 * aside when it plans the stack at its own stage (the parser refuses them there).
 */
export function laterStageSections(stage: Stage, cloud: Cloud): string[] {
  return sectionStages.filter((s) => (!s.cloud || s.cloud === cloud) && !stageAtLeast(stage, s.from)).map((s) => s.section);
}
