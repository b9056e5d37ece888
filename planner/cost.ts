import { type StackCost, estimateCost } from "../components/cost/model";
import { dedicatedQuote } from "../components/cost/dedicated";
import type { Stack } from "../components/config/model";
import type { PlannedResource } from "./capture";
import type { PlanResult } from "./plan";
import { componentSet } from "./render";
import { type StackFile, projectName } from "./stack-file";

/**
 * The cost of a plan: the planned resources and the validated spec handed to the pure cost model.
 * The traffic profile counts only when the stack file states one: the stage preset's default
 * traffic is a placeholder, not a measurement, so a stack without `ai-infra:traffic` is priced at
 * rest only and says so.
 */
export function costOfPlan(file: Pick<StackFile, "config">, spec: Stack, resources: readonly PlannedResource[]): StackCost {
  const stated = file.config[`${projectName}:traffic`] !== undefined;
  return estimateCost({
    cloud: spec.cloud,
    regions: spec.regions,
    resources,
    components: componentSet(resources),
    traffic: stated ? spec.traffic : null,
    models: spec.models,
    selfHosted: spec.selfHosted,
    gpuPools: spec.cluster?.gpuPools,
    cache: spec.cache !== undefined,
    semanticCache: spec.semanticCache,
    routing: spec.routing !== undefined,
    logRetentionDays: spec.logging.retentionDays,
    ...(spec.dedicated ? { dedicatedQuotes: spec.dedicated.map(dedicatedQuote) } : {}),
  });
}

/** The `--json` plan with `cost`: totals per stack and region, and one `cost` object per resource. */
export function planJson(result: PlanResult, cost: StackCost | undefined): PlanResult & { cost?: Omit<StackCost, "resources"> } {
  if (!cost) return result;
  const { resources: perResource, ...summary } = cost;
  return {
    ...result,
    resources: result.resources.map((r) => (perResource[r.urn] ? { ...r, cost: perResource[r.urn] } : r)),
    cost: summary,
  };
}
