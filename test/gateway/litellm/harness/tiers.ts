import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { renderGatewayConfig } from "../../../../components/gateway/render";
import { cacheBucketEnv } from "../../../../components/gateway/cache-tiers";
import type { Stack } from "../../../../components/config";
import { type ChatResult, chatOnce, gatewayProcessEnv } from "./gateway";
import { type TestS3, motoRegion, startS3 } from "./moto";
import { type TestProxy, startProxy } from "./proxy";
import { type TestRedis, startRedis } from "./redis";
import { testSpec } from "./spec";
import { type FakeUpstream, startFakeUpstream } from "./upstream";

/** The cold tier's bucket in moto (the request log has its own). */
export const COLD_BUCKET = "ai-infra-response-cache";

export interface TieredStand {
  spec: Stack;
  config: string;
  redis: TestRedis;
  s3: TestS3;
  /** The provider behind `chat-small`: its call count says whether the cache answered. */
  cheap: FakeUpstream;
  proxy: TestProxy;
  chat(prompt: string, model?: string): Promise<ChatResult>;
  /** Stops the proxy and starts a new one on the same Redis and buckets (a gateway restart). */
  restartProxy(): Promise<void>;
  /** Another proxy on the same config, Redis and buckets (a second gateway replica); stopped by `stop`. */
  startReplica(configText?: string, opts?: { env?: Record<string, string>; files?: string[] }): Promise<TestProxy>;
  stop(): Promise<void>;
}

/**
 * The growth stand (harness/spec.ts) with `cache.tiers` from `tiers`, the Redis TTL from
 * `ttlSeconds`, the glue module beside the rendered config as the deployed gateway has it, and a
 * second moto bucket as the cold tier. `cacheOff`: the same stand with no response cache at all
 * (the bench's bare LiteLLM).
 */
export async function startTieredStand(
  cache: Record<string, unknown> | null,
  /** More spec (e.g. `prompts`) and the project folder its template files are under. */
  more: { extra?: Record<string, unknown>; promptRoot?: string } = {},
): Promise<TieredStand> {
  const started: { stop(): Promise<void> }[] = [];
  const stopAll = async () => {
    for (const s of started.reverse()) await s.stop().catch(() => undefined);
    started.length = 0;
  };
  try {
    const fakes = await Promise.all(["primary", "fallback", "cheap", "strong"].map((n) => startFakeUpstream(n)));
    for (const f of fakes) started.push({ stop: () => f.close() });
    const [primary, fallback, cheap, strong] = fakes as [FakeUpstream, FakeUpstream, FakeUpstream, FakeUpstream];
    const redis = await startRedis();
    started.push(redis);
    const s3 = await startS3();
    started.push(s3);
    await s3.client.send(new CreateBucketCommand({ Bucket: COLD_BUCKET, CreateBucketConfiguration: { LocationConstraint: motoRegion } }));
    const spec = testSpec({ primary: primary.apiBase, fallback: fallback.apiBase, cheap: cheap.apiBase, strong: strong.apiBase }, { ...(cache ? { cache } : {}), ...more.extra });
    if (!cache) delete (spec as { cache?: unknown }).cache;
    const config = renderGatewayConfig(spec, { logTarget: "s3", logEndpointOverride: true, ...(more.promptRoot ? { promptRoot: more.promptRoot } : {}) });
    // The hook modules beside the config, as a local run has them (startProxy copies them; deployed:
    // the URL of the loader's object, see hooksCallbackEnv).
    const env: Record<string, string> = { ...gatewayProcessEnv(spec, redis, s3), [cacheBucketEnv]: COLD_BUCKET };
    const files: string[] = [];
    let proxy = await startProxy(config, env, { files });
    const proxyRef = { stop: () => proxy.stop() };
    started.push(proxyRef);
    return {
      spec,
      config,
      redis,
      s3,
      cheap,
      get proxy() {
        return proxy;
      },
      chat: (prompt, model = "chat-small") => chatOnce(proxy.url, model, prompt),
      async restartProxy() {
        await proxy.stop();
        proxy = await startProxy(config, env, { files });
      },
      async startReplica(configText = config, o = {}) {
        const replica = await startProxy(configText, { ...env, ...o.env }, { files: o.files ?? files });
        started.push(replica);
        return replica;
      },
      stop: stopAll,
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
