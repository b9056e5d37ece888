import { resourcePolicy } from "../lib/define";
import { cloudOf, effectiveTags, isTaggable, label } from "../lib/resources";

/**
 * Every taggable resource carries the required tags (AWS) / labels (GCP) — stage, owner, cost
 * centre by default — with `stage` equal to the stack's stage. Tags set through the regional
 * provider's `defaultTags` / `defaultLabels` count: the kit applies them there, so the check
 * resolves them through the resource's provider. Whether a type is taggable is read from the
 * provider SDK's generated class.
 *
 * Severity: low. Enforcement: advisory (cost reports and ownership suffer; no data is exposed).
 * Rationale: cost allocation per stage, owner and cost centre; finding who owns a resource in an incident.
 * Checkov / tfsec: none built in (both need a custom check). (AWS Config
 * managed rule `required-tags` is the closest.)
 */
export const requiredTags = resourcePolicy("guardrails", {
  name: "required-tags",
  description: "Taggable resources carry the stage, owner and cost-center tags.",
  enforcementLevel: "advisory",
  severity: "low",
  mappings: [],
  validate: (r, s, report) => {
    if (!isTaggable(r)) return;
    const tags = effectiveTags(r);
    const aws = cloudOf(r.type) === "aws";
    const missing = s.requiredTags.filter((k) => !tags[k]);
    if (missing.length > 0) {
      report(`${label(r)} lacks required ${aws ? "tags" : "labels"}: ${missing.join(", ")} (set them on the resource or in its provider's ${aws ? "defaultTags" : "defaultLabels"})`);
    }
    if (tags.stage && tags.stage !== s.stage) {
      report(`${label(r)} is ${aws ? "tagged" : "labelled"} stage=${tags.stage}, but the stack is at stage ${s.stage}`);
    }
  },
});
