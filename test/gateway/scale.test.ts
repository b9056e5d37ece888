import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { tierGroup } from "../../components/config";
import { renderGatewayConfig, semanticCacheUrlEnv, vllmUrlEnv } from "../../components/gateway/render";
import { parseStack } from "../../components/config";
import { exampleRaw } from "../helpers/stacks";
import { exampleSpec, scaleStacks } from "../helpers/scale";

type Entry = { model_name: string; litellm_params: Record<string, any>; model_info: Record<string, any> };

describe.each(scaleStacks)("gateway config at scale (%s)", (stack) => {
  const spec = exampleSpec(stack);
  const config = parse(renderGatewayConfig(spec));
  const list = config.model_list as Entry[];

  it("registers each self-hosted model group at its internal load balancer, named by a variable the adapter sets", () => {
    const selfHosted = spec.selfHosted!;
    for (const s of selfHosted) {
      const entries = list.filter((e) => e.model_name === s.name);
      expect(entries).toHaveLength(1);
      expect(entries[0]!.litellm_params).toEqual({
        model: `hosted_vllm/${s.name}`,
        // The gateway runs outside the cluster (ECS Fargate, Cloud Run): cluster DNS would not resolve.
        api_base: `os.environ/${vllmUrlEnv(s.name)}`,
        timeout: spec.gateway.timeoutSeconds,
        input_cost_per_token: 0,
        output_cost_per_token: 0,
      });
      expect(entries[0]!.model_info).toEqual({ id: `${s.name}-self-hosted`, provider: "self-hosted", routing_tier: s.tier });
      // No credentials and no public address for a model that lives inside the cluster.
      expect(entries[0]!.litellm_params.api_key).toBeUndefined();
    }
  });

  it("routes the router group by tier: simple requests to the small tier, complex ones (length, keywords) to the strong tier", () => {
    const routing = spec.routing!;
    const router = list.filter((e) => e.model_name === routing.routerGroup);
    expect(router).toHaveLength(1);
    const small = spec.selfHosted!.find((s) => s.tier === "small")!.name;
    const strong = spec.models.find((m) => m.tier === "strong")!.name;
    expect(tierGroup(spec, "small")).toBe(small);
    expect(router[0]!.litellm_params).toEqual({
      model: "auto_router/complexity_router",
      complexity_router_config: {
        classifier_type: "heuristic",
        tiers: { SIMPLE: small, MEDIUM: small, COMPLEX: strong, REASONING: strong },
        token_thresholds: { simple: 15, complex: Math.floor(routing.strongAboveChars / 4) },
        dimension_weights: { tokenCount: 1 },
        tier_boundaries: { simple_medium: 0.5, medium_complex: 0.75, complex_reasoning: 1.5 },
        keyword_tier_rules: [{ keywords: routing.strongKeywords, tier: "COMPLEX" }],
      },
      complexity_router_default_model: strong,
    });
    // Every tier target is a group the gateway serves.
    const groups = new Set(list.map((e) => e.model_name));
    for (const target of Object.values(router[0]!.litellm_params.complexity_router_config.tiers)) expect(groups).toContain(target);
  });

  it("keeps the weighted A/B variants of a group with their shares", () => {
    const weighted = spec.models.filter((m) => m.weight !== undefined);
    expect(weighted.length).toBeGreaterThanOrEqual(2);
    // The group's on-demand deployments; a dedicated deployment in the group (the AWS example's
    // Provisioned Throughput) is answered first and carries no weight.
    const variants = list.filter((e) => e.model_name === weighted[0]!.name && e.model_info?.provider !== "dedicated");
    expect(variants.map((e) => e.litellm_params.weight)).toEqual(weighted.filter((m) => m.name === weighted[0]!.name).map((m) => m.weight));
    expect(variants.reduce((s, e) => s + e.litellm_params.weight, 0)).toBe(100);
    expect(config.router_settings.routing_strategy).toBe("simple-shuffle");
  });

  it("falls back from the self-hosted group to a hosted one (the model may be at zero replicas)", () => {
    const s = spec.selfHosted![0]!.name;
    const fallbacks = config.router_settings.fallbacks as Record<string, string[]>[];
    expect(fallbacks.find((f) => s in f)?.[s]).toEqual(["chat-small-hosted"]);
  });
});

// GCP refuses the semantic cache (Memorystore has no TEXT fields; components/config/rules/gcp-semantic-cache.ts).
describe.each(scaleStacks.filter((s) => s.startsWith("scale-aws-")))("semantic cache at scale (%s)", (stack) => {
  const spec = exampleSpec(stack);
  const config = parse(renderGatewayConfig(spec));
  const list = config.model_list as Entry[];

  it("uses the semantic cache on the vector-capable Redis with the configured threshold and embedding group", () => {
    expect(config.litellm_settings.cache).toBe(true);
    expect(config.litellm_settings.cache_params).toEqual({
      type: "redis-semantic",
      redis_url: `os.environ/${semanticCacheUrlEnv}`,
      similarity_threshold: spec.semanticCache!.similarityThreshold,
      redis_semantic_cache_embedding_model: spec.semanticCache!.embeddingModel,
      ttl: spec.cache!.ttlSeconds,
    });
    // The embedding group is one the gateway itself serves (the cache embeds through the router).
    expect(list.map((e) => e.model_name)).toContain(spec.semanticCache!.embeddingModel);
  });
});

describe("gateway config at scale on GCP", () => {
  it("keeps the exact-match response cache (no semantic cache on Memorystore)", () => {
    const config = parse(renderGatewayConfig(exampleSpec("scale-gcp-europe-west4")));
    expect(config.litellm_settings.cache_params.type).toBe("redis");
  });
});

describe("gateway config follows the spec", () => {
  it("changes the threshold, keywords and length rule when the spec does", () => {
    const { raw, secretKeys } = exampleRaw("scale-aws-us-east-1");
    const copy = structuredClone(raw) as Record<string, any>;
    copy.semanticCache.similarityThreshold = 0.8;
    copy.routing.strongKeywords = ["contract"];
    copy.routing.strongAboveChars = 400;
    const r = parseStack(copy, { stack: "x", secretKeys });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const config = parse(renderGatewayConfig(r.stack));
    expect(config.litellm_settings.cache_params.similarity_threshold).toBe(0.8);
    const router = (config.model_list as Entry[]).find((e) => e.model_name === "auto")!;
    expect(router.litellm_params.complexity_router_config.keyword_tier_rules).toEqual([{ keywords: ["contract"], tier: "COMPLEX" }]);
    expect(router.litellm_params.complexity_router_config.token_thresholds.complex).toBe(100);
  });

  it("renders no self-hosted group, router or semantic cache below the scale stage", () => {
    const { raw, secretKeys } = exampleRaw("growth-aws-eu-west-1");
    const r = parseStack(raw, { stack: "growth-aws-eu-west-1", secretKeys });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const config = parse(renderGatewayConfig(r.stack));
    expect((config.model_list as Entry[]).map((e) => e.litellm_params.model)).not.toContainEqual(expect.stringMatching(/^(hosted_vllm|auto_router)\//));
    expect(config.litellm_settings.cache_params.type).toBe("redis");
  });
});
