/**
 * Gateway overhead against a bare LiteLLM (not a test): one run, one fake upstream, three paths —
 * a direct call to the fake provider, a bare LiteLLM (the pinned release, one model, no cache, no
 * limits, no request log, one worker) and the kit's rendered growth config (Redis cache, rpm/tpm
 * pre-call checks, S3 request log, fallbacks; one worker), the same stand-ins as
 * test/gateway/litellm. Each path gets cache-missing requests (unique prompts) at one request in
 * flight and at 8; printed: p50/p95/p99, req/s at 8 in flight per proxy process (one worker, so at
 * most one vCPU), and each config's added latency over the direct call as a ratio to the bare
 * LiteLLM's. What each feature costs: the growth config with one feature taken out of the rendered
 * text (the cache; the rpm/tpm limits with their pre-call checks and Redis counters; the request
 * log), each its own proxy on the same Redis, moto and fake. Run with
 * `npx tsx bench/gateway/compare.ts`. The scale config is not measured here.
 */
import os from "node:os";
import { parse, stringify } from "yaml";
import { litellmVersion } from "../../components/gateway/versions";
import { FAKE_PROVIDER_KEY } from "../../test/gateway/litellm/harness/spec";
import { LOCAL_MASTER_KEY, chatOnce, gatewayProcessEnv, startGateway } from "../../test/gateway/litellm/harness/gateway";
import { type TestProxy, startProxy } from "../../test/gateway/litellm/harness/proxy";

const N: Record<number, number> = { 1: 200, 8: 400 };

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}
const f1 = (x: number) => x.toFixed(1);

async function pool<T>(jobs: (() => Promise<T>)[], concurrency: number): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < jobs.length) {
        const i = next++;
        out[i] = await jobs[i]!();
      }
    }),
  );
  return out;
}

async function main(): Promise<void> {
  const loadBefore = os.loadavg()[0]!;
  const g = await startGateway();
  const upstream = g.fakes.primary.apiBase;
  const bareConfig = [
    "model_list:",
    "  - model_name: chat",
    `    litellm_params: {model: openai/gpt-4o-mini, api_base: "${upstream}", api_key: "${FAKE_PROVIDER_KEY}"}`,
    "general_settings:",
    "  master_key: os.environ/BENCH_MASTER_KEY",
    "",
  ].join("\n");
  const bare = await startProxy(bareConfig, { BENCH_MASTER_KEY: LOCAL_MASTER_KEY });
  // The growth config with one feature removed from the rendered text.
  const without = (edit: (cfg: any) => void) => {
    const cfg = parse(g.config);
    edit(cfg);
    return stringify(cfg, { lineWidth: 0 });
  };
  const variants: [string, string][] = [
    ["growth without the cache", without((c) => { c.litellm_settings.cache = false; delete c.litellm_settings.cache_params; })],
    ["growth without limits", without((c) => {
      for (const m of c.model_list) { delete m.litellm_params.rpm; delete m.litellm_params.tpm; }
      c.router_settings.enable_pre_call_checks = false;
      for (const k of Object.keys(c.router_settings)) if (k.startsWith("redis_")) delete c.router_settings[k];
    })],
    ["growth without the request log", without((c) => { delete c.litellm_settings.success_callback; delete c.litellm_settings.failure_callback; delete c.litellm_settings.s3_callback_params; })],
  ];
  const variantProxies: TestProxy[] = [];
  for (const [, text] of variants) variantProxies.push(await startProxy(text, gatewayProcessEnv(g.spec, g.redis, g.s3)));
  let tag = 0;
  const uniq = () => `bench ${Date.now()} ${++tag}`;
  const direct = async () => {
    const t0 = performance.now();
    const res = await fetch(`${upstream}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${FAKE_PROVIDER_KEY}` },
      body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: uniq() }] }),
    });
    await res.text();
    return { ms: performance.now() - t0, status: res.status };
  };
  const via = (url: string) => async () => {
    const r = await chatOnce(url, "chat", uniq());
    return { ms: r.ms, status: r.status };
  };
  const paths: [string, () => Promise<{ ms: number; status: number }>][] = [
    ["direct call", direct],
    ["bare LiteLLM", via(bare.url)],
    ["kit growth config", via(g.proxy.url)],
    ...variants.map(([name], i): [string, () => Promise<{ ms: number; status: number }>] => [name, via(variantProxies[i]!.url)]),
  ];
  try {
    for (const [, call] of paths.slice(1)) for (let i = 0; i < 20; i++) await call();
    const res: Record<string, Record<number, { ms: number[]; rps: number; failed: number }>> = {};
    for (const c of [1, 8]) {
      for (const [name, call] of paths) {
        const t0 = performance.now();
        const r = await pool(Array.from({ length: N[c]! }, () => call), c);
        const rps = N[c]! / ((performance.now() - t0) / 1000);
        (res[name] ??= {})[c] = { ms: r.filter((x) => x.status === 200).map((x) => x.ms), rps, failed: r.filter((x) => x.status !== 200).length };
      }
    }
    const added = (name: string, p: number) => pct(res[name]![1]!.ms, p) - pct(res["direct call"]![1]!.ms, p);
    console.log(`| path | p50 / p95 / p99 ms (1 in flight) | added over direct p50 / p95 (ms) | added p50 vs bare LiteLLM | p50 / p95 / p99 ms (8 in flight) | req/s at 8 in flight (per process) | failed |`);
    console.log(`|---|---|---|---:|---|---:|---:|`);
    for (const [name] of paths) {
      const one = res[name]![1]!;
      const eight = res[name]![8]!;
      const isDirect = name === "direct call";
      const ratio = isDirect ? "–" : `${(added(name, 50) / added("bare LiteLLM", 50)).toFixed(2)}×`;
      console.log(
        `| ${name} | ${[50, 95, 99].map((p) => f1(pct(one.ms, p))).join(" / ")} | ${isDirect ? "–" : `${f1(added(name, 50))} / ${f1(added(name, 95))}`} | ${ratio} | ${[50, 95, 99].map((p) => f1(pct(eight.ms, p))).join(" / ")} | ${eight.rps.toFixed(0)} | ${one.failed + eight.failed} |`,
      );
    }
    console.log(`LiteLLM ${litellmVersion}, one worker per proxy; ${os.cpus().length} cores shared by the client, the fakes, Redis, moto and every proxy; load average before / after ${loadBefore.toFixed(2)} / ${os.loadavg()[0]!.toFixed(2)}; requests ${N[1]} at 1 in flight, ${N[8]} at 8, per path`);
  } finally {
    for (const p of variantProxies) await p.stop();
    await bare.stop();
    await g.stop();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
