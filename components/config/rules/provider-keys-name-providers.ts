import { providerSections } from "./read";
import type { Issue, Rule } from "./rule";

export const providerKeysNameProviders: Rule = {
  id: "provider-keys-name-providers",
  doc: "each key of providerKeys names a provider",
  check(c) {
    const out: Issue[] = [];
    const { providers, keys } = providerSections(c);
    if (!providers) return out;
    for (const kname of Object.keys(keys)) {
      if (!(kname in providers)) out.push({ path: ["providerKeys", kname], message: `names no provider; providers: ${Object.keys(providers).join(", ")}`, value: "[secret]" });
    }
    return out;
  },
};
