import { litellmSemanticCacheFields, memorystoreVectorFieldTypes, semanticCacheRefusal } from "../facts/gcp";
import type { Rule } from "./rule";

/** The semantic cache's index cannot be created on Memorystore (facts: field types on both sides). */
export const gcpSemanticCache: Rule = {
  id: "gcp-semantic-cache",
  doc: "a GCP stack sets no semanticCache while Memorystore cannot create LiteLLM's index",
  check(c) {
    if (c.cloud !== "gcp") return [];
    const refused = Object.entries(litellmSemanticCacheFields).filter(([, type]) => !(memorystoreVectorFieldTypes as readonly string[]).includes(type));
    if (c.semanticCache === undefined || refused.length === 0) return [];
    return [{ path: ["semanticCache"], message: semanticCacheRefusal(refused.map(([field, type]) => `${field} ${type}`)) }];
  },
};
