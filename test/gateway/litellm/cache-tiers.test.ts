/**
 * The tiered response cache (`cache.tiers`) in the real LiteLLM proxy, with a real Redis and moto's
 * S3 as the cold tier: which tier answers, fill-on-hit, a TTL per tier, a Redis outage served by
 * the hot tier, and the cold tier across a gateway restart. The TTLs are shortened so expiry takes
 * seconds: hot 2 s, Redis 5 s; the cold tier's TTL (whole days in the spec) is shown by an entry
 * whose stored write time is moved back past it. Latency per tier is bench/gateway/tiers.ts.
 */
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cacheTierHeader, coldTierPrefix } from "../../../components/gateway/cache-tiers";
import { cacheTiersHook, hookObjectKey, hooksCallbackEnv, hooksLoader, hooksRemoteCallback } from "../../../components/gateway/hooks";
import { chatOnce } from "./harness/gateway";
import { sleep } from "./harness/processes";
import { cacheEntries } from "./harness/redis";
import { COLD_BUCKET, type TieredStand, startTieredStand } from "./harness/tiers";

const HOT_TTL = 2;
const REDIS_TTL = 5;
const HOT_MAX_ENTRIES = 4;
const HOT_MAX_ENTRY_KB = 8;
const COLD_DAYS = 1;

let t: TieredStand;
let n = 0;
const fresh = (what: string) => `${what} #${++n} ${Date.now()}`;
const ns = () => `${t.spec.project}:${t.spec.stack}`;

async function ask(prompt: string): Promise<{ tier: string | null; upstream: number; text: string | undefined }> {
  const before = t.cheap.calls.length;
  const r = await t.chat(prompt);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return { tier: r.headers.get(cacheTierHeader), upstream: t.cheap.calls.length - before, text: r.text };
}

async function coldKeys(): Promise<string[]> {
  const page = await t.s3.client.send(new ListObjectsV2Command({ Bucket: COLD_BUCKET, Prefix: `${coldTierPrefix}/` }));
  return (page.Contents ?? []).map((o) => o.Key!);
}

beforeAll(async () => {
  t = await startTieredStand({
    ttlSeconds: REDIS_TTL,
    tiers: { hot: { ttlSeconds: HOT_TTL, maxEntries: HOT_MAX_ENTRIES, maxEntryKb: HOT_MAX_ENTRY_KB }, cold: { ttlDays: COLD_DAYS } },
  });
}, 180_000);

afterAll(async () => {
  await t?.stop();
}, 60_000);

describe("LiteLLM proxy: tiered response cache (hot → Redis → object store)", () => {
  it("the rendered config gives each tier its own TTL and installs the tiers after the cache", () => {
    expect(t.config).toContain(`ai_infra_cache_tiers:\n    hot:\n      ttl: ${HOT_TTL}\n      max_entries: ${HOT_MAX_ENTRIES}\n      max_entry_kb: ${HOT_MAX_ENTRY_KB}\n    redis:\n      ttl: ${REDIS_TTL}\n    cold:\n      ttl: ${COLD_DAYS * 86400}\n`);
    expect(t.config.indexOf("callbacks: os.environ/AI_INFRA_HOOKS_CALLBACK\n")).toBeGreaterThan(t.config.indexOf("ai_infra_cache_tiers:"));
    expect(t.config).toContain("  ai_infra_hooks:\n    - ai_infra_cache_tiers.installer\n  callbacks: os.environ/AI_INFRA_HOOKS_CALLBACK\n");
  });

  it("a miss goes upstream and writes every tier; the repeat is answered by the hot tier", async () => {
    const p = fresh("write all tiers");
    expect(await ask(p)).toMatchObject({ tier: "miss", upstream: 1, text: `cheap answers: ${p}` });
    await sleep(500); // LiteLLM writes the cache after answering
    const redisKeys = await cacheEntries(t.redis, ns());
    expect(redisKeys).toHaveLength(1);
    const ttl = Number((await t.redis.cli("TTL", redisKeys[0]!)).trim());
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(REDIS_TTL);
    // Cold key: the same cache key, `:` as `/`, under the tier's prefix.
    expect(await coldKeys()).toEqual([`${coldTierPrefix}/${redisKeys[0]!.replace(/:/g, "/")}`]);
    expect(await ask(p)).toMatchObject({ tier: "hot", upstream: 0, text: `cheap answers: ${p}` });
  }, 60_000);

  it("TTL per tier and fill-on-hit: hot expires first (Redis answers, refills hot), then Redis (cold answers, refills both)", async () => {
    const p = fresh("ttl per tier");
    expect(await ask(p)).toMatchObject({ tier: "miss", upstream: 1 });
    await sleep(HOT_TTL * 1000 + 700);
    expect(await ask(p)).toMatchObject({ tier: "redis", upstream: 0, text: `cheap answers: ${p}` });
    expect(await ask(p), "the Redis hit filled the hot tier").toMatchObject({ tier: "hot", upstream: 0 });
    await sleep(REDIS_TTL * 1000 + 700);
    expect((await cacheEntries(t.redis, ns())).length, "every Redis entry has expired").toBe(0);
    expect(await ask(p)).toMatchObject({ tier: "cold", upstream: 0, text: `cheap answers: ${p}` });
    await sleep(300);
    const refilled = await cacheEntries(t.redis, ns());
    expect(refilled, "the cold hit filled Redis").toHaveLength(1);
    const ttl = Number((await t.redis.cli("TTL", refilled[0]!)).trim());
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(REDIS_TTL);
    expect(await ask(p), "the cold hit filled the hot tier").toMatchObject({ tier: "hot", upstream: 0 });
  }, 60_000);

  it("the cold tier refuses an entry older than its TTL (the lifecycle deletes such objects by the day)", async () => {
    const p = fresh("cold ttl");
    const before = new Set(await cacheEntries(t.redis, ns()));
    expect(await ask(p)).toMatchObject({ tier: "miss", upstream: 1 });
    await sleep(500);
    const added = (await cacheEntries(t.redis, ns())).filter((k) => !before.has(k));
    expect(added).toHaveLength(1);
    const redisKey = added[0];
    const key = `${coldTierPrefix}/${redisKey!.replace(/:/g, "/")}`;
    const obj = await t.s3.client.send(new GetObjectCommand({ Bucket: COLD_BUCKET, Key: key }));
    const entry = JSON.parse(await obj.Body!.transformToString()) as { timestamp: number };
    entry.timestamp -= COLD_DAYS * 86_400 + 60;
    await t.s3.client.send(new PutObjectCommand({ Bucket: COLD_BUCKET, Key: key, Body: JSON.stringify(entry) }));
    await t.redis.cli("DEL", redisKey!);
    await sleep(HOT_TTL * 1000 + 700);
    expect(await ask(p)).toMatchObject({ tier: "miss", upstream: 1 });
  }, 60_000);

  it("bounded hot tier: an answer over maxEntryKb skips it, and past maxEntries the oldest entry is evicted", async () => {
    const big = fresh("big") + " " + "x".repeat(HOT_MAX_ENTRY_KB * 1024);
    expect(await ask(big)).toMatchObject({ tier: "miss", upstream: 1 });
    await sleep(300);
    expect(await ask(big), "too large for the hot tier: Redis answers").toMatchObject({ tier: "redis", upstream: 0 });
    expect(await ask(big), "and is not filled into it").toMatchObject({ tier: "redis", upstream: 0 });

    await sleep(HOT_TTL * 1000 + 700); // start from an empty hot tier
    const prompts = Array.from({ length: HOT_MAX_ENTRIES + 1 }, () => fresh("bounded"));
    for (const p of prompts) expect(await ask(p)).toMatchObject({ tier: "miss", upstream: 1 });
    await sleep(300);
    expect(await ask(prompts[0]!), "the first of five entries was evicted from a four-entry hot tier").toMatchObject({ tier: "redis", upstream: 0 });
    expect(await ask(prompts[HOT_MAX_ENTRIES]!)).toMatchObject({ tier: "hot", upstream: 0 });
  }, 60_000);

  it("Redis down: the hot tier answers within its TTL, then the cold tier; no request fails", async () => {
    const p = fresh("redis outage");
    expect(await ask(p)).toMatchObject({ tier: "miss", upstream: 1 });
    await sleep(300);
    await t.redis.kill();
    try {
      expect(await ask(p)).toMatchObject({ tier: "hot", upstream: 0, text: `cheap answers: ${p}` });
      await sleep(HOT_TTL * 1000 + 700);
      expect(await ask(p)).toMatchObject({ tier: "cold", upstream: 0, text: `cheap answers: ${p}` });
      const q = fresh("new during outage");
      expect(await ask(q)).toMatchObject({ tier: "miss", upstream: 1 });
    } finally {
      await t.redis.restart();
    }
  }, 90_000);

  it("gateway restart with an empty Redis: the cold tier still answers, and refills the tiers above", async () => {
    const p = fresh("survives restart");
    expect(await ask(p)).toMatchObject({ tier: "miss", upstream: 1 });
    await sleep(500);
    await t.restartProxy();
    await t.redis.cli("FLUSHALL");
    expect(await ask(p)).toMatchObject({ tier: "cold", upstream: 0, text: `cheap answers: ${p}` });
    await sleep(300);
    expect(await ask(p)).toMatchObject({ tier: "hot", upstream: 0 });
    expect(await cacheEntries(t.redis, ns())).toHaveLength(1);
  }, 180_000);
});

describe("LiteLLM proxy: the tiers' module loaded from the object store, as deployed", () => {
  it("with AI_INFRA_HOOKS_CALLBACK an s3:// URL and nothing beside the config, LiteLLM downloads the modules and runs the tiers", async () => {
    // The AWS adapter uploads the hooks' loader and the tiers' module beside the config object in
    // the request-log bucket and points the variable at the loader; LiteLLM fetches both with its
    // own S3 client (pointed at moto here).
    for (const m of [hooksLoader, cacheTiersHook]) {
      await t.s3.client.send(new PutObjectCommand({ Bucket: t.s3.bucket, Key: hookObjectKey("config/", m), Body: readFileSync(m.file, "utf8") }));
    }
    const remote = await t.startReplica(undefined, {
      env: { [hooksCallbackEnv]: hooksRemoteCallback("s3", t.s3.bucket, "config/"), AWS_ENDPOINT_URL_S3: t.s3.endpoint },
      files: [],
    });
    for (const m of [hooksLoader, cacheTiersHook]) expect(existsSync(path.join(path.dirname(remote.configFile), `${m.module}.py`))).toBe(false);
    const p = fresh("remote module");
    const first = await chatOnce(remote.url, "chat-small", p);
    expect(first.headers.get(cacheTierHeader)).toBe("miss");
    await sleep(300);
    const second = await chatOnce(remote.url, "chat-small", p);
    expect(second.headers.get(cacheTierHeader)).toBe("hot");
  }, 180_000);
});
