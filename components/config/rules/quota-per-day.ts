import { atLeast } from "../presets";
import { knownStage, perKeyQuotaPerDay } from "./read";
import type { Rule } from "./rule";

/**
 * AWS from growth: callers hold LiteLLM virtual keys and API Gateway no longer asks for its own
 * keys, so a usage plan's daily quota would count nobody (components/aws/api.ts).
 */
export const quotaPerDay: Rule = {
  id: "quota-per-day",
  doc: "an AWS stack from stage growth sets no api.perKey.quotaPerDay (nobody holds an API Gateway key)",
  check(c) {
    const quota = perKeyQuotaPerDay(c);
    const stage = knownStage(c);
    if (c.cloud !== "aws" || !stage || !atLeast(stage, "growth") || quota === undefined) return [];
    return [
      {
        path: ["api", "perKey", "quotaPerDay"],
        message: `is enforced only by the AWS prototype's API keys; from stage growth callers use LiteLLM virtual keys: remove it and give keys a budget with a period instead (access.keyDefaults)`,
        value: quota,
      },
    ];
  },
};
