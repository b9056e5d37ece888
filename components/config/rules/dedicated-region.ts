import { allowedRegions } from "../regions";
import { dedicatedBlocks, knownCloud, knownJurisdiction } from "./read";
import type { Issue, Rule } from "./rule";

/**
 * Dedicated capacity processes prompts where it runs: in the stack's jurisdiction (the residency
 * tables of regions.ts), and in the primary region, whose gateway the capacity's address and grant go to.
 */
export const dedicatedRegion: Rule = {
  id: "dedicated-region",
  doc: "dedicated capacity runs in the stack's jurisdiction, in its primary region",
  check(c) {
    const cloud = knownCloud(c);
    const jurisdiction = knownJurisdiction(c);
    const primary = Array.isArray(c.regions) && typeof c.regions[0] === "string" ? c.regions[0] : undefined;
    if (!cloud) return [];
    const out: Issue[] = [];
    for (const { index, key, block } of dedicatedBlocks(c)) {
      if (typeof block.region !== "string") continue;
      const path = ["dedicated", index, key, "region"];
      const allowed = jurisdiction ? allowedRegions(cloud, jurisdiction) : undefined;
      if (allowed && !allowed.includes(block.region)) {
        out.push({ path, message: `is outside jurisdiction ${jurisdiction}: dedicated capacity processes prompts where it runs; allowed: ${allowed.join(", ")}`, value: block.region });
      } else if (primary !== undefined && block.region !== primary) {
        out.push({ path, message: `must be the stack's primary region (the gateway there routes to it); allowed: ${primary}`, value: block.region });
      }
    }
    return out;
  },
};
