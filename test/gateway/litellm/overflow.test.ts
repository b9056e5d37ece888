/**
 * Self-hosted first with API overflow, in the real LiteLLM proxy (the pinned release) on the
 * config the kit renders for an enterprise stack (`stand.ts` says what is local). A fake vLLM
 * misbehaves in each way the issue names; N requests per scenario, half of them streaming, go
 * to the self-hosted group. Every request must be answered in full, and the share that overflowed
 * is read back from the request log LiteLLM wrote (s3_v2 logger → moto's S3), not from the fakes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readLogUntil } from "./harness/log";
import { sleep } from "./harness/processes";
import type { FakeMode } from "./harness/fake-openai";
import { type OverflowStand, type Outcome, ask, startOverflowStand } from "./harness/overflow-stand";

const N = 80;
const CONCURRENCY = 8;
let st: OverflowStand;
const figures: Record<string, unknown>[] = [];

beforeAll(async () => {
  st = await startOverflowStand();
}, 180_000);

afterAll(async () => {
  // The figures docs/overflow.md quotes, printed by the run that proved them.
  console.log(`overflow figures (N=${N} per scenario, half streaming):\n${JSON.stringify(figures, null, 1)}`);
  await st?.stop();
}, 60_000);

interface RawRecord {
  status: string;
  model_group: string;
  model_id: string;
  request_tags: string[];
  messages: { content: string }[];
}

async function records(tag: string, expectedSuccesses: number): Promise<RawRecord[]> {
  await readLogUntil(st.s3, (rs) => rs.filter((r) => r.status === "success" && (r as unknown as { prompt: string }).prompt.startsWith(`${tag} `)).length >= expectedSuccesses, 30_000);
  const all = (await st.s3.readAll()).map((o) => o.body as RawRecord);
  return all.filter((r) => Array.isArray(r.request_tags) && r.request_tags.includes(tag));
}

async function drive(tag: string, model = "llama-small"): Promise<Outcome[]> {
  const out: Outcome[] = new Array(N);
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < N; i = next++) out[i] = await ask(st.proxy.url, model, `${tag} request ${i} ${Date.now()}`, i % 2 === 1, [tag]);
    }),
  );
  return out;
}

const scenarios: { tag: string; what: string; mode: FakeMode }[] = [
  { tag: "vllm-503", what: "down (503)", mode: { kind: "status", status: 503 } },
  { tag: "vllm-429", what: "saturated (429)", mode: { kind: "status", status: 429 } },
  { tag: "vllm-529", what: "overloaded (529)", mode: { kind: "status", status: 529 } },
  { tag: "vllm-slow", what: "slow (answers after 5 s; overflow timeout 2 s)", mode: { kind: "slow", ms: 5_000 } },
  { tag: "vllm-refused", what: "down (connection refused)", mode: { kind: "down" } },
];

describe("self-hosted first, hosted API on overflow (real LiteLLM, rendered enterprise config)", () => {
  it("healthy vLLM: every request is served by vLLM, none overflows", async () => {
    const apiBefore = st.api.calls.length;
    const out = await drive("vllm-healthy");
    const served = out.filter((o) => o.status === 200 && o.complete && o.text.startsWith("vllm: "));
    expect(served.length, JSON.stringify(out.find((o) => !(o.status === 200 && o.complete)))).toBe(N);
    expect(st.api.calls.length).toBe(apiBefore);
    const log = (await records("vllm-healthy", N)).filter((r) => r.status === "success");
    expect(log).toHaveLength(N);
    const overflowed = log.filter((r) => r.model_id.startsWith("llama-small-overflow-")).length;
    expect(overflowed).toBe(0);
    expect(new Set(log.map((r) => r.model_group))).toEqual(new Set(["llama-small"]));
    figures.push({ scenario: "healthy", served: served.length, overflowedPercent: (100 * overflowed) / N, vllmCalls: N });
  }, 300_000);

  for (const s of scenarios) {
    it(`vLLM ${s.what}: 100% served, overflow recorded in the request log`, async () => {
      // Each scenario starts with vLLM out of cooldown (cooldown 5 s in this stand).
      await st.vllm.setMode({ kind: "ok" });
      await sleep(6_000);
      await st.vllm.setMode(s.mode);
      const vllmBefore = st.vllm.calls.length;
      const t0 = Date.now();
      const out = await drive(s.tag);
      const seconds = (Date.now() - t0) / 1000;
      const bad = out.filter((o) => !(o.status === 200 && o.complete && o.text.startsWith("hosted-api: ")));
      expect(bad.length, JSON.stringify(bad.slice(0, 3))).toBe(0);
      const log = await records(s.tag, N);
      const ok = log.filter((r) => r.status === "success");
      expect(ok).toHaveLength(N);
      const overflowed = ok.filter((r) => r.model_id === "llama-small-overflow-chat-hosted-0").length;
      expect(overflowed).toBe(N);
      // Callers still asked for the self-hosted group: the overflow is inside the group.
      expect(new Set(ok.map((r) => r.model_group))).toEqual(new Set(["llama-small"]));
      const vllmCalls = st.vllm.calls.length - vllmBefore;
      // Cooling down: after `allowedFails` failures (or one 429) vLLM is skipped, not tried per request.
      expect(vllmCalls).toBeLessThan(N / 4);
      figures.push({
        scenario: s.what,
        served: N - bad.length,
        overflowedPercent: (100 * overflowed) / N,
        vllmCallsDuringScenario: vllmCalls,
        failureRecordsInLog: log.filter((r) => r.status === "failure").length,
        wallSeconds: seconds,
      });
    }, 300_000);
  }

  it("a stream that fails after its first chunk is not spliced onto the overflow: the caller sees the error", async () => {
    await st.vllm.setMode({ kind: "ok" });
    await sleep(6_000);
    await st.vllm.setMode({ kind: "midstream-drop" });
    const apiBefore = st.api.calls.length;
    const outs: Outcome[] = [];
    for (let i = 0; i < 10; i++) outs.push(await ask(st.proxy.url, "llama-small", `vllm-midstream request ${i} ${Date.now()}`, true, ["vllm-midstream"]));
    // The first chunk reached the caller; the stream then ends without completing.
    for (const o of outs) {
      expect(o.text.startsWith("vllm: "), JSON.stringify(o)).toBe(true);
      expect(o.complete, JSON.stringify(o)).toBe(false);
    }
    expect(st.api.calls.slice(apiBefore).filter((c) => c.prompt.startsWith("vllm-midstream")).length).toBe(0);
    await st.vllm.setMode({ kind: "ok" });
    figures.push({ scenario: "stream drops after first chunk", streams: outs.length, completed: outs.filter((o) => o.complete).length, apiCalls: 0 });
  }, 120_000);

  it("an adapter is served by vLLM under its own name, and falls back to its base group's overflow when vLLM is down", async () => {
    await st.vllm.setMode({ kind: "ok" });
    await sleep(6_000);
    const ok = await ask(st.proxy.url, "llama-small-support", `adapter up ${Date.now()}`, false, ["adapter"]);
    expect(ok.text).toMatch(/^vllm: /);
    expect(st.vllm.calls.at(-1)!.model).toBe("llama-small-support");
    await st.vllm.setMode({ kind: "status", status: 503 });
    const down = await ask(st.proxy.url, "llama-small-support", `adapter down ${Date.now()}`, true, ["adapter"]);
    expect(down.complete).toBe(true);
    expect(down.text).toMatch(/^hosted-api: /);
    await st.vllm.setMode({ kind: "ok" });
  }, 120_000);
});
