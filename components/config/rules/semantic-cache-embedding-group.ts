import { servedGroups } from "./read";
import type { Rule } from "./rule";

export const semanticCacheEmbeddingGroup: Rule = {
  id: "semantic-cache-embedding-group",
  doc: "semanticCache.embeddingModel names a model group",
  check(c) {
    if (!(c.semanticCache && typeof c.semanticCache.embeddingModel === "string")) return [];
    const groups = servedGroups(c);
    if (groups.has(c.semanticCache.embeddingModel)) return [];
    return [{ path: ["semanticCache", "embeddingModel"], message: `names no model group; groups: ${[...groups].join(", ")}`, value: c.semanticCache.embeddingModel }];
  },
};
