import type { Stack } from "../components/config/model";
import type { PlannedResource } from "./capture";

/**
 * The source material's cost and reliability levers a stack has, each with the resources that
 * provide it. One table: a row names the capability, decides from the typed model whether the
 * stack has it, and names the kit components (type `ai-infra:<module>:<Component>`) that carry it;
 * the plan lists the components of that kind it actually planned. A new capability is a new row.
 */
export interface CapabilityRow {
  name: string;
  /** Whether the stack has it, from the typed model alone. */
  has: (stack: Stack) => boolean;
  /** The component classes (the last part of the type token) that provide it. */
  components: readonly string[];
  /** Other planned resources that provide it, by name (a bucket inside a component, say). */
  named?: RegExp;
}

const weightedGroups = (s: Stack) => {
  const weighted = new Map<string, number>();
  for (const m of s.models) if (m.weight !== undefined) weighted.set(m.name, (weighted.get(m.name) ?? 0) + 1);
  return [...weighted.values()].some((n) => n > 1);
};

const templateVariants = (s: Stack) => Object.values(s.prompts?.templates ?? {}).some((t) => Object.keys(t.variants ?? {}).length > 1);

export const capabilityTable: readonly CapabilityRow[] = [
  // Exact-match response cache; the semantic cache replaces it (LiteLLM keeps one response cache).
  { name: "cache-exact", has: (s) => s.cache !== undefined && s.semanticCache === undefined, components: ["ResponseCache", "LlmGateway"] },
  // Hot in-process and optional cold object-store tiers around the Redis/Valkey cache.
  { name: "cache-tiered", has: (s) => s.cache?.tiers !== undefined, components: ["ResponseCache", "LlmGateway"], named: /-cache-cold$/ },
  { name: "cache-semantic", has: (s) => s.semanticCache !== undefined, components: ["ResponseCache", "LlmGateway"] },
  // Prompt templates answered from the exact-match cache under the template's key (id, version,
  // variant, variables), whatever the caller's wording around it (components/gateway/litellm/ai_infra_prompts.py).
  { name: "cache-template", has: (s) => s.prompts !== undefined && s.cache !== undefined && s.semanticCache === undefined, components: ["ResponseCache", "LlmGateway"] },
  // Per-key limits at the front door at every stage; per-deployment rpm/tpm and per-key limits in the gateway.
  { name: "limits", has: () => true, components: ["FrontDoor", "ApiFirewall", "LlmGateway", "KeysDatabase"] },
  {
    name: "fallback",
    has: (s) => Object.keys(s.reliability?.fallbacks ?? {}).length > 0 || (s.selfHosted ?? []).some((g) => (g.overflow?.groups.length ?? 0) > 0),
    components: ["LlmGateway"],
  },
  { name: "queue", has: (s) => s.queue !== undefined, components: ["JobQueue", "AsyncWorker"] },
  { name: "budgets", has: (s) => s.budget !== undefined, components: ["BudgetAlerts", "KeysDatabase"] },
  { name: "routing", has: (s) => s.routing !== undefined, components: ["LlmGateway"] },
  // Weighted variants of one model group or of one prompt template (A/B), or a distilled adapter serving part of its teacher's group.
  { name: "ab", has: (s) => weightedGroups(s) || templateVariants(s) || s.fineTuning?.distillation?.serve !== undefined, components: ["LlmGateway"] },
  // Batch work goes through the job queue and the async worker (see components/gateway/render.ts).
  { name: "batch", has: (s) => s.queue !== undefined && s.worker !== undefined, components: ["JobQueue", "AsyncWorker"] },
  // GPU pools of the kit's cluster, or capacity reserved from the cloud (Bedrock provisioned throughput, Vertex dedicated endpoints).
  {
    name: "dedicated-compute",
    has: (s) => (s.cluster?.gpuPools.length ?? 0) > 0 || (s.dedicated?.length ?? 0) > 0,
    components: ["Cluster", "ProvisionedThroughput", "DedicatedEndpoint"],
  },
  { name: "self-hosting", has: (s) => (s.selfHosted?.length ?? 0) > 0, components: ["VllmRelease", "Serving"] },
  { name: "fine-tuning", has: (s) => s.fineTuning !== undefined, components: ["FineTuning", "FineTuningRelease"] },
  { name: "distillation", has: (s) => s.fineTuning?.distillation !== undefined, components: ["FineTuning", "FineTuningRelease"] },
  { name: "regions", has: (s) => s.regions.length > 1, components: ["Region", "FailoverRouting", "Global", "GlobalKeysDatabase"] },
];

export interface PlannedCapability {
  name: string;
  /** The planned kit components that provide it, by resource name. */
  resources: string[];
}

const componentClass = (type: string) => (type.startsWith("ai-infra:") ? type.split(":")[2] : undefined);

/** The stack's capabilities in table order, each with the planned components providing it. */
export function capabilitiesOf(stack: Stack, resources: readonly Pick<PlannedResource, "type" | "name">[], table: readonly CapabilityRow[] = capabilityTable): PlannedCapability[] {
  return table
    .filter((row) => row.has(stack))
    .map((row) => ({
      name: row.name,
      resources: resources.filter((r) => row.components.includes(componentClass(r.type) ?? "") || (row.named?.test(r.name) ?? false)).map((r) => r.name),
    }));
}
