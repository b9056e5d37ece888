import { atLeast } from "../presets";
import { knownStage } from "./read";
import type { Rule } from "./rule";

/** GCP budgets live on a billing account, not in the project. */
export const billingAccount: Rule = {
  id: "billing-account",
  doc: "a GCP stack from stage growth names the billing account its budgets live on",
  check(c) {
    const stage = knownStage(c);
    if (c.cloud !== "gcp" || !stage || !atLeast(stage, "growth") || (c.gcpBillingAccount !== undefined && c.gcpBillingAccount !== "")) return [];
    return [
      {
        path: ["gcpBillingAccount"],
        message: `is required for cloud gcp from stage growth: GCP budgets live on a billing account, not in the project, so without it the stack gets no budget alerts (pulumi config set ai-infra:gcpBillingAccount XXXXXX-XXXXXX-XXXXXX; gcloud billing accounts list)`,
      },
    ];
  },
};
