import { providerSections } from "./read";
import type { Issue, Rule } from "./rule";

export const modelProviders: Rule = {
  id: "model-providers",
  doc: "each model's provider names a provider of ai-infra:providers",
  check(c) {
    const out: Issue[] = [];
    const { providers } = providerSections(c);
    if (!Array.isArray(c.models) || !providers) return out;
    c.models.forEach((m, i) => {
      if (!m || typeof m !== "object") return;
      if (typeof m.provider === "string" && !(m.provider in providers)) {
        out.push({ path: ["models", i, "provider"], message: `names no provider; providers: ${Object.keys(providers).join(", ")}`, value: m.provider });
      }
    });
    return out;
  },
};
