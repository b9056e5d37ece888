import { type AccessConfig, stageAtLeast } from "./model";
import type { Cloud } from "./regions";
import { type Stage, type StackConfig, stages } from "./schema";

/**
 * Stage presets: the defaults each stage fills in under the stack file. A stack file overrides
 * any of them key by key (objects merge, lists and scalars replace). Each stage starts from the
 * one before it, so promotion only adds sections and changes sizes; it never drops one.
 */
type Preset = Partial<Omit<StackConfig, "stage" | "cloud" | "regions" | "jurisdiction" | "providers" | "models" | "tags">>;

const prototype: Preset = {
  logging: { retentionDays: 30 },
  traffic: { requestsPerDay: 1000, inputTokensPerRequest: 500, outputTokensPerRequest: 250 },
  network: { cidr: "10.40.0.0/16" },
  // Below LiteLLM's production minimum on purpose (see `growth`): a prototype serves under 1K
  // requests a day, and this task dominates its fixed cost. One worker process carries the
  // prototype's 20 req/s stage throttle (~75 req/s per process measured, bench/README.md).
  gateway: { cpu: 0.5, memoryMiB: 1024, minReplicas: 1, maxReplicas: 2, timeoutSeconds: 60 },
  api: {
    perKey: { ratePerSecond: 5, burst: 10 },
    global: { ratePerSecond: 20, burst: 40 },
    keys: ["default"],
  },
  deletionProtection: false,
  database: { backupRetentionDays: 7, highAvailability: false },
};

const growth: Preset = {
  ...prototype,
  logging: { retentionDays: 90 },
  budget: { monthlyUsd: 2000, actualThresholds: [50, 80, 100], forecastThresholds: [100], features: {}, notify: { emails: [] } },
  traffic: { requestsPerDay: 50_000, inputTokensPerRequest: 500, outputTokensPerRequest: 250 },
  // LiteLLM's documented production minimum per instance: 2 vCPU / 4 GB
  // (https://docs.litellm.ai/docs/proxy/prod, "Recommended Machine Specifications", read 2026-11-30).
  // Two workers × ~75 req/s measured per core (bench/README.md) ≈ 150 req/s per replica; the 200
  // req/s stage throttle needs 2 at 100% CPU, 3 at the 60% target; 6 leaves room for a zone loss.
  gateway: { cpu: 2, memoryMiB: 4096, minReplicas: 2, maxReplicas: 6, timeoutSeconds: 60 },
  api: {
    perKey: { ratePerSecond: 10, burst: 20 },
    global: { ratePerSecond: 200, burst: 400 },
    keys: ["default"],
  },
  cache: { ttlSeconds: 3600, nodeType: "cache.t4g.small", replicas: 1 },
  reliability: { fallbacks: {}, numRetries: 2, allowedFails: 3, cooldownSeconds: 30 },
  queue: { maxReceiveCount: 5, retentionSeconds: 345_600, visibilityTimeoutSeconds: 120 },
  worker: { cpu: 0.25, memoryMiB: 512, minReplicas: 0, maxReplicas: 4, jobsPerReplica: 20 },
};

const scale: Preset = {
  ...growth,
  budget: { ...growth.budget!, monthlyUsd: 20_000 },
  traffic: { requestsPerDay: 500_000, inputTokensPerRequest: 500, outputTokensPerRequest: 250 },
  // 4 vCPU / 8 GB: four workers ≈ 300 req/s per replica; the 1000 req/s stage throttle needs 4
  // at 100% CPU, 6 at the 60% target.
  gateway: { cpu: 4, memoryMiB: 8192, minReplicas: 3, maxReplicas: 20, timeoutSeconds: 60 },
  api: {
    perKey: { ratePerSecond: 20, burst: 40 },
    global: { ratePerSecond: 1000, burst: 2000 },
    keys: ["default"],
  },
  cache: { ttlSeconds: 3600, nodeType: "cache.r7g.large", replicas: 2 },
};

const enterprise: Preset = {
  ...scale,
  logging: { retentionDays: 365 },
  budget: { ...scale.budget!, monthlyUsd: 100_000 },
  traffic: { requestsPerDay: 2_000_000, inputTokensPerRequest: 500, outputTokensPerRequest: 250 },
  deletionProtection: true,
  database: { backupRetentionDays: 35, highAvailability: true },
};

export const stagePresets: Record<Stage, Preset> = { prototype, growth, scale, enterprise };

/**
 * The `access` section of each stage, filled in only where the stage has the keys database
 * (`keysDatabaseAt`: GCP from prototype, AWS from growth). A key's default rpm is the stage's
 * per-key front-door rate (`api.perKey.ratePerSecond` × 60), so the gateway and the front door
 * agree; its default daily budget keeps one key's month under the stage's monthly budget. Early
 * budget alerts fire at 80%, as the stage's cloud budgets' first actual-spend threshold does.
 */
export const accessPresets: Record<Stage, AccessConfig> = {
  prototype: { teams: {}, keyDefaults: { rpm: 300, budgetUsd: 5, budgetPeriod: "1d" }, alertAtPercent: 80 },
  growth: { teams: {}, keyDefaults: { rpm: 600, budgetUsd: 50, budgetPeriod: "1d" }, alertAtPercent: 80 },
  scale: { teams: {}, keyDefaults: { rpm: 1200, budgetUsd: 500, budgetPeriod: "1d" }, alertAtPercent: 80 },
  enterprise: { teams: {}, keyDefaults: { rpm: 1200, budgetUsd: 500, budgetPeriod: "1d" }, alertAtPercent: 80 },
};

/**
 * The keys database's size per stage when `database.tier` is unset, the cheapest that serves it.
 * GCP (Cloud SQL, https://cloud.google.com/sql/docs/postgres/instance-settings):
 * - prototype `db-f1-micro`: shared core, 0.6 GB; under 1K requests a day LiteLLM reads a key and
 *   writes a spend row per request. Shared-core tiers have NO SLA (https://cloud.google.com/sql/sla).
 * - growth `db-g1-small`: shared core, 1.7 GB, still no SLA.
 * - scale `db-custom-1-3840`: one dedicated vCPU, 3.75 GB, covered by the SLA.
 * - enterprise `db-custom-2-7680`: two dedicated vCPUs, 7.5 GB, with the HA standby (REGIONAL).
 */
export const defaultDatabaseTiers = {
  gcp: { prototype: "db-f1-micro", growth: "db-g1-small", scale: "db-custom-1-3840", enterprise: "db-custom-2-7680" } as Record<Stage, string>,
} as const;

/**
 * Whether a stage of a cloud has the keys database behind LiteLLM's virtual keys, teams and
 * budgets. GCP has it from the prototype: its front door (a load balancer) has no API keys of its
 * own, so LiteLLM's keys are the only caller keys. AWS from growth: the prototype's REST API keys
 * serve until then and the smallest Aurora Serverless v2 would more than double the prototype's
 * fixed cost. The parsed stack's `hasKeys` says the same of a stack.
 */
export function keysDatabaseAt(stage: Stage, cloud: Cloud): boolean {
  return cloud === "gcp" || stageAtLeast(stage, "growth");
}

/** Whether `stage` is `floor` or later. */
export const atLeast = stageAtLeast;

/** The first stage at which a cloud has the keys database, for messages that say which stage adds it. */
export function keysStage(cloud: Cloud): Stage {
  return stages.find((s) => keysDatabaseAt(s, cloud)) ?? "growth";
}

/**
 * Settings one cloud reads (rules/other-cloud-settings.ts refuses them on the other), by stage.
 * The prototype's choices keep its fixed cost at rest under $57/month (15% of the $378/month
 * reference gateway deployment); from growth on the gateway runs in several zones at steady load.
 * - AWS `network.egress`: a NAT instance instead of the NAT gateway ($36.50 of $74.75 at rest).
 * - GCP `gateway.billing`: request-based Cloud Run billing; the warm minimum instance is billed
 *   at the idle rate instead of the always-allocated one.
 */
const cloudPresets: Record<Cloud, (stage: Stage) => Preset> = {
  aws: (stage) => ({ network: { egress: stage === "prototype" ? "nat-instance" : "nat-gateway" } }) as Preset,
  gcp: (stage) => ({ gateway: { billing: stage === "prototype" ? "request" : "instance" } }) as Preset,
};

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Merge `override` over `base`: objects merge key by key, everything else replaces. */
export function deepMerge(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (isPlainObject(base) && isPlainObject(override)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(override)) out[k] = deepMerge(base[k], v);
    return out;
  }
  return override;
}

/**
 * The stack config with the stage preset filled in under it. An unknown stage is reported by the
 * schema; the prototype preset stands in meanwhile so that only real problems are listed with it.
 */
export function applyPreset(raw: Record<string, unknown>): Record<string, unknown> {
  const stage: Stage = typeof raw.stage === "string" && raw.stage in stagePresets ? (raw.stage as Stage) : "prototype";
  const preset = stagePresets[stage];
  // `database` and `access` only where the keys database exists: elsewhere a stack that sets them
  // is refused (rules/sections-from-stage.ts, rules/access-needs-keys-database.ts), and a preset
  // must not put there what the stack could not have.
  const cloud = raw.cloud === "aws" || raw.cloud === "gcp" ? raw.cloud : undefined;
  const { database, ...rest } = preset;
  const withKeys = cloud && keysDatabaseAt(stage, cloud) ? { ...rest, database, access: accessPresets[stage] } : rest;
  // GCP has no stage-wide throttle (rules/other-cloud-settings.ts): its preset states the burst only.
  const forCloud = cloud === "gcp" ? gcpPreset(withKeys) : withKeys;
  return deepMerge(deepMerge(forCloud, cloud ? cloudPresets[cloud](stage) : {}), raw) as Record<string, unknown>;
}

/**
 * GCP's differences from the stage preset: no stage-wide throttle (`api.global` states the burst
 * only, a multiple of the gateway's maxReplicas), and Cloud Run's whole CPUs (rules/gcp-cloud-run-size.ts): a preset's fraction of a vCPU
 * (sized for Fargate) becomes 1, which is what Cloud Run would run anyway.
 */
function gcpPreset(p: Preset): Preset {
  const wholeCpu = <T extends { cpu: number }>(s: T | undefined): T | undefined => (s ? { ...s, cpu: Math.max(1, s.cpu) } : s);
  return {
    ...p,
    // The burst rounded up to a multiple of maxReplicas (rules/gcp-global-burst.ts): what Cloud Run admits.
    ...(p.api ? { api: { ...p.api, global: { burst: p.gateway ? Math.ceil(p.api.global.burst / p.gateway.maxReplicas) * p.gateway.maxReplicas : p.api.global.burst } } } : {}),
    ...(p.gateway ? { gateway: wholeCpu(p.gateway) } : {}),
    ...(p.worker ? { worker: wholeCpu(p.worker) } : {}),
  };
}
