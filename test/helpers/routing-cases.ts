/**
 * One deployment per routing form of docs/residency.md (and per region class where the region
 * decides), with the jurisdictions it may be used in, written out by hand from the providers'
 * documentation: never derived from `components/config/facts/routing.ts`. `global` allows every
 * form and is not listed. The spec test and the residency pack test both run every case in every
 * jurisdiction.
 */
export const places = ["eu", "us", "uk", "ca", "au", "jp"] as const;
export type Place = (typeof places)[number];

export interface RoutingCase {
  name: string;
  provider: Record<string, string>;
  model: string;
  /** Jurisdictions (besides `global`) in which the deployment keeps prompts inside. */
  allowedIn: readonly Place[];
  /** The property the spec names when it refuses the deployment. */
  path: string;
  /** Where a jurisdiction's refusal names another property. */
  pathIn?: Partial<Record<Place, string>>;
}

const bedrock = (region: string) => ({ kind: "bedrock", region });
const claude = "anthropic.claude-3-5-sonnet-20240620-v1:0";
const vertex = (region: string) => ({ kind: "vertex", region });
const azure = (deploymentType: string | undefined, region: string) => ({
  kind: "azure",
  region,
  apiBase: "https://contoso.openai.azure.com",
  apiVersion: "2024-10-21",
  ...(deploymentType ? { deploymentType } : {}),
});
const R = "ai-infra:providers.p.region";
const M = "ai-infra:models[0].model";
const A = "ai-infra:providers.p.apiBase";

export const routingCases: readonly RoutingCase[] = [
  // Bedrock, in-region model ids: the provider's region decides.
  { name: "bedrock in-region eu-central-1", provider: bedrock("eu-central-1"), model: claude, allowedIn: ["eu"], path: R },
  { name: "bedrock in-region us-east-1", provider: bedrock("us-east-1"), model: claude, allowedIn: ["us"], path: R },
  { name: "bedrock in-region eu-west-2 (London)", provider: bedrock("eu-west-2"), model: claude, allowedIn: ["uk"], path: R },
  { name: "bedrock in-region ca-central-1", provider: bedrock("ca-central-1"), model: claude, allowedIn: ["ca"], path: R },
  { name: "bedrock in-region ap-southeast-2", provider: bedrock("ap-southeast-2"), model: claude, allowedIn: ["au"], path: R },
  { name: "bedrock in-region ap-northeast-1", provider: bedrock("ap-northeast-1"), model: claude, allowedIn: ["jp"], path: R },
  { name: "bedrock in-region eu-central-2 (Zurich)", provider: bedrock("eu-central-2"), model: claude, allowedIn: [], path: R },
  // Bedrock, cross-region inference profiles: the prefix decides the destinations, the region is the source.
  { name: "bedrock us. from us-east-1", provider: bedrock("us-east-1"), model: `us.${claude}`, allowedIn: ["us"], path: M },
  { name: "bedrock eu. from eu-west-1", provider: bedrock("eu-west-1"), model: `eu.${claude}`, allowedIn: ["eu"], path: M },
  { name: "bedrock eu. from eu-west-2 (source outside the EU)", provider: bedrock("eu-west-2"), model: `eu.${claude}`, allowedIn: [], path: M, pathIn: { eu: R } },
  { name: "bedrock apac. from ap-northeast-1", provider: bedrock("ap-northeast-1"), model: `apac.${claude}`, allowedIn: [], path: M },
  { name: "bedrock jp. from ap-northeast-1", provider: bedrock("ap-northeast-1"), model: `jp.${claude}`, allowedIn: ["jp"], path: M },
  { name: "bedrock au. from ap-southeast-2", provider: bedrock("ap-southeast-2"), model: `au.${claude}`, allowedIn: ["au"], path: M },
  { name: "bedrock ca. from ca-central-1", provider: bedrock("ca-central-1"), model: `ca.${claude}`, allowedIn: ["ca"], path: M },
  { name: "bedrock us-gov. from us-east-1", provider: bedrock("us-east-1"), model: `us-gov.${claude}`, allowedIn: [], path: M },
  { name: "bedrock global. from eu-west-1", provider: bedrock("eu-west-1"), model: `global.${claude}`, allowedIn: [], path: M },
  { name: "bedrock application inference profile ARN", provider: bedrock("eu-west-1"), model: "arn:aws:bedrock:eu-west-1:111122223333:application-inference-profile/abc", allowedIn: [], path: M },
  { name: "bedrock unknown prefix", provider: bedrock("eu-west-1"), model: `sa.${claude}`, allowedIn: [], path: M },
  // Vertex AI: regional endpoints, the us/eu multi-regions, the global endpoint.
  { name: "vertex europe-west4", provider: vertex("europe-west4"), model: "gemini-2.5-pro", allowedIn: ["eu"], path: R },
  { name: "vertex us-central1", provider: vertex("us-central1"), model: "gemini-2.5-pro", allowedIn: ["us"], path: R },
  { name: "vertex europe-west2 (London)", provider: vertex("europe-west2"), model: "gemini-2.5-pro", allowedIn: ["uk"], path: R },
  { name: "vertex northamerica-northeast1", provider: vertex("northamerica-northeast1"), model: "gemini-2.5-pro", allowedIn: ["ca"], path: R },
  { name: "vertex australia-southeast1", provider: vertex("australia-southeast1"), model: "gemini-2.5-pro", allowedIn: ["au"], path: R },
  { name: "vertex asia-northeast1", provider: vertex("asia-northeast1"), model: "gemini-2.5-pro", allowedIn: ["jp"], path: R },
  { name: "vertex europe-west6 (Zurich)", provider: vertex("europe-west6"), model: "gemini-2.5-pro", allowedIn: [], path: R },
  { name: "vertex us multi-region", provider: vertex("us"), model: "gemini-2.5-pro", allowedIn: ["us"], path: R },
  { name: "vertex eu multi-region", provider: vertex("eu"), model: "gemini-2.5-pro", allowedIn: ["eu"], path: R },
  { name: "vertex global endpoint", provider: vertex("global"), model: "gemini-2.5-pro", allowedIn: [], path: R },
  // Azure OpenAI: the deployment type decides, with the resource's region.
  { name: "azure standard swedencentral", provider: azure("standard", "swedencentral"), model: "gpt-4o", allowedIn: ["eu"], path: R },
  { name: "azure standard eastus", provider: azure("standard", "eastus"), model: "gpt-4o", allowedIn: ["us"], path: R },
  { name: "azure standard uksouth", provider: azure("standard", "uksouth"), model: "gpt-4o", allowedIn: ["uk"], path: R },
  { name: "azure standard canadaeast", provider: azure("standard", "canadaeast"), model: "gpt-4o", allowedIn: ["ca"], path: R },
  { name: "azure standard australiaeast", provider: azure("standard", "australiaeast"), model: "gpt-4o", allowedIn: ["au"], path: R },
  { name: "azure standard japaneast", provider: azure("standard", "japaneast"), model: "gpt-4o", allowedIn: ["jp"], path: R },
  { name: "azure standard switzerlandnorth", provider: azure("standard", "switzerlandnorth"), model: "gpt-4o", allowedIn: [], path: R },
  { name: "azure datazone westeurope", provider: azure("datazone", "westeurope"), model: "gpt-4o", allowedIn: ["eu"], path: R },
  { name: "azure datazone eastus2", provider: azure("datazone", "eastus2"), model: "gpt-4o", allowedIn: ["us"], path: R },
  { name: "azure datazone uksouth (no UK data zone)", provider: azure("datazone", "uksouth"), model: "gpt-4o", allowedIn: [], path: R },
  { name: "azure global swedencentral", provider: azure("global", "swedencentral"), model: "gpt-4o", allowedIn: [], path: "ai-infra:providers.p.deploymentType" },
  { name: "azure without deploymentType", provider: azure(undefined, "swedencentral"), model: "gpt-4o", allowedIn: [], path: "ai-infra:providers.p.deploymentType" },
  // OpenAI: the host decides.
  { name: "openai default host", provider: { kind: "openai" }, model: "gpt-4o-mini", allowedIn: [], path: A },
  { name: "openai api.openai.com named", provider: { kind: "openai", apiBase: "https://api.openai.com/v1" }, model: "gpt-4o-mini", allowedIn: [], path: A },
  { name: "openai us.api.openai.com", provider: { kind: "openai", apiBase: "https://us.api.openai.com/v1" }, model: "gpt-4o-mini", allowedIn: ["us"], path: A },
  { name: "openai eu.api.openai.com", provider: { kind: "openai", apiBase: "https://eu.api.openai.com/v1" }, model: "gpt-4o-mini", allowedIn: ["eu"], path: A },
  { name: "openai jp.api.openai.com", provider: { kind: "openai", apiBase: "https://jp.api.openai.com/v1" }, model: "gpt-4o-mini", allowedIn: ["jp"], path: A },
  { name: "openai au.api.openai.com", provider: { kind: "openai", apiBase: "https://au.api.openai.com/v1" }, model: "gpt-4o-mini", allowedIn: ["au"], path: A },
  { name: "openai in.api.openai.com", provider: { kind: "openai", apiBase: "https://in.api.openai.com/v1" }, model: "gpt-4o-mini", allowedIn: [], path: A },
  { name: "openai through a declared proxy", provider: { kind: "openai", apiBase: "https://llm-proxy.example.com/v1", dataJurisdiction: "uk" }, model: "gpt-4o-mini", allowedIn: ["uk"], path: "ai-infra:providers.p.dataJurisdiction" },
  // Anthropic: its own API decides by inference_geo.
  { name: "anthropic default inference geo", provider: { kind: "anthropic" }, model: "claude-sonnet-4-5", allowedIn: [], path: "ai-infra:providers.p.inferenceGeo" },
  { name: "anthropic inferenceGeo us", provider: { kind: "anthropic", inferenceGeo: "us" }, model: "claude-sonnet-4-6", allowedIn: ["us"], path: "ai-infra:providers.p.inferenceGeo" },
  { name: "anthropic inferenceGeo global", provider: { kind: "anthropic", inferenceGeo: "global" }, model: "claude-sonnet-4-6", allowedIn: [], path: "ai-infra:providers.p.inferenceGeo" },
  { name: "anthropic through a declared proxy", provider: { kind: "anthropic", apiBase: "https://claude-proxy.example.com", dataJurisdiction: "ca" }, model: "claude-sonnet-4-5", allowedIn: ["ca"], path: "ai-infra:providers.p.dataJurisdiction" },
  // OpenAI-compatible: only the stack's declaration.
  { name: "openai-compatible declared au", provider: { kind: "openai-compatible", apiBase: "https://llm.example.com.au/v1", dataJurisdiction: "au" }, model: "llama-3-70b", allowedIn: ["au"], path: "ai-infra:providers.p.dataJurisdiction" },
  { name: "openai-compatible undeclared", provider: { kind: "openai-compatible", apiBase: "https://llm.example.com/v1" }, model: "llama-3-70b", allowedIn: [], path: "ai-infra:providers.p.dataJurisdiction" },
];
