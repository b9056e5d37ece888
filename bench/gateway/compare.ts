/**
 * Gateway overhead against a bare LiteLLM (not a test): one run, one fake upstream, every path
 * measured in the same run with its requests interleaved (round-robin across paths, the order
 * rotated each round), so the noise of a shared machine falls on every path alike and the ratios
 * stay fair. The paths:
 *
 * - a direct call to the fake provider;
 * - a bare LiteLLM (the pinned release, one model, no cache, no limits, no request log, the CLI's
 *   defaults: one uvicorn worker on uvloop, log level INFO with an access line per request), and
 *   the same bare LiteLLM at the kit's log level (`LITELLM_LOG=WARNING`);
 * - the kit's growth config as `renderGatewayConfig` renders it for the growth example (Redis
 *   cache, rpm/tpm pre-call checks with Redis counters, S3 request log, fallbacks, budget alerts),
 *   with the process env the kit sets on every gateway (`gatewayProcessEnv`), the same stand-ins as
 *   test/gateway/litellm;
 * - the kit's scale config, rendered for the scale AWS example the same way (every provider and
 *   the self-hosted group's URL at the fake), asked through its router group `auto` (complexity
 *   router → the self-hosted small tier). Its semantic cache is left out: it needs a Redis with
 *   vector search and an embedding model, neither of which runs here; the stack's exact-match
 *   Redis cache takes its place, as the renderer renders a scale stack without one;
 * - a cache hit: one prompt repeated against the growth config, primed once;
 * - the growth config with one feature removed from its rendered text (the cache; the limits; the
 *   request log; the budget alerts), which prices each feature;
 * - the growth config as it was before the overhead settings (`--before`), so before and after
 *   stand in one run.
 *
 * Printed per path: p50/p95/p99 at 1 and at 8 requests in flight, the added latency over the
 * direct call and its ratio to the bare LiteLLM's at p50 (1 in flight), the proxy's CPU time per
 * request at 1 in flight (user + system, from /proc: the work a request costs, which other jobs
 * on a shared machine barely change), and req/s per vCPU: the
 * requests a proxy served at 8 in flight divided by the CPU time (user + system, from /proc) its
 * process spent while serving them, which a busy shared machine distorts far less than wall-clock
 * req/s. Each proxy runs one uvicorn worker; the S3 request log flushes at LiteLLM's default
 * interval, as deployed. Run with `npx tsx bench/gateway/compare.ts`.
 */
import { readFileSync, readdirSync } from "node:fs";
import os from "node:os";
import { parse, stringify } from "yaml";
import { parseStack } from "../../components/config";
import { deepMerge } from "../../components/config/presets";
import { renderGatewayConfig, vllmUrlEnv } from "../../components/gateway/render";
import { litellmVersion } from "../../components/gateway/versions";
import { FAKE_PROVIDER_KEY } from "../../test/gateway/litellm/harness/spec";
import { LOCAL_MASTER_KEY, chatOnce, gatewayProcessEnv, startGateway } from "../../test/gateway/litellm/harness/gateway";
import { type TestProxy, startProxy } from "../../test/gateway/litellm/harness/proxy";
import { exampleRaw } from "../../test/helpers/stacks";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 25);
const PER_ROUND = { 1: 8, 8: 16 } as const;

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}
const f1 = (x: number) => x.toFixed(1);

/** CPU seconds (user + system) of a process and its live children, from /proc. */
function cpuSeconds(pid: number): number {
  const tick = 100; // USER_HZ on Linux
  const of = (p: number) => {
    try {
      const f = readFileSync(`/proc/${p}/stat`, "utf8");
      const rest = f.slice(f.lastIndexOf(")") + 2).split(" ");
      return { ppid: Number(rest[1]), cpu: (Number(rest[11]) + Number(rest[12])) / tick };
    } catch {
      return { ppid: -1, cpu: 0 };
    }
  };
  let total = of(pid).cpu;
  for (const d of readdirSync("/proc")) if (/^\d+$/.test(d) && of(Number(d)).ppid === pid) total += of(Number(d)).cpu;
  return total;
}

async function burst(call: () => Promise<Sample>, n: number, inFlight: number): Promise<Sample[]> {
  const out: Sample[] = [];
  let left = n;
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (left > 0) {
      left--;
      out.push(await call());
    }
  }));
  return out;
}

type Sample = { ms: number; status: number };
interface Path { name: string; call: () => Promise<Sample>; pid?: number }

/** The scale AWS example with every provider at the fake and its semantic cache left out. */
function scaleSpecAt(upstream: string) {
  const { raw } = exampleRaw("scale-aws-us-east-1");
  const local = {
    providers: {
      openai: { kind: "openai", apiBase: upstream, dataJurisdiction: "us" },
      "bedrock-us": { kind: "openai-compatible", apiBase: upstream, dataJurisdiction: "us" },
    },
    providerKeys: { openai: FAKE_PROVIDER_KEY, "bedrock-us": FAKE_PROVIDER_KEY },
  };
  const merged = deepMerge({ ...raw, providers: undefined, providerKeys: undefined, semanticCache: undefined }, local) as Record<string, unknown>;
  const r = parseStack(merged, { project: "ai-infra", stack: "scale-aws-us-east-1", secretKeys: new Set(["providerKeys"]) });
  if (!r.ok) throw new Error(`scale example: ${JSON.stringify(r.errors)}`);
  return r.stack;
}

async function main(): Promise<void> {
  const loadBefore = os.loadavg()[0]!;
  const started: TestProxy[] = [];
  // LiteLLM's default flush interval, as deployed (the tests shorten it to read the bucket at once).
  const deployed = { DEFAULT_S3_FLUSH_INTERVAL_SECONDS: "10" };
  const g = await startGateway();
  try {
    const upstream = g.fakes.primary.apiBase;
    const growthEnv = { ...gatewayProcessEnv(g.spec, g.redis, g.s3), ...deployed };
    const start = async (text: string, env: Record<string, string>) => {
      const p = await startProxy(text, env);
      started.push(p);
      return p;
    };
    // The fixture's own proxy keeps the tests' 1 s flush; the measured growth proxy is its own.
    const growth = await start(g.config, growthEnv);
    const bare = await start([
      "model_list:",
      "  - model_name: chat",
      `    litellm_params: {model: openai/gpt-4o-mini, api_base: "${upstream}", api_key: "${FAKE_PROVIDER_KEY}"}`,
      "general_settings:",
      "  master_key: os.environ/BENCH_MASTER_KEY",
      "",
    ].join("\n"), { BENCH_MASTER_KEY: LOCAL_MASTER_KEY, LITELLM_LOG: "INFO" });
    const bareQuiet = await start(readFileSync(bare.configFile, "utf8"), { BENCH_MASTER_KEY: LOCAL_MASTER_KEY, LITELLM_LOG: "WARNING" });
    const scaleSpec = scaleSpecAt(upstream);
    const selfHosted = scaleSpec.selfHosted![0]!.name;
    const scale = await start(renderGatewayConfig(scaleSpec, { logTarget: "s3", logEndpointOverride: true }), {
      ...gatewayProcessEnv(scaleSpec, g.redis, g.s3), ...deployed, [vllmUrlEnv(selfHosted)]: upstream,
    });
    const without = (edit: (cfg: any) => void) => {
      const cfg = parse(g.config);
      edit(cfg);
      return stringify(cfg, { lineWidth: 0 });
    };
    const variants: [string, string, Record<string, string>][] = [
      ["growth without the cache", without((c) => { c.litellm_settings.cache = false; delete c.litellm_settings.cache_params; }), growthEnv],
      ["growth without limits", without((c) => {
        for (const m of c.model_list) { delete m.litellm_params.rpm; delete m.litellm_params.tpm; }
        c.router_settings.enable_pre_call_checks = false;
        for (const k of Object.keys(c.router_settings)) if (k.startsWith("redis_")) delete c.router_settings[k];
      }), growthEnv],
      ["growth without the request log", without((c) => { delete c.litellm_settings.success_callback; delete c.litellm_settings.failure_callback; delete c.litellm_settings.s3_callback_params; }), growthEnv],
      ["growth without budget alerts", without((c) => { delete c.general_settings.alerting; delete c.general_settings.alert_types; }), growthEnv],
      ...BEFORE.map(([name, edit, envEdit]): [string, string, Record<string, string>] => [name, without(edit), envEdit({ ...growthEnv })]),
    ];
    const variantProxies: TestProxy[] = [];
    for (const [, text, env] of variants) variantProxies.push(await start(text, env));

    let tag = 0;
    const uniq = () => `bench ${Date.now()} ${++tag}`;
    const direct = async (): Promise<Sample> => {
      const t0 = performance.now();
      const res = await fetch(`${upstream}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${FAKE_PROVIDER_KEY}` },
        body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: uniq() }] }),
      });
      await res.text();
      return { ms: performance.now() - t0, status: res.status };
    };
    const via = (url: string, group = "chat", prompt = uniq) => async (): Promise<Sample> => {
      const r = await chatOnce(url, group, prompt());
      return { ms: r.ms, status: r.status };
    };
    const hitPrompt = "bench: the same prompt every time";
    const hit = via(growth.url, "chat", () => hitPrompt);
    const paths: Path[] = [
      { name: "direct call", call: direct },
      { name: "bare LiteLLM", call: via(bare.url), pid: bare.proc.pid },
      { name: "bare LiteLLM at LITELLM_LOG=WARNING", call: via(bareQuiet.url), pid: bareQuiet.proc.pid },
      { name: "kit growth config", call: via(growth.url), pid: growth.proc.pid },
      { name: "kit scale config (router `auto` → self-hosted)", call: via(scale.url, "auto"), pid: scale.proc.pid },
      { name: "growth cache hit (same prompt)", call: hit, pid: growth.proc.pid },
      ...variants.map(([name], i): Path => ({ name, call: via(variantProxies[i]!.url), pid: variantProxies[i]!.proc.pid })),
    ];
    await chatOnce(growth.url, "chat", hitPrompt);
    for (const p of paths.slice(1)) for (let i = 0; i < 20; i++) await p.call();
    const res: Record<string, Record<1 | 8, { ms: number[]; failed: number; cpu: number; wall: number; n: number }>> = {};
    for (const p of paths) res[p.name] = { 1: { ms: [], failed: 0, cpu: 0, wall: 0, n: 0 }, 8: { ms: [], failed: 0, cpu: 0, wall: 0, n: 0 } };
    const t0 = performance.now();
    for (const c of [1, 8] as const) {
      for (let round = 0; round < ROUNDS; round++) {
        const order = paths.map((_, i) => paths[(i + round) % paths.length]!);
        for (const p of order) {
          const cpu0 = p.pid ? cpuSeconds(p.pid) : 0;
          const w0 = performance.now();
          const r = await burst(p.call, PER_ROUND[c], c);
          const slot = res[p.name]![c];
          slot.wall += (performance.now() - w0) / 1000;
          slot.cpu += p.pid ? cpuSeconds(p.pid) - cpu0 : 0;
          slot.n += r.length;
          slot.ms.push(...r.filter((x) => x.status === 200).map((x) => x.ms));
          slot.failed += r.filter((x) => x.status !== 200).length;
        }
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    const added = (name: string, p: number) => pct(res[name]![1].ms, p) - pct(res["direct call"]![1].ms, p);
    console.log(`| path | p50 / p95 / p99 ms (1 in flight) | added over direct p50 / p95 (ms) | added p50 vs bare LiteLLM | proxy CPU ms per request (1 in flight) | p50 / p95 / p99 ms (8 in flight) | req/s at 8 in flight (wall) | req/s per vCPU (8 in flight) | failed |`);
    console.log(`|---|---|---|---:|---:|---|---:|---:|---:|`);
    for (const p of paths) {
      const one = res[p.name]![1];
      const eight = res[p.name]![8];
      const isDirect = p.name === "direct call";
      const ratio = isDirect ? "–" : `${(added(p.name, 50) / added("bare LiteLLM", 50)).toFixed(2)}×`;
      const perCpu = p.pid && eight.cpu > 0 ? (eight.n / eight.cpu).toFixed(0) : "–";
      console.log(
        `| ${p.name} | ${[50, 95, 99].map((q) => f1(pct(one.ms, q))).join(" / ")} | ${isDirect ? "–" : `${f1(added(p.name, 50))} / ${f1(added(p.name, 95))}`} | ${ratio} | ${p.pid && one.n > 0 ? (1000 * one.cpu / one.n).toFixed(1) : "–"} | ${[50, 95, 99].map((q) => f1(pct(eight.ms, q))).join(" / ")} | ${(eight.n / eight.wall).toFixed(0)} | ${perCpu} | ${one.failed + eight.failed} |`,
      );
    }
    // Every repeat was a hit only if the provider saw the prompt once (the priming request).
    const hitCalls = g.fakes.primary.calls.filter((c) => c.prompt === hitPrompt).length;
    console.log(`cache hit path: ${res["growth cache hit (same prompt)"]![1].n + res["growth cache hit (same prompt)"]![8].n + 20} repeats, ${hitCalls} upstream call(s) for the prompt`);
    console.log(`LiteLLM ${litellmVersion}, one uvicorn worker per proxy; ${os.cpus().length} cores shared by the client, the fakes, Redis, moto, every proxy and other jobs; load average before / after ${loadBefore.toFixed(2)} / ${os.loadavg()[0]!.toFixed(2)}; ${ROUNDS} rounds of ${PER_ROUND[1]} requests at 1 in flight and ${PER_ROUND[8]} at 8 per path, paths interleaved; ${seconds.toFixed(0)} s of requests`);
  } finally {
    for (const p of started.reverse()) await p.stop().catch(() => undefined);
    await g.stop();
  }
}

/**
 * The growth config as it was before the overhead settings: each entry undoes the settings on the
 * rendered text or the process env, so the same run shows the figure before and after.
 */
const BEFORE: [string, (cfg: any) => void, (env: Record<string, string>) => Record<string, string>][] = [
  // LITELLM_LOG unset means uvicorn's default level, INFO.
  ["growth before: LiteLLM's default log level (INFO)", () => undefined, (e) => ({ ...e, LITELLM_LOG: "INFO" })],
];

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
