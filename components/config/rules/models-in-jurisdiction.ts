import { allowedForms, endpointAllowed, isEndpointProvider, placesOf, processingJurisdictions, routingFormOf } from "../endpoints";
import type { Jurisdiction } from "../regions";
import type { RoutingForm } from "../facts/routing";
import { isObj, knownCloud, knownJurisdiction } from "./read";
import type { Issue, Rule } from "./rule";

/** The property that selects a form: where the fix goes. */
function decidingPath(form: RoutingForm, provider: string, i: number, j: Jurisdiction): (string | number)[] {
  // A profile whose destinations are inside but whose source region is not: the region decides.
  if (form.processing.kind === "aws-regions" && placesOf(form.processing).includes(j as never)) return ["providers", provider, "region"];
  switch (form.id) {
    case "bedrock-in-region":
    case "vertex-regional":
    case "vertex-us":
    case "vertex-eu":
    case "vertex-global":
    case "azure-standard":
    case "azure-datazone":
      return ["providers", provider, "region"];
    case "azure-global":
    case "azure-undeclared":
      return ["providers", provider, "deploymentType"];
    case "anthropic-default":
    case "anthropic-us":
      return ["providers", provider, "inferenceGeo"];
    case "openai-default":
    case "openai-us":
    case "openai-eu":
    case "openai-jp":
    case "openai-au":
    case "openai-in":
      return ["providers", provider, "apiBase"];
    case "openai-other":
    case "anthropic-other":
    case "compatible":
      return ["providers", provider, "dataJurisdiction"];
    default:
      // Bedrock profile prefixes, ARNs and unknown prefixes: the model id decides.
      return ["models", i, "model"];
  }
}

/**
 * Every hosted model deployment may process prompts only inside the stack's jurisdiction, judged
 * by its routing form (`facts/routing.ts`): a Bedrock profile prefix, a Vertex location, an Azure
 * deployment type, an OpenAI residency host, Anthropic's `inferenceGeo`. The issue names the
 * property that selects the form and the forms the provider has inside the jurisdiction.
 */
export const modelsInJurisdiction: Rule = {
  id: "models-in-jurisdiction",
  doc: "each model deployment's routing form (profile prefix, location, deployment type, residency host) processes inside the jurisdiction",
  check(c) {
    const out: Issue[] = [];
    const cloud = knownCloud(c);
    const jurisdiction = knownJurisdiction(c);
    if (!cloud || !jurisdiction || jurisdiction === "global" || !Array.isArray(c.models) || !isObj(c.providers)) return out;
    const providers = c.providers;
    const seen = new Set<string>();
    c.models.forEach((m: unknown, i: number) => {
      if (!isObj(m) || typeof m.provider !== "string" || typeof m.model !== "string") return;
      const p = providers[m.provider];
      if (!isEndpointProvider(p) || endpointAllowed(p, cloud, jurisdiction, m.model)) return;
      const form = routingFormOf(p, m.model);
      const path = decidingPath(form, m.provider, i, jurisdiction);
      const key = JSON.stringify(path);
      if (seen.has(key)) return;
      seen.add(key);
      const where = processingJurisdictions(p, m.model);
      const regionNote = p.kind === "bedrock" || p.kind === "vertex" || p.kind === "azure" ? ` from region ${p.region ?? "(none)"}` : "";
      const allowed = allowedForms(p.kind, jurisdiction);
      out.push({
        path,
        message:
          `is outside jurisdiction ${jurisdiction}: model '${typeof m.name === "string" ? m.name : m.model}' (${m.model}) of provider '${m.provider}' uses ${form.selectedBy}${regionNote}, ` +
          `which may process in ${form.processesIn} (${where.join(", ") || "no jurisdiction of the kit"}); ` +
          `allowed ${p.kind} forms in ${jurisdiction}: ${allowed.join("; ") || "(none)"}`,
        value: path[0] === "models" ? m.model : (p as unknown as Record<string, unknown>)[String(path[2])],
      });
    });
    return out;
  },
};
