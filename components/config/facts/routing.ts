/**
 * Where each way of reaching a hosted model may process a prompt: one entry per provider ×
 * routing form, each with the page it was read from and the date. The spec
 * (`models-in-jurisdiction`), the policy config (`policyConfigFor`) and the residency pack
 * (`gateway-endpoints-in-jurisdiction`) judge every deployment through `routingOf` in
 * `../endpoints.ts`, which classifies a deployment into exactly one of these forms. A form whose
 * processing cannot be shown to stay inside a jurisdiction is refused there; only `global`
 * allows every form. `docs/residency.md` is generated from this table (`npm run docs`).
 */
import type { Jurisdiction } from "../regions";

type Place = Exclude<Jurisdiction, "global">;

/** Where a form may process a request. */
export type Processing =
  /** In the one region the deployment names (the provider's `region`). */
  | { kind: "region" }
  /** In any of a fixed list of AWS regions (a geographic cross-region inference profile). */
  | { kind: "aws-regions"; regions: readonly string[] }
  /** Inside a provider-defined geography, which is inside these jurisdictions of the kit (none: outside every one). */
  | { kind: "geography"; jurisdictions: readonly Place[] }
  /** Anywhere the provider runs: no jurisdiction can be shown. */
  | { kind: "anywhere" }
  /** Wherever the stack's `dataJurisdiction` declaration says (a host the kit has no fact for). */
  | { kind: "declared" };

export type RoutingFormId =
  | "bedrock-in-region" | "bedrock-us" | "bedrock-eu" | "bedrock-apac" | "bedrock-jp" | "bedrock-au" | "bedrock-ca"
  | "bedrock-us-gov" | "bedrock-global" | "bedrock-other"
  | "vertex-regional" | "vertex-us" | "vertex-eu" | "vertex-global"
  | "azure-standard" | "azure-datazone" | "azure-global" | "azure-undeclared"
  | "openai-default" | "openai-us" | "openai-eu" | "openai-jp" | "openai-au" | "openai-in" | "openai-other"
  | "anthropic-default" | "anthropic-us" | "anthropic-other"
  | "compatible";

export interface RoutingForm {
  id: RoutingFormId;
  provider: "bedrock" | "vertex" | "azure" | "openai" | "anthropic" | "openai-compatible";
  /** How a stack selects the form. */
  selectedBy: string;
  /** Where the provider may process the request, in the provider's words. */
  processesIn: string;
  processing: Processing;
  source: string;
  /** Date the source was read. */
  read: string;
}

const bedrockProfiles = "https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html";
const bedrockGeo = "https://docs.aws.amazon.com/bedrock/latest/userguide/geographic-cross-region-inference.html";
const bedrockCri = "https://docs.aws.amazon.com/bedrock/latest/userguide/cross-region-inference.html";
const vertexResidency = "https://cloud.google.com/vertex-ai/generative-ai/docs/learn/data-residency";
const vertexLocations = "https://cloud.google.com/vertex-ai/generative-ai/docs/learn/locations";
const azureTypes = "https://learn.microsoft.com/azure/ai-foundry/openai/how-to/deployment-types";
const openaiResidency = "https://developers.openai.com/api/docs/guides/data-residency";
const anthropicResidency = "https://platform.claude.com/docs/en/manage-claude/data-residency";
const read = "2026-12-07";

/**
 * Prefixes of Bedrock's system-defined cross-region inference profiles: the prefix of the model id
 * decides the destination regions. `us-gov.` is listed before `us.` only for reading; prefixes
 * are matched whole (up to the first dot).
 */
export const bedrockProfilePrefixes = ["us", "eu", "apac", "jp", "au", "ca", "us-gov", "global"] as const;

/**
 * Model vendors whose Bedrock model ids (`<vendor>.<model>`) are called in the provider's own
 * region. A first segment that is neither a vendor nor a profile prefix is an unknown form and is
 * refused outside `global` rather than guessed in-region.
 * Source: https://docs.aws.amazon.com/bedrock/latest/userguide/model-ids.html (read 2026-12-07).
 */
export const bedrockModelVendors: readonly string[] = [
  "ai21", "amazon", "anthropic", "cohere", "deepseek", "google", "luma", "meta", "minimax", "mistral",
  "moonshot", "moonshotai", "nvidia", "openai", "qwen", "stability", "twelvelabs", "writer",
];

export const routingForms: readonly RoutingForm[] = [
  {
    id: "bedrock-in-region", provider: "bedrock",
    selectedBy: "model id `<vendor>.<model>` (no profile prefix)",
    processesIn: "the provider's `region` only", processing: { kind: "region" },
    source: "https://docs.aws.amazon.com/bedrock/latest/userguide/model-ids.html", read,
  },
  {
    id: "bedrock-us", provider: "bedrock", selectedBy: "model id prefix `us.`",
    processesIn: "US commercial regions (us-east-1, us-east-2, us-west-1, us-west-2)",
    processing: { kind: "aws-regions", regions: ["us-east-1", "us-east-2", "us-west-1", "us-west-2"] },
    source: bedrockProfiles, read,
  },
  {
    id: "bedrock-eu", provider: "bedrock", selectedBy: "model id prefix `eu.`",
    processesIn: "EU regions (eu-central-1, eu-north-1, eu-south-1, eu-south-2, eu-west-1, eu-west-3)",
    processing: { kind: "aws-regions", regions: ["eu-central-1", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-3"] },
    source: bedrockProfiles, read,
  },
  {
    id: "bedrock-apac", provider: "bedrock", selectedBy: "model id prefix `apac.`",
    processesIn: "Asia Pacific regions (Tokyo, Seoul, Osaka, Mumbai, Hyderabad, Singapore, Sydney, Jakarta, Melbourne, Malaysia, Thailand, Taipei) and me-central-1",
    processing: {
      kind: "aws-regions",
      regions: [
        "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2",
        "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-7", "ap-east-2", "me-central-1",
      ],
    },
    source: "https://docs.aws.amazon.com/cdk/api/v2/python/aws_cdk.aws_bedrock_alpha/CrossRegionInferenceProfileRegion.html", read,
  },
  {
    id: "bedrock-jp", provider: "bedrock", selectedBy: "model id prefix `jp.`",
    processesIn: "Japan (ap-northeast-1 Tokyo, ap-northeast-3 Osaka)",
    processing: { kind: "aws-regions", regions: ["ap-northeast-1", "ap-northeast-3"] },
    source: bedrockGeo, read,
  },
  {
    id: "bedrock-au", provider: "bedrock", selectedBy: "model id prefix `au.`",
    processesIn: "Australia (ap-southeast-2 Sydney, ap-southeast-4 Melbourne)",
    processing: { kind: "aws-regions", regions: ["ap-southeast-2", "ap-southeast-4"] },
    source: bedrockGeo, read,
  },
  {
    id: "bedrock-ca", provider: "bedrock", selectedBy: "model id prefix `ca.`",
    processesIn: "Canada (ca-central-1, ca-west-1)",
    processing: { kind: "aws-regions", regions: ["ca-central-1", "ca-west-1"] },
    source: bedrockGeo, read,
  },
  {
    id: "bedrock-us-gov", provider: "bedrock", selectedBy: "model id prefix `us-gov.`",
    processesIn: "AWS GovCloud (us-gov-east-1, us-gov-west-1), a partition outside the kit's regions",
    processing: { kind: "aws-regions", regions: ["us-gov-east-1", "us-gov-west-1"] },
    source: bedrockProfiles, read,
  },
  {
    id: "bedrock-global", provider: "bedrock", selectedBy: "model id prefix `global.`",
    processesIn: "any commercial AWS region", processing: { kind: "anywhere" },
    source: bedrockCri, read,
  },
  {
    id: "bedrock-other", provider: "bedrock", selectedBy: "any other model id (an ARN, an application inference profile, an unknown prefix)",
    processesIn: "not known to the kit", processing: { kind: "anywhere" },
    source: bedrockProfiles, read,
  },
  {
    id: "vertex-regional", provider: "vertex", selectedBy: "`region` is a Google Cloud region",
    processesIn: "that region (ML processing where the request is made)", processing: { kind: "region" },
    source: vertexResidency, read,
  },
  {
    id: "vertex-us", provider: "vertex", selectedBy: "`region: us` (multi-region endpoint)",
    processesIn: "the US multi-region", processing: { kind: "geography", jurisdictions: ["us"] },
    source: vertexResidency, read,
  },
  {
    id: "vertex-eu", provider: "vertex", selectedBy: "`region: eu` (multi-region endpoint)",
    processesIn: "the EU multi-region", processing: { kind: "geography", jurisdictions: ["eu"] },
    source: vertexResidency, read,
  },
  {
    id: "vertex-global", provider: "vertex", selectedBy: "`region: global` (global endpoint)",
    processesIn: "any region; Google: do not use it with ML processing requirements", processing: { kind: "anywhere" },
    source: vertexLocations, read,
  },
  {
    id: "azure-standard", provider: "azure", selectedBy: "`deploymentType: standard` (Standard / Provisioned, Azure geography)",
    processesIn: "the Azure geography of the resource's `region`", processing: { kind: "region" },
    source: azureTypes, read,
  },
  {
    id: "azure-datazone", provider: "azure", selectedBy: "`deploymentType: datazone` (DataZone Standard / Provisioned)",
    processesIn: "the data zone of the resource's `region`: EU member states for an EU region, the US for a US region",
    processing: { kind: "region" },
    source: azureTypes, read,
  },
  {
    id: "azure-global", provider: "azure", selectedBy: "`deploymentType: global` (Global Standard / Provisioned / Batch)",
    processesIn: "any Azure region", processing: { kind: "anywhere" },
    source: azureTypes, read,
  },
  {
    id: "azure-undeclared", provider: "azure", selectedBy: "no `deploymentType`",
    processesIn: "not known to the kit (the deployment type decides it)", processing: { kind: "anywhere" },
    source: azureTypes, read,
  },
  {
    id: "openai-default", provider: "openai", selectedBy: "no `apiBase`, or `https://api.openai.com/v1`",
    processesIn: "global: no processing constraint", processing: { kind: "anywhere" },
    source: openaiResidency, read,
  },
  {
    id: "openai-us", provider: "openai", selectedBy: "`apiBase: https://us.api.openai.com/v1`",
    processesIn: "the US (a project with US data residency)", processing: { kind: "geography", jurisdictions: ["us"] },
    source: openaiResidency, read,
  },
  {
    id: "openai-eu", provider: "openai", selectedBy: "`apiBase: https://eu.api.openai.com/v1`",
    processesIn: "Europe (a project with EU data residency)", processing: { kind: "geography", jurisdictions: ["eu"] },
    source: openaiResidency, read,
  },
  {
    id: "openai-jp", provider: "openai", selectedBy: "`apiBase: https://jp.api.openai.com/v1`",
    processesIn: "Japan (a project with Japan data residency)", processing: { kind: "geography", jurisdictions: ["jp"] },
    source: openaiResidency, read,
  },
  {
    id: "openai-au", provider: "openai", selectedBy: "`apiBase: https://au.api.openai.com/v1`",
    processesIn: "Australia (a project with Australia data residency)", processing: { kind: "geography", jurisdictions: ["au"] },
    source: openaiResidency, read,
  },
  {
    id: "openai-in", provider: "openai", selectedBy: "`apiBase: https://in.api.openai.com/v1`",
    processesIn: "India, a jurisdiction the kit does not have", processing: { kind: "geography", jurisdictions: [] },
    source: openaiResidency, read,
  },
  {
    id: "openai-other", provider: "openai", selectedBy: "any other `apiBase`",
    processesIn: "what the provider's `dataJurisdiction` declares", processing: { kind: "declared" },
    source: openaiResidency, read,
  },
  {
    id: "anthropic-default", provider: "anthropic", selectedBy: "Anthropic's API without `inferenceGeo: us`",
    processesIn: "global (the default `inference_geo`): any available geography", processing: { kind: "anywhere" },
    source: anthropicResidency, read,
  },
  {
    id: "anthropic-us", provider: "anthropic", selectedBy: "Anthropic's API with `inferenceGeo: us` (sent as `inference_geo`)",
    processesIn: "US-based infrastructure only", processing: { kind: "geography", jurisdictions: ["us"] },
    source: anthropicResidency, read,
  },
  {
    id: "anthropic-other", provider: "anthropic", selectedBy: "any other `apiBase`",
    processesIn: "what the provider's `dataJurisdiction` declares", processing: { kind: "declared" },
    source: anthropicResidency, read,
  },
  {
    id: "compatible", provider: "openai-compatible", selectedBy: "`apiBase` (required)",
    processesIn: "what the provider's `dataJurisdiction` declares", processing: { kind: "declared" },
    source: "https://docs.litellm.ai/docs/providers/openai_compatible", read,
  },
];

/** OpenAI's data-residency hosts and the form each selects (source: `openaiResidency`). */
export const openaiHostForms: Record<string, RoutingFormId> = {
  "api.openai.com": "openai-default",
  "us.api.openai.com": "openai-us",
  "eu.api.openai.com": "openai-eu",
  "jp.api.openai.com": "openai-jp",
  "au.api.openai.com": "openai-au",
  "in.api.openai.com": "openai-in",
};

/**
 * Azure regions (`region` of an azure provider, as Azure names them) in each jurisdiction of the
 * kit; a region not listed is outside every one. The EU list keeps to member states, as the EU
 * data zone does.
 * Source: https://learn.microsoft.com/azure/reliability/regions-list (read 2026-12-07).
 */
export const azureRegionJurisdictions: Record<Place, readonly string[]> = {
  eu: ["westeurope", "northeurope", "swedencentral", "francecentral", "francesouth", "germanywestcentral", "germanynorth", "italynorth", "polandcentral", "spaincentral"],
  us: ["eastus", "eastus2", "centralus", "northcentralus", "southcentralus", "westcentralus", "westus", "westus2", "westus3"],
  uk: ["uksouth", "ukwest"],
  ca: ["canadacentral", "canadaeast"],
  au: ["australiaeast", "australiasoutheast", "australiacentral", "australiacentral2"],
  jp: ["japaneast", "japanwest"],
};

/** Azure data zones: a DataZone deployment stays in the zone of its resource's region. */
export const azureDataZones: readonly Place[] = ["eu", "us"];

export function routingForm(id: RoutingFormId): RoutingForm {
  const f = routingForms.find((x) => x.id === id);
  if (!f) throw new Error(`unknown routing form ${id}`);
  return f;
}

/**
 * Anthropic takes `inference_geo` on Claude Opus 4.6 and every later model; a request carrying it
 * to an older model gets HTTP 400 ("Older models released before Opus 4.6 do not support the
 * parameter"). The older models, by the family and version in their ids (claude-3-5-haiku-20241022,
 * claude-sonnet-4-20250514, claude-opus-4-1, claude-haiku-4-5, …).
 */
export const anthropicInferenceGeo = {
  source: anthropicResidency,
  read,
  olderModel: /^claude-(instant|2|3)|^claude-(opus|sonnet|haiku)-4(-[0-5])?(-\d{8})?$/,
  allowed: "claude-opus-4-6, claude-sonnet-4-6 or a later model",
} as const;
