import { type Stage, stages } from "../config/schema";
import { stagePresets } from "../config/presets";
import { gpuTable } from "../config/gpus";
import { type LlmSpec, type ModelLike, type TrafficProfile, assumptions, cacheHitRate, llmCost, requestCost } from "./llm";
import { daysPerMonth, hoursPerMonth, machineHourly } from "./rates";
import { regionFactor } from "./regions";

/**
 * The stage advisor: which stage the seed's thresholds put a stack in, what the next stage's
 * capabilities would save at its traffic, and when self-hosting on the kit's cheapest GPU would
 * cost less than the hosted API. Pure functions; `npm run advise` prints them.
 */

/**
 * Requests a day at which each stage begins (the stage table of README.md: prototype <1K,
 * growth 1K-100K, scale 100K-1M, enterprise 1M+), and the monthly AI spend each stage's preset
 * budget allows (components/config/presets.ts; the prototype, which has no budget of its own,
 * ends at a tenth of growth's): spend above a stage's budget belongs to the next.
 */
export const stageThresholds: Readonly<Record<Stage, { fromRequestsPerDay: number; budgetUsd: number }>> = {
  prototype: { fromRequestsPerDay: 0, budgetUsd: (stagePresets.growth.budget?.monthlyUsd ?? 0) / 10 },
  growth: { fromRequestsPerDay: 1_000, budgetUsd: stagePresets.growth.budget?.monthlyUsd ?? 0 },
  scale: { fromRequestsPerDay: 100_000, budgetUsd: stagePresets.scale.budget?.monthlyUsd ?? 0 },
  enterprise: { fromRequestsPerDay: 1_000_000, budgetUsd: Number.POSITIVE_INFINITY },
};

export function stageByRequests(requestsPerDay: number): Stage {
  return [...stages].reverse().find((s) => requestsPerDay >= stageThresholds[s].fromRequestsPerDay)!;
}

export function stageBySpend(monthlyAiUsd: number): Stage {
  return stages.find((s) => monthlyAiUsd <= stageThresholds[s].budgetUsd)!;
}

const later = (a: Stage, b: Stage): Stage => (stages.indexOf(a) >= stages.indexOf(b) ? a : b);

export interface Saving {
  capability: "response cache" | "semantic cache" | "routing" | "batch" | "self-hosted first";
  monthlyUsd: number;
  how: string;
}

/** Request cost of the cheapest hosted chat model the stack configures (embedding models left out). */
function cheapest(models: readonly ModelLike[], traffic: TrafficProfile, exclude?: string): { model: ModelLike; perRequest: number } | null {
  const chat = models.filter((m) => m.name !== exclude);
  if (chat.length === 0) return null;
  return chat.map((m) => ({ model: m, perRequest: requestCost(m, traffic) })).sort((a, b) => a.perRequest - b.perRequest)[0]!;
}

/**
 * What the capabilities of the stage after `stage` would save on the LLM bill at this traffic,
 * from the stack's own prices and the model's stated assumptions (or the stack's measured shares).
 */
export function nextStageSavings(stage: Stage, stack: LlmSpec, traffic: TrafficProfile, offers: StageOffers = {}): Saving[] {
  const now = llmCost(stack, traffic).monthlyUsd;
  const out: Saving[] = [];
  if (stage === "prototype") {
    const hit = cacheHitRate({ cache: true }, traffic);
    out.push({ capability: "response cache", monthlyUsd: now * hit, how: `${Math.round(hit * 100)}% of requests answered from the exact-match cache` });
  }
  if (stage === "growth") {
    const withSemantic = (traffic.cacheHitPercent ?? assumptions.exactCacheHitPercent.value + assumptions.semanticCacheHitPercent.value) / 100;
    const exact = cacheHitRate({ cache: true }, traffic);
    const extra = Math.max(0, withSemantic - exact);
    const embed = (traffic.requestsPerDay * daysPerMonth * traffic.inputTokensPerRequest * 0.02) / 1e6;
    if (traffic.cacheHitPercent === undefined && offers.semanticCache !== false) {
      out.push({
        capability: "semantic cache",
        monthlyUsd: now * (extra / (1 - exact)) - embed,
        how: `${Math.round(extra * 100)} more points of cache hits, less embedding every prompt (text-embedding-3-small)`,
      });
    }
    const [primary] = stack.models;
    if (!primary) return out;
    const perPrimary = requestCost(primary, traffic);
    const low = cheapest(stack.models, traffic);
    const strong = (traffic.strongPercent ?? assumptions.strongPercent.value) / 100;
    const misses = traffic.requestsPerDay * daysPerMonth * (1 - exact);
    const routing = low ? misses * (1 - strong) * Math.max(0, perPrimary - low.perRequest) : 0;
    out.push({
      capability: "routing",
      monthlyUsd: routing,
      how:
        routing > 0
          ? `${Math.round((1 - strong) * 100)}% of requests to ${low!.model.model} instead of ${primary.model}`
          : `${primary.model} is already the cheapest model configured: routing saves with a cheaper or self-hosted small tier`,
    });
    const batch = (traffic.batchPercent ?? assumptions.batchPercent.value) / 100;
    out.push({
      capability: "batch",
      monthlyUsd: now * batch * (assumptions.batchDiscountPercent.value / 100),
      how: `${Math.round(batch * 100)}% of requests through a provider batch API at ${assumptions.batchDiscountPercent.value}% off${traffic.batchPercent === undefined ? " (share assumed: set traffic.batchPercent)" : ""}`,
    });
  }
  return out;
}

export interface GpuOption {
  accelerator: string;
  machine: string;
  gpus: number;
  gpuMemoryGiB: number;
  hourlyUsd: number;
}

/** The cheapest machine of the kit's GPU table offered in the region, priced from the price table. */
export function cheapestGpu(cloud: "aws" | "gcp", region: string): GpuOption | null {
  const mult = regionFactor(cloud, region).multiplier;
  const options: GpuOption[] = [];
  for (const [accelerator, offer] of Object.entries(gpuTable[cloud])) {
    if (!(region in offer.regions)) continue;
    const shape = offer.shapes[0]!;
    const rate = machineHourly[shape.type];
    if (!rate) continue;
    options.push({ accelerator, machine: shape.type, gpus: shape.gpus, gpuMemoryGiB: offer.gpuMemoryGiB, hourlyUsd: rate.usd * mult });
  }
  return options.sort((a, b) => a.hourlyUsd - b.hourlyUsd)[0] ?? null;
}

export interface BreakEven {
  gpu: GpuOption;
  replicas: number;
  engineeringUsdPerMonth: number;
  selfHostedMonthlyUsd: number;
  /** Hosted API cost of one request at the stack's prices, after the cache. */
  hostedUsdPerRequest: number;
  /** Requests a day above which self-hosting costs less; null when the API costs nothing per request. */
  requestsPerDay: number | null;
}

export function breakEven(gpu: GpuOption, replicas: number, engineeringUsdPerMonth: number, hostedMonthlyUsd: number, traffic: TrafficProfile): BreakEven {
  const selfHostedMonthlyUsd = replicas * gpu.hourlyUsd * hoursPerMonth + engineeringUsdPerMonth;
  const hostedUsdPerRequest = hostedMonthlyUsd / (traffic.requestsPerDay * daysPerMonth);
  return {
    gpu,
    replicas,
    engineeringUsdPerMonth,
    selfHostedMonthlyUsd,
    hostedUsdPerRequest,
    requestsPerDay: hostedUsdPerRequest > 0 ? Math.ceil(selfHostedMonthlyUsd / (hostedUsdPerRequest * daysPerMonth)) : null,
  };
}

export interface Advice {
  stage: Stage;
  byRequests: Stage;
  bySpend: Stage;
  recommended: Stage;
  next: Stage | null;
  savings: Saving[];
}

/**
 * What the next stage can offer on the stack's cloud. The semantic cache is refused on GCP
 * (`components/config/rules/gcp-semantic-cache.ts`: Memorystore cannot index the TEXT fields LiteLLM's cache
 * declares), so its savings are not offered there.
 */
export interface StageOffers {
  semanticCache?: boolean;
}

export function advise(stage: Stage, stack: LlmSpec, traffic: TrafficProfile, offers: StageOffers = {}): Advice {
  const byRequests = stageByRequests(traffic.requestsPerDay);
  const bySpend = stageBySpend(llmCost(stack, traffic).monthlyUsd);
  const next = stages[stages.indexOf(stage) + 1] ?? null;
  return { stage, byRequests, bySpend, recommended: later(byRequests, bySpend), next, savings: nextStageSavings(stage, stack, traffic, offers) };
}
