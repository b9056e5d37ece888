import { gpuTable, shapeFor } from "../config/gpus";
import { type LlmCost, type LlmSpec, type ModelLike, type SelfHostedLike, type TrafficProfile, llmCost } from "./llm";
import { NotPriced, type PricedResourceInput, type PricingContext, priceTable } from "./prices";
import type { DedicatedQuote } from "./dedicated";
import { daysPerMonth, rates } from "./rates";
import { regionFactor } from "./regions";

/**
 * The cost model: a plan's resources and the stack's traffic profile in, monthly cost out, per
 * resource, per region and in total. Pure: no Pulumi, no I/O.
 */

export interface CostInput {
  cloud: "aws" | "gcp";
  regions: readonly string[];
  resources: readonly PricedResourceInput[];
  /** Which resources are components (their children are priced, not they). */
  components: ReadonlySet<string>;
  /** The stack's traffic profile; null when the stack states none (fixed costs only). */
  traffic: TrafficProfile | null;
  models: readonly ModelLike[];
  selfHosted?: readonly (SelfHostedLike & { pool: string; gpusPerReplica: number })[];
  gpuPools?: readonly { name: string; accelerator: string }[];
  cache: boolean;
  semanticCache?: { embeddingModel: string };
  routing: boolean;
  logRetentionDays: number;
  /** The stack's quotes for its dedicated capacity (`dedicated`). */
  dedicatedQuotes?: readonly DedicatedQuote[];
}

export type ResourceCost =
  | { status: "priced"; fixedMonthlyUsd: number; usageMonthlyUsd: number; basis: string }
  | { status: "free"; fixedMonthlyUsd: 0; usageMonthlyUsd: 0; basis: string }
  | { status: "not priced"; reason: string };

export interface RegionCost {
  fixedMonthlyUsd: number;
  usageMonthlyUsd: number;
  notPriced: number;
}

export interface StackCost {
  currency: "USD";
  /** Fixed: what the stack costs at rest (minimum replicas, nodes, hours). */
  fixedMonthlyUsd: number;
  /** Usage: per-request charges at the traffic profile (0 without one). */
  usageMonthlyUsd: number;
  /** Hosted LLM tokens at the traffic profile (0 without one). */
  llmMonthlyUsd: number;
  totalMonthlyUsd: number;
  traffic: TrafficProfile | null;
  byRegion: Record<string, RegionCost>;
  resources: Record<string, ResourceCost>;
  notPriced: { urn: string; type: string; reason: string }[];
  llm: LlmCost | null;
  notes: string[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** GPU nodes each pool must keep up for the self-hosted models' minimum replicas. */
export function gpuNodesAtRest(input: Pick<CostInput, "cloud" | "selfHosted" | "gpuPools">): Map<string, number> {
  const out = new Map<string, number>();
  for (const pool of input.gpuPools ?? []) {
    const models = (input.selfHosted ?? []).filter((s) => s.pool === pool.name && s.minReplicas > 0);
    if (models.length === 0) continue;
    const perNodeGpus = Math.max(...models.map((m) => m.gpusPerReplica));
    const shape = gpuTable[input.cloud][pool.accelerator] ? shapeFor(input.cloud, pool.accelerator, perNodeGpus) : undefined;
    const gpusPerNode = shape?.gpus ?? perNodeGpus;
    const gpus = models.reduce((a, m) => a + m.minReplicas * m.gpusPerReplica, 0);
    out.set(pool.name, Math.ceil(gpus / gpusPerNode));
  }
  return out;
}

function vmsAtRest(resources: readonly PricedResourceInput[], region: string | null, gpuNodes: ReadonlyMap<string, number>): number {
  let n = 0;
  for (const r of resources) {
    if (r.type !== "gcp:container/nodePool:NodePool" || r.region !== region) continue;
    const config = (r.inputs.nodeConfig ?? {}) as Record<string, unknown>;
    const pool = ((config.labels ?? {}) as Record<string, unknown>)["ai-infra/gpu-pool"];
    const min = Number(((r.inputs.autoscaling ?? {}) as Record<string, unknown>).totalMinNodeCount ?? r.inputs.initialNodeCount ?? 0);
    n += Math.max(min, typeof pool === "string" ? (gpuNodes.get(pool) ?? 0) : 0);
  }
  return n;
}

export function estimateCost(input: CostInput): StackCost {
  const notes: string[] = [];
  const traffic = input.traffic;
  if (traffic === null) notes.push("no traffic profile (ai-infra:traffic): fixed costs only; usage and LLM costs are not estimated");
  if (input.regions.length > 1 && traffic) notes.push(`traffic split evenly over ${input.regions.length} regions`);
  const requestsPerMonth = traffic ? (traffic.requestsPerDay * daysPerMonth) / Math.max(1, input.regions.length) : 0;
  const bytesPerRequest = traffic ? (traffic.inputTokensPerRequest + traffic.outputTokensPerRequest) * rates.bytesPerToken.usd + rates.logOverheadBytesPerRequest.usd : 0;
  const batchShare = traffic?.batchPercent !== undefined ? traffic.batchPercent / 100 : 0;
  const gpuNodes = gpuNodesAtRest(input);

  const out: StackCost = {
    currency: "USD",
    fixedMonthlyUsd: 0,
    usageMonthlyUsd: 0,
    llmMonthlyUsd: 0,
    totalMonthlyUsd: 0,
    traffic,
    byRegion: {},
    resources: {},
    notPriced: [],
    llm: null,
    notes,
  };
  const regionNotes = new Set<string>();
  for (const r of input.resources) {
    if (r.type.startsWith("pulumi:providers:")) continue;
    const entry = priceTable[r.type];
    if (!entry && input.components.has(r.urn)) continue;
    const regionKey = r.region ?? "(no region)";
    const bucket = (out.byRegion[regionKey] ??= { fixedMonthlyUsd: 0, usageMonthlyUsd: 0, notPriced: 0 });
    const notPriced = (reason: string) => {
      out.resources[r.urn] = { status: "not priced", reason };
      out.notPriced.push({ urn: r.urn, type: r.type, reason });
      bucket.notPriced++;
    };
    if (!entry) {
      notPriced("type not in the price table (components/cost/prices.ts)");
      continue;
    }
    if (entry.kind === "not-priced") {
      notPriced(entry.reason);
      continue;
    }
    if (entry.kind === "free") {
      out.resources[r.urn] = { status: "free", fixedMonthlyUsd: 0, usageMonthlyUsd: 0, basis: entry.reason };
      continue;
    }
    const factor = regionFactor(input.cloud, r.region);
    if (factor.note) regionNotes.add(factor.note);
    const ctx: PricingContext = {
      cloud: input.cloud,
      region: r.region,
      multiplier: factor.multiplier,
      requestsPerMonth,
      bytesPerRequest,
      batchShare,
      logRetentionDays: input.logRetentionDays,
      gpuNodesAtRest: gpuNodes,
      vmsAtRest: vmsAtRest(input.resources, r.region, gpuNodes),
      resources: input.resources,
      ...(input.dedicatedQuotes ? { dedicatedQuotes: input.dedicatedQuotes } : {}),
    };
    try {
      const line = entry.price(r, ctx);
      const fixed = round2(line.fixed);
      const usage = round2(line.usage);
      out.resources[r.urn] = { status: "priced", fixedMonthlyUsd: fixed, usageMonthlyUsd: usage, basis: line.basis };
      bucket.fixedMonthlyUsd += fixed;
      bucket.usageMonthlyUsd += usage;
    } catch (e) {
      if (!(e instanceof NotPriced)) throw e;
      notPriced(e.message);
    }
  }
  notes.push(...regionNotes);
  for (const b of Object.values(out.byRegion)) {
    b.fixedMonthlyUsd = round2(b.fixedMonthlyUsd);
    b.usageMonthlyUsd = round2(b.usageMonthlyUsd);
  }
  out.fixedMonthlyUsd = round2(Object.values(out.byRegion).reduce((a, b) => a + b.fixedMonthlyUsd, 0));
  out.usageMonthlyUsd = round2(Object.values(out.byRegion).reduce((a, b) => a + b.usageMonthlyUsd, 0));
  if (traffic) {
    const stack: LlmSpec = { models: input.models, selfHosted: input.selfHosted, cache: input.cache, semanticCache: input.semanticCache, routing: input.routing };
    out.llm = llmCost(stack, traffic);
    out.llmMonthlyUsd = round2(out.llm.monthlyUsd);
    notes.push(...out.llm.notes);
  }
  if (out.notPriced.length > 0) notes.push(`${out.notPriced.length} resource(s) not priced: the total leaves them out`);
  out.totalMonthlyUsd = round2(out.fixedMonthlyUsd + out.usageMonthlyUsd + out.llmMonthlyUsd);
  return out;
}
