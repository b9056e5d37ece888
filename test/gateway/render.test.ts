import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { cacheNamespace, gatewayEnv, providerKeyEnv, renderGatewayConfig } from "../../components/gateway/render";
import { type Stack, defaultApiBase, keyedProviderKinds, parseStack } from "../../components/config";
import { exampleFile, exampleRaw, exampleStacks } from "../helpers/stacks";

type Raw = Record<string, any>;

function specOf(raw: Raw, stack: string, secretKeys: ReadonlySet<string> = new Set(["providerKeys"])): Stack {
  const r = parseStack(raw, { project: "ai-infra", stack, secretKeys });
  if (!r.ok) throw new Error(`${stack}: ${JSON.stringify(r.errors)}`);
  return r.stack;
}

function exampleSpec(stack: string): Stack {
  const { raw, secretKeys } = exampleRaw(stack);
  return specOf(raw, stack, secretKeys);
}

const prefix: Record<string, string> = { openai: "openai", anthropic: "anthropic", azure: "azure", bedrock: "bedrock", vertex: "vertex_ai", "openai-compatible": "openai" };

describe("gateway config renderer", () => {
  it.each(exampleStacks)("%s: the model list is the spec's models, in order, with their limits and prices", (stack) => {
    const spec = exampleSpec(stack);
    const config = parse(renderGatewayConfig(spec));
    // Hosted models first, then the scale stage's self-hosted groups and router group, then (at
    // enterprise) each overflow group's deployments under the self-hosted group's name, then the
    // adapters, then one deployment per dedicated entry under its group's name.
    const overflow = (spec.selfHosted ?? []).flatMap((h) => (h.overflow?.groups ?? []).flatMap((g) => spec.models.filter((m) => m.name === g).map(() => h.name)));
    const adapters = (spec.fineTuning?.adapters ?? []).map((a) => a.name);
    const dedicated = (spec.dedicated ?? []).map((d) => d.group);
    const extra = (spec.selfHosted ?? []).length + (spec.routing ? 1 : 0) + overflow.length + adapters.length + dedicated.length;
    expect(config.model_list).toHaveLength(spec.models.length + extra);
    spec.models.forEach((m, i) => {
      const entry = config.model_list[i];
      const provider = spec.providers[m.provider]!;
      expect(entry.model_name).toBe(m.name);
      expect(entry.litellm_params.model).toBe(`${prefix[provider.kind]}/${m.model}`);
      expect(entry.litellm_params.api_base).toBe(provider.apiBase ?? defaultApiBase[provider.kind]);
      expect(entry.litellm_params.timeout).toBe(spec.gateway.timeoutSeconds);
      // Keyed providers read their key from the environment the adapter fills from the secret store.
      if (keyedProviderKinds.includes(provider.kind)) expect(entry.litellm_params.api_key).toBe(`os.environ/${providerKeyEnv(m.provider)}`);
      else expect(entry.litellm_params.api_key).toBeUndefined();
      if (provider.kind === "bedrock") expect(entry.litellm_params.aws_region_name).toBe(provider.region);
      expect(entry.litellm_params.rpm).toBe(m.rpm);
      expect(entry.litellm_params.tpm).toBe(m.tpm);
      expect(entry.litellm_params.input_cost_per_token * 1e6).toBeCloseTo(m.inputCostPerMillionTokens!, 12);
      expect(entry.litellm_params.output_cost_per_token * 1e6).toBeCloseTo(m.outputCostPerMillionTokens!, 12);
      expect(entry.model_info).toMatchObject({ id: `${m.name}-${i}`, provider: m.provider });
      // LiteLLM drops a deployment whose model_info.tier is not free/paid; the routing tier has its own key.
      expect(entry.model_info.tier).toBeUndefined();
      expect(entry.model_info.routing_tier).toBe(m.tier);
    });
    const rest = config.model_list.slice(spec.models.length).map((e: any) => e.model_name);
    expect(rest).toEqual([...(spec.selfHosted ?? []).map((h) => h.name), ...(spec.routing ? [spec.routing.routerGroup] : []), ...overflow, ...adapters, ...dedicated]);
  });

  it.each(exampleStacks)("%s: every request and every failure is logged to the cloud's bucket", (stack) => {
    const spec = exampleSpec(stack);
    const settings = parse(renderGatewayConfig(spec)).litellm_settings;
    // One logger on both clouds (LiteLLM's GCS logger needs an enterprise licence); s3_v2 logs failures too.
    expect(settings.success_callback).toEqual(["s3_v2"]);
    expect(settings.failure_callback).toEqual(["s3_v2"]);
    const bucket = { s3_bucket_name: `os.environ/${gatewayEnv.logBucket}`, s3_region_name: `os.environ/${gatewayEnv.logRegion}`, s3_path: "requests" };
    if (spec.cloud === "aws") {
      expect(settings.s3_callback_params).toEqual(bucket);
    } else {
      // GCS through its S3-compatible XML API, signed with the gateway's HMAC key.
      expect(settings.s3_callback_params).toEqual({
        ...bucket,
        s3_endpoint_url: `os.environ/${gatewayEnv.logEndpoint}`,
        s3_aws_access_key_id: `os.environ/${gatewayEnv.logAccessKeyId}`,
        s3_aws_secret_access_key: `os.environ/${gatewayEnv.logSecretAccessKey}`,
      });
    }
  });

  it.each(exampleStacks)("%s: deterministic — the same spec renders the same text, parse after parse", (stack) => {
    const a = renderGatewayConfig(exampleSpec(stack));
    const b = renderGatewayConfig(exampleSpec(stack));
    expect(b).toBe(a);
    expect(renderGatewayConfig(exampleSpec(stack))).toBe(renderGatewayConfig(exampleSpec(stack)));
  });

  it.each(exampleStacks)("%s: no secret value and no secret placeholder appears in the output", (stack) => {
    const { raw, secretKeys } = exampleRaw(stack);
    const planted: Raw = { ...raw, providerKeys: Object.fromEntries(Object.keys(raw.providerKeys as object).map((k) => [k, `sk-live-${k}-MUST-NOT-LEAK-0123456789`])) };
    const text = renderGatewayConfig(specOf(planted, stack, secretKeys));
    expect(text).not.toContain("MUST-NOT-LEAK");
    expect(text).not.toContain("sk-live");
    expect(text).not.toContain("[secret");
    for (const p of exampleFile(stack).placeholders) expect(renderGatewayConfig(exampleSpec(stack))).not.toContain(p);
    // Only environment references stand where credentials go.
    const config = parse(text);
    for (const m of config.model_list) if (m.litellm_params.api_key) expect(m.litellm_params.api_key).toMatch(/^os\.environ\/AI_INFRA_KEY_[A-Z0-9_]+$/);
    // Both clouds: LiteLLM's master key comes from the environment (the secret store); never "accept anything".
    expect(config.general_settings.master_key).toBe(`os.environ/${gatewayEnv.masterKey}`);
    expect(config.general_settings).not.toHaveProperty("dangerously_permit_weak_or_unset_master_key");
  });

  // GCP refuses the semantic cache (Memorystore has no TEXT fields; components/config/rules/gcp-semantic-cache.ts).
  it.each(exampleStacks.filter((s) => s.startsWith("scale-aws-")))("%s: semantic cache and routing tiers as configured", (stack) => {
    const spec = exampleSpec(stack);
    const config = parse(renderGatewayConfig(spec));
    expect(config.litellm_settings.cache_params).toMatchObject({
      type: "redis-semantic",
      similarity_threshold: spec.semanticCache!.similarityThreshold,
      redis_semantic_cache_embedding_model: spec.semanticCache!.embeddingModel,
      ttl: spec.cache!.ttlSeconds,
    });
    const router = config.model_list.find((m: any) => m.model_name === spec.routing!.routerGroup);
    const small = (spec.selfHosted ?? []).find((h) => h.tier === "small")?.name ?? spec.models.find((m) => m.tier === "small")!.name;
    const strong = (spec.selfHosted ?? []).find((h) => h.tier === "strong")?.name ?? spec.models.find((m) => m.tier === "strong")!.name;
    expect(router.litellm_params.complexity_router_config.tiers).toEqual({ SIMPLE: small, MEDIUM: small, COMPLEX: strong, REASONING: strong });
    expect(router.litellm_params.complexity_router_config.keyword_tier_rules).toEqual([{ keywords: spec.routing!.strongKeywords, tier: "COMPLEX" }]);
  });

  it("prototype: no cache, no shared counters, no fallbacks", () => {
    for (const stack of exampleStacks.filter((s) => s.startsWith("prototype-"))) {
      const config = parse(renderGatewayConfig(exampleSpec(stack)));
      expect(config.litellm_settings.cache).toBeUndefined();
      expect(config.litellm_settings.cache_params).toBeUndefined();
      expect(config.router_settings.redis_host).toBeUndefined();
      expect(config.router_settings.fallbacks).toBeUndefined();
      expect(config.router_settings.num_retries).toBeUndefined();
    }
  });

  it.each(exampleStacks.filter((s) => s.startsWith("growth-")))("%s: cache, fallbacks and limits exactly as configured", (stack) => {
    const spec = exampleSpec(stack);
    const config = parse(renderGatewayConfig(spec));
    const redis = { host: `os.environ/${gatewayEnv.redisHost}`, port: `os.environ/${gatewayEnv.redisPort}`, password: `os.environ/${gatewayEnv.redisPassword}` };
    // Memorystore's certificate is signed by a private CA that the gateway must be given.
    const tls = spec.cloud === "gcp" ? { ssl: true, ssl_ca_data: `os.environ/${gatewayEnv.redisCaCert}` } : { ssl: true };
    expect(config.litellm_settings.cache).toBe(true);
    expect(config.litellm_settings.cache_params).toEqual({ type: "redis", ...redis, ...tls, ttl: spec.cache!.ttlSeconds, namespace: `ai-infra:${stack}` });
    expect(config.router_settings.cache_kwargs).toEqual(tls);
    // Per-deployment rpm/tpm are enforced only with pre-call checks.
    expect(config.router_settings.enable_pre_call_checks).toBe(true);
    expect(cacheNamespace(spec)).toBe(`ai-infra:${stack}`);
    // Counters shared by every replica live in the same TLS-only Redis.
    expect(config.router_settings).toMatchObject({ redis_host: redis.host, redis_port: redis.port, redis_password: redis.password });
    expect(config.router_settings.num_retries).toBe(spec.reliability!.numRetries);
    expect(config.router_settings.allowed_fails).toBe(spec.reliability!.allowedFails);
    expect(config.router_settings.cooldown_time).toBe(spec.reliability!.cooldownSeconds);
    expect(config.router_settings.fallbacks).toEqual(Object.entries(spec.reliability!.fallbacks).map(([g, t]) => ({ [g]: t })));
    expect(config.router_settings.fallbacks).toEqual([{ chat: ["chat-fallback"] }]);
    const limits = config.model_list.map((m: any) => [m.model_name, m.litellm_params.rpm, m.litellm_params.tpm]);
    expect(limits).toEqual(spec.models.map((m) => [m.name, m.rpm, m.tpm]));
  });

  it("growth: values that differ from the preset are rendered, not the preset's", () => {
    const { raw, secretKeys } = exampleRaw("growth-gcp-us-central1");
    const custom: Raw = structuredClone(raw);
    custom.cache.ttlSeconds = 123;
    custom.reliability = { fallbacks: { chat: ["chat-fallback", "chat-mini"], "chat-fallback": ["chat"] }, numRetries: 7, allowedFails: 9, cooldownSeconds: 11 };
    custom.models.push({ name: "chat-mini", provider: "openai", model: "gpt-4.1-nano", rpm: 42, tpm: 4242 });
    const config = parse(renderGatewayConfig(specOf(custom, "growth-gcp-us-central1", secretKeys)));
    expect(config.litellm_settings.cache_params.ttl).toBe(123);
    expect(config.router_settings).toMatchObject({ num_retries: 7, allowed_fails: 9, cooldown_time: 11 });
    expect(config.router_settings.fallbacks).toEqual([{ chat: ["chat-fallback", "chat-mini"] }, { "chat-fallback": ["chat"] }]);
    expect(config.model_list.at(-1)).toMatchObject({ model_name: "chat-mini", litellm_params: { model: "openai/gpt-4.1-nano", rpm: 42, tpm: 4242 } });
  });
});
