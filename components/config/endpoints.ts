import {
  type RoutingForm,
  type RoutingFormId,
  type Processing,
  azureDataZones,
  azureRegionJurisdictions,
  bedrockModelVendors,
  bedrockProfilePrefixes,
  openaiHostForms,
  routingForm,
  routingForms,
} from "./facts/routing";
import { type Cloud, type Jurisdiction, jurisdictionRegions, jurisdictions, jurisdictionsOfRegion } from "./regions";

type Place = Exclude<Jurisdiction, "global">;
const places = jurisdictions.filter((j): j is Place => j !== "global");

/** Hosted LLM provider kinds the gateway can call (LiteLLM provider prefixes in `renderGatewayConfig`). */
export const providerKinds = ["openai", "anthropic", "azure", "bedrock", "vertex", "openai-compatible"] as const;
export type ProviderKind = (typeof providerKinds)[number];

/** Kinds that authenticate with an API key held in the cloud's secret store. */
export const keyedProviderKinds: readonly ProviderKind[] = ["openai", "anthropic", "azure", "openai-compatible"];

/** Kinds whose endpoint is chosen by a cloud region (`region` is required for them). */
export const regionalProviderKinds: readonly ProviderKind[] = ["azure", "bedrock", "vertex"];

/** The endpoint each kind calls when the stack names no `apiBase`. */
export const defaultApiBase: Partial<Record<ProviderKind, string>> = {
  openai: "https://api.openai.com/v1",
  anthropic: "https://api.anthropic.com",
};

/**
 * Where well-known hosted endpoints may process data (from the routing table,
 * `facts/routing.ts`): OpenAI's data-residency hosts. The default hosts of OpenAI and Anthropic
 * have no processing constraint, so they are in no jurisdiction. Hosts not listed here must
 * declare `dataJurisdiction` in the stack config.
 */
export const knownEndpointJurisdictions: Record<string, readonly Jurisdiction[]> = Object.fromEntries(
  [...Object.entries(openaiHostForms).map(([host, id]) => [host, placesOf(routingForm(id).processing)] as const), ["api.anthropic.com", []] as const],
);

export interface EndpointFacts {
  /** Where the provider keeps data, as far as the kit can tell; empty when unknown. */
  jurisdictions: readonly Jurisdiction[];
  /** A short description for messages, e.g. `https://api.openai.com/v1` or `bedrock in eu-west-1`. */
  endpoint: string;
}

export interface EndpointProvider {
  kind: ProviderKind;
  apiBase?: string;
  region?: string;
  dataJurisdiction?: Jurisdiction;
  /** Azure deployment type: where an Azure deployment processes (`facts/routing.ts`). */
  deploymentType?: string;
  /** Anthropic's `inference_geo`. */
  inferenceGeo?: string;
}

/**
 * True when a raw (not yet schema-checked) provider has the shape the endpoint functions read:
 * cross-checks that run beside the schema use it so a malformed provider stays the schema's path
 * error instead of throwing here.
 */
export function isEndpointProvider(p: unknown): p is EndpointProvider {
  if (!p || typeof p !== "object") return false;
  const { kind, apiBase, region, dataJurisdiction, deploymentType, inferenceGeo } = p as Record<string, unknown>;
  const optionalString = (v: unknown) => v === undefined || typeof v === "string";
  return (
    typeof kind === "string" &&
    (providerKinds as readonly string[]).includes(kind) &&
    [apiBase, region, dataJurisdiction, deploymentType, inferenceGeo].every(optionalString)
  );
}


function hostOf(url: string | undefined): string {
  try {
    return new URL(url ?? "").hostname;
  } catch {
    return "";
  }
}

/** Jurisdictions a form with a fixed processing place lies in (region and declared forms: none by themselves). */
export function placesOf(p: Processing): Place[] {
  if (p.kind === "aws-regions") return places.filter((j) => p.regions.every((r) => jurisdictionRegions[j].aws.includes(r)));
  if (p.kind === "geography") return [...p.jurisdictions];
  return [];
}

/**
 * The routing form a deployment of this provider and model id uses (`facts/routing.ts`): for
 * Bedrock the model id's profile prefix, for Vertex the location, for Azure the deployment type,
 * for OpenAI the host, for Anthropic the host and `inferenceGeo`.
 */
export function routingFormOf(p: EndpointProvider, model = ""): RoutingForm {
  switch (p.kind) {
    case "bedrock": {
      if (model === "") return routingForm("bedrock-in-region");
      const first = model.split(".")[0] ?? "";
      if (!model.includes(".") || model.startsWith("arn:")) return routingForm("bedrock-other");
      if ((bedrockProfilePrefixes as readonly string[]).includes(first)) return routingForm(`bedrock-${first}` as RoutingFormId);
      return bedrockModelVendors.includes(first) ? routingForm("bedrock-in-region") : routingForm("bedrock-other");
    }
    case "vertex":
      return routingForm(p.region === "global" ? "vertex-global" : p.region === "us" ? "vertex-us" : p.region === "eu" ? "vertex-eu" : "vertex-regional");
    case "azure":
      return routingForm(p.deploymentType === "standard" ? "azure-standard" : p.deploymentType === "datazone" ? "azure-datazone" : p.deploymentType === "global" ? "azure-global" : "azure-undeclared");
    case "openai":
      return routingForm(openaiHostForms[hostOf(p.apiBase ?? defaultApiBase.openai)] ?? "openai-other");
    case "anthropic":
      if (hostOf(p.apiBase ?? defaultApiBase.anthropic) !== "api.anthropic.com") return routingForm("anthropic-other");
      return routingForm(p.inferenceGeo === "us" ? "anthropic-us" : "anthropic-default");
    default:
      return routingForm("compatible");
  }
}

/** Jurisdictions in which a deployment may process: the form's place, its region's, or the declaration. */
export function processingJurisdictions(p: EndpointProvider, model = ""): Place[] {
  const form = routingFormOf(p, model);
  const region = p.region ?? "";
  switch (form.processing.kind) {
    case "region":
      if (p.kind === "bedrock") return jurisdictionsOfRegion("aws", region) as Place[];
      if (p.kind === "vertex") return jurisdictionsOfRegion("gcp", region) as Place[];
      if (form.id === "azure-datazone") return places.filter((j) => azureDataZones.includes(j) && azureRegionJurisdictions[j].includes(region));
      return places.filter((j) => azureRegionJurisdictions[j].includes(region));
    case "declared":
      return p.dataJurisdiction && p.dataJurisdiction !== "global" ? [p.dataJurisdiction] : [];
    case "aws-regions": {
      // The request first reaches the source region's endpoint: it must be inside as well.
      const source = jurisdictionsOfRegion("aws", region);
      return placesOf(form.processing).filter((j) => source.includes(j));
    }
    default:
      return placesOf(form.processing);
  }
}

/**
 * What the kit itself knows about where an endpoint keeps data: the jurisdictions of its routing
 * form (empty when it may process anywhere). `undefined` when the kit has no fact and a stack's
 * `dataJurisdiction` decides (hosts outside the table, `openai-compatible`).
 */
export function kitEndpointFacts(p: EndpointProvider, model = ""): readonly Jurisdiction[] | undefined {
  if (routingFormOf(p, model).processing.kind === "declared") return undefined;
  return processingJurisdictions(p, model);
}

/** Where a provider endpoint may process data, for messages and checks. */
export function endpointFacts(p: EndpointProvider, cloud: Cloud, model = ""): EndpointFacts {
  void cloud;
  const endpoint =
    p.kind === "bedrock" || p.kind === "vertex" || p.kind === "azure" ? (p.apiBase ?? `${p.kind} in ${p.region ?? ""}`) : (p.apiBase ?? defaultApiBase[p.kind] ?? "");
  return { jurisdictions: processingJurisdictions(p, model), endpoint };
}

/** True when data sent to the endpoint (with this model id) stays inside the jurisdiction. */
export function endpointAllowed(p: EndpointProvider, cloud: Cloud, jurisdiction: Jurisdiction, model = ""): boolean {
  void cloud;
  if (jurisdiction === "global") return true;
  return processingJurisdictions(p, model).includes(jurisdiction);
}

/** The regions of `jurisdiction` a region-decided form may use, per provider. */
function regionsFor(form: RoutingForm, j: Place): readonly string[] {
  if (form.provider === "bedrock") return jurisdictionRegions[j].aws;
  if (form.provider === "vertex") return jurisdictionRegions[j].gcp;
  if (form.id === "azure-datazone") return azureDataZones.includes(j) ? azureRegionJurisdictions[j] : [];
  return azureRegionJurisdictions[j];
}

/**
 * The forms of one provider kind that keep data inside a jurisdiction, as text for messages,
 * e.g. "model id prefix `eu.`; model id `<vendor>.<model>` (no profile prefix) with region
 * eu-west-1, eu-west-3". Empty list: the provider has no form there.
 */
export function allowedForms(kind: ProviderKind, j: Jurisdiction): string[] {
  const forms = routingForms.filter((f) => f.provider === kind);
  if (j === "global") return forms.map((f) => f.selectedBy);
  return forms.flatMap((f) => {
    if (f.processing.kind === "region") {
      const regions = regionsFor(f, j);
      return regions.length > 0 ? [`${f.selectedBy} with region ${regions.join(", ")}`] : [];
    }
    if (f.processing.kind === "declared") return [`${f.selectedBy} with dataJurisdiction ${j}`];
    if (f.processing.kind === "aws-regions") return placesOf(f.processing).includes(j) ? [`${f.selectedBy} with region ${jurisdictionRegions[j].aws.join(", ")}`] : [];
    return placesOf(f.processing).includes(j) ? [f.selectedBy] : [];
  });
}
