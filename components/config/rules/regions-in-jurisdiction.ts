import { allowedRegions, cloudRegions } from "../regions";
import { knownCloud, knownJurisdiction } from "./read";
import type { Issue, Rule } from "./rule";

export const regionsInJurisdiction: Rule = {
  id: "regions-in-jurisdiction",
  doc: "each region is listed once, is a region of the cloud and lies in the stack's jurisdiction",
  check(c) {
    const out: Issue[] = [];
    const cloud = knownCloud(c);
    const jurisdiction = knownJurisdiction(c);
    if (!Array.isArray(c.regions) || !cloud) return out;
    const seen = new Set<string>();
    c.regions.forEach((region, i) => {
      if (typeof region !== "string") return;
      if (seen.has(region)) out.push({ path: ["regions", i], message: "is listed twice", value: region });
      seen.add(region);
      if (!cloudRegions[cloud].includes(region)) {
        out.push({ path: ["regions", i], message: `is not ${cloud === "aws" ? "an" : "a"} ${cloud} region; allowed: ${cloudRegions[cloud].join(", ")}`, value: region });
      } else if (jurisdiction && !allowedRegions(cloud, jurisdiction).includes(region)) {
        out.push({
          path: ["regions", i],
          message: `is outside jurisdiction ${jurisdiction}; allowed ${cloud} regions: ${allowedRegions(cloud, jurisdiction).join(", ")}`,
          value: region,
        });
      }
    });
    return out;
  },
};
