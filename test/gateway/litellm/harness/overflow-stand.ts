import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { gatewayEnv, renderGatewayConfig, vllmUrlEnv } from "../../../../components/gateway/render";
import { type Stack, SpecValidationError, parseStack } from "../../../../components/config";
import { LOCAL_MASTER_KEY, gatewayProcessEnv } from "./gateway";
import { type TestS3, startS3 } from "./moto";
import { repoRoot } from "./processes";
import { type TestProxy, startProxy } from "./proxy";
import { type TestRedis, startRedis } from "./redis";
import { type FakeOpenAI, startFakeOpenAI } from "./fake-openai";

export const SCALE_STACK = "scale-aws-us-east-1";
export const FAKE_KEY = "sk-local-fake-provider-key";

/** A stack file's `ai-infra:*` settings as written (`secure:` leaves replaced by a fake key). */
export function stackRaw(stack: string): Record<string, unknown> {
  const doc = parse(readFileSync(path.join(repoRoot, "stacks", `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
  const unsecure = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(unsecure);
    if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (Object.keys(o).length === 1 && typeof o.secure === "string") return FAKE_KEY;
      return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, unsecure(x)]));
    }
    return v;
  };
  const raw: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc.config)) if (k.startsWith("ai-infra:")) raw[k.slice("ai-infra:".length)] = unsecure(v);
  return raw;
}

/**
 * The scale example stack (AWS, us) promoted to enterprise with its self-hosted group
 * `llama-small` overflowing to a hosted group, and one fine-tuned adapter on it. Local changes
 * (and why):
 *  - providers: one `openai-compatible` provider `api-us` at the fake hosted API, declared in
 *    jurisdiction us (no provider is reachable from here); models: one hosted group `chat-hosted`
 *    on it — the overflow target;
 *  - routing and semantic cache removed: Debian's Redis has no vector search, and the router
 *    group is not under test; the example's dedicated capacity removed: its group is replaced;
 *  - `reliability.cooldownSeconds` 30 → 5, so each failure scenario starts with vLLM out of
 *    cooldown after a short pause (the mechanism is the same);
 *  - `gateway.timeoutSeconds` 60 → 10 and `overflow.timeoutSeconds` 2, so "slow" costs seconds.
 */
export function overflowSpec(apiBase: string): Stack {
  const result = parseStack(overflowRaw(apiBase), { project: "ai-infra", stack: "enterprise-overflow-local", secretKeys: new Set(["providerKeys"]) });
  if (!result.ok) throw new SpecValidationError(result.errors);
  return result.stack;
}

/** The settings of `overflowSpec` before parsing (tests that add to them parse them themselves). */
export function overflowRaw(apiBase: string): Record<string, any> {
  const raw = stackRaw(SCALE_STACK);
  const selfHosted = (raw.selfHosted as Record<string, unknown>[]).map((s) => ({ ...s, overflow: { groups: ["chat-hosted"], timeoutSeconds: 2 } }));
  const config: Record<string, unknown> = {
    ...raw,
    stage: "enterprise",
    providers: { "api-us": { kind: "openai-compatible", apiBase, dataJurisdiction: "us" } },
    providerKeys: { "api-us": FAKE_KEY },
    models: [{ name: "chat-hosted", provider: "api-us", model: "hosted-model", inputCostPerMillionTokens: 0.15, outputCostPerMillionTokens: 0.6 }],
    selfHosted,
    reliability: { fallbacks: {}, numRetries: 2, allowedFails: 3, cooldownSeconds: 5 },
    gateway: { cpu: 4, memoryMiB: 8192, minReplicas: 3, maxReplicas: 20, timeoutSeconds: 10 },
    fineTuning: {
      export: { schedule: "0 3 * * *", models: [], tags: [], lastDays: 7, sensitiveTags: ["sensitive"], sensitiveMetadataKeys: ["contains_pii"] },
      trainer: { pool: "a10g", gpus: 1, loraRank: 16, loraAlpha: 32, epochs: 2, learningRate: 0.0002 },
      adapters: [{ name: "llama-small-support", baseModel: "llama-small", version: "run-1" }],
    },
  };
  delete config.routing;
  delete config.semanticCache;
  delete config.dedicated;
  return config;
}

export interface OverflowStand {
  spec: Stack;
  config: string;
  vllm: FakeOpenAI;
  api: FakeOpenAI;
  s3: TestS3;
  redis: TestRedis;
  proxy: TestProxy;
  stop(): Promise<void>;
}

/** The real LiteLLM on the rendered enterprise config, a real Redis, moto S3, fake vLLM and API. */
export async function startOverflowStand(): Promise<OverflowStand> {
  const started: { stop(): Promise<void> }[] = [];
  const stop = async () => {
    for (const s of started.reverse()) await s.stop().catch(() => undefined);
    started.length = 0;
  };
  try {
    const vllm = await startFakeOpenAI("vllm");
    started.push({ stop: () => vllm.close() });
    const api = await startFakeOpenAI("hosted-api");
    started.push({ stop: () => api.close() });
    const redis = await startRedis();
    started.push(redis);
    const s3 = await startS3();
    started.push(s3);
    const spec = overflowSpec(api.apiBase);
    const config = renderGatewayConfig(spec, { logTarget: "s3", logEndpointOverride: true });
    const env = { ...gatewayProcessEnv(spec, redis, s3), [vllmUrlEnv("llama-small")]: vllm.apiBase };
    void gatewayEnv;
    const proxy = await startProxy(config, env);
    started.push(proxy);
    return { spec, config, vllm, api, s3, redis, proxy, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

export interface Outcome {
  status: number;
  /** The whole answer text (streams: the concatenated deltas). */
  text: string;
  /** Streams: the stream ended with `[DONE]`. */
  complete: boolean;
  error?: string;
}

/** One chat request through the proxy, streaming or not, tagged for the request log. */
export async function ask(proxyUrl: string, model: string, prompt: string, stream: boolean, tags: string[], metadata: Record<string, unknown> = {}): Promise<Outcome> {
  try {
    const res = await fetch(`${proxyUrl}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${LOCAL_MASTER_KEY}` },
      body: JSON.stringify({ model, stream, messages: [{ role: "user", content: prompt }], metadata: { tags, ...metadata } }),
      signal: AbortSignal.timeout(30_000),
    });
    const body = await res.text();
    if (!stream || res.status !== 200) {
      let text = "";
      try {
        text = JSON.parse(body)?.choices?.[0]?.message?.content ?? "";
      } catch { /* not JSON */ }
      return { status: res.status, text, complete: res.status === 200, ...(res.status === 200 ? {} : { error: body.slice(0, 300) }) };
    }
    let text = "";
    let complete = false;
    let error: string | undefined;
    for (const line of body.split("\n")) {
      if (!line.startsWith("data: ")) continue;
      const data = line.slice(6).trim();
      if (data === "[DONE]") {
        complete = true;
        continue;
      }
      try {
        const j = JSON.parse(data);
        if (j.error) error = JSON.stringify(j.error).slice(0, 300);
        text += j.choices?.[0]?.delta?.content ?? "";
      } catch { /* partial line */ }
    }
    return { status: res.status, text, complete: complete && !error, ...(error ? { error } : {}) };
  } catch (e) {
    return { status: 0, text: "", complete: false, error: (e as Error).message };
  }
}
