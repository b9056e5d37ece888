import { keyedProviderKinds, regionalProviderKinds } from "../endpoints";
import { providerSections } from "./read";
import type { Issue, Rule } from "./rule";

export const providerSettings: Rule = {
  id: "provider-settings",
  doc: "each provider has what its kind needs: an API key in providerKeys, a region, an apiBase; deploymentType only on azure, inferenceGeo only on anthropic",
  check(c) {
    const out: Issue[] = [];
    const { providers, keys } = providerSections(c);
    if (!providers) return out;
    for (const [pname, p] of Object.entries(providers)) {
      if (!p || typeof p !== "object") continue;
      if (keyedProviderKinds.includes(p.kind) && !(pname in keys)) {
        out.push({
          path: ["providerKeys", pname],
          message: `is required for provider '${pname}' (kind ${p.kind}): pulumi config set --secret --path 'ai-infra:providerKeys.${pname}' <key>`,
        });
      }
      if (regionalProviderKinds.includes(p.kind) && !p.region) out.push({ path: ["providers", pname, "region"], message: `is required for kind ${p.kind}` });
      // Read only for their kind: elsewhere they would silently decide nothing.
      if (p.deploymentType !== undefined && typeof p.kind === "string" && p.kind !== "azure") {
        out.push({ path: ["providers", pname, "deploymentType"], message: `is read only for kind azure, not ${p.kind}; remove it`, value: p.deploymentType });
      }
      if (p.inferenceGeo !== undefined && typeof p.kind === "string" && p.kind !== "anthropic") {
        out.push({ path: ["providers", pname, "inferenceGeo"], message: `is read only for kind anthropic, not ${p.kind}; remove it`, value: p.inferenceGeo });
      }
      if ((p.kind === "azure" || p.kind === "openai-compatible") && !p.apiBase) {
        out.push({ path: ["providers", pname, "apiBase"], message: `is required for kind ${p.kind}` });
      }
    }
    return out;
  },
};
