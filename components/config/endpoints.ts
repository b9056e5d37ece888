import { type Cloud, type Jurisdiction, jurisdictionsOfRegion } from "./regions";

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
 * Where well-known hosted endpoints keep and process data. OpenAI's `eu.api.openai.com` is its
 * EU data-residency endpoint; the default hosts of OpenAI and Anthropic process in the US.
 * Hosts not listed here must declare `dataJurisdiction` in the stack config.
 */
export const knownEndpointJurisdictions: Record<string, readonly Jurisdiction[]> = {
  "api.openai.com": ["us"],
  "us.api.openai.com": ["us"],
  "eu.api.openai.com": ["eu"],
  "api.anthropic.com": ["us"],
};

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
}

/**
 * True when a raw (not yet schema-checked) provider has the shape the endpoint functions read:
 * cross-checks that run beside the schema use it so a malformed provider stays the schema's path
 * error instead of throwing here.
 */
export function isEndpointProvider(p: unknown): p is EndpointProvider {
  if (!p || typeof p !== "object") return false;
  const { kind, apiBase, region, dataJurisdiction } = p as Record<string, unknown>;
  const optionalString = (v: unknown) => v === undefined || typeof v === "string";
  return typeof kind === "string" && optionalString(apiBase) && optionalString(region) && optionalString(dataJurisdiction);
}

/**
 * What the kit itself knows about where an endpoint keeps data: a Bedrock/Vertex region's
 * jurisdiction, or the known-host table. Empty when the kit does not know (Azure regions, hosts
 * outside the table).
 */
export function kitEndpointFacts(p: EndpointProvider): readonly Jurisdiction[] {
  if (p.kind === "bedrock" || p.kind === "vertex") return jurisdictionsOfRegion(p.kind === "bedrock" ? "aws" : "gcp", p.region ?? "");
  if (p.kind === "azure") return [];
  let host = "";
  try {
    host = new URL(p.apiBase ?? defaultApiBase[p.kind] ?? "").hostname;
  } catch {
    host = "";
  }
  return knownEndpointJurisdictions[host] ?? [];
}

/**
 * Where a provider endpoint keeps data. The kit's own facts (`kitEndpointFacts`) win; a stack's
 * `dataJurisdiction` only fills in where the kit knows nothing (the spec refuses a declaration
 * that contradicts the kit).
 */
export function endpointFacts(p: EndpointProvider, cloud: Cloud): EndpointFacts {
  void cloud;
  const endpoint =
    p.kind === "bedrock" || p.kind === "vertex" || p.kind === "azure" ? (p.apiBase ?? `${p.kind} in ${p.region ?? ""}`) : (p.apiBase ?? defaultApiBase[p.kind] ?? "");
  const known = kitEndpointFacts(p);
  if (known.length > 0) return { jurisdictions: known, endpoint };
  return { jurisdictions: p.dataJurisdiction ? [p.dataJurisdiction] : [], endpoint };
}

/** True when data sent to the endpoint stays inside the jurisdiction. */
export function endpointAllowed(p: EndpointProvider, cloud: Cloud, jurisdiction: Jurisdiction): boolean {
  if (jurisdiction === "global") return true;
  return endpointFacts(p, cloud).jurisdictions.includes(jurisdiction);
}
