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

/** Where a provider endpoint keeps data: from its region, the known-host table or its declaration. */
export function endpointFacts(p: EndpointProvider, cloud: Cloud): EndpointFacts {
  if (p.kind === "bedrock" || p.kind === "vertex" || p.kind === "azure") {
    const region = p.region ?? "";
    // Azure regions have their own names; a declaration is the only source for them.
    const fromRegion = p.kind === "azure" ? [] : jurisdictionsOfRegion(p.kind === "bedrock" ? "aws" : "gcp", region);
    const declared = p.dataJurisdiction ? [p.dataJurisdiction] : [];
    return { jurisdictions: declared.length ? declared : fromRegion, endpoint: p.apiBase ?? `${p.kind} in ${region}` };
  }
  void cloud;
  const base = p.apiBase ?? defaultApiBase[p.kind] ?? "";
  let host = "";
  try {
    host = new URL(base).hostname;
  } catch {
    host = "";
  }
  if (p.dataJurisdiction) return { jurisdictions: [p.dataJurisdiction], endpoint: base };
  return { jurisdictions: knownEndpointJurisdictions[host] ?? [], endpoint: base };
}

/** True when data sent to the endpoint stays inside the jurisdiction. */
export function endpointAllowed(p: EndpointProvider, cloud: Cloud, jurisdiction: Jurisdiction): boolean {
  if (jurisdiction === "global") return true;
  return endpointFacts(p, cloud).jurisdictions.includes(jurisdiction);
}
