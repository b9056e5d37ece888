/**
 * Helpers of the numbers tests: the walk of the zod schema that finds every numeric setting, and
 * the example stacks each one is driven on. Values a setting takes depend on the stack (a cloud's
 * narrower range, the jurisdiction's retention, the Fargate task sizes), and some settings only
 * make sense with another one set (a maximum with its minimum): `overrides` says so per setting,
 * each with its reason. Everything else is the limits table's range.
 */
import { applyPreset } from "../../components/config";
import { type NumericLimit, numericLimits } from "../../components/config/facts/limits";
import { type RawConfig, exampleRaw, exampleStacks } from "../helpers/stacks";
import { awsDedicatedRaw, gcpDedicatedRaw } from "../helpers/dedicated";

export type Path = (string | number)[];

interface ZodLike {
  _zod: { def: { type: string; shape?: Record<string, ZodLike>; element?: ZodLike; valueType?: ZodLike; innerType?: ZodLike; in?: ZodLike; options?: ZodLike[]; values?: unknown[] } };
}

/** The schema paths (`models[].rpm`, `budget.features.*`) of every number and union of number literals. */
export function numericLeavesOf(schema: unknown): string[] {
  const out: string[] = [];
  const walk = (s: ZodLike, p: string): void => {
    const d = s._zod.def;
    switch (d.type) {
      case "object":
        for (const [k, v] of Object.entries(d.shape ?? {})) walk(v, p ? `${p}.${k}` : k);
        return;
      case "array":
        return walk(d.element!, `${p}[]`);
      case "record":
        return walk(d.valueType!, `${p}.*`);
      case "optional":
      case "default":
      case "nullable":
      case "readonly":
        return walk(d.innerType!, p);
      case "pipe":
        return walk(d.in!, p);
      case "union": {
        const numericLiterals = d.options!.every((o) => o._zod.def.type === "literal" && o._zod.def.values!.every((v) => typeof v === "number"));
        if (numericLiterals) out.push(p);
        else for (const o of d.options!) walk(o, p);
        return;
      }
      case "literal":
        if (d.values!.some((v) => typeof v === "number")) out.push(p);
        return;
      case "number":
      case "int":
      case "bigint":
        out.push(p);
        return;
      default:
        return;
    }
  };
  walk(schema as ZodLike, "");
  return out.sort();
}

const segmentsOf = (key: string) => key.split(".").flatMap((s) => (s.endsWith("[]") ? [s.slice(0, -2), "[]"] : [s]));

function concretePaths(v: unknown, segs: string[], at: Path = []): Path[] {
  if (segs.length === 0) return typeof v === "number" ? [at] : [];
  const [s, ...rest] = segs;
  if (s === "[]") return Array.isArray(v) ? v.flatMap((x, i) => concretePaths(x, rest, [...at, i])) : [];
  if (s === "*") return v && typeof v === "object" && !Array.isArray(v) ? Object.entries(v).flatMap(([k, x]) => concretePaths(x, rest, [...at, k])) : [];
  return v && typeof v === "object" && !Array.isArray(v) ? concretePaths((v as Record<string, unknown>)[s!], rest, [...at, s!]) : [];
}

/** `ai-infra:models[0].rpm`, as the parser reports paths. */
export function fmt(p: Path): string {
  return `ai-infra:${p.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? k : `.${k}`)).join("")}`;
}

/** Sets `value` at `p`, creating the objects on the way (the stage preset fills in the rest). */
export function setAt(raw: RawConfig, p: Path, value: unknown): void {
  let cur: RawConfig = raw;
  p.slice(0, -1).forEach((k, i) => {
    if (cur[k] === undefined || cur[k] === null) cur[k] = typeof p[i + 1] === "number" ? [] : {};
    cur = cur[k];
  });
  cur[p[p.length - 1]!] = value;
}

/** Prompt template files of the numeric extremes, relative to the project (the planner's working directory). */
const promptFixtures = "test/config/fixtures/prompts";
const merge = (raw: RawConfig, key: string, patch: RawConfig) => (raw[key] = { ...(raw[key] ?? {}), ...patch });
/** Both cache tiers, set before the value under test is written into them (`cache.tiers`). */
/** A distillation of chat-strong into the example's first adapter, its gate passed (score 1) at `threshold`. */
const withDistillation = (r: RawConfig, threshold = 0.5) => {
  const adapter = r.fineTuning.adapters[0];
  r.fineTuning.distillation = {
    teacher: "chat-strong",
    student: adapter.baseModel,
    tag: "support",
    adapter: adapter.name,
    heldOutPercent: 20,
    metric: "exact-match",
    threshold,
    serve: { version: adapter.version, score: 1, weightPercent: 10 },
  };
};
const withTiers = (raw: RawConfig, cache: RawConfig = { ttlSeconds: 31_536_000 }) =>
  merge(raw, "cache", { ...cache, tiers: { hot: { ttlSeconds: 1, maxEntries: 1, maxEntryKb: 1 }, cold: { ttlDays: 365 } } });

interface Override {
  /** Smallest and largest accepted value on this cloud (the table's range otherwise). */
  accepted?: [number, number];
  /** Where to drive it when no example has it: stack and path. */
  seed?: { stack: string; at: Path };
  /** False where the smallest value plus a small fraction is not a value of the setting (a Fargate size). */
  smallFraction?: false;
  /** Where one past the largest value is refused, when a relation refuses it at another setting. */
  aboveAt?: Path;
  /** Makes the rest of the stack fit the value (a maximum raised with its minimum, ...). */
  prepare?: (raw: RawConfig, v: number) => void;
}

/** Fargate memory for a CPU (a size the task accepts: facts/aws.ts `fargateTaskSizes`). */
const fargateMemory = (cpu: number) => (cpu >= 16 ? 32_768 : cpu >= 4 ? 8_192 : cpu >= 1 ? 2_048 : 512);

/** Per setting (`key`) or per setting and cloud (`key@cloud`). */
const overrides: Record<string, Override> = {
  // The jurisdiction's storage-limitation maximum, less the day S3 keeps a noncurrent version; the stage's audit floor.
  "logging.retentionDays@aws": { accepted: [7, 729] }, // prototype, us
  "logging.retentionDays@gcp": { accepted: [7, 365] }, // prototype, eu
  // The weights of a model group's deployments sum to 100: the other deployment takes the rest.
  "models[].weight": {
    prepare: (r, v) => {
      const group = r.models[1].name;
      r.models.forEach((m: RawConfig, i: number) => i !== 1 && m.name === group && (m.weight = 100 - v));
    },
  },
  // The overflow starts before the caller's request times out.
  "gateway.timeoutSeconds": { prepare: (r, v) => r.selfHosted?.forEach((s: RawConfig) => s.overflow && (s.overflow.timeoutSeconds = Math.max(1, Math.min(v, 900)) | 0 || 1)) },
  "selfHosted[].overflow.timeoutSeconds": { prepare: (r) => merge(r, "gateway", { timeoutSeconds: 900 }) },
  // A GPU pool holds what its self-hosted groups may scale to (450 one-GPU nodes at most).
  "cluster.gpuPools[].minNodes": { prepare: (r) => (r.cluster.gpuPools[0].maxNodes = 450) },
  "cluster.gpuPools[].maxNodes": { prepare: (r) => r.selfHosted.forEach((s: RawConfig) => ((s.minReplicas = 0), (s.maxReplicas = 1))) },
  // Past 450 the minimum is refused by its relation: the maximum (at most the pool's 450) must be at least it.
  "selfHosted[].minReplicas": { accepted: [0, 450], aboveAt: ["selfHosted", 0, "maxReplicas"], prepare: (r) => ((r.cluster.gpuPools.forEach((p: RawConfig) => (p.maxNodes = 450))), (r.selfHosted[0].maxReplicas = 450)) },
  "selfHosted[].maxReplicas": { accepted: [1, 450], prepare: (r) => r.cluster.gpuPools.forEach((p: RawConfig) => (p.maxNodes = 450)) },
  // Fargate task sizes (0.25–16 vCPU), each with its memory; Cloud Run's 1–8 CPUs.
  "gateway.cpu@aws": { accepted: [0.25, 16], smallFraction: false, prepare: (r, v) => merge(r, "gateway", { memoryMiB: fargateMemory(v) }) },
  "gateway.cpu@gcp": { accepted: [1, 8], smallFraction: false, prepare: (r, v) => merge(r, "gateway", { memoryMiB: v >= 8 ? 32_768 : 1_024 }) },
  "gateway.memoryMiB@aws": { accepted: [512, 122_880], prepare: (r, v) => merge(r, "gateway", { cpu: v > 32_768 ? 16 : v > 512 ? 4 : 0.25 }) },
  "gateway.memoryMiB@gcp": { accepted: [512, 32_768], prepare: (r, v) => merge(r, "gateway", { cpu: v > 24_576 ? 8 : 1 }) },
  "worker.cpu@aws": { accepted: [0.25, 16], smallFraction: false, prepare: (r, v) => merge(r, "worker", { memoryMiB: fargateMemory(v) }) },
  "worker.cpu@gcp": { accepted: [1, 8], smallFraction: false, prepare: (r, v) => merge(r, "worker", { memoryMiB: v >= 8 ? 32_768 : 512 }) },
  "worker.memoryMiB@aws": { accepted: [512, 122_880], prepare: (r, v) => merge(r, "worker", { cpu: v > 32_768 ? 16 : v > 512 ? 4 : 0.25 }) },
  "worker.memoryMiB@gcp": { accepted: [512, 32_768], prepare: (r, v) => merge(r, "worker", { cpu: v > 24_576 ? 8 : 1 }) },
  // Pub/Sub's narrower ranges on GCP.
  "queue.maxReceiveCount@gcp": { accepted: [5, 100] },
  "queue.visibilityTimeoutSeconds@gcp": { accepted: [10, 600] },
  "queue.retentionSeconds@gcp": { accepted: [600, 604_800] },
  // On GCP, a multiple of gateway.maxReplicas, at most 1000 per instance.
  "api.global.burst@gcp": { prepare: (r) => merge(r, "gateway", { minReplicas: 1, maxReplicas: 1 }), accepted: [1, 1_000] },
  // A minimum raised with its maximum; a maximum lowered with its minimum.
  "gateway.minReplicas": { prepare: (r) => (merge(r, "gateway", { maxReplicas: 5_000 }), r.cloud === "gcp" && merge(r, "api", { global: { burst: 5_000 } })) },
  "gateway.maxReplicas": {
    prepare: (r, v) => {
      merge(r, "gateway", { minReplicas: 1 });
      if (r.cloud === "gcp" && Number.isInteger(v) && v >= 1 && v <= 5_000) merge(r, "api", { global: { burst: v } });
      if (r.cloud === "aws") merge(r, "api", { global: { ...(r.api?.global ?? {}), ratePerSecond: 1 } });
    },
  },
  "worker.minReplicas": { prepare: (r) => merge(r, "worker", { maxReplicas: 5_000 }) },
  "worker.maxReplicas": { prepare: (r) => merge(r, "worker", { minReplicas: 0 }) },
  "cluster.systemNodes.min": { prepare: (r) => merge(r, "cluster", { systemNodes: { ...r.cluster.systemNodes, max: 450 } }) },
  "cluster.systemNodes.max": { prepare: (r) => merge(r, "cluster", { systemNodes: { ...r.cluster.systemNodes, min: 1 } }) },
  // The stage throttle is carried by enough gateway replicas (rules/cloud-limits-gateway-capacity.ts).
  "api.global.ratePerSecond": { prepare: (r) => merge(r, "gateway", { maxReplicas: 5_000 }) },
  // Feature budgets within the stack's budget.
  "budget.monthlyUsd": { prepare: (r) => merge(r, "budget", { features: {} }) },
  "budget.features.*": { prepare: (r) => merge(r, "budget", { monthlyUsd: 10_000_000 }) },
  // Below 1e-6 JavaScript's String() switches to exponent notation (`1e-7`).
  "fineTuning.trainer.learningRate": { accepted: [0.0000001, 0.01] },
  // Settings no example sets.
  // No example has cache tiers: driven on the growth examples with both tiers added, and the Redis
  // TTL at its maximum so the hot tier's TTL is bounded by its own limit, not by the relation to it.
  "cache.tiers.hot.ttlSeconds": { seed: { stack: "growth-aws-eu-west-1", at: ["cache", "tiers", "hot", "ttlSeconds"] }, prepare: (r) => withTiers(r) },
  "cache.tiers.hot.maxEntries": { seed: { stack: "growth-gcp-us-central1", at: ["cache", "tiers", "hot", "maxEntries"] }, prepare: (r) => withTiers(r) },
  "cache.tiers.hot.maxEntryKb": { seed: { stack: "growth-aws-eu-west-1", at: ["cache", "tiers", "hot", "maxEntryKb"] }, prepare: (r) => withTiers(r) },
  "cache.tiers.cold.ttlDays": { seed: { stack: "growth-gcp-us-central1", at: ["cache", "tiers", "cold", "ttlDays"] }, prepare: (r) => withTiers(r, { ttlSeconds: 86_400 }) },
  "traffic.cacheHitPercent": { seed: { stack: "growth-aws-eu-west-1", at: ["traffic", "cacheHitPercent"] } },
  "traffic.strongPercent": { seed: { stack: "scale-aws-us-east-1", at: ["traffic", "strongPercent"] } },
  "traffic.batchPercent": { seed: { stack: "growth-gcp-us-central1", at: ["traffic", "batchPercent"] } },
  "api.perKey.quotaPerDay": { seed: { stack: "prototype-aws-us-east-1", at: ["api", "perKey", "quotaPerDay"] } },
  "database.minCapacity": { seed: { stack: "growth-aws-eu-west-1", at: ["database", "minCapacity"] }, prepare: (r) => merge(r, "database", { maxCapacity: 256 }) },
  "database.maxCapacity": { seed: { stack: "growth-aws-eu-west-1", at: ["database", "maxCapacity"] }, prepare: (r) => merge(r, "database", { minCapacity: 0.5 }) },
  "access.teams.*.budgetUsd": { seed: { stack: "growth-gcp-us-central1", at: ["access", "teams", "research", "budgetUsd"] }, prepare: (r) => merge(r, "access", { teams: { research: { budgetUsd: 100, budgetPeriod: "30d" } } }) },
  "access.teams.*.rpm": { seed: { stack: "growth-aws-eu-west-1", at: ["access", "teams", "research", "rpm"] }, prepare: (r) => merge(r, "access", { teams: { research: { budgetUsd: 100, budgetPeriod: "30d" } } }) },
  "access.teams.*.tpm": { seed: { stack: "growth-aws-eu-west-1", at: ["access", "teams", "research", "tpm"] }, prepare: (r) => merge(r, "access", { teams: { research: { budgetUsd: 100, budgetPeriod: "30d" } } }) },
  "access.keyDefaults.tpm": { seed: { stack: "growth-gcp-us-central1", at: ["access", "keyDefaults", "tpm"] } },
  "access.keys.*.rpm": { seed: { stack: "growth-aws-eu-west-1", at: ["access", "keys", "web-app", "rpm"] } },
  // Template files for the rendered extremes: test/config/fixtures/prompts/t/control.v1 and .v10000.
  "prompts.templates.*.version": { seed: { stack: "growth-aws-eu-west-1", at: ["prompts", "templates", "t", "version"] }, prepare: (r) => (r.prompts = { directory: promptFixtures, templates: { t: { version: 1 } } }) },
  "prompts.templates.*.variants.*": {
    seed: { stack: "growth-gcp-us-central1", at: ["prompts", "templates", "t", "variants", "control"] },
    // The weights sum to 100: the rest goes to a second variant (none at 100).
    prepare: (r, v) => (r.prompts = { directory: promptFixtures, templates: { t: { version: 1, variants: v === 100 ? { control: v } : { control: v, b: 100 - v } } } }),
  },
  "access.keys.*.tpm": { seed: { stack: "growth-gcp-us-central1", at: ["access", "keys", "web-app", "tpm"] } },
  // Distillation: no example has it; driven on the enterprise AWS example distilling chat-strong into
  // its llama-small adapter, the gate's score at 1 so every threshold passes.
  "fineTuning.distillation.heldOutPercent": { seed: { stack: "enterprise-aws-us-east-1", at: ["fineTuning", "distillation", "heldOutPercent"] }, prepare: (r) => withDistillation(r) },
  "fineTuning.distillation.threshold": { seed: { stack: "enterprise-aws-us-east-1", at: ["fineTuning", "distillation", "threshold"] }, prepare: (r) => withDistillation(r) },
  "fineTuning.distillation.serve.score": { seed: { stack: "enterprise-aws-us-east-1", at: ["fineTuning", "distillation", "serve", "score"] }, prepare: (r) => withDistillation(r, 0) },
  "fineTuning.distillation.serve.weightPercent": { seed: { stack: "enterprise-aws-us-east-1", at: ["fineTuning", "distillation", "serve", "weightPercent"] }, prepare: (r) => withDistillation(r) },
  // Dedicated capacity: no example has it; the scale examples with one entry (test/helpers/dedicated.ts).
  "dedicated[].bedrock.modelUnits": { seed: { stack: "scale-aws-us-east-1", at: ["dedicated", 0, "bedrock", "modelUnits"] }, prepare: (r) => (r.dedicated = structuredClone(awsDedicatedRaw().dedicated)) },
  "dedicated[].bedrock.hourlyUsdPerModelUnit": { seed: { stack: "scale-aws-us-east-1", at: ["dedicated", 0, "bedrock", "hourlyUsdPerModelUnit"] }, prepare: (r) => (r.dedicated = structuredClone(awsDedicatedRaw().dedicated)) },
  // The Model Garden model the entry deploys is known on one shape, with 1 accelerator: any other count is refused as a shape.
  "dedicated[].vertex.acceleratorCount": {
    seed: { stack: "scale-gcp-europe-west4", at: ["dedicated", 0, "vertex", "acceleratorCount"] },
    accepted: [1, 1],
    aboveAt: ["dedicated", 0, "vertex", "machineType"],
    prepare: (r) => (r.dedicated = structuredClone(gcpDedicatedRaw().dedicated)),
  },
  "dedicated[].vertex.minReplicas": {
    seed: { stack: "scale-gcp-europe-west4", at: ["dedicated", 0, "vertex", "minReplicas"] },
    prepare: (r) => ((r.dedicated = structuredClone(gcpDedicatedRaw().dedicated)), (r.dedicated[0].vertex.maxReplicas = 100)),
  },
  "dedicated[].vertex.maxReplicas": { seed: { stack: "scale-gcp-europe-west4", at: ["dedicated", 0, "vertex", "maxReplicas"] }, prepare: (r) => (r.dedicated = structuredClone(gcpDedicatedRaw().dedicated)) },
  "dedicated[].vertex.hourlyUsdPerReplica": { seed: { stack: "scale-gcp-europe-west4", at: ["dedicated", 0, "vertex", "hourlyUsdPerReplica"] }, prepare: (r) => (r.dedicated = structuredClone(gcpDedicatedRaw().dedicated)) },
  "access.keys.*.budgetUsd": { seed: { stack: "growth-aws-eu-west-1", at: ["access", "keys", "web-app", "budgetUsd"] }, prepare: (r) => merge(r, "access", { keys: { "web-app": { budgetPeriod: "30d" } } }) },
};

export interface Instance {
  key: string;
  stack: string;
  cloud: string;
  raw: RawConfig;
  secretKeys: Set<string>;
  at: Path;
  path: string;
  accepted: number[];
  aboveAt?: string;
  smallFraction?: false;
  prepare?: (raw: RawConfig, v: number) => void;
}

/** The smallest value the table accepts. */
function smallest(l: NumericLimit): number {
  if (!l.minExclusive) return l.min;
  return l.step ?? l.max / 1_000;
}

/** For every table entry, the first example stack of each cloud that has it (or its seed). */
export function instancesOf(table: typeof numericLimits): Instance[] {
  // The smallest stage first: the instance of a setting is the lightest example that has it.
  const stageOrder = ["prototype", "growth", "scale", "enterprise"];
  const examples = exampleStacks
    .map((stack) => ({ stack, ...exampleRaw(stack) }))
    .map((e) => ({ ...e, merged: applyPreset(structuredClone(e.raw)) }))
    .sort((a, b) => stageOrder.indexOf(String(a.raw.stage)) - stageOrder.indexOf(String(b.raw.stage)));
  const out: Instance[] = [];
  for (const [key, l] of Object.entries(table) as [string, NumericLimit][]) {
    const generic = overrides[key];
    const found: { stack: string; at: Path }[] = [];
    if (generic?.seed) found.push(generic.seed);
    else
      for (const cloud of ["aws", "gcp"]) {
        const e = examples.find((x) => x.merged.cloud === cloud && concretePaths(x.merged, segmentsOf(key)).length > 0);
        if (e) found.push({ stack: e.stack, at: concretePaths(e.merged, segmentsOf(key))[0]! });
      }
    for (const { stack, at } of found) {
      const e = examples.find((x) => x.stack === stack)!;
      const cloud = String(e.raw.cloud);
      const o = { ...generic, ...overrides[`${key}@${cloud}`] };
      const raw = structuredClone(e.raw);
      // The preset's object, in the raw config, so a partial change keeps the preset's other fields.
      const top = at[0] as string;
      if (raw[top] === undefined && e.merged[top] !== undefined) raw[top] = structuredClone(e.merged[top]);
      out.push({ key, stack, cloud, raw, secretKeys: e.secretKeys, at, path: fmt(at), accepted: o.accepted ?? [smallest(l), l.max], ...(o.aboveAt ? { aboveAt: fmt(o.aboveAt) } : {}), ...(o.smallFraction === false ? { smallFraction: false as const } : {}), ...(o.prepare ? { prepare: o.prepare } : {}) });
    }
  }
  return out;
}

export { numericLimits };
