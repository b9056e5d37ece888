import { anthropicInferenceGeo } from "../facts/routing";
import type { Issue, Rule } from "./rule";

// https://platform.claude.com/docs/en/build-with-claude/data-residency
export const anthropicInferenceGeoModel: Rule = {
  id: "anthropic-inference-geo-model",
  doc: "a model behind an anthropic provider with inferenceGeo is one Anthropic takes inference_geo for (Claude Opus 4.6 and later); older models answer 400",
  check(c) {
    const out: Issue[] = [];
    const providers = c.providers && typeof c.providers === "object" ? c.providers : {};
    (Array.isArray(c.models) ? c.models : []).forEach((m, i) => {
      if (!m || typeof m !== "object" || typeof m.model !== "string" || typeof m.provider !== "string") return;
      const p = (providers as Record<string, { kind?: unknown; inferenceGeo?: unknown } | undefined>)[m.provider];
      if (!p || p.kind !== "anthropic" || p.inferenceGeo === undefined) return;
      if (!anthropicInferenceGeo.olderModel.test(m.model)) return;
      out.push({
        path: ["models", i, "model"],
        message: `is older than Claude Opus 4.6: Anthropic answers HTTP 400 to its requests carrying inference_geo (provider '${m.provider}' sets inferenceGeo); allowed: ${anthropicInferenceGeo.allowed}, or a provider without inferenceGeo`,
        value: m.model,
      });
    });
    return out;
  },
};
