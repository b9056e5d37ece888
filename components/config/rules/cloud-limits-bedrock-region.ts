import { bedrockRegionUnverified, bedrockRuntimeRegions } from "../facts/aws";
import { isObj } from "./read";
import type { Issue, Rule } from "./rule";

export const cloudLimitsBedrockRegion: Rule = {
  id: "cloud-limits-bedrock-region",
  doc: "on aws, a bedrock provider's region has the Bedrock runtime",
  check(c) {
    const out: Issue[] = [];
    if (c.cloud !== "aws" || !isObj(c.providers)) return out;
    for (const [name, p] of Object.entries(c.providers)) {
      if (!isObj(p) || p.kind !== "bedrock" || typeof p.region !== "string") continue;
      if (!bedrockRuntimeRegions.includes(p.region) && !bedrockRegionUnverified(p.region)) {
        out.push({ path: ["providers", name, "region"], message: `has no Bedrock runtime; allowed: ${bedrockRuntimeRegions.join(", ")}`, value: p.region });
      }
    }
    return out;
  },
};
