import { awsTagRules } from "../facts/aws";
import { gcpLabelRules } from "../facts/gcp";
import { isObj, knownCloud } from "./read";
import type { Issue, Rule } from "./rule";

/** Tags: refused when the cloud would refuse them; never rewritten. */
export const cloudLimitsTags: Rule = {
  id: "cloud-limits-tags",
  doc: "tags are valid AWS tags or GCP labels, and within the cloud's count once the kit's own are added",
  check(c) {
    const out: Issue[] = [];
    const err = (path: PropertyKey[], message: string, value?: unknown) => out.push({ path, message, ...(value === undefined ? {} : { value }) });
    const cloud = knownCloud(c);
    if (!cloud || !isObj(c.tags)) return out;
    const entries: [PropertyKey[], string, string][] = [];
    if (typeof c.tags.owner === "string") entries.push([["tags", "owner"], "owner", c.tags.owner]);
    if (typeof c.tags.costCenter === "string") entries.push([["tags", "costCenter"], "cost-center", c.tags.costCenter]);
    const extra = isObj(c.tags.extra) ? c.tags.extra : {};
    for (const [k, v] of Object.entries(extra)) if (typeof v === "string") entries.push([["tags", "extra", k], k, v]);
    const kitTags = 6;
    if (cloud === "aws") {
      const r = awsTagRules;
      if (Object.keys(extra).length + kitTags > r.maxTagsPerResource) err(["tags", "extra"], `must hold at most ${r.maxTagsPerResource - kitTags} tags (AWS allows ${r.maxTagsPerResource} per resource; the kit sets ${kitTags})`);
      for (const [path, key, value] of entries) {
        if (path.length === 3 && (key.length > r.maxKeyLength || !r.allowed.test(key) || key.toLowerCase().startsWith(r.reservedPrefix))) {
          err(path, `is not a valid AWS tag key: 1–${r.maxKeyLength} characters of ${r.allowedDescription}, not starting with '${r.reservedPrefix}'`, key);
        }
        if (value.length > r.maxValueLength || !r.allowed.test(value)) err(path, `is not a valid AWS tag value: at most ${r.maxValueLength} characters of ${r.allowedDescription}`, value);
      }
    } else {
      const r = gcpLabelRules;
      if (Object.keys(extra).length + kitTags > r.maxLabelsPerResource) err(["tags", "extra"], `must hold at most ${r.maxLabelsPerResource - kitTags} labels (GCP allows ${r.maxLabelsPerResource}; the kit sets ${kitTags})`);
      for (const [path, key, value] of entries) {
        if (path.length === 3 && (key.length > r.maxKeyLength || !r.key.test(key))) err(path, `is not a valid GCP label key: ${r.allowedDescription}`, key);
        if (value.length > r.maxValueLength || !r.value.test(value)) err(path, `is not a valid GCP label value (labels are kept as given, never rewritten): ${r.allowedDescription}`, value);
      }
    }
    return out;
  },
};
