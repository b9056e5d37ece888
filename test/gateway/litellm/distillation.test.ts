/**
 * Distillation end to end except the training, in the real LiteLLM with a real Redis and moto S3:
 * the teacher (a hosted group on the fake API) answers a tagged use case, the request log LiteLLM
 * wrote is exported with a held-out split (the worker's export entry point as a process), the
 * evaluation entry point scores the student adapter (the fake vLLM) against the teacher through
 * the gateway and straight against vLLM, the gate refuses the worse adapter and accepts the good
 * one from the evaluation's own result object, and only the gated spec's rendered config sends
 * the teacher's requests to the adapter (checked in a restarted LiteLLM on that config).
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import path from "node:path";
import { CreateBucketCommand, GetObjectCommand } from "@aws-sdk/client-s3";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { costPerRequest, gate } from "../../../cli/lib/distill/gate";
import { type Stack, SpecValidationError, parseStack } from "../../../components/config";
import { renderGatewayConfig, vllmUrlEnv } from "../../../components/gateway/render";
import { LOCAL_MASTER_KEY, gatewayProcessEnv } from "./harness/gateway";
import { readLogUntil } from "./harness/log";
import { motoCredentials, motoRegion } from "./harness/moto";
import { type FakeOpenAI, startFakeOpenAI } from "./harness/fake-openai";
import { ask, overflowRaw } from "./harness/overflow-stand";
import { repoRoot } from "./harness/processes";
import { type TestProxy, startProxy } from "./harness/proxy";
import { type TestRedis, startRedis } from "./harness/redis";
import { type TestS3, startS3 } from "./harness/moto";

const MODEL_BUCKET = "ai-infra-models";
const TAG = "ticket-triage";
const labels = ["billing", "shipping", "refund"];
const N = 60;
const prompts = Array.from({ length: N }, (_, i) => `Ticket ${i}: my order number ${1000 + i} needs attention`);
const indexOf = (prompt: string) => Number(/^Ticket (\d+):/.exec(prompt)?.[1] ?? -1);
/** The teacher's answer: a label per ticket. */
const teacher = (prompt: string) => labels[indexOf(prompt) % 3]!;
/** A worse student: wrong on every third ticket. */
const worse = (prompt: string) => (indexOf(prompt) % 3 === 0 ? "refund" : teacher(prompt));

function distillSpec(apiBase: string, serve?: object): Stack {
  const raw = overflowRaw(apiBase);
  raw.fineTuning.distillation = {
    teacher: "chat-hosted",
    student: "llama-small",
    tag: TAG,
    adapter: "llama-small-support",
    heldOutPercent: 50,
    metric: "exact-match",
    threshold: 0.9,
    ...(serve ? { serve } : {}),
  };
  const r = parseStack(raw, { project: "ai-infra", stack: "enterprise-distill-local", secretKeys: new Set(["providerKeys"]) });
  if (!r.ok) throw new SpecValidationError(r.errors);
  return r.stack;
}

let vllm: FakeOpenAI;
let api: FakeOpenAI;
let redis: TestRedis;
let s3: TestS3;
let proxy: TestProxy | undefined;
let spec: Stack;

const env = () => ({ ...gatewayProcessEnv(spec, redis, s3), [vllmUrlEnv("llama-small")]: vllm.apiBase });

beforeAll(async () => {
  vllm = await startFakeOpenAI("vllm");
  api = await startFakeOpenAI("hosted-api");
  api.setAnswer((p) => teacher(p));
  redis = await startRedis();
  s3 = await startS3();
  await s3.client.send(new CreateBucketCommand({ Bucket: MODEL_BUCKET, CreateBucketConfiguration: { LocationConstraint: motoRegion } }));
  spec = distillSpec(api.apiBase);
  proxy = await startProxy(renderGatewayConfig(spec, { logTarget: "s3", logEndpointOverride: true }), env());
  for (const p of prompts) {
    const o = await ask(proxy.url, "chat-hosted", p, false, [TAG]);
    if (!o.complete || o.text !== teacher(p)) throw new Error(`teacher request ${p} failed: ${JSON.stringify(o)}`);
  }
  // Another use case of the same teacher: not exported.
  for (let i = 0; i < 3; i++) await ask(proxy.url, "chat-hosted", `Write a poem ${i}`, false, ["marketing"]);
  const log = await readLogUntil(s3, (rs) => rs.filter((x) => x.status === "success" && x.model_group === "chat-hosted").length >= N + 3, 60_000);
  if (log.filter((x) => x.status === "success").length < N + 3) throw new Error("the request log never held every request");
}, 300_000);

afterAll(async () => {
  for (const s of [proxy, s3, redis]) await s?.stop().catch(() => undefined);
  await vllm?.close();
  await api?.close();
}, 60_000);

/**
 * One worker entry point as a process, asynchronously: the fake vLLM and API answer from this
 * test's own event loop, which a synchronous spawn would block.
 */
function runEntry(entry: string, vars: Record<string, string>): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      path.join(repoRoot, "node_modules/.bin/tsx"),
      [path.join(repoRoot, "worker", entry)],
      { env: { PATH: process.env.PATH, AWS_ACCESS_KEY_ID: motoCredentials.accessKeyId, AWS_SECRET_ACCESS_KEY: motoCredentials.secretAccessKey, ...vars }, encoding: "utf8", timeout: 180_000 },
      (e, stdout, stderr) => resolve({ status: e ? (typeof e.code === "number" ? e.code : 1) : 0, stdout, stderr }),
    );
  });
}

async function text(key: string): Promise<string> {
  const o = await s3.client.send(new GetObjectCommand({ Bucket: MODEL_BUCKET, Key: key }));
  return o.Body!.transformToString();
}

const today = () => new Date().toISOString().slice(0, 10);
function exportRun(runId: string) {
  return runEntry("export.ts", {
    EXPORT_LOG_BUCKET: s3.bucket,
    EXPORT_TRAINING_BUCKET: MODEL_BUCKET,
    EXPORT_REGION: motoRegion,
    EXPORT_S3_ENDPOINT: s3.endpoint,
    EXPORT_RUN_ID: runId,
    EXPORT_MODELS: "chat-hosted",
    EXPORT_TAGS: TAG,
    EXPORT_SENSITIVE_TAGS: "sensitive",
    EXPORT_HELD_OUT_PERCENT: "50",
    EXPORT_FROM: today(),
    EXPORT_TO: today(),
  });
}

/** The held-out side as this test computes it on its own: sha256 of the prompt messages, first 4 bytes, mod 100, below 50. */
const expectedHeldOut = prompts.filter((p) => createHash("sha256").update(JSON.stringify([{ role: "user", content: p }])).digest().readUInt32BE(0) % 100 < 50);

async function evaluate(id: string, baseUrl: string, apiKey?: string) {
  const r = await runEntry("evaluate.ts", {
    EVAL_BUCKET: MODEL_BUCKET,
    EVAL_TRAINING_SET: "distill-1",
    EVAL_BASE_URL: baseUrl,
    ...(apiKey ? { EVAL_API_KEY: apiKey } : {}),
    EVAL_ADAPTER: "llama-small-support",
    EVAL_VERSION: "run-1",
    EVAL_ID: id,
    EVAL_METRIC: "exact-match",
    EVAL_THRESHOLD: "0.9",
    EVAL_REGION: motoRegion,
    EVAL_S3_ENDPOINT: s3.endpoint,
  });
  if (r.status !== 0) throw new Error(`evaluation ${id} failed: ${r.stderr}${r.stdout}`);
  return r;
}

describe("distillation: export, evaluation, gate, serving", () => {
  let teacherCost = 0;

  it("exports the teacher's pairs of the use case with a deterministic held-out split and the teacher's cost per request", async () => {
    const r = await exportRun("distill-1");
    expect(r.status, r.stderr + r.stdout).toBe(0);
    const manifest = JSON.parse(await text("training-sets/distill-1/manifest.json"));
    expect(manifest.written + manifest.heldOut).toBe(N);
    expect(manifest.heldOut).toBe(expectedHeldOut.length);
    expect(manifest.files).toEqual(["training-sets/distill-1/train-00000.jsonl", "training-sets/distill-1/heldout.jsonl"]);
    const heldOut = (await text("training-sets/distill-1/heldout.jsonl")).trim().split("\n").map((l) => JSON.parse(l));
    const train = (await text("training-sets/distill-1/train-00000.jsonl")).trim().split("\n").map((l) => JSON.parse(l));
    expect(heldOut.map((l) => l.messages[0].content).sort()).toEqual([...expectedHeldOut].sort());
    // No prompt on both sides; every pair is the teacher's answer.
    expect(train.filter((l) => expectedHeldOut.includes(l.messages[0].content))).toEqual([]);
    for (const l of [...heldOut, ...train]) expect(l.messages[1]).toEqual({ role: "assistant", content: teacher(l.messages[0].content) });
    // The teacher's cost per request: LiteLLM's response_cost of the exported requests (the stack's price of chat-hosted).
    const log = await readLogUntil(s3, () => true, 1);
    const costs = log.filter((x) => x.model_group === "chat-hosted" && x.prompt.startsWith("Ticket ")).map((x) => x.response_cost);
    expect(costs).toHaveLength(N);
    teacherCost = costs.reduce((a, b) => a + b, 0) / N;
    expect(manifest.costPerRequestUsd).toBeCloseTo(teacherCost, 12);
    expect(teacherCost).toBeGreaterThan(0);
    // A second export puts every pair on the same side.
    expect((await exportRun("distill-2")).status).toBe(0);
    expect(await text("training-sets/distill-2/heldout.jsonl")).toBe(await text("training-sets/distill-1/heldout.jsonl"));
  }, 240_000);

  it("scores a worse adapter below the threshold through the real LiteLLM, and the gate refuses it", async () => {
    vllm.setAnswer((p) => worse(p));
    await evaluate("worse", `${proxy!.url}/v1`, LOCAL_MASTER_KEY);
    const result = JSON.parse(await text("adapters/llama-small-support/evaluations/run-1/worse.json"));
    const right = expectedHeldOut.filter((p) => indexOf(p) % 3 !== 0).length;
    expect(result).toMatchObject({ adapter: "llama-small-support", version: "run-1", metric: "exact-match", pairs: expectedHeldOut.length, errors: 0, passed: false });
    expect(result.score).toBeCloseTo(right / expectedHeldOut.length, 12);
    expect(result.teacher.costPerRequestUsd).toBeCloseTo(teacherCost, 12);
    expect(gate(spec, result)).toEqual({ ok: false, reasons: [`score ${result.score} is below the threshold 0.9 (exact-match)`] });
    // Its calls reached vLLM as the adapter's model.
    expect(vllm.calls.filter((c) => c.model === "llama-small-support")).toHaveLength(expectedHeldOut.length);
  }, 240_000);

  it("scores a good adapter at 1 through the gateway and straight against vLLM, and the gate accepts it", async () => {
    vllm.setAnswer((p) => teacher(p));
    await evaluate("good", `${proxy!.url}/v1`, LOCAL_MASTER_KEY);
    await evaluate("good-direct", vllm.apiBase);
    for (const id of ["good", "good-direct"]) {
      const result = JSON.parse(await text(`adapters/llama-small-support/evaluations/run-1/${id}.json`));
      expect(result).toMatchObject({ pairs: expectedHeldOut.length, score: 1, passed: true, errors: 0 });
      expect(gate(spec, result, 100)).toEqual({ ok: true, serve: { version: "run-1", score: 1, weightPercent: 100 } });
    }
  }, 240_000);

  it("serves the adapter in the teacher's group only after the gate, at the gate's weight, in the real LiteLLM", async () => {
    const before = parse(renderGatewayConfig(spec, { logTarget: "s3", logEndpointOverride: true }));
    expect(before.model_list.filter((e: any) => e.model_name === "chat-hosted").map((e: any) => e.litellm_params.model)).toEqual(["openai/hosted-model"]);
    vllm.calls.length = 0;
    for (let i = 0; i < 10; i++) expect((await ask(proxy!.url, "chat-hosted", `Ticket ${i}: before the gate`, false, [TAG])).complete).toBe(true);
    expect(vllm.calls).toEqual([]);

    const result = JSON.parse(await text("adapters/llama-small-support/evaluations/run-1/good.json"));
    const verdict = gate(spec, result, 100);
    if (!verdict.ok) throw new Error(verdict.reasons.join("; "));
    spec = distillSpec(api.apiBase, verdict.serve);
    const after = parse(renderGatewayConfig(spec, { logTarget: "s3", logEndpointOverride: true }));
    expect(after.model_list.filter((e: any) => e.model_name === "chat-hosted").map((e: any) => [e.litellm_params.model, e.litellm_params.weight])).toEqual([
      ["openai/hosted-model", 0],
      ["hosted_vllm/llama-small-support", 100],
    ]);
    await proxy!.stop();
    proxy = undefined;
    proxy = await startProxy(renderGatewayConfig(spec, { logTarget: "s3", logEndpointOverride: true }), env());
    const apiCalls = api.calls.length;
    for (let i = 0; i < 10; i++) expect((await ask(proxy.url, "chat-hosted", `Ticket ${i}: after the gate`, false, [TAG])).text).toBe(teacher(`Ticket ${i}:`));
    expect(vllm.calls.map((c) => c.model)).toEqual(Array(10).fill("llama-small-support"));
    expect(api.calls.length - apiCalls).toBe(0);
    // Cost per request of the teacher's group: all of it moved to the adapter's zero token price.
    expect(costPerRequest(teacherCost, 100)).toEqual({ beforeUsd: teacherCost, afterUsd: 0 });
    // The figure for the report: the teacher's logged cost per request in this run.
    console.log(`distillation: teacher cost per request $${teacherCost.toPrecision(3)} (LiteLLM response_cost, ${N} requests); at weight 100 the group's token cost per request is $0`);
  }, 240_000);
});
