/**
 * The training-set export against request-log objects the real LiteLLM wrote (s3_v2 logger →
 * moto's S3 server), run as the CronJob runs it: the worker's `export.ts` entry point as a
 * process, configured by environment, writing to a second bucket of the same S3 server.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { judge } from "../../worker/export";
import { motoCredentials, motoRegion } from "../gateway/litellm/harness/moto";
import { readLogUntil } from "../gateway/litellm/harness/log";
import { repoRoot } from "../gateway/litellm/harness/processes";
import { type OverflowStand, ask, startOverflowStand } from "../gateway/litellm/harness/overflow-stand";

const TRAINING_BUCKET = "ai-infra-training";
let st: OverflowStand;
const run = Date.now();
const p = (what: string) => `${what} ${run}`;

// What the requests were: the export must keep exactly the `keep` ones.
const requests = [
  { prompt: p("keep plain"), model: "llama-small", stream: false, tags: ["support"], meta: {}, keep: true },
  { prompt: p("keep streamed"), model: "llama-small", stream: true, tags: ["support"], meta: {}, keep: true },
  { prompt: p("keep adapter"), model: "llama-small-support", stream: false, tags: ["support"], meta: {}, keep: true },
  { prompt: p("drop sensitive tag"), model: "llama-small", stream: false, tags: ["support", "sensitive"], meta: {}, keep: false },
  { prompt: p("drop pii metadata"), model: "llama-small", stream: true, tags: ["support"], meta: { contains_pii: true }, keep: false },
  { prompt: p("drop other tag"), model: "llama-small", stream: false, tags: ["marketing"], meta: {}, keep: false },
  { prompt: p("drop other model"), model: "chat-hosted", stream: false, tags: ["support"], meta: {}, keep: false },
];

beforeAll(async () => {
  st = await startOverflowStand();
  await st.s3.client.send(new CreateBucketCommand({ Bucket: TRAINING_BUCKET, CreateBucketConfiguration: { LocationConstraint: motoRegion } }));
  for (const r of requests) {
    const o = await ask(st.proxy.url, r.model, r.prompt, r.stream, r.tags, r.meta);
    if (!o.complete) throw new Error(`request ${r.prompt} failed: ${JSON.stringify(o)}`);
  }
  const log = await readLogUntil(st.s3, (rs) => requests.every((q) => rs.some((x) => x.status === "success" && x.prompt === q.prompt)), 30_000);
  if (!requests.every((q) => log.some((x) => x.prompt === q.prompt))) throw new Error("the request log never held every request");
}, 240_000);

afterAll(async () => {
  await st?.stop();
}, 60_000);

function runExportProcess(env: Record<string, string>) {
  return spawnSync(path.join(repoRoot, "node_modules/.bin/tsx"), [path.join(repoRoot, "worker/export.ts")], {
    env: { PATH: process.env.PATH, AWS_ACCESS_KEY_ID: motoCredentials.accessKeyId, AWS_SECRET_ACCESS_KEY: motoCredentials.secretAccessKey, ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
}

async function text(key: string): Promise<string> {
  const o = await st.s3.client.send(new GetObjectCommand({ Bucket: TRAINING_BUCKET, Key: key }));
  return o.Body!.transformToString();
}

/** Where every export run of these tests reads and writes: moto's S3. */
const buckets = () => ({ EXPORT_LOG_BUCKET: st.s3.bucket, EXPORT_TRAINING_BUCKET: TRAINING_BUCKET, EXPORT_REGION: motoRegion, EXPORT_S3_ENDPOINT: st.s3.endpoint });

describe("training-set export from the request log LiteLLM wrote", () => {
  it("keeps the chosen model groups and tags, drops sensitive requests, writes chat-format JSONL and a manifest", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const r = runExportProcess({
      ...buckets(),
      EXPORT_RUN_ID: `run-${run}`,
      EXPORT_MODELS: "llama-small,llama-small-support",
      EXPORT_TAGS: "support",
      EXPORT_SENSITIVE_TAGS: "sensitive",
      EXPORT_SENSITIVE_METADATA_KEYS: "contains_pii",
      EXPORT_FROM: today,
      EXPORT_TO: today,
    });
    expect(r.status, r.stderr + r.stdout).toBe(0);
    const listed = await st.s3.client.send(new ListObjectsV2Command({ Bucket: TRAINING_BUCKET, Prefix: `training-sets/run-${run}/` }));
    const keys = (listed.Contents ?? []).map((o) => o.Key!).sort();
    expect(keys).toEqual([`training-sets/run-${run}/manifest.json`, `training-sets/run-${run}/train-00000.jsonl`]);
    const lines = (await text(`training-sets/run-${run}/train-00000.jsonl`)).trim().split("\n").map((l) => JSON.parse(l));
    const prompts = lines.map((l) => l.messages[0].content).filter((c: string) => c.endsWith(String(run))).sort();
    expect(prompts).toEqual(requests.filter((q) => q.keep).map((q) => q.prompt).sort());
    for (const l of lines) {
      expect(l.messages.map((m: { role: string }) => m.role)).toEqual(["user", "assistant"]);
      // The streamed request is logged assembled: its whole answer, not a chunk.
      expect(l.messages[1].content).toMatch(/^vllm: self hosted first then overflow\s*$/);
    }
    const manifest = JSON.parse(await text(`training-sets/run-${run}/manifest.json`));
    expect(manifest.written).toBe(3);
    expect(manifest.dropped.sensitive).toBe(2);
  }, 180_000);

  it("a window that excludes today exports nothing", async () => {
    const r = runExportProcess({
      ...buckets(),
      EXPORT_RUN_ID: `old-${run}`,
      EXPORT_FROM: "2020-01-01",
      EXPORT_TO: "2020-01-02",
    });
    expect(r.status, r.stderr).toBe(0);
    const manifest = JSON.parse(await text(`training-sets/old-${run}/manifest.json`));
    expect(manifest.read).toBe(0);
    expect(manifest.written).toBe(0);
  }, 120_000);

  it("a sensitive request is dropped even when every other filter keeps it (on a real record)", async () => {
    const all = (await st.s3.readAll()).map((o) => o.body as Record<string, any>);
    const pii = all.find((x) => x.status === "success" && x.messages?.[0]?.content === p("drop pii metadata"))!;
    const day = new Date(pii.startTime * 1000).toISOString().slice(0, 10);
    const open = { models: [], tags: [], from: day, to: day };
    expect(judge(pii, { ...open, sensitiveTags: [], sensitiveMetadataKeys: ["contains_pii"] })).toEqual({ keep: false, reason: "sensitive" });
    // Without the key configured the same record would be exported: the metadata is what drops it.
    expect(judge(pii, { ...open, sensitiveTags: [], sensitiveMetadataKeys: [] }).keep).toBe(true);
  }, 60_000);

  it("refuses to run without its buckets, naming the variable", () => {
    const r = runExportProcess({ EXPORT_REGION: motoRegion });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("EXPORT_LOG_BUCKET is required");
  });
});
