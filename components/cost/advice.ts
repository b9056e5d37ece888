import { type Stage, stages } from "../config/schema";
import { gpuTable } from "../config/gpus";
import { type LlmCost, type LlmSpec, type ModelLike, type TrafficProfile, assumptions, cacheHitRate, llmCost, requestCost } from "./llm";
import { daysPerMonth, hoursPerMonth, machineHourly } from "./rates";
import { regionFactor } from "./regions";

/**
 * The stage advisor: which stage the stage table's thresholds put a stack in, what the next stage's
 * capabilities would save at its traffic, and when self-hosting on the kit's cheapest GPU would
 * cost less than the hosted API. Pure functions; `npm run advise` prints them.
 */

/**
 * Where each stage begins, from the stage table ("What each stage adds" in README.md and
 * docs/architecture.md): requests a day prototype <1K, growth 1K-100K, scale 100K-1M,
 * enterprise 1M+; monthly AI cost prototype <$500, growth $500-10K, scale $10K-100K,
 * enterprise $100K+. A stage begins at its bound: 1,000 requests a day is growth, $500 is growth.
 */
export const stageThresholds: Readonly<Record<Stage, { fromRequestsPerDay: number; fromMonthlyAiUsd: number }>> = {
  prototype: { fromRequestsPerDay: 0, fromMonthlyAiUsd: 0 },
  growth: { fromRequestsPerDay: 1_000, fromMonthlyAiUsd: 500 },
  scale: { fromRequestsPerDay: 100_000, fromMonthlyAiUsd: 10_000 },
  enterprise: { fromRequestsPerDay: 1_000_000, fromMonthlyAiUsd: 100_000 },
};

export function stageByRequests(requestsPerDay: number): Stage {
  return [...stages].reverse().find((s) => requestsPerDay >= stageThresholds[s].fromRequestsPerDay)!;
}

export function stageBySpend(monthlyAiUsd: number): Stage {
  return [...stages].reverse().find((s) => monthlyAiUsd >= stageThresholds[s].fromMonthlyAiUsd) ?? "prototype";
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
  /**
   * Requests a day not already answered by the stack's self-hosted models: the traffic moving to
   * the GPUs would take over (cache hits included, as they are priced after the cache).
   */
  hostedRequestsPerDay: number;
  /** Hosted API cost of one of those requests at the stack's prices, after the cache. */
  hostedUsdPerRequest: number;
  /** Hosted requests a day above which self-hosting costs less; null when the API costs nothing per request. */
  requestsPerDay: number | null;
}

/**
 * The self-hosting break-even for the traffic still on the hosted API. The LLM cost already puts
 * a self-hosted small tier that keeps a replica up at token cost 0 (its hosted overflow groups get
 * none of its requests; with no replica at rest the tier is priced at the hosted small models and
 * counts as hosted here): those requests are on vLLM already, so they leave both the hosted cost
 * and the requests it is divided by.
 */
export function breakEven(gpu: GpuOption, replicas: number, engineeringUsdPerMonth: number, llm: Pick<LlmCost, "monthlyUsd" | "models">, traffic: TrafficProfile): BreakEven {
  const selfHostedMonthlyUsd = replicas * gpu.hourlyUsd * hoursPerMonth + engineeringUsdPerMonth;
  const onVllmPerMonth = llm.models.filter((m) => m.price === "self-hosted").reduce((a, m) => a + m.requestsPerMonth, 0);
  const hostedRequestsPerDay = Math.max(0, traffic.requestsPerDay - onVllmPerMonth / daysPerMonth);
  const hostedUsdPerRequest = hostedRequestsPerDay > 0 ? llm.monthlyUsd / (hostedRequestsPerDay * daysPerMonth) : 0;
  return {
    gpu,
    replicas,
    engineeringUsdPerMonth,
    selfHostedMonthlyUsd,
    hostedRequestsPerDay,
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
