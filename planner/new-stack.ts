import { Document, type Scalar } from "yaml";
import { type EndpointProvider, kitEndpointFacts, placesOf } from "../components/config/endpoints";
import { bedrockRuntimeRegions } from "../components/config/facts/aws";
import { type HostedModelFact, bedrockHaikuPrice, bedrockHaikuProfiles, starterModels, vertexGeminiRegions } from "../components/config/facts/models";
import { openaiHostForms, routingForm } from "../components/config/facts/routing";
import { gpuOffer } from "../components/config/gpus";
import { stagePresets } from "../components/config/presets";
import { type Cloud, type Jurisdiction, allowedRegions, cloudRegions, clouds, jurisdictions, jurisdictionsOfRegion } from "../components/config/regions";
import { type Stage, stages } from "../components/config/schema";

/**
 * `npm run new`: a stack file of one's own from a stage, a cloud and regions. Pure: the arguments
 * in, the file's text and what the user must still fill in out (the CLI writes and prints them).
 * The file holds only what the stage preset (`components/config/presets.ts`) does not fill in, and
 * every value the kit cannot know (a domain, a CIDR, a key) is a plannable placeholder marked
 * REPLACE, with the `pulumi config set` command that replaces it among the hints.
 */

export interface NewStackRequest {
  stage: string;
  cloud: string;
  regions: readonly string[];
  jurisdiction?: string;
  /** Provider choices (`providerChoices`): the first is the primary, the second its fallback (growth on). */
  providers?: readonly string[];
  /** Stack name; default `<stage>-<cloud>-<first region>`. */
  name?: string;
}

/** A value the user must set before `pulumi up`. */
export interface Todo {
  /** The Pulumi config key, in `pulumi config set --path` notation. */
  key: string;
  /** What the file holds now. */
  placeholder: string;
  /** What to put there. */
  what: string;
  secret: boolean;
}

export interface NewStack {
  stack: string;
  stage: Stage;
  cloud: Cloud;
  regions: string[];
  jurisdiction: Jurisdiction;
  /** The providers chosen, with a line each on why they serve the jurisdiction. */
  providers: { name: string; why: string }[];
  text: string;
  todo: Todo[];
}

export interface ArgError {
  /** The argument at fault: `stage`, `cloud`, `region`, `--jurisdiction`, `--provider`, `--name`. */
  argument: string;
  message: string;
}

export type NewStackResult = { ok: true; stack: NewStack } | { ok: false; errors: ArgError[] };

/** What `--provider` accepts. */
export const providerChoices = ["openai", "openai-eu", "anthropic", "bedrock", "vertex"] as const;
export type ProviderChoice = (typeof providerChoices)[number];

/**
 * The providers proposed when `--provider` is not given, in order of preference, per cloud.
 * `openai` is OpenAI's data-residency host of the jurisdiction (`openai-eu` in eu), so
 * `openai-eu` is not proposed beside it.
 */
const defaultProviders: Record<Cloud, readonly ProviderChoice[]> = {
  aws: ["openai", "bedrock"],
  gcp: ["openai", "vertex"],
};

/** OpenAI's data-residency hosts that keep data in a jurisdiction of the kit, from the routing table. */
const openaiResidencyHosts = Object.entries(openaiHostForms)
  .map(([host, id]) => ({ host, places: placesOf(routingForm(id).processing) as readonly Jurisdiction[] }))
  .filter((h) => h.places.length > 0);

type KeyedChoice = { ok: true; name: string; endpoint: EndpointProvider; fact: HostedModelFact } | { ok: false; reason: string };

/**
 * The routing form of a keyed provider choice for a jurisdiction (`components/config/facts/routing.ts`):
 * outside `global` only a form that keeps processing there (OpenAI's residency host of the
 * jurisdiction, Anthropic with `inferenceGeo: us`); in `global` the provider's default endpoint.
 */
function keyedChoice(choice: ProviderChoice, j: Jurisdiction): KeyedChoice | undefined {
  switch (choice) {
    case "openai": {
      if (j === "global") return { ok: true, name: "openai", endpoint: { kind: "openai" }, fact: starterModels.openai };
      const h = openaiResidencyHosts.find((x) => x.places.includes(j));
      if (!h) return { ok: false, reason: `no OpenAI data-residency host keeps data in ${j}; hosts: ${openaiResidencyHosts.map((x) => `${x.host} (${x.places.join(", ")})`).join(", ")}` };
      return { ok: true, name: `openai-${j}`, endpoint: { kind: "openai", apiBase: `https://${h.host}/v1` }, fact: starterModels.openai };
    }
    case "openai-eu":
      return { ok: true, name: "openai-eu", endpoint: { kind: "openai", apiBase: "https://eu.api.openai.com/v1" }, fact: starterModels.openai };
    case "anthropic": {
      if (j === "global") return { ok: true, name: "anthropic", endpoint: { kind: "anthropic" }, fact: starterModels.anthropic };
      const us = placesOf(routingForm("anthropic-us").processing) as readonly Jurisdiction[];
      if (!us.includes(j)) return { ok: false, reason: `Anthropic's API keeps inference in ${us.join(", ")} only (inferenceGeo: us); its default may run it in any geography` };
      return { ok: true, name: "anthropic", endpoint: { kind: "anthropic", inferenceGeo: "us" }, fact: starterModels.anthropicUs };
    }
    default:
      return undefined;
  }
}

/** Placeholders: documentation values (RFC 5737 range, example.com) the schema accepts, marked REPLACE in the file. */
export const placeholders = {
  cidr: "203.0.113.0/24",
  domain: "llm.example.com",
  dnsZone: "Z0123456789ABCDEFGHIJ",
  dnsZoneName: "example.com",
  billingAccount: "012345-6789AB-CDEF01",
  gcpProject: "my-gcp-project",
  owner: "platform-team",
  costCenter: "cc-0000",
  secret: "REPLACE-with-pulumi-config-set-secret",
} as const;

/** GPUs for the self-hosted 7-8B model (24 GB and up, one GPU a replica), in order of preference. */
const selfHostedGpus: Record<Cloud, readonly string[]> = {
  aws: ["nvidia-a10g", "nvidia-l4", "nvidia-l40s"],
  gcp: ["nvidia-l4", "nvidia-a100-40gb"],
};
const selfHostedModel: Record<Cloud, { name: string; model: string }> = {
  aws: { name: "llama-small", model: "meta-llama/Llama-3.1-8B-Instruct" },
  gcp: { name: "mistral-small", model: "mistralai/Mistral-7B-Instruct-v0.3" },
};
const systemNodes: Record<Cloud, { instanceType: string; min: number; max: number }> = {
  aws: { instanceType: "m7i.xlarge", min: 2, max: 4 },
  gcp: { instanceType: "e2-standard-4", min: 1, max: 3 },
};
const kubernetesVersion = "1.35";

interface ChosenProvider {
  choice: ProviderChoice;
  name: string;
  config: Record<string, unknown>;
  keyed: boolean;
  model: { model: string; inputCostPerMillionTokens: number; outputCostPerMillionTokens: number };
  why: string;
}

type Resolved = { ok: true; provider: ChosenProvider } | { ok: false; reason: string };

/** Whether a provider choice serves the jurisdiction on the cloud, and how (endpoint, region, model). */
function resolveProvider(choice: ProviderChoice, cloud: Cloud, jurisdiction: Jurisdiction, regions: readonly string[]): Resolved {
  const keyed = keyedChoice(choice, jurisdiction);
  if (keyed) {
    if (!keyed.ok) return keyed;
    const { endpoint, fact, name } = keyed;
    // The same judgement as the models-in-jurisdiction rule: the form's jurisdictions, none when it may process anywhere.
    const where = kitEndpointFacts(endpoint, fact.model) ?? [];
    const url = endpoint.apiBase ?? (endpoint.kind === "openai" ? "https://api.openai.com/v1" : "https://api.anthropic.com");
    const at = `${url}${endpoint.inferenceGeo ? ` with inferenceGeo ${endpoint.inferenceGeo}` : ""}`;
    const data = where.length > 0 ? `data in ${where.join(", ")}` : "may process in any geography";
    if (jurisdiction !== "global" && !where.includes(jurisdiction)) return { ok: false, reason: where.length > 0 ? `${at} keeps data in ${where.join(", ")}` : `${at} ${data}` };
    return {
      ok: true,
      provider: {
        choice,
        name,
        config: { ...endpoint },
        keyed: true,
        model: { model: fact.model, inputCostPerMillionTokens: fact.inputCostPerMillionTokens, outputCostPerMillionTokens: fact.outputCostPerMillionTokens },
        why: `${name}: ${fact.model} at ${at} (${data})`,
      },
    };
  }
  if (choice === "bedrock") {
    if (cloud !== "aws") return { ok: false, reason: "Bedrock is an AWS service (cloud aws only)" };
    const geo = jurisdiction === "global" ? (jurisdictionsOfRegion("aws", regions[0]!).find((j) => bedrockHaikuProfiles[j]) ?? "us") : jurisdiction;
    const profile = bedrockHaikuProfiles[geo];
    if (!profile) return { ok: false, reason: `no Bedrock inference profile keeps data in ${jurisdiction} (geographic profiles: ${Object.keys(bedrockHaikuProfiles).join(", ")})` };
    const region = regions.find((r) => profile.regions.includes(r) && bedrockRuntimeRegions.includes(r)) ?? profile.regions[0]!;
    return {
      ok: true,
      provider: {
        choice,
        name: `bedrock-${geo}`,
        config: { kind: "bedrock", region },
        keyed: false,
        model: { model: profile.model, inputCostPerMillionTokens: bedrockHaikuPrice.inputCostPerMillionTokens, outputCostPerMillionTokens: bedrockHaikuPrice.outputCostPerMillionTokens },
        why: `bedrock-${geo}: Claude Haiku 4.5 through the ${geo}. inference profile, called in ${region} (data in ${geo}); IAM, no key`,
      },
    };
  }
  // vertex
  if (cloud !== "gcp") return { ok: false, reason: "Vertex AI is a Google Cloud service (cloud gcp only)" };
  const vertexRegions = jurisdiction === "global" ? Object.values(vertexGeminiRegions).flat() : (vertexGeminiRegions[jurisdiction] ?? []);
  if (vertexRegions.length === 0) return { ok: false, reason: `no Vertex AI region keeps Gemini's processing in ${jurisdiction}` };
  const region = regions.find((r) => vertexRegions.includes(r)) ?? vertexRegions[0]!;
  const geo = jurisdiction === "global" ? (jurisdictionsOfRegion("gcp", region)[0] ?? "global") : jurisdiction;
  const fact = starterModels.vertex;
  return {
    ok: true,
    provider: {
      choice,
      name: `vertex-${geo}`,
      config: { kind: "vertex", region },
      keyed: false,
      model: { model: fact.model, inputCostPerMillionTokens: fact.inputCostPerMillionTokens, outputCostPerMillionTokens: fact.outputCostPerMillionTokens },
      why: `vertex-${geo}: ${fact.model} on Vertex AI in ${region} (data in ${jurisdictionsOfRegion("gcp", region).join(", ") || region}); IAM, no key`,
    },
  };
}

const stackNamePattern = /^[A-Za-z0-9_.-]{1,100}$/;

/** Check the arguments and build the stack file, or say exactly which argument is wrong and what it may be. */
export function newStack(req: NewStackRequest): NewStackResult {
  const errors: ArgError[] = [];
  const err = (argument: string, message: string) => errors.push({ argument, message });

  const stage = (stages as readonly string[]).includes(req.stage) ? (req.stage as Stage) : undefined;
  if (!stage) err("stage", `'${req.stage}' is not a stage; allowed: ${stages.join(", ")}`);
  const cloud = (clouds as readonly string[]).includes(req.cloud) ? (req.cloud as Cloud) : undefined;
  if (!cloud) err("cloud", `'${req.cloud}' is not a cloud; allowed: ${clouds.join(", ")}`);
  let jurisdiction: Jurisdiction | undefined;
  if (req.jurisdiction !== undefined) {
    if ((jurisdictions as readonly string[]).includes(req.jurisdiction)) jurisdiction = req.jurisdiction as Jurisdiction;
    else err("--jurisdiction", `'${req.jurisdiction}' is not a jurisdiction; allowed: ${jurisdictions.join(", ")}`);
  }
  if (req.regions.length === 0) err("region", "at least one region is needed (the first is the primary)");
  if (req.name !== undefined && !stackNamePattern.test(req.name)) err("--name", `'${req.name}' is not a stack name; allowed: letters, digits, '-', '_', '.' (at most 100)`);
  if (!stage || !cloud || errors.length > 0) return { ok: false, errors };

  const regions = [...req.regions];
  regions.forEach((r, i) => {
    if (!cloudRegions[cloud].includes(r)) err("region", `'${r}' is not a ${cloud} region; allowed: ${cloudRegions[cloud].join(", ")}`);
    else if (regions.indexOf(r) !== i) err("region", `'${r}' is listed twice`);
  });
  if (errors.length > 0) return { ok: false, errors };

  if (jurisdiction === undefined) {
    const of = regions.map((r) => jurisdictionsOfRegion(cloud, r));
    const common = of.reduce((acc, js) => acc.filter((j) => js.includes(j)));
    if (common.length === 1) jurisdiction = common[0]!;
    else {
      const none = regions.filter((_, i) => of[i]!.length === 0);
      if (none.length > 0) err("--jurisdiction", `is needed: region ${none.join(", ")} is in no jurisdiction the kit knows; pass --jurisdiction global`);
      else err("--jurisdiction", `is needed: regions ${regions.map((r, i) => `${r} (${of[i]!.join(", ")})`).join(", ")} share no jurisdiction; keep to one or pass --jurisdiction global`);
      return { ok: false, errors };
    }
  } else {
    const allowed = allowedRegions(cloud, jurisdiction);
    for (const r of regions) if (!allowed.includes(r)) err("region", `'${r}' is outside jurisdiction ${jurisdiction}; ${cloud} regions of ${jurisdiction}: ${allowed.join(", ")}`);
    if (errors.length > 0) return { ok: false, errors };
  }
  const j = jurisdiction;

  // Providers: the asked ones must serve the jurisdiction; else the cloud's defaults that do.
  const serving = providerChoices
    .map((c) => ({ c, r: resolveProvider(c, cloud, j, regions) }))
    .filter((x) => x.r.ok)
    .map((x) => x.c);
  const servingText = `providers serving ${j} on ${cloud}: ${serving.join(", ") || "(none)"}`;
  let chosen: ChosenProvider[] = [];
  if (req.providers && req.providers.length > 0) {
    for (const p of req.providers) {
      if (!(providerChoices as readonly string[]).includes(p)) {
        err("--provider", `'${p}' is not a provider the kit proposes; allowed: ${providerChoices.join(", ")}`);
        continue;
      }
      const r = resolveProvider(p as ProviderChoice, cloud, j, regions);
      if (!r.ok) err("--provider", `'${p}' does not serve jurisdiction ${j} on ${cloud} (${r.reason}); ${servingText}`);
      else if (chosen.some((c) => c.choice === p)) err("--provider", `'${p}' is given twice`);
      else if (chosen.some((c) => c.name === r.provider.name)) err("--provider", `'${p}' is the same endpoint as another --provider (${r.provider.name}); give one of them`);
      else chosen.push(r.provider);
    }
    const most = stage === "prototype" ? 1 : 2;
    if (req.providers.length > most) {
      err("--provider", stage === "prototype" ? "prototype calls one provider (a fallback comes with growth); give one" : "give at most two: the primary and its fallback");
    }
  } else {
    chosen = defaultProviders[cloud]
      .map((c) => resolveProvider(c, cloud, j, regions))
      .filter((r): r is { ok: true; provider: ChosenProvider } => r.ok)
      .map((r) => r.provider)
      .slice(0, stage === "prototype" ? 1 : 2);
    if (chosen.length === 0) {
      err("--jurisdiction", `no provider the kit proposes serves jurisdiction ${j} on ${cloud} (${providerChoices.map((c) => `${c}: ${resolveProvider(c, cloud, j, regions).ok ? "yes" : "no"}`).join("; ")}); pick another jurisdiction or start from an example and add an openai-compatible or azure provider with its dataJurisdiction`);
    }
  }

  // Self-hosting from scale: a GPU the kit's table offers in every region of the stack.
  let gpu: string | undefined;
  if (stage === "scale" || stage === "enterprise") {
    gpu = selfHostedGpus[cloud].find((a) => regions.every((r) => gpuOffer(cloud, a, r)));
    if (!gpu) {
      const missing = regions.filter((r) => !selfHostedGpus[cloud].some((a) => gpuOffer(cloud, a, r)));
      const withGpu = allowedRegions(cloud, j).filter((r) => selfHostedGpus[cloud].some((a) => gpuOffer(cloud, a, r)));
      err(
        "region",
        `stage ${stage} self-hosts a model on a GPU, and none of ${selfHostedGpus[cloud].join(", ")} is offered in ${missing.length > 0 ? missing.join(", ") : `all of ${regions.join(", ")} together`} (the kit's GPU table); ${cloud} regions of ${j} with one: ${withGpu.join(", ") || "(none)"}`,
      );
    }
  }
  if (errors.length > 0) return { ok: false, errors };

  const stack = req.name ?? `${stage}-${cloud}-${regions[0]}`;
  const built = render(stack, stage, cloud, regions, j, chosen, gpu);
  return { ok: true, stack: { stack, stage, cloud, regions, jurisdiction: j, providers: chosen.map((c) => ({ name: c.name, why: c.why })), text: built.text, todo: built.todo } };
}

interface Section {
  key: string;
  value: unknown;
  comment?: string[];
  /** Inline marks on scalars inside the value, by path below the key. */
  marks?: { path: (string | number)[]; comment: string }[];
}

const atLeast = (stage: Stage, floor: Stage) => stages.indexOf(stage) >= stages.indexOf(floor);

function render(stack: string, stage: Stage, cloud: Cloud, regions: string[], j: Jurisdiction, providers: ChosenProvider[], gpu: string | undefined): { text: string; todo: Todo[] } {
  const todo: Todo[] = [];
  const replace = (key: string, placeholder: string, what: string) => {
    todo.push({ key, placeholder, what, secret: false });
    return `REPLACE: ${what}`;
  };
  const sections: Section[] = [];
  const add = (s: Section) => sections.push(s);
  const primary = regions[0]!;

  if (cloud === "aws") add({ key: "aws:region", value: primary });
  else {
    add({ key: "gcp:project", value: placeholders.gcpProject, marks: [{ path: [], comment: replace("gcp:project", placeholders.gcpProject, "your Google Cloud project id") }] });
    add({ key: "gcp:region", value: primary });
  }
  add({ key: "ai-infra:stage", value: stage });
  add({ key: "ai-infra:cloud", value: cloud });
  add({ key: "ai-infra:jurisdiction", value: j });
  add({ key: "ai-infra:regions", value: regions, comment: regions.length > 1 ? [`${primary} is the primary region.`] : undefined });

  const multiAws = cloud === "aws" && stage === "enterprise" && regions.length > 1;
  if (multiAws) {
    add({
      key: "ai-infra:failover",
      value: { mode: "active-passive", healthCheckIntervalSeconds: 10, failureThreshold: 3, ttlSeconds: 60 },
      comment: [`Active-passive: ${primary} answers while healthy; Route 53 moves callers to the next region (docs/regions-and-failover.md).`],
    });
  }
  if (cloud === "gcp" && atLeast(stage, "growth")) {
    add({
      key: "ai-infra:gcpBillingAccount",
      value: placeholders.billingAccount,
      comment: ["Budgets live on the billing account (gcloud billing accounts list)."],
      marks: [{ path: [], comment: replace("ai-infra:gcpBillingAccount", placeholders.billingAccount, "your billing account id") }],
    });
  }

  add({
    key: "ai-infra:providers",
    value: Object.fromEntries(providers.map((p) => [p.name, p.config])),
    comment: [`Chosen to keep data in jurisdiction ${j}:`, ...providers.map((p) => `  ${p.why}`)],
  });
  const keyed = providers.filter((p) => p.keyed);
  if (keyed.length > 0) {
    for (const p of keyed) todo.push({ key: `ai-infra:providerKeys.${p.name}`, placeholder: placeholders.secret, what: `your ${p.config.kind === "anthropic" ? "Anthropic" : "OpenAI"} API key`, secret: true });
    add({
      key: "ai-infra:providerKeys",
      value: Object.fromEntries(keyed.map((p) => [p.name, { secure: placeholders.secret }])),
      comment: [
        "REPLACE before `pulumi up`: placeholders, not keys (the offline plan never reads a secret). Set each with",
        ...keyed.map((p) => `  pulumi config set --secret --path 'ai-infra:providerKeys.${p.name}' <key> --stack ${stack}`),
      ],
    });
  }

  const hosted = providers.map((p, i) => ({
    name: i === 0 ? "chat" : "chat-fallback",
    provider: p.name,
    model: p.model.model,
    inputCostPerMillionTokens: p.model.inputCostPerMillionTokens,
    outputCostPerMillionTokens: p.model.outputCostPerMillionTokens,
  }));
  add({ key: "ai-infra:models", value: hosted, comment: hosted.length > 1 ? ["chat-fallback takes chat's requests when chat fails (reliability.fallbacks)."] : undefined });

  const selfHost = gpu ? selfHostedModel[cloud] : undefined;
  if (atLeast(stage, "growth")) {
    const fallbacks: Record<string, string[]> = {};
    if (hosted.length > 1) fallbacks.chat = ["chat-fallback"];
    if (selfHost) fallbacks[selfHost.name] = ["chat"];
    if (Object.keys(fallbacks).length > 0) add({ key: "ai-infra:reliability", value: { fallbacks } });
  }

  if (gpu && selfHost) {
    const pool = gpu.replace(/^nvidia-/, "").replace(/-.*$/, "");
    add({
      key: "ai-infra:selfHosted",
      value: [{ name: selfHost.name, model: selfHost.model, pool, gpusPerReplica: 1, minReplicas: 0, maxReplicas: 2 }],
      comment: [`${selfHost.model} served by vLLM on ${gpu}, down to zero replicas when idle; its fallback is the hosted chat group.`],
    });
    const cluster: Record<string, unknown> = { kubernetesVersion };
    const marks: Section["marks"] = [];
    if (cloud === "aws") {
      cluster.publicAccessCidrs = [placeholders.cidr];
      marks.push({ path: ["publicAccessCidrs", 0], comment: replace("ai-infra:cluster.publicAccessCidrs[0]", placeholders.cidr, "your CI/VPN egress range that may reach the EKS API (or [] for a private endpoint)") });
    } else {
      cluster.controlPlane = { authorizedCidrs: [placeholders.cidr], privateEndpoint: false };
      marks.push({ path: ["controlPlane", "authorizedCidrs", 0], comment: replace("ai-infra:cluster.controlPlane.authorizedCidrs[0]", placeholders.cidr, "your CI/operators' egress range that may reach the Kubernetes API") });
    }
    cluster.systemNodes = systemNodes[cloud];
    cluster.gpuPools = [{ name: pool, accelerator: gpu, minNodes: 0, maxNodes: 2, spot: false }];
    add({ key: "ai-infra:cluster", value: cluster, marks });
  }

  // The enterprise preset keeps request logs 365 days; S3 keeps the expired version one day more
  // (components/aws/bucket.ts), past the 365-day storage limitation the guardrails pack holds eu and
  // uk stacks to (policies/lib/config.ts). One day less keeps an AWS stack there within it.
  if (cloud === "aws" && stage === "enterprise" && (j === "eu" || j === "uk")) {
    add({
      key: "ai-infra:logging",
      value: { retentionDays: 364 },
      comment: ["364, not the preset's 365: S3 keeps an expired log one day more as a noncurrent version, and GDPR storage limitation allows a year."],
    });
  }

  const api: Record<string, unknown> = {};
  const apiMarks: Section["marks"] = [];
  const apiComment: string[] = [];
  if (cloud === "gcp") {
    api.domain = placeholders.domain;
    apiMarks.push({ path: ["domain"], comment: replace("ai-infra:api.domain", placeholders.domain, "the DNS name callers use (https://<name>/v1)") });
    api.adminCidrs = [placeholders.cidr];
    apiMarks.push({ path: ["adminCidrs", 0], comment: replace("ai-infra:api.adminCidrs[0]", placeholders.cidr, "your operators' egress range for the admin path (npm run keys)") });
    apiComment.push("The global load balancer's certificate is for api.domain; without api.dnsZone the stack outputs the A record to create.");
  } else if (multiAws) {
    api.domain = placeholders.domain;
    apiMarks.push({ path: ["domain"], comment: replace("ai-infra:api.domain", placeholders.domain, "the one DNS name callers use in every region, inside the hosted zone") });
    api.dnsZone = placeholders.dnsZone;
    apiMarks.push({ path: ["dnsZone"], comment: replace("ai-infra:api.dnsZone", placeholders.dnsZone, "the Route 53 hosted zone id (aws route53 list-hosted-zones)") });
    api.dnsZoneName = placeholders.dnsZoneName;
    apiMarks.push({ path: ["dnsZoneName"], comment: replace("ai-infra:api.dnsZoneName", placeholders.dnsZoneName, "the DNS name of that hosted zone") });
  }
  if (Object.keys(api).length > 0) add({ key: "ai-infra:api", value: api, marks: apiMarks, comment: apiComment.length > 0 ? apiComment : undefined });

  add({
    key: "ai-infra:tags",
    value: { owner: placeholders.owner, costCenter: placeholders.costCenter },
    marks: [
      { path: ["owner"], comment: replace("ai-infra:tags.owner", placeholders.owner, "the owning team") },
      { path: ["costCenter"], comment: replace("ai-infra:tags.costCenter", placeholders.costCenter, "your cost center") },
    ],
  });

  const header = [
    `# ${stage} on ${cloud.toUpperCase()} in ${regions.join(", ")} (jurisdiction ${j}), written by \`npm run new\`.`,
    `# Everything else comes from the ${stage} preset (components/config/presets.ts; every key: docs/configuration.md).`,
    "# It plans as it is (npm run plan); values marked REPLACE are placeholders to set before `pulumi up`.",
  ];
  const body = sections.flatMap(renderSection);
  // The preset's traffic is a placeholder, so the plan prices fixed costs only until the stack
  // states its own (planner/cost.ts); the stage's figures show the shape.
  const t = stagePresets[stage].traffic!;
  const traffic = [
    "  # Your expected traffic prices usage and LLM tokens in the plan (without it: fixed costs only), e.g.",
    `  # ai-infra:traffic: {requestsPerDay: ${t.requestsPerDay}, inputTokensPerRequest: ${t.inputTokensPerRequest}, outputTokensPerRequest: ${t.outputTokensPerRequest}}`,
  ];
  return { text: [...header, "config:", ...body, ...traffic, ""].join("\n"), todo };
}

function renderSection(s: Section): string[] {
  const doc = new Document({ [s.key]: s.value });
  for (const m of s.marks ?? []) {
    const node = doc.getIn([s.key, ...m.path], true) as Scalar | undefined;
    if (!node) throw new Error(`new-stack defect: no value at ${[s.key, ...m.path].join(".")}`);
    node.comment = ` ${m.comment}`;
  }
  const lines = doc.toString({ lineWidth: 0 }).trimEnd().split("\n");
  return [...(s.comment ?? []).map((c) => `  # ${c}`), ...lines.map((l) => `  ${l}`)];
}

/** What the CLI prints after writing the file: the file, the providers, and each value to set with its command. */
export function renderHints(s: NewStack, file: string): string {
  const lines = [
    `Wrote ${file}: ${s.stage} on ${s.cloud} in ${s.regions.join(", ")}, jurisdiction ${s.jurisdiction}.`,
    "Providers:",
    ...s.providers.map((p) => `  ${p.why}`),
    `It plans as it is:  npm run plan -- ${s.stack}`,
    "",
    `Before \`pulumi up\`, set these (each is marked REPLACE in the file; editing the file works too):`,
    `  pulumi stack init ${s.stack}`,
    ...s.todo.map((t) =>
      t.secret
        ? `  pulumi config set --secret --path '${t.key}' <${t.what}> --stack ${s.stack}`
        : `  pulumi config set ${t.key.includes(".") || t.key.includes("[") ? "--path " : ""}'${t.key}' <${t.what}> --stack ${s.stack}`,
    ),
    "Optional: state your expected traffic (ai-infra:traffic, an example is at the end of the file) to see usage and LLM costs in the plan.",
    "Then: npm run plan, and the first-deploy steps of docs/deploy.md.",
  ];
  return lines.join("\n");
}

/**
 * The questions of the interactive `npm run new` (a terminal and fewer than three arguments): each
 * argument not given is asked for, with the allowed values in the question; an empty answer to an
 * optional one keeps the kit's choice. `ask` is the terminal (readline) or a test's script.
 */
export async function askForRequest(given: Partial<NewStackRequest>, ask: (question: string) => Promise<string>): Promise<NewStackRequest> {
  const stage = given.stage ?? (await ask(`stage (${stages.join(", ")}): `)).trim();
  const cloud = given.cloud ?? (await ask(`cloud (${clouds.join(", ")}): `)).trim();
  let regions = given.regions && given.regions.length > 0 ? [...given.regions] : [];
  if (regions.length === 0) {
    const known = (clouds as readonly string[]).includes(cloud) ? (cloud as Cloud) : undefined;
    const byJurisdiction = known
      ? jurisdictions
          .filter((j) => j !== "global")
          .map((j) => `  ${j}: ${allowedRegions(known, j).join(", ")}`)
          .join("\n")
      : "";
    const answer = await ask(`${byJurisdiction ? `${known} regions by jurisdiction:\n${byJurisdiction}\n` : ""}regions, the primary first (space-separated): `);
    regions = answer.split(/[\s,]+/).filter((r) => r !== "");
  }
  const jurisdiction = given.jurisdiction ?? ((await ask(`jurisdiction (${jurisdictions.join(", ")}; empty: the regions'): `)).trim() || undefined);
  const providers =
    given.providers ??
    (await ask(`providers, the primary first (${providerChoices.join(", ")}; empty: the kit's choice for the jurisdiction): `))
      .split(/[\s,]+/)
      .filter((p) => p !== "");
  return { stage, cloud, regions, ...(jurisdiction ? { jurisdiction } : {}), ...(providers.length > 0 ? { providers } : {}), ...(given.name ? { name: given.name } : {}) };
}
