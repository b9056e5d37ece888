import { type RenderOptions, gatewayEnv, providerKeyEnv, renderGatewayConfig } from "../../../../components/gateway/render";
import type { Stack } from "../../../../components/config";
import { type TestS3, motoCredentials, motoRegion, startS3 } from "./moto";
import { type TestProxy, startProxy } from "./proxy";
import { type TestRedis, startRedis } from "./redis";
import { type FakeEndpoints, testSpec } from "./spec";
import { type FakeUpstream, startFakeUpstream } from "./upstream";

export interface Fakes {
  primary: FakeUpstream;
  fallback: FakeUpstream;
  cheap: FakeUpstream;
  strong: FakeUpstream;
}

export interface GatewayUnderTest {
  spec: Stack;
  config: string;
  redis: TestRedis;
  s3: TestS3;
  fakes: Fakes;
  proxy: TestProxy;
  /** Every chat request sent through `chat`, in order, for matching against the request log. */
  sent: SentRequest[];
  chat(model: string, prompt: string, opts?: { timeoutMs?: number }): Promise<ChatResult>;
  /** Stops everything this fixture started, by pid; safe to call after a partial start. */
  stop(): Promise<void>;
}

export interface SentRequest {
  model: string;
  prompt: string;
  status: number;
}

export interface ChatResult {
  status: number;
  headers: Headers;
  body: any;
  /** The assistant's text, when the request succeeded. */
  text?: string;
  ms: number;
}

/** The env the rendered config's `os.environ/...` references resolve from in a local run. */
/** The gateway's bearer key in local runs (the cloud reads it from the secret store). */
export const LOCAL_MASTER_KEY = "sk-local-gateway-master-key-0123456789abcdef";

export function gatewayProcessEnv(spec: Stack, redis: TestRedis | undefined, s3: TestS3 | undefined): Record<string, string> {
  const env: Record<string, string> = { [gatewayEnv.masterKey]: LOCAL_MASTER_KEY };
  for (const [provider, key] of Object.entries(spec.providerKeys)) env[providerKeyEnv(provider)] = key.reveal();
  if (s3) {
    env[gatewayEnv.logBucket] = s3.bucket;
    env[gatewayEnv.logRegion] = motoRegion;
    env[gatewayEnv.logEndpoint] = s3.endpoint;
    env.AWS_ACCESS_KEY_ID = motoCredentials.accessKeyId;
    env.AWS_SECRET_ACCESS_KEY = motoCredentials.secretAccessKey;
  }
  if (redis) {
    env[gatewayEnv.redisHost] = "127.0.0.1";
    env[gatewayEnv.redisPort] = String(redis.port);
    env[gatewayEnv.redisPassword] = redis.password;
    // The config says `ssl: true` as in the cloud; the cloud's CA is public, ours is made per
    // run, so redis-py (through LiteLLM's REDIS_* env mapping) is told which CA to trust.
    env.REDIS_SSL_CA_CERTS = redis.caFile;
  }
  return env;
}

export async function chatOnce(baseUrl: string, model: string, prompt: string, timeoutMs = 30_000): Promise<ChatResult> {
  const t0 = performance.now();
  const res = await fetch(`${baseUrl}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${LOCAL_MASTER_KEY}` },
    body: JSON.stringify({ model, messages: [{ role: "user", content: prompt }] }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch { /* keep the raw text for the assertion message */ }
  const ms = performance.now() - t0;
  return { status: res.status, headers: res.headers, body, text: body?.choices?.[0]?.message?.content, ms };
}

/**
 * Starts the whole loopback stand-in for one region: a TLS Redis, moto's S3, four fake providers,
 * and the LiteLLM proxy on the config `renderGatewayConfig` renders for the growth stack (see
 * `testSpec` for the few local overrides). On any failure everything already started is stopped.
 */
export interface GatewayOptions {
  extra?: Record<string, unknown>;
  modelOverrides?: Record<string, Record<string, unknown>>;
  render?: RenderOptions;
  /** Edits the rendered text before the proxy reads it: only for tests of bad configs. */
  mutateConfig?: (text: string) => string;
}

export async function startGateway(opts: GatewayOptions = {}): Promise<GatewayUnderTest> {
  const started: { stop(): Promise<void> }[] = [];
  const stopAll = async () => {
    const errors: unknown[] = [];
    for (const s of started.reverse()) await s.stop().catch((e) => errors.push(e));
    started.length = 0;
    if (errors.length) throw errors[0];
  };
  try {
    const [primary, fallback, cheap, strong] = await Promise.all(
      ["primary", "fallback", "cheap", "strong"].map((n) => startFakeUpstream(n)),
    );
    const fakes: Fakes = { primary: primary!, fallback: fallback!, cheap: cheap!, strong: strong! };
    for (const f of Object.values(fakes)) started.push({ stop: () => f.close() });
    const redis = await startRedis();
    started.push(redis);
    const s3 = await startS3();
    started.push(s3);

    const endpoints: FakeEndpoints = { primary: primary!.apiBase, fallback: fallback!.apiBase, cheap: cheap!.apiBase, strong: strong!.apiBase };
    const spec = testSpec(endpoints, opts.extra, opts.modelOverrides);
    const rendered = renderGatewayConfig(spec, { logTarget: "s3", logEndpointOverride: true, ...opts.render });
    const config = opts.mutateConfig ? opts.mutateConfig(rendered) : rendered;
    const proxy = await startProxy(config, gatewayProcessEnv(spec, redis, s3));
    started.push(proxy);

    const sent: SentRequest[] = [];
    return {
      spec,
      config,
      redis,
      s3,
      fakes,
      proxy,
      sent,
      async chat(model, prompt, o = {}) {
        const r = await chatOnce(proxy.url, model, prompt, o.timeoutMs);
        sent.push({ model, prompt, status: r.status });
        return r;
      },
      stop: stopAll,
    };
  } catch (e) {
    await stopAll().catch(() => undefined);
    throw e;
  }
}
