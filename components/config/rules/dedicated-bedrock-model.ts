import { bedrockProvisionedModels } from "../facts/dedicated";
import { dedicatedBlocks } from "./read";
import type { Issue, Rule } from "./rule";

/** A Bedrock Provisioned Throughput is for a model AWS sells it for, in a region it sells it in (facts/dedicated.ts). */
export const dedicatedBedrockModel: Rule = {
  id: "dedicated-bedrock-model",
  doc: "on aws, a dedicated model is one Bedrock sells Provisioned Throughput for, in a region it sells it in",
  check(c) {
    const out: Issue[] = [];
    for (const { index, key, block } of dedicatedBlocks(c)) {
      if (key !== "bedrock" || typeof block.model !== "string") continue;
      const offer = bedrockProvisionedModels.find((m) => m.id === block.model);
      if (!offer) {
        out.push({ path: ["dedicated", index, "bedrock", "model"], message: `has no Provisioned Throughput in Bedrock; allowed: ${bedrockProvisionedModels.map((m) => m.id).join(", ")}`, value: block.model });
        continue;
      }
      if (typeof block.region === "string" && !offer.regions.includes(block.region)) {
        out.push({ path: ["dedicated", index, "bedrock", "region"], message: `does not sell Provisioned Throughput for ${offer.id}; allowed: ${offer.regions.join(", ")}`, value: block.region });
      }
    }
    return out;
  },
};
