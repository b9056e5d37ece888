/**
 * Prompt templates in the real LiteLLM proxy (the pinned release) with the real TLS Redis and
 * moto's S3 request log: templates are Dotprompt files (test/gateway/litellm/fixtures/prompts),
 * rendered by LiteLLM's prompt management; the kit's hook (components/gateway/litellm/
 * ai_infra_prompts.py) picks weighted variants, keys the cache on template + version + variant +
 * model group + a digest of the variables, and names template and version in the request log.
 *
 * Every expected number below is written out by hand from the fixtures: the fake provider reports
 * `words of the last message + 3` input tokens and 7 output tokens; `chat-small` costs 0.1 USD
 * (input) and 0.4 USD (output) per million tokens.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderGatewayConfig } from "../../../components/gateway/render";
import { type LogLine, promptAbReport } from "../../../cli/lib/report/prompt-ab";
import { readBucketLog } from "../../../cli/lib/report/request-log";
import { type GatewayUnderTest, LOCAL_MASTER_KEY, gatewayProcessEnv, startGateway } from "./harness/gateway";
import { motoRegion } from "./harness/moto";
import { repoRoot, sleep } from "./harness/processes";
import { type TestProxy, startProxy } from "./harness/proxy";
import { testSpec } from "./harness/spec";

const fixtures = path.join(__dirname, "fixtures");
const templates = (headlineVersion: number) => ({
  prompts: { directory: "prompts", templates: { headline: { version: headlineVersion }, summarise: { version: 1, variants: { control: 75, terse: 25 } } } },
});

let g: GatewayUnderTest;
let v2: TestProxy | undefined;

interface Templated {
  status: number;
  body: any;
  text?: string;
}

async function templated(
  url: string,
  promptId: string,
  variables: Record<string, unknown>,
  messages: { role: string; content: string }[] = [],
  params: Record<string, unknown> = {},
): Promise<Templated> {
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${LOCAL_MASTER_KEY}` },
    body: JSON.stringify({ model: "chat-small", prompt_id: promptId, prompt_variables: variables, messages, ...params }),
    signal: AbortSignal.timeout(30_000),
  });
  const raw = await res.text();
  let body: any = raw;
  try {
    body = JSON.parse(raw);
  } catch { /* keep the raw text for the assertion message */ }
  return { status: res.status, body, text: body?.choices?.[0]?.message?.content };
}

const promptLines = (lines: LogLine[], template: string) => lines.filter((l) => l.metadata?.spend_logs_metadata?.prompt_template === template);

beforeAll(async () => {
  g = await startGateway({ extra: templates(1), render: { promptRoot: fixtures } });
}, 180_000);

afterAll(async () => {
  await v2?.stop();
  await g?.stop();
}, 60_000);

const calls = () => g.fakes.cheap.calls.length;
const DOC = "Quarterly sales rose four percent";
const DOC2 = "Quarterly sales fell two percent";

describe("template caching in the real LiteLLM", () => {
  it("a reworded request around the same template and variables is answered from the cache", async () => {
    const first = await templated(g.proxy.url, "headline", { document: DOC });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(calls()).toBe(1);
    // LiteLLM rendered the template: the provider got the file's text with the variable filled in.
    expect(g.fakes.cheap.calls[0]!.prompt).toBe(`Write one headline for this document: ${DOC}`);
    expect(first.text).toBe(`cheap answers: Write one headline for this document: ${DOC}`);

    for (const wording of ["Make it catchy, please.", "I need a title for a board slide."]) {
      const again = await templated(g.proxy.url, "headline", { document: DOC }, [{ role: "user", content: wording }]);
      expect(again.status, JSON.stringify(again.body)).toBe(200);
      expect(again.text).toBe(first.text);
    }
    expect(calls()).toBe(1);
  }, 60_000);

  it("a changed variable misses; so does a changed sampling parameter", async () => {
    const other = await templated(g.proxy.url, "headline", { document: DOC2 });
    expect(other.status, JSON.stringify(other.body)).toBe(200);
    expect(calls()).toBe(2);
    expect(g.fakes.cheap.calls[1]!.prompt).toBe(`Write one headline for this document: ${DOC2}`);
    const hotter = await templated(g.proxy.url, "headline", { document: DOC2 }, [], { temperature: 0.9 });
    expect(hotter.status, JSON.stringify(hotter.body)).toBe(200);
    expect(calls()).toBe(3);
  }, 30_000);

  it("a new template version misses (a gateway on version 2 over the same Redis), then hits on its own key", async () => {
    const endpoints = { primary: g.fakes.primary.apiBase, fallback: g.fakes.fallback.apiBase, cheap: g.fakes.cheap.apiBase, strong: g.fakes.strong.apiBase };
    const spec2 = testSpec(endpoints, templates(2));
    v2 = await startProxy(renderGatewayConfig(spec2, { logTarget: "s3", logEndpointOverride: true, promptRoot: fixtures }), gatewayProcessEnv(spec2, g.redis, g.s3));
    const fresh = await templated(v2.url, "headline", { document: DOC });
    expect(fresh.status, JSON.stringify(fresh.body)).toBe(200);
    expect(calls()).toBe(4);
    expect(g.fakes.cheap.calls[3]!.prompt).toBe(`Version two. Write one short headline for this document: ${DOC}`);
    const reworded = await templated(v2.url, "headline", { document: DOC }, [{ role: "user", content: "Shorter." }]);
    expect(reworded.text).toBe(fresh.text);
    // Version 1's answer is still there for a gateway serving version 1.
    const old = await templated(g.proxy.url, "headline", { document: DOC });
    expect(old.text).toBe(`cheap answers: Write one headline for this document: ${DOC}`);
    expect(calls()).toBe(4);
  }, 180_000);

  it("refuses an unknown template and an unknown variable, naming what is allowed, before any provider call", async () => {
    const unknownTemplate = await templated(g.proxy.url, "headlines", { document: DOC });
    expect(unknownTemplate.status).toBe(400);
    expect(unknownTemplate.body.error.message).toBe("prompt_id 'headlines' is not a template of this gateway; allowed: headline, summarise");
    const unknownVariable = await templated(g.proxy.url, "headline", { document: DOC, doc: "x" });
    expect(unknownVariable.status).toBe(400);
    expect(unknownVariable.body.error.message).toBe("prompt_variables: unknown variable(s) doc for template 'headline'; allowed: document");
    expect(calls()).toBe(4);
  }, 30_000);

  it("every request log line of a templated request names the template, its version and variant", async () => {
    // 6 on version 1's gateway (first, two rewordings, changed document, changed temperature, the
    // old key again), 2 on version 2's; 4 of the 8 from the cache.
    const lines = await readBucketLog({ bucket: g.s3.bucket, prefix: "", region: motoRegion, endpoint: g.s3.endpoint }, g.s3.client);
    let headline = promptLines(lines, "headline");
    for (let i = 0; i < 40 && headline.length < 8; i++) {
      await sleep(500);
      headline = promptLines(await readBucketLog({ bucket: g.s3.bucket, prefix: "", region: motoRegion, endpoint: g.s3.endpoint }, g.s3.client), "headline");
    }
    const meta = headline.map((l) => l.metadata!.spend_logs_metadata!);
    expect(meta.filter((m) => m.prompt_version === 1).length).toBe(6);
    expect(meta.filter((m) => m.prompt_version === 2).length).toBe(2);
    expect(meta.every((m) => m.prompt_variant === "control")).toBe(true);
    expect(headline.filter((l) => l.cache_hit === true).length).toBe(4);
    // The digest is of the variables: the same for both documents' requests of each document.
    expect(new Set(meta.map((m) => m.prompt_variables_digest)).size).toBe(2);
  }, 60_000);
});

describe("prompt A/B in the real LiteLLM, reported from the request log", () => {
  // Variant picks follow the weights exactly in every cycle of 4 requests (75/25: control,
  // control, terse, control), so the counts per variant are known in advance.
  const doc = (i: number) => Array.from({ length: i }, (_, k) => `w${k}`).join(" ");
  const control = (i: number) => `Summarise the following document for analysts in three sentences, keeping every figure it gives: ${doc(i)}`;
  const terse = (i: number) => `Summarise for analysts: ${doc(i)}`;

  it("sends 8 new documents, 4 repeats and 3 requests to a failing provider", async () => {
    const before = calls();
    for (let i = 1; i <= 8; i++) expect((await templated(g.proxy.url, "summarise", { document: doc(i), audience: "analysts" })).status).toBe(200);
    // What the provider received, in order: picks 1-8 are control, control, terse, control, control, control, terse, control.
    expect(g.fakes.cheap.calls.slice(before).map((c) => c.prompt)).toEqual([control(1), control(2), terse(3), control(4), control(5), control(6), terse(7), control(8)]);
    // Repeats of documents 1-4 get the same picks as their first time (the cycle restarts): all from the cache.
    for (let i = 1; i <= 4; i++) expect((await templated(g.proxy.url, "summarise", { document: doc(i), audience: "analysts" }, [{ role: "user", content: `again ${i}` }])).status).toBe(200);
    expect(calls()).toBe(before + 8);
    await g.fakes.cheap.setMode({ kind: "status", status: 500 });
    try {
      for (let i = 9; i <= 11; i++) expect((await templated(g.proxy.url, "summarise", { document: doc(i), audience: "analysts" })).status).toBeGreaterThanOrEqual(500);
    } finally {
      await g.fakes.cheap.setMode({ kind: "ok" });
    }
  }, 120_000);

  it("the report gives per variant the counts, tokens, cost, rates, saving and sample size of what was sent", async () => {
    let lines: LogLine[] = [];
    for (let i = 0; i < 40; i++) {
      lines = promptLines(await readBucketLog({ bucket: g.s3.bucket, prefix: "", region: motoRegion, endpoint: g.s3.endpoint }, g.s3.client), "summarise");
      if (lines.length >= 15) break;
      await sleep(500);
    }
    const rows = promptAbReport(lines, { summarise: "control" });
    expect(rows.map((r) => [r.template, r.version, r.variant, r.control])).toEqual([
      ["summarise", 1, "control", true],
      ["summarise", 1, "terse", false],
    ]);
    const [c, t] = rows as [(typeof rows)[0], (typeof rows)[0]];
    // control: documents 1, 2, 4, 5, 6, 8 answered (17 + words tokens each: 18, 19, 21, 22, 23, 25),
    // repeats of 1, 2, 4 from the cache, failing documents 9 and 10.
    expect([c.requests, c.modelAnswered, c.cacheHits, c.errors]).toEqual([11, 6, 3, 2]);
    expect([c.inputTokens, c.outputTokens]).toEqual([128, 42]);
    expect(c.costUsd).toBeCloseTo(0.0000296, 12);
    expect(c.errorRate).toBeCloseTo(2 / 11, 12);
    expect(c.cacheHitRate).toBeCloseTo(3 / 11, 12);
    // terse: documents 3 and 7 answered (6 + words: 9, 13), the repeat of 3 from the cache, document 11 failing.
    expect([t.requests, t.modelAnswered, t.cacheHits, t.errors]).toEqual([4, 2, 1, 1]);
    expect([t.inputTokens, t.outputTokens]).toEqual([22, 14]);
    expect(t.costUsd).toBeCloseTo(0.0000078, 12);
    expect(t.errorRate).toBe(0.25);
    expect(t.cacheHitRate).toBe(0.25);
    // Mean input tokens 11 against 21.333…: a saving of 1 - 11 / (128 / 6) = 0.484375.
    expect(t.tokenSavingVsControl).toBeCloseTo(0.484375, 12);
    // Variances 6.667 (control) and 8 (terse), difference 10.333: n = 7.849 · 14.667 / 106.78 = 1.08 → 2.
    expect(t.sampleSizeNeeded).toBe(2);
    expect(t.trusted).toBe(true);
    expect(c.tokenSavingVsControl).toBe(null);
    for (const r of rows) {
      expect(r.latencyP50Ms!).toBeGreaterThan(0);
      expect(r.latencyP50Ms!).toBeLessThanOrEqual(r.latencyP95Ms!);
      expect(r.latencyP95Ms!).toBeLessThan(30_000);
    }
  }, 60_000);

  it("`npm run report` prints the same rows from the bucket", async () => {
    const { stdout } = await promisify(execFile)(
      path.join(repoRoot, "node_modules/.bin/tsx"),
      ["cli/report.ts", "growth-aws-eu-west-1", "--bucket", g.s3.bucket, "--prefix", "", "--endpoint", g.s3.endpoint, "--region", motoRegion, "--json"],
      { cwd: repoRoot, env: { ...process.env, AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing" } },
    );
    const out = JSON.parse(stdout) as { variants: { template: string; variant: string; requests: number; errors: number; cacheHits: number; inputTokens: number }[] };
    expect(out.variants.filter((v) => v.template === "summarise").map((v) => [v.variant, v.requests, v.errors, v.cacheHits, v.inputTokens])).toEqual([
      ["control", 11, 2, 3, 128],
      ["terse", 4, 1, 1, 22],
    ]);
  }, 60_000);
});
