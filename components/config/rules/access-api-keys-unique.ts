import type { Issue, Rule } from "./rule";

/** Key names are the keys' names in the front door and their aliases in the gateway: one each. */
export const accessApiKeysUnique: Rule = {
  id: "access-api-keys-unique",
  doc: "api.keys names each key once",
  check(c) {
    const out: Issue[] = [];
    if (!(c.api && Array.isArray(c.api.keys))) return out;
    const seen = new Set<string>();
    c.api.keys.forEach((k, i) => {
      if (typeof k !== "string") return;
      if (seen.has(k)) out.push({ path: ["api", "keys", i], message: `names key '${k}' a second time; key names must be unique`, value: k });
      seen.add(k);
    });
    return out;
  },
};
