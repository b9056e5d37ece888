import { stageAtLeast } from "../model";
import type { Stage } from "../schema";
import { knownCloud, knownStage } from "./read";
import type { Issue, Rule } from "./rule";

/**
 * The sections a stage builds from, as the stage table has them (each stage adds to the one
 * before). A section set below its stage would build nothing: it is refused, never ignored.
 * (`fineTuning` has its own rule, `fine-tuning-stage`; `access` comes with the keys database,
 * `access-needs-keys-database`.)
 */
const sectionStages: readonly { section: string; from: Stage; what: string; cloud?: "aws" | "gcp" }[] = [
  { section: "budget", from: "growth", what: "the budgets and alerts" },
  { section: "cache", from: "growth", what: "the response cache" },
  { section: "reliability", from: "growth", what: "fallbacks, retries and cooldowns" },
  { section: "queue", from: "growth", what: "the job queue" },
  { section: "worker", from: "growth", what: "the async worker" },
  { section: "semanticCache", from: "growth", what: "the semantic cache (it lives in the response cache's store)", cloud: "aws" },
  { section: "cluster", from: "scale", what: "the Kubernetes cluster with GPU pools" },
  { section: "selfHosted", from: "scale", what: "self-hosted models on the cluster" },
  { section: "database", from: "growth", what: "the keys database", cloud: "aws" },
  { section: "gcpBillingAccount", from: "growth", what: "the budgets (they live on the billing account)", cloud: "gcp" },
];

export const sectionsFromStage: Rule = {
  id: "sections-from-stage",
  doc: "a section is set only at the stages that build it",
  check(c) {
    const stage = knownStage(c);
    const cloud = knownCloud(c);
    if (!stage || !cloud) return [];
    const out: Issue[] = [];
    for (const s of sectionStages) {
      if (s.cloud && s.cloud !== cloud) continue;
      if ((c as Record<string, unknown>)[s.section] === undefined || stageAtLeast(stage, s.from)) continue;
      out.push({
        path: [s.section],
        message: `builds ${s.what}, which ${s.cloud ? `cloud ${s.cloud} has` : "the kit builds"} from stage ${s.from} (this stack is ${stage}); remove it or set stage ${s.from}`,
      });
    }
    return out;
  },
};
