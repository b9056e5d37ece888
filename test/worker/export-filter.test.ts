/**
 * The training-set export's decisions, in-process: which logged request is kept and why, the
 * window of days, the settings read from the CronJob's environment, and the files an export run
 * writes, against an in-memory S3 that answers the three calls the export makes. The run against
 * records the real LiteLLM wrote, in moto's S3, is test/worker/export.test.ts.
 */
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { days, exportConfigFromEnv, exportS3ClientConfig, judge, runExport, type ExportConfig } from "../../worker/export";

const cfg = { models: [] as string[], tags: [] as string[], sensitiveTags: ["sensitive"], sensitiveMetadataKeys: ["contains_pii"], from: "2026-12-01", to: "2026-12-03" };
// 2026-12-02T12:00:00Z
const noon = Date.UTC(2026, 11, 2, 12) / 1000;
const record = (over: Record<string, unknown> = {}) => ({
  status: "success",
  model_group: "chat",
  request_tags: ["support"],
  metadata: { requester_metadata: {} },
  startTime: noon,
  messages: [{ role: "system", content: "be brief" }, { role: "user", content: "hi" }],
  response: { choices: [{ message: { content: "hello" } }] },
  ...over,
});

describe("judge", () => {
  it("keeps a successful request as a chat line: its messages, then the answer", () => {
    expect(judge(record(), cfg)).toEqual({
      keep: true,
      line: { messages: [{ role: "system", content: "be brief" }, { role: "user", content: "hi" }, { role: "assistant", content: "hello" }] },
    });
  });

  it.each([
    ["a failed request", { status: "failure" }, "failed"],
    ["no status", { status: undefined }, "failed"],
    ["a sensitive tag", { request_tags: ["support", "sensitive"] }, "sensitive"],
    ["sensitive metadata true", { metadata: { requester_metadata: { contains_pii: true } } }, "sensitive"],
    ["sensitive metadata 'true'", { metadata: { requester_metadata: { contains_pii: "true" } } }, "sensitive"],
    ["sensitive metadata 1", { metadata: { requester_metadata: { contains_pii: 1 } } }, "sensitive"],
    ["sensitive metadata '1'", { metadata: { requester_metadata: { contains_pii: "1" } } }, "sensitive"],
    ["a cache hit", { cache_hit: true }, "cache-hit"],
    ["no start time", { startTime: undefined }, "date"],
    ["a start time as text", { startTime: String(noon) }, "date"],
    ["a day before the window", { startTime: Date.UTC(2026, 10, 30, 23, 59) / 1000 }, "date"],
    ["a day after the window", { startTime: Date.UTC(2026, 11, 4) / 1000 }, "date"],
    ["no answer", { response: { choices: [] } }, "no-text"],
    ["an empty answer", { response: { choices: [{ message: { content: "" } }] } }, "no-text"],
    ["an answer that is not text", { response: { choices: [{ message: { content: 42 } }] } }, "no-text"],
    ["no messages", { messages: [] }, "no-text"],
    ["messages not a list", { messages: "hi" }, "no-text"],
    ["only malformed messages", { messages: [null, { role: "user" }, { content: "x" }, { role: 1, content: "y" }] }, "no-text"],
  ])("drops %s", (_what, over, reason) => {
    expect(judge(record(over), cfg)).toEqual({ keep: false, reason });
  });

  it("drops nothing for metadata values that are not true-like", () => {
    for (const v of [false, "false", 0, "0", "yes", null]) {
      expect(judge(record({ metadata: { requester_metadata: { contains_pii: v } } }), cfg).keep).toBe(true);
    }
  });

  it("judges sensitive before any other reason, so nothing lets a sensitive request through", () => {
    expect(judge(record({ request_tags: ["sensitive"], cache_hit: true, model_group: "other", startTime: 0 }), { ...cfg, models: ["chat"], tags: ["support"] })).toEqual({ keep: false, reason: "sensitive" });
  });

  it("keeps the window's first and last day", () => {
    expect(judge(record({ startTime: Date.UTC(2026, 11, 1) / 1000 }), cfg).keep).toBe(true);
    expect(judge(record({ startTime: Date.UTC(2026, 11, 3, 23, 59, 59) / 1000 }), cfg).keep).toBe(true);
  });

  it("filters by model group and tag only when they are given", () => {
    expect(judge(record(), { ...cfg, models: ["other"] })).toEqual({ keep: false, reason: "model" });
    expect(judge(record(), { ...cfg, models: ["other", "chat"] }).keep).toBe(true);
    expect(judge(record(), { ...cfg, tags: ["billing"] })).toEqual({ keep: false, reason: "tag" });
    expect(judge(record({ request_tags: ["billing", 7] }), { ...cfg, tags: ["billing"] }).keep).toBe(true);
    expect(judge(record({ request_tags: undefined }), { ...cfg, tags: ["billing"] })).toEqual({ keep: false, reason: "tag" });
  });

  it("reads no metadata when the record carries none or carries a non-object", () => {
    expect(judge(record({ metadata: undefined }), cfg).keep).toBe(true);
    expect(judge(record({ metadata: { requester_metadata: "contains_pii" } }), cfg).keep).toBe(true);
  });

  it("keeps only well-formed messages and drops their extra fields", () => {
    const v = judge(record({ messages: [{ role: "user", content: "a", name: "x" }, { role: "user", content: 3 }] }), cfg);
    expect(v).toEqual({ keep: true, line: { messages: [{ role: "user", content: "a" }, { role: "assistant", content: "hello" }] } });
  });

  it("treats a missing record as a failed request", () => {
    expect(judge(undefined, cfg)).toEqual({ keep: false, reason: "failed" });
    expect(judge(null, cfg)).toEqual({ keep: false, reason: "failed" });
  });
});

describe("days", () => {
  it("lists the UTC days of the window, both ends included", () => {
    expect(days("2026-02-27", "2026-03-01")).toEqual(["2026-02-27", "2026-02-28", "2026-03-01"]);
    expect(days("2026-12-07", "2026-12-07")).toEqual(["2026-12-07"]);
    expect(days("2026-12-08", "2026-12-07")).toEqual([]);
  });
});

describe("exportConfigFromEnv", () => {
  const now = new Date("2026-12-07T10:20:30.456Z");
  const env = { EXPORT_LOG_BUCKET: "log", EXPORT_TRAINING_BUCKET: "train", EXPORT_REGION: "eu-west-1" };

  it("applies the documented defaults: the last 7 days up to today", () => {
    expect(exportConfigFromEnv(env, now)).toEqual({
      logBucket: "log",
      logPrefix: "requests",
      trainingBucket: "train",
      trainingPrefix: "training-sets",
      runId: "2026-12-07T10-20-30-456Z",
      models: [],
      tags: [],
      sensitiveTags: [],
      sensitiveMetadataKeys: [],
      from: "2026-12-01",
      to: "2026-12-07",
      endpoint: undefined,
      region: "eu-west-1",
      linesPerFile: 50000,
    });
  });

  it("reads every setting, trimming and dropping empty list items", () => {
    const c = exportConfigFromEnv(
      {
        ...env,
        EXPORT_LOG_PREFIX: "logs",
        EXPORT_TRAINING_PREFIX: "sets",
        EXPORT_RUN_ID: "r1",
        EXPORT_MODELS: " chat , ,code",
        EXPORT_TAGS: "support",
        EXPORT_SENSITIVE_TAGS: "pii,secret",
        EXPORT_SENSITIVE_METADATA_KEYS: "contains_pii",
        EXPORT_FROM: "2026-11-01",
        EXPORT_TO: "2026-11-30",
        EXPORT_S3_ENDPOINT: "https://storage.googleapis.com",
        EXPORT_LINES_PER_FILE: "10",
      },
      now,
    );
    expect(c).toEqual({
      logBucket: "log",
      logPrefix: "logs",
      trainingBucket: "train",
      trainingPrefix: "sets",
      runId: "r1",
      models: ["chat", "code"],
      tags: ["support"],
      sensitiveTags: ["pii", "secret"],
      sensitiveMetadataKeys: ["contains_pii"],
      from: "2026-11-01",
      to: "2026-11-30",
      endpoint: "https://storage.googleapis.com",
      region: "eu-west-1",
      linesPerFile: 10,
    });
  });

  it("takes the window from EXPORT_LAST_DAYS, today included", () => {
    expect(exportConfigFromEnv({ ...env, EXPORT_LAST_DAYS: "1" }, now)).toMatchObject({ from: "2026-12-07", to: "2026-12-07" });
    expect(exportConfigFromEnv({ ...env, EXPORT_LAST_DAYS: "30" }, now)).toMatchObject({ from: "2026-11-08", to: "2026-12-07" });
  });

  it.each([
    ["EXPORT_LOG_BUCKET", { EXPORT_LOG_BUCKET: "" }, "EXPORT_LOG_BUCKET is required"],
    ["EXPORT_TRAINING_BUCKET", { EXPORT_TRAINING_BUCKET: undefined }, "EXPORT_TRAINING_BUCKET is required"],
    ["EXPORT_REGION", { EXPORT_REGION: "" }, "EXPORT_REGION is required"],
    ["zero days", { EXPORT_LAST_DAYS: "0" }, "EXPORT_LAST_DAYS must be a whole number of days, at least 1 (given: 0)"],
    ["half a day", { EXPORT_LAST_DAYS: "1.5" }, "EXPORT_LAST_DAYS must be a whole number of days, at least 1 (given: 1.5)"],
    ["a word", { EXPORT_LAST_DAYS: "week" }, "EXPORT_LAST_DAYS must be a whole number of days, at least 1 (given: week)"],
    ["a bad from", { EXPORT_FROM: "2026-12-1" }, "EXPORT_FROM must be a date YYYY-MM-DD (given: 2026-12-1)"],
    ["a bad to", { EXPORT_TO: "x2026-12-01" }, "EXPORT_TO must be a date YYYY-MM-DD (given: x2026-12-01)"],
    ["a to with a tail", { EXPORT_TO: "2026-12-01x" }, "EXPORT_TO must be a date YYYY-MM-DD (given: 2026-12-01x)"],
  ])("refuses %s", (_what, over, message) => {
    expect(() => exportConfigFromEnv({ ...env, ...over }, now)).toThrow(new Error(message));
  });
});

describe("exportS3ClientConfig", () => {
  it("keeps the SDK's defaults on AWS", () => {
    expect(exportS3ClientConfig({ region: "eu-west-1" })).toEqual({ region: "eu-west-1" });
  });

  it("uses path style and checksums only where required against another S3 API", () => {
    expect(exportS3ClientConfig({ region: "auto", endpoint: "https://storage.googleapis.com" })).toEqual({
      region: "auto",
      endpoint: "https://storage.googleapis.com",
      forcePathStyle: true,
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  });
});

/** An S3 holding `objects` that answers the export's three calls, listing two keys per page. */
function memoryS3(objects: Record<string, string>) {
  const puts: { Bucket: string; Key: string; Body: string; ContentType: string }[] = [];
  const lists: string[] = [];
  const client = {
    async send(cmd: unknown) {
      if (cmd instanceof ListObjectsV2Command) {
        const { Bucket, Prefix, ContinuationToken } = cmd.input;
        lists.push(`${Bucket}/${Prefix}@${ContinuationToken ?? ""}`);
        const keys = Object.keys(objects).filter((k) => k.startsWith(`${Bucket}/${Prefix}`)).map((k) => k.slice(Bucket!.length + 1)).sort();
        const start = Number(ContinuationToken ?? 0);
        const page = keys.slice(start, start + 2);
        const more = start + 2 < keys.length;
        return { Contents: page.map((Key) => ({ Key })), IsTruncated: more, NextContinuationToken: more ? String(start + 2) : undefined };
      }
      if (cmd instanceof GetObjectCommand) {
        const body = objects[`${cmd.input.Bucket}/${cmd.input.Key}`];
        return { Body: { transformToString: async () => body } };
      }
      if (cmd instanceof PutObjectCommand) {
        puts.push(cmd.input as (typeof puts)[number]);
        return {};
      }
      throw new Error("unexpected call");
    },
  };
  return { client: client as unknown as S3Client, puts, lists };
}

describe("runExport", () => {
  const run: ExportConfig = {
    ...cfg,
    logBucket: "log",
    logPrefix: "requests",
    trainingBucket: "train",
    trainingPrefix: "sets",
    runId: "r1",
    region: "eu-west-1",
    linesPerFile: 2,
  };
  const line = (q: string) => JSON.stringify({ messages: [{ role: "user", content: q }, { role: "assistant", content: "hello" }] });
  const rec = (q: string, over: Record<string, unknown> = {}) => JSON.stringify(record({ messages: [{ role: "user", content: q }], ...over }));

  it("reads each day of the window page by page and writes the kept lines, then the manifest", async () => {
    const s3 = memoryS3({
      "log/requests/2026-12-01/a.json": rec("a"),
      "log/requests/2026-12-01/b.json": rec("b"),
      "log/requests/2026-12-01/c.json": rec("c"),
      "log/requests/2026-12-01/notes.txt": "not a record",
      "log/requests/2026-12-02/d.json": rec("d", { cache_hit: true }),
      "log/requests/2026-12-02/e.json": "{broken",
      "log/requests/2026-12-03/f.json": rec("f", { status: "failure" }),
      "log/requests/2026-12-04/g.json": rec("g"),
    });
    const result = await runExport(run, s3.client);
    expect(result).toEqual({ runId: "r1", read: 6, written: 3, dropped: { "cache-hit": 1, unreadable: 1, failed: 1 }, files: ["sets/r1/train-00000.jsonl", "sets/r1/train-00001.jsonl"] });
    expect(s3.lists).toEqual(["log/requests/2026-12-01/@", "log/requests/2026-12-01/@2", "log/requests/2026-12-02/@", "log/requests/2026-12-03/@"]);
    expect(s3.puts.map((p) => [p.Bucket, p.Key, p.ContentType])).toEqual([
      ["train", "sets/r1/train-00000.jsonl", "application/jsonl"],
      ["train", "sets/r1/train-00001.jsonl", "application/jsonl"],
      ["train", "sets/r1/manifest.json", "application/json"],
    ]);
    expect(s3.puts[0].Body).toBe(`${line("a")}\n${line("b")}\n`);
    expect(s3.puts[1].Body).toBe(`${line("c")}\n`);
    expect(JSON.parse(s3.puts[2].Body)).toEqual({
      ...result,
      filters: { models: [], tags: [], sensitiveTags: ["sensitive"], sensitiveMetadataKeys: ["contains_pii"], from: "2026-12-01", to: "2026-12-03" },
    });
  });

  it("writes one empty file when nothing is kept, so a trainer always finds the run's files", async () => {
    const s3 = memoryS3({ "log/requests/2026-12-02/d.json": rec("d", { status: "failure" }) });
    const result = await runExport(run, s3.client);
    expect(result).toEqual({ runId: "r1", read: 1, written: 0, dropped: { failed: 1 }, files: ["sets/r1/train-00000.jsonl"] });
    expect(s3.puts.map((p) => [p.Key, p.Body])[0]).toEqual(["sets/r1/train-00000.jsonl", ""]);
  });
});

// Cases found by mutation testing (docs/testing.md).
describe("judge: records LiteLLM writes without the usual fields", () => {
  it.each([
    ["no response", { response: undefined }],
    ["a response without choices", { response: {} }],
    ["a choice without a message", { response: { choices: [{}] } }],
  ])("drops %s as without text", (_what, over) => {
    expect(judge(record(over), cfg)).toEqual({ keep: false, reason: "no-text" });
  });

  it("any one sensitive metadata key is enough", () => {
    const keys = { ...cfg, sensitiveMetadataKeys: ["contains_pii", "contains_phi"] };
    expect(judge(record({ metadata: { requester_metadata: { contains_phi: true } } }), keys)).toEqual({ keep: false, reason: "sensitive" });
  });

  it("reads metadata that is not an object as none, not character by character", () => {
    const keys = { ...cfg, sensitiveMetadataKeys: ["0"] };
    expect(judge(record({ metadata: { requester_metadata: "1" } }), keys).keep).toBe(true);
  });
});

describe("runExport: counts and file boundaries", () => {
  const run: ExportConfig = { ...cfg, logBucket: "log", logPrefix: "requests", trainingBucket: "train", trainingPrefix: "sets", runId: "r2", region: "eu-west-1", linesPerFile: 2 };
  const rec = (q: string) => JSON.stringify(record({ messages: [{ role: "user", content: q }] }));

  it("counts every unreadable record, and fills the last file exactly without an empty one after it", async () => {
    const s3 = memoryS3({
      "log/requests/2026-12-02/a.json": rec("a"),
      "log/requests/2026-12-02/b.json": rec("b"),
      "log/requests/2026-12-02/c.json": rec("c"),
      "log/requests/2026-12-02/d.json": rec("d"),
      "log/requests/2026-12-02/x.json": "{broken",
      "log/requests/2026-12-02/y.json": "",
    });
    const result = await runExport(run, s3.client);
    expect(result).toEqual({ runId: "r2", read: 6, written: 4, dropped: { unreadable: 2 }, files: ["sets/r2/train-00000.jsonl", "sets/r2/train-00001.jsonl"] });
  });
});

describe("runExport: a listing entry without a key", () => {
  it("is skipped, not read", async () => {
    const puts: unknown[] = [];
    const client = {
      send: async (cmd: unknown) => {
        if (cmd instanceof ListObjectsV2Command) return { Contents: [{ Size: 0 }], IsTruncated: false };
        if (cmd instanceof PutObjectCommand) puts.push(cmd.input.Key);
        return {};
      },
    } as unknown as S3Client;
    const run: ExportConfig = { ...cfg, from: "2026-12-02", to: "2026-12-02", logBucket: "log", logPrefix: "requests", trainingBucket: "train", trainingPrefix: "sets", runId: "r3", region: "eu-west-1", linesPerFile: 2 };
    expect(await runExport(run, client)).toEqual({ runId: "r3", read: 0, written: 0, dropped: {}, files: ["sets/r3/train-00000.jsonl"] });
    expect(puts).toEqual(["sets/r3/train-00000.jsonl", "sets/r3/manifest.json"]);
  });
});
