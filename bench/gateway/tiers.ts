/**
 * Tiered response cache benchmark (not a test): `cache.tiers` in the pinned LiteLLM proxy with a
 * real TLS Redis and moto's S3 as the cold tier, the same stand-ins as test/gateway/litellm. One
 * run, one request in flight, printed as the table of bench/README.md `## gateway cache tiers`:
 *
 * - latency of an answer from each tier (hot, Redis, cold) and of a miss, against two baselines
 *   in the same run: a bare LiteLLM (one model, no cache, no limits, no log: compare.ts's) and the
 *   stock growth config's cache hit (LiteLLM's own memory copy in front of Redis, no tiers);
 *   Redis answers come from a second replica asking for what the first one wrote, cold ones from
 *   entries written before Redis was flushed; every row is measured in one interleaved loop, so
 *   all rows share the machine's load of the moment;
 * - hit rates per tier of a Zipf workload over two gateway replicas sharing Redis and the bucket
 *   (round robin), then the same workload after both replicas restarted and Redis was flushed.
 *
 * Run with `npx tsx bench/gateway/tiers.ts`.
 */
import os from "node:os";
import { cacheTierHeader } from "../../components/gateway/cache-tiers";
import { renderGatewayConfig } from "../../components/gateway/render";
import { litellmVersion } from "../../components/gateway/versions";
import { LOCAL_MASTER_KEY, chatOnce } from "../../test/gateway/litellm/harness/gateway";
import { FAKE_PROVIDER_KEY } from "../../test/gateway/litellm/harness/spec";
import { startTieredStand } from "../../test/gateway/litellm/harness/tiers";

const N = 150; // the stock config's memory copy holds 200 entries (LiteLLM's default); warm-ups included, the stock set fits
const ZIPF = { universe: 200, requests: 600, s: 1.1, seed: 20261208 };
const TIERS = { hot: { ttlSeconds: 600, maxEntries: 1000, maxEntryKb: 64 }, cold: { ttlDays: 7 } };
const GROUP = "chat-small";

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}
const f2 = (x: number) => x.toFixed(2);

/** Deterministic Zipf sample of prompt indexes (mulberry32). */
function zipf(universe: number, count: number, s: number, seed: number): number[] {
  let a = seed >>> 0;
  const rnd = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const w = Array.from({ length: universe }, (_, i) => 1 / Math.pow(i + 1, s));
  const total = w.reduce((x, y) => x + y, 0);
  return Array.from({ length: count }, () => {
    let r = rnd() * total;
    for (let i = 0; i < universe; i++) if ((r -= w[i]!) <= 0) return i;
    return universe - 1;
  });
}

async function main(): Promise<void> {
  const loadBefore = os.loadavg()[0]!;
  const t = await startTieredStand({ tiers: TIERS });
  try {
    const upstream = t.cheap.apiBase;
    const bare = await t.startReplica(
      ["model_list:", `  - model_name: ${GROUP}`, `    litellm_params: {model: openai/small-model, api_base: "${upstream}", api_key: "${FAKE_PROVIDER_KEY}"}`, "general_settings:", `  master_key: "${LOCAL_MASTER_KEY}"`, ""].join("\n"),
    );
    const stockSpec = structuredClone(t.spec) as typeof t.spec;
    delete (stockSpec.cache as { tiers?: unknown }).tiers;
    const stock = await t.startReplica(renderGatewayConfig(stockSpec, { logTarget: "s3", logEndpointOverride: true }));

    // Every latency row is measured in one interleaved loop (one request of each path per round),
    // so all rows share the machine's load of the moment; the order within a round rotates.
    const replica = await t.startReplica();
    const ask = async (url: string, prompt: string, expect?: string) => {
      const r = await chatOnce(url, GROUP, prompt);
      if (r.status !== 200) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
      const tier = r.headers.get(cacheTierHeader);
      if (expect && tier !== expect) throw new Error(`expected the ${expect} tier, got ${tier} for "${prompt}"`);
      return r.ms;
    };
    const set = (name: string) => Array.from({ length: N }, (_, i) => `${name} ${i} ${Date.now()}`);
    const seq = async (url: string, prompts: string[], expect?: string) => {
      for (const p of prompts) await ask(url, p, expect);
    };
    // Warm-up of every proxy (imports, connections), not measured.
    for (const url of [bare.url, stock.url, t.proxy.url, replica.url]) await seq(url, set("warm").slice(0, 10));
    // Cold-only entries: written through A, then Redis flushed (A's hot copies are never asked for).
    const coldSet = set("cold");
    await seq(t.proxy.url, coldSet, "miss");
    await new Promise((r) => setTimeout(r, 1000));
    await t.redis.cli("FLUSHALL");
    // In A's hot tier and in Redis; replica B has never seen them, so B answers them from Redis.
    const sharedSet = set("shared");
    await seq(t.proxy.url, sharedSet, "miss");
    // LiteLLM's own cache in the stock config (its memory copy answers the repeat).
    const stockSet = set("stock");
    await seq(stock.url, stockSet);
    await new Promise((r) => setTimeout(r, 1000));
    const bareSet = set("bare");
    const missSet = set("miss");

    const rows: [string, (i: number) => Promise<number>][] = [
      ["bare LiteLLM (no cache; the fake answers)", (i) => ask(bare.url, bareSet[i]!)],
      ["stock growth config, cache hit (LiteLLM's memory copy)", (i) => ask(stock.url, stockSet[i]!)],
      ["tiers: miss (upstream, then every tier written)", (i) => ask(t.proxy.url, missSet[i]!, "miss")],
      ["tiers: hot hit", (i) => ask(t.proxy.url, sharedSet[i]!, "hot")],
      ["tiers: Redis hit (another replica's answer)", (i) => ask(replica.url, sharedSet[i]!, "redis")],
      ["tiers: cold hit (Redis flushed)", (i) => ask(replica.url, coldSet[i]!, "cold")],
    ];
    const ms: number[][] = rows.map(() => []);
    for (let i = 0; i < N; i++) {
      for (let k = 0; k < rows.length; k++) {
        const j = (i + k) % rows.length;
        ms[j]!.push(await rows[j]![1](i));
      }
    }
    const results: [string, number[]][] = rows.map(([name], j) => [name, ms[j]!]);

    const bareP50 = pct(results[0]![1], 50);
    const stockP50 = pct(results[1]![1], 50);
    console.log(`| path | p50 / p95 / p99 (ms) | p50 added over bare LiteLLM (ms) | p50 added over the stock cache hit (ms) | p50 ratio to the stock cache hit |`);
    console.log(`|---|---|---:|---:|---:|`);
    for (const [name, v] of results) {
      const p50 = pct(v, 50);
      console.log(`| ${name} | ${[50, 95, 99].map((p) => f2(pct(v, p))).join(" / ")} | ${f2(p50 - bareP50)} | ${f2(p50 - stockP50)} | ${(p50 / stockP50).toFixed(2)}× |`);
    }
    // The in-process lookup itself, without HTTP: what the hot tier adds inside the proxy.
    const hotOverhead = results[3]![1].map((x, i) => x - results[1]![1][i]!);
    console.log(`hot hit minus stock hit, same round, median of ${N} pairs: ${f2(pct(hotOverhead, 50))} ms`);

    // Hit rates: two replicas, round robin, one Zipf sequence; then again after both restarted with Redis flushed.
    const order = zipf(ZIPF.universe, ZIPF.requests, ZIPF.s, ZIPF.seed);
    const prompts = Array.from({ length: ZIPF.universe }, (_, i) => `zipf ${i} ${Date.now()}`);
    const replay = async (urls: () => string[]) => {
      const counts: Record<string, number> = { hot: 0, redis: 0, cold: 0, miss: 0 };
      for (let i = 0; i < order.length; i++) {
        const url = urls()[i % 2]!;
        const r = await chatOnce(url, GROUP, prompts[order[i]!]!);
        if (r.status !== 200) throw new Error(`${r.status}`);
        const tier = r.headers.get(cacheTierHeader) ?? "none";
        counts[tier] = (counts[tier] ?? 0) + 1;
      }
      return counts;
    };
    const first = await replay(() => [t.proxy.url, replica.url]);
    await t.restartProxy();
    await replica.stop();
    const replica2 = await t.startReplica();
    await t.redis.cli("FLUSHALL");
    const second = await replay(() => [t.proxy.url, replica2.url]);
    const distinct = new Set(order).size;
    console.log("");
    console.log(`| Zipf workload (${ZIPF.requests} requests, ${distinct} distinct of ${ZIPF.universe} prompts, s ${ZIPF.s}, 2 replicas round robin) | hot | Redis | cold | miss (upstream) |`);
    console.log(`|---|---:|---:|---:|---:|`);
    for (const [name, c] of [["first pass, all tiers empty", first], ["again after both replicas restarted and Redis was flushed", second]] as const) {
      const share = (k: string) => `${c[k] ?? 0} (${(((c[k] ?? 0) / ZIPF.requests) * 100).toFixed(1)}%)`;
      console.log(`| ${name} | ${share("hot")} | ${share("redis")} | ${share("cold")} | ${share("miss")} |`);
    }
    console.log("");
    console.log(`LiteLLM ${litellmVersion}, one worker per proxy, ${N} requests per latency row at 1 in flight; ${os.cpus().length} cores shared by the client, the fakes, Redis, moto and every proxy; load average before / after ${loadBefore.toFixed(2)} / ${os.loadavg()[0]!.toFixed(2)}`);
  } finally {
    await t.stop();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
