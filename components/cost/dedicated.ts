import type { BedrockDedicated, Model, VertexDedicated } from "../config/model";
import { bedrockCommitmentMonths } from "../config/facts/dedicated";
import type { GpuOption } from "./advice";
import { type LlmCost, type TrafficProfile, requestCost } from "./llm";
import { daysPerMonth, hoursPerMonth } from "./rates";

/**
 * What dedicated capacity costs and when it pays off. Its price is the stack's own number
 * (`hourlyUsdPerModelUnit` / `hourlyUsdPerReplica`): AWS quotes Provisioned Throughput rates per
 * model unit and term through the account team and its pricing page
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/prov-throughput.html,
 * https://aws.amazon.com/bedrock/pricing/), Google prices a dedicated deployment per node-hour of
 * its machine and accelerators (https://cloud.google.com/vertex-ai/pricing); the kit holds no
 * sourced rate for either, so it prices nothing it would have to guess.
 */

/** What the cost model needs of one entry, keyed by the group whose name its resources carry. */
export interface DedicatedQuote {
  group: string;
  /** Billed units: model units, or the replicas that always run. */
  units: number;
  hourlyUsdPerUnit: number;
  /** Where the number comes from, for the cost table. */
  basis: string;
}

export function dedicatedQuote(d: BedrockDedicated | VertexDedicated): DedicatedQuote {
  if ("modelUnits" in d) {
    return { group: d.group, units: d.modelUnits, hourlyUsdPerUnit: d.hourlyUsdPerModelUnit, basis: `${d.modelUnits} model unit(s) x ${d.hourlyUsdPerModelUnit} USD/h (the stack's quote, ${d.commitment} term) x ${hoursPerMonth} h` };
  }
  return { group: d.group, units: d.minReplicas, hourlyUsdPerUnit: d.hourlyUsdPerReplica, basis: `${d.minReplicas} replica(s) at rest x ${d.hourlyUsdPerReplica} USD/h (the stack's quote) x ${hoursPerMonth} h` };
}

export interface DedicatedAdvice {
  group: string;
  monthlyUsd: number;
  /** Months the cost runs whatever the stack does (the term), 0 without one; and what it commits. */
  termMonths: number;
  committedUsd: number;
  /** On-demand price of one request of the group at the traffic profile (tokens per request). */
  onDemandUsdPerRequest: number;
  /** Requests a day reaching the group now (after the caches), from the LLM cost. */
  requestsPerDay: number;
  /** Requests a day above which the capacity costs less than on-demand; null when on-demand costs nothing. */
  breakEvenVsOnDemand: number | null;
  /** Self-hosting the same traffic on the kit's cheapest GPU: its monthly cost and break-even against on-demand. */
  selfHosted: { monthlyUsd: number; breakEvenVsOnDemand: number | null } | null;
}

/** The group's on-demand price per request: its deployments by weight (else equally). */
export function groupRequestCost(models: readonly Model[], group: string, t: Pick<TrafficProfile, "inputTokensPerRequest" | "outputTokensPerRequest">): number {
  const ds = models.filter((m) => m.name === group);
  const weights = ds.map((d) => d.weight ?? 100 / ds.length);
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  return ds.reduce((a, d, i) => a + (weights[i]! / sum) * requestCost(d, t), 0);
}

const breakEven = (monthlyUsd: number, perRequest: number) => (perRequest > 0 ? Math.ceil(monthlyUsd / (perRequest * daysPerMonth)) : null);

/**
 * Per dedicated entry: its monthly cost, the requests a day at which it costs less than the
 * group's on-demand deployments, and the same for self-hosting on `gpu` (`replicas` nodes plus
 * `engineeringUsdPerMonth`). Both dedicated capacity and self-hosting are fixed costs: above both
 * break-evens the one with the lower monthly cost wins, as long as it can serve the traffic.
 */
export function dedicatedAdvice(
  dedicated: readonly (BedrockDedicated | VertexDedicated)[],
  models: readonly Model[],
  llm: Pick<LlmCost, "models">,
  traffic: TrafficProfile,
  gpu: GpuOption | null,
  replicas: number,
  engineeringUsdPerMonth: number,
): DedicatedAdvice[] {
  return dedicated.map((d) => {
    const q = dedicatedQuote(d);
    const monthlyUsd = q.units * q.hourlyUsdPerUnit * hoursPerMonth;
    const termMonths = "commitment" in d ? bedrockCommitmentMonths[d.commitment] : 0;
    const perRequest = groupRequestCost(models, d.group, traffic);
    const requestsPerDay = llm.models.filter((m) => m.group === d.group).reduce((a, m) => a + m.requestsPerMonth, 0) / daysPerMonth;
    const selfHostedMonthly = gpu ? replicas * gpu.hourlyUsd * hoursPerMonth + engineeringUsdPerMonth : null;
    return {
      group: d.group,
      monthlyUsd,
      termMonths,
      committedUsd: monthlyUsd * termMonths,
      onDemandUsdPerRequest: perRequest,
      requestsPerDay,
      breakEvenVsOnDemand: breakEven(monthlyUsd, perRequest),
      selfHosted: selfHostedMonthly === null ? null : { monthlyUsd: selfHostedMonthly, breakEvenVsOnDemand: breakEven(selfHostedMonthly, perRequest) },
    };
  });
}
