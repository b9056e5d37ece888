import { maxRetentionDays, minRetentionDays, retentionOverhangDays } from "../facts/retention";
import { isObj, knownCloud, knownJurisdiction, knownStage } from "./read";
import type { Issue, Rule } from "./rule";

/**
 * The request log's retention as the guardrails' `request-log-retention` policy judges it: at
 * least the stage's audit floor, and, counting the day S3 keeps an expired log as a noncurrent
 * version, at most the jurisdiction's storage-limitation maximum. Refused here so that a stack
 * the spec accepts is not one the policy refuses at plan.
 */
export const loggingRetentionBounds: Rule = {
  id: "logging-retention-bounds",
  doc: "logging.retentionDays is within the stage's audit floor and, with the cloud's noncurrent-version days, the jurisdiction's maximum",
  check(c) {
    const out: Issue[] = [];
    const days = isObj(c.logging) ? c.logging.retentionDays : undefined;
    if (typeof days !== "number" || !Number.isInteger(days) || days < 1 || days > 3650) return out;
    const stage = knownStage(c);
    const cloud = knownCloud(c);
    const j = knownJurisdiction(c);
    const path = ["logging", "retentionDays"];
    if (stage && days < minRetentionDays[stage]) {
      out.push({ path, message: `must be at least ${minRetentionDays[stage]} days at stage ${stage} (audit)`, value: days });
    }
    if (cloud && j) {
      const overhang = retentionOverhangDays[cloud];
      const max = maxRetentionDays(j) - overhang;
      if (days > max) {
        const why = overhang > 0 ? `: S3 keeps an expired log ${overhang} more day as a noncurrent version, ${days + overhang} days in all` : "";
        out.push({ path, message: `must be at most ${max} days in jurisdiction ${j} on ${cloud} (storage limitation, ${maxRetentionDays(j)} days)${why}`, value: days });
      }
    }
    return out;
  },
};
