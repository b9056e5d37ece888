/**
 * Gateway benchmark (not a test): the kit's rendered growth config in the pinned LiteLLM proxy,
 * against fake OpenAI-compatible providers, a TLS Redis and moto's S3 on loopback — the same
 * stand-ins as test/gateway/litellm. Bounded request counts; run with `npx tsx bench/gateway/run.ts`
 * (`--write` also records the numbers in bench/README.md under `## gateway`).
 *
 * Reported per concurrency: latency of a cache miss through the gateway versus the same request
 * sent straight to the fake provider (the difference is the gateway's overhead, measured from
 * outside), LiteLLM's own `x-litellm-overhead-duration-ms` (what its docs quote: ~2 ms median,
 * 8 ms p95), and cache-hit latency. Then a replayed Zipf workload: upstream calls avoided versus
 * the ideal (every repeat answered from cache).
 */
import { execSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { litellmVersion } from "../../components/gateway/versions";
import { LOCAL_MASTER_KEY, type GatewayUnderTest, chatOnce, startGateway } from "../../test/gateway/litellm/harness/gateway";
import { repoRoot } from "../../test/gateway/litellm/harness/processes";

const CONCURRENCY = [1, 8, 32];
const MISSES_PER_LEVEL: Record<number, number> = { 1: 150, 8: 300, 32: 400 };
const HITS_PER_LEVEL = 300;
const ZIPF = { universe: 300, requests: 800, s: 1.1, concurrency: 8, seed: 20261126 };
const GROUP = "chat"; // the growth stack's primary group: rpm/tpm pre-call checks on, as deployed

interface Sample {
  ms: number;
  overheadMs?: number;
  status: number;
}

function pct(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "–");

/** Runs `jobs` with at most `concurrency` in flight; returns results in job order. */
async function pool<T>(jobs: (() => Promise<T>)[], concurrency: number): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, jobs.length) }, async () => {
      while (next < jobs.length) {
        const i = next++;
        out[i] = await jobs[i]!();
      }
    }),
  );
  return out;
}

async function viaGateway(g: GatewayUnderTest, prompt: string): Promise<Sample> {
  const r = await chatOnce(g.proxy.url, GROUP, prompt);
  const o = r.headers.get("x-litellm-overhead-duration-ms");
  return { ms: r.ms, status: r.status, overheadMs: o === null ? undefined : Number(o) };
}

/** The same request body straight to the fake provider (what an app without the gateway does). */
async function direct(g: GatewayUnderTest, prompt: string): Promise<Sample> {
  const t0 = performance.now();
  const res = await fetch(`${g.fakes.primary.apiBase}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${LOCAL_MASTER_KEY}` },
    body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] }),
  });
  await res.text();
  return { ms: performance.now() - t0, status: res.status };
}

/** Deterministic PRNG (mulberry32) so the replayed workload is the same run after run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function zipfSequence(): number[] {
  const { universe, requests, s, seed } = ZIPF;
  const weights = Array.from({ length: universe }, (_, k) => 1 / Math.pow(k + 1, s));
  const total = weights.reduce((a, b) => a + b, 0);
  const cdf: number[] = [];
  let acc = 0;
  for (const w of weights) cdf.push((acc += w / total));
  const rand = rng(seed);
  return Array.from({ length: requests }, () => {
    const u = rand();
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  });
}

function machine(loadBefore: number[]): string[] {
  const sh = (cmd: string) => {
    try {
      return execSync(cmd, { encoding: "utf8" }).trimEnd();
    } catch {
      return "(unavailable)";
    }
  };
  const cpu = sh("lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -n1") || os.cpus()[0]?.model || "?";
  return [
    `- nproc: ${sh("nproc")}`,
    `- CPU: ${cpu}`,
    "- free -h:",
    "",
    "```",
    sh("free -h"),
    "```",
    "",
    `- Node ${process.version}, LiteLLM ${litellmVersion} (1 uvicorn worker, the CLI default), ${sh("redis-server --version | cut -d' ' -f1-3")}`,
    // The cores are shared with whatever else runs; a busy machine shows in every column.
    `- load average (1 min) before / after the run: ${loadBefore[0]!.toFixed(2)} / ${os.loadavg()[0]!.toFixed(2)}`,
  ];
}

async function main() {
  const write = process.argv.includes("--write");
  const started = Date.now();
  const loadBefore = os.loadavg();
  const g = await startGateway();
  const lines: string[] = [];
  try {
    for (let i = 0; i < 20; i++) await viaGateway(g, `warm-up ${i}`);
    let tag = 0;
    const uniq = (what: string) => `${what} ${Date.now()} ${++tag}`;

    const rows: string[] = [
      "| concurrency | requests | direct p50 / p95 / p99 (ms) | gateway miss p50 / p95 / p99 (ms) | overhead p50 / p95 / p99 (ms) | LiteLLM-reported overhead p50 / p95 / p99 (ms) | cache hit p50 / p95 / p99 (ms) | gateway miss req/s |",
      "|---:|---:|---|---|---|---|---|---:|",
    ];
    let refused = 0;
    const summary: Record<number, { ext: number[]; own: number[]; rps: number }> = {};
    for (const c of CONCURRENCY) {
      const n = MISSES_PER_LEVEL[c]!;
      const d = await pool(Array.from({ length: n }, () => () => direct(g, uniq("direct"))), c);
      const t0 = performance.now();
      const m = await pool(Array.from({ length: n }, () => () => viaGateway(g, uniq("miss"))), c);
      const rps = n / ((performance.now() - t0) / 1000);
      refused += m.filter((x) => x.status !== 200).length;
      // Cache hits: prime a set of prompts, then ask them again.
      const hot = Array.from({ length: Math.min(HITS_PER_LEVEL, 50) }, () => uniq("hot"));
      await pool(hot.map((p) => () => viaGateway(g, p)), c);
      const upstreamBefore = g.fakes.primary.calls.length;
      const h = await pool(Array.from({ length: HITS_PER_LEVEL }, (_, i) => () => viaGateway(g, hot[i % hot.length]!)), c);
      if (g.fakes.primary.calls.length !== upstreamBefore) throw new Error("a cache-hit request reached the provider");

      const dm = d.map((x) => x.ms);
      const mm = m.filter((x) => x.status === 200).map((x) => x.ms);
      const oh = m.map((x) => x.overheadMs).filter((x): x is number => x !== undefined);
      const hm = h.map((x) => x.ms);
      const ext = (p: number) => pct(mm, p) - pct(dm, p);
      rows.push(
        `| ${c} | ${n} | ${[50, 95, 99].map((p) => f1(pct(dm, p))).join(" / ")} | ${[50, 95, 99].map((p) => f1(pct(mm, p))).join(" / ")} | ${[50, 95, 99].map((p) => f1(ext(p))).join(" / ")} | ${[50, 95, 99].map((p) => f1(pct(oh, p))).join(" / ")} | ${[50, 95, 99].map((p) => f1(pct(hm, p))).join(" / ")} | ${rps.toFixed(0)} |`,
      );
      summary[c] = { ext: [50, 95].map(ext), own: [50, 95].map((p) => pct(oh, p)), rps };
      console.log(rows.at(-1));
    }
    const one = summary[1]!;
    const peak = Math.max(...Object.values(summary).map((x) => x.rps));
    const comparison = [
      `Against LiteLLM's claim (~2 ms median / 8 ms p95 of its own overhead): one request at a time, this`,
      `config's self-reported overhead is ${f1(one.own[0]!)} ms median / ${f1(one.own[1]!)} ms p95, and the client sees`,
      `${f1(one.ext[0]!)} / ${f1(one.ext[1]!)} ms more than calling the provider directly (HTTP hop, auth, Redis cache`,
      `lookup and write, rpm pre-call check, counters and the log batch included). One proxy process on these 2`,
      `shared cores (the client and fakes run on them too) tops out near ${peak.toFixed(0)} req/s, so at 8 and 32`,
      `requests in flight the extra latency is mostly queueing in front of the one worker. The claim comes from 4`,
      `instances of 4 vCPU each; size replicas/workers for the request rate rather than expect the claim here.`,
    ];

    // Zipf replay: a fresh prompt universe, so only repeats inside this workload can hit.
    const seq = zipfSequence();
    const run = uniq("zipf");
    const distinct = new Set(seq).size;
    const upstreamBefore = g.fakes.primary.calls.length + g.fakes.fallback.calls.length;
    const z = await pool(seq.map((k) => () => viaGateway(g, `${run} prompt ${k}`)), ZIPF.concurrency);
    const upstream = g.fakes.primary.calls.length + g.fakes.fallback.calls.length - upstreamBefore;
    const avoided = seq.length - upstream;
    const ideal = seq.length - distinct;
    refused += z.filter((x) => x.status !== 200).length;
    const zipfRows = [
      "| workload | requests | distinct prompts | repeat share (ideal hit rate) | upstream calls | calls avoided | ideal avoided | achieved / ideal |",
      "|---|---:|---:|---:|---:|---:|---:|---:|",
      `| Zipf s=${ZIPF.s} over ${ZIPF.universe} prompts, concurrency ${ZIPF.concurrency} | ${seq.length} | ${distinct} | ${((ideal / seq.length) * 100).toFixed(1)}% | ${upstream} | ${avoided} | ${ideal} | ${((avoided / ideal) * 100).toFixed(1)}% |`,
    ];
    console.log(zipfRows.at(-1));

    lines.push(
      "## gateway",
      "",
      "`npx tsx bench/gateway/run.ts --write` — the growth stack's rendered config (`chat` group: rpm/tpm pre-call",
      "checks, TLS Redis cache and counters, s3_v2 request log to moto) in the pinned LiteLLM proxy, one process,",
      "against a fake provider that answers at once, all on loopback on the same machine. \"Direct\" sends the same",
      "request straight to the fake; \"overhead\" is gateway miss minus direct at the same percentile, measured from",
      "the client. \"LiteLLM-reported\" is the proxy's own `x-litellm-overhead-duration-ms` header, the figure its",
      "docs quote (~2 ms median / 8 ms p95, measured on 4 instances × 4 vCPU at ~1,170 req/s).",
      "",
      `Run of ${new Date().toISOString().slice(0, 16)}Z, ${((Date.now() - started) / 1000).toFixed(0)} s in total; ${refused} requests refused or failed.`,
      "",
      ...rows,
      "",
      ...zipfRows,
      "",
      ...comparison,
      "",
      "Machine:",
      "",
      ...machine(loadBefore),
      "",
    );
  } finally {
    await g.stop();
  }
  const text = lines.join("\n");
  console.log(`\n${text}`);
  if (write) writeSection(text);
}

/** Replaces (or appends) only the `## gateway` section of bench/README.md; other sections stay. */
function writeSection(section: string) {
  const file = path.join(repoRoot, "bench/README.md");
  const old = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n";
  const start = old.search(/^## gateway\s*$/m);
  let next: string;
  if (start === -1) {
    next = `${old.trimEnd()}\n\n${section.trimEnd()}\n`;
  } else {
    const rest = old.slice(start + 1);
    const endRel = rest.search(/^## /m);
    const end = endRel === -1 ? old.length : start + 1 + endRel;
    next = `${old.slice(0, start)}${section.trimEnd()}\n${end < old.length ? `\n${old.slice(end)}` : ""}`;
  }
  writeFileSync(file, next);
  console.log(`wrote the gateway section of ${path.relative(repoRoot, file)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
