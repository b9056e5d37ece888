/**
 * Training-set export: reads the request log the gateway writes (LiteLLM's `s3_v2` logger, one
 * JSON object per request under `<logPrefix>/<YYYY-MM-DD>/`), keeps the successful requests of
 * the chosen model groups, tags and dates, drops every request marked sensitive, and writes the
 * rest as JSONL in the chat format (`{"messages": [...]}`, the format OpenAI-style fine-tuning and
 * the kit's trainer read) to the in-region training bucket, with a manifest of what it did.
 *
 * Run by the kit's CronJob (charts/fine-tuning) on schedule, or by an operator:
 *   kubectl create job --from=cronjob/<release>-export export-manual-$(date +%s)
 * The same image as the async worker; entry point `dist/export.js`.
 */
import { createHash } from "node:crypto";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";

export interface ExportConfig {
  logBucket: string;
  /** The `s3_path` the gateway config renders (`requests`). */
  logPrefix: string;
  trainingBucket: string;
  /** Where this run's files go: `<trainingPrefix>/<runId>/`. */
  trainingPrefix: string;
  runId: string;
  /** Model groups (as callers asked for them); empty: all. */
  models: string[];
  /** Keep only requests carrying one of these tags; empty: any. */
  tags: string[];
  sensitiveTags: string[];
  sensitiveMetadataKeys: string[];
  /** Inclusive UTC dates YYYY-MM-DD. */
  from: string;
  to: string;
  /** S3 API endpoint (GCS XML API on GCP, an S3-compatible server in tests); unset on AWS. */
  endpoint?: string;
  region: string;
  /** Lines per output file. */
  linesPerFile: number;
  /**
   * Distillation: percent of the kept pairs written to `heldout.jsonl` instead of the training
   * files (0: none, no held-out file).
   */
  heldOutPercent?: number;
}

export interface ChatLine {
  messages: { role: string; content: string }[];
}

export type Verdict = { keep: true; line: ChatLine } | { keep: false; reason: "failed" | "cache-hit" | "model" | "tag" | "date" | "sensitive" | "no-text" };

const asStrings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
const truthy = (v: unknown) => v === true || v === "true" || v === 1 || v === "1";

/** The request's own metadata as the s3_v2 record carries it (`metadata.requester_metadata`). */
function requesterMetadata(r: Record<string, any>): Record<string, unknown> {
  const m = r.metadata?.requester_metadata;
  return m && typeof m === "object" ? m : {};
}

/** The assistant's text of a logged response (streams are logged assembled, as one response). */
function answerText(r: Record<string, any>): string | undefined {
  const c = r.response?.choices?.[0]?.message?.content;
  return typeof c === "string" && c.length > 0 ? c : undefined;
}

/** Decides one logged request. Pure: the tests call it on records LiteLLM really wrote. */
export function judge(record: unknown, cfg: Pick<ExportConfig, "models" | "tags" | "sensitiveTags" | "sensitiveMetadataKeys" | "from" | "to">): Verdict {
  const r = (record ?? {}) as Record<string, any>;
  if (r.status !== "success") return { keep: false, reason: "failed" };
  const tags = asStrings(r.request_tags);
  const meta = requesterMetadata(r);
  // Sensitive first: nothing else may let a sensitive request through.
  if (tags.some((t) => cfg.sensitiveTags.includes(t)) || cfg.sensitiveMetadataKeys.some((k) => truthy(meta[k]))) return { keep: false, reason: "sensitive" };
  if (r.cache_hit === true) return { keep: false, reason: "cache-hit" };
  if (cfg.models.length > 0 && !cfg.models.includes(r.model_group)) return { keep: false, reason: "model" };
  if (cfg.tags.length > 0 && !tags.some((t) => cfg.tags.includes(t))) return { keep: false, reason: "tag" };
  const day = typeof r.startTime === "number" ? new Date(r.startTime * 1000).toISOString().slice(0, 10) : undefined;
  if (!day || day < cfg.from || day > cfg.to) return { keep: false, reason: "date" };
  const answer = answerText(r);
  const messages = Array.isArray(r.messages) ? r.messages.filter((m: any) => m && typeof m.role === "string" && typeof m.content === "string") : [];
  if (!answer || messages.length === 0) return { keep: false, reason: "no-text" };
  return { keep: true, line: { messages: [...messages.map((m: any) => ({ role: m.role, content: m.content })), { role: "assistant", content: answer }] } };
}

/** The UTC days from `from` to `to`, inclusive. */
export function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

export interface ExportResult {
  runId: string;
  read: number;
  written: number;
  dropped: Record<string, number>;
  files: string[];
  /** Pairs written to `heldout.jsonl` (distillation exports only). */
  heldOut?: number;
  /** Mean `response_cost` (USD) the gateway logged for the kept requests: the teacher's cost per request. */
  costPerRequestUsd?: number;
}

/**
 * Whether a pair goes to the held-out set: a digest of its prompt (every message but the answer)
 * below `percent` of 100 buckets. Deterministic, so a pair stays on its side in every export, and
 * the same prompt answered twice never sits on both sides.
 */
export function isHeldOut(line: ChatLine, percent: number): boolean {
  if (percent <= 0) return false;
  const prompt = JSON.stringify(line.messages.slice(0, -1));
  return createHash("sha256").update(prompt).digest().readUInt32BE(0) % 100 < percent;
}

export async function runExport(cfg: ExportConfig, s3: S3Client): Promise<ExportResult> {
  const dropped: Record<string, number> = {};
  const lines: string[] = [];
  const heldOut: string[] = [];
  const percent = cfg.heldOutPercent ?? 0;
  let read = 0;
  let cost = 0;
  // One listing per day of the window: the logger partitions keys by day, so the window decides
  // what is read, not the size of the whole log.
  for (const day of days(cfg.from, cfg.to)) {
    let token: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: cfg.logBucket, Prefix: `${cfg.logPrefix}/${day}/`, ContinuationToken: token }));
      for (const o of page.Contents ?? []) {
        if (!o.Key?.endsWith(".json")) continue;
        const obj = await s3.send(new GetObjectCommand({ Bucket: cfg.logBucket, Key: o.Key }));
        read++;
        let record: unknown;
        try {
          record = JSON.parse(await obj.Body!.transformToString());
        } catch {
          dropped["unreadable"] = (dropped["unreadable"] ?? 0) + 1;
          continue;
        }
        const v = judge(record, cfg);
        if (v.keep) {
          (isHeldOut(v.line, percent) ? heldOut : lines).push(JSON.stringify(v.line));
          const c = (record as Record<string, unknown>).response_cost;
          if (typeof c === "number" && Number.isFinite(c)) cost += c;
        }
        else dropped[v.reason] = (dropped[v.reason] ?? 0) + 1;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }
  const base = `${cfg.trainingPrefix}/${cfg.runId}`;
  const files: string[] = [];
  for (let i = 0; i * cfg.linesPerFile < Math.max(lines.length, 1); i++) {
    const key = `${base}/train-${String(i).padStart(5, "0")}.jsonl`;
    const chunk = lines.slice(i * cfg.linesPerFile, (i + 1) * cfg.linesPerFile);
    await s3.send(new PutObjectCommand({ Bucket: cfg.trainingBucket, Key: key, Body: chunk.length ? `${chunk.join("\n")}\n` : "", ContentType: "application/jsonl" }));
    files.push(key);
  }
  const kept = lines.length + heldOut.length;
  if (percent > 0) {
    const key = `${base}/heldout.jsonl`;
    await s3.send(new PutObjectCommand({ Bucket: cfg.trainingBucket, Key: key, Body: heldOut.length ? `${heldOut.join("\n")}\n` : "", ContentType: "application/jsonl" }));
    files.push(key);
  }
  const result: ExportResult = {
    runId: cfg.runId,
    read,
    written: lines.length,
    dropped,
    files,
    ...(percent > 0 ? { heldOut: heldOut.length, costPerRequestUsd: kept > 0 ? cost / kept : 0 } : {}),
  };
  const filters = { models: cfg.models, tags: cfg.tags, sensitiveTags: cfg.sensitiveTags, sensitiveMetadataKeys: cfg.sensitiveMetadataKeys, from: cfg.from, to: cfg.to, ...(percent > 0 ? { heldOutPercent: percent } : {}) };
  // The manifest is written last: a trainer that sees it knows the files are complete.
  await s3.send(new PutObjectCommand({ Bucket: cfg.trainingBucket, Key: `${base}/manifest.json`, Body: JSON.stringify({ ...result, filters }, null, 2), ContentType: "application/json" }));
  return result;
}

const list = (v: string | undefined) => (v ?? "").split(",").map((s) => s.trim()).filter(Boolean);

/** Settings from the environment the CronJob sets (names in charts/fine-tuning/values.yaml). */
export function exportConfigFromEnv(env: NodeJS.ProcessEnv, now = new Date()): ExportConfig {
  const need = (k: string) => {
    const v = env[k];
    if (!v) throw new Error(`${k} is required`);
    return v;
  };
  const lastDays = Number(env.EXPORT_LAST_DAYS ?? "7");
  if (!Number.isInteger(lastDays) || lastDays < 1) throw new Error(`EXPORT_LAST_DAYS must be a whole number of days, at least 1 (given: ${env.EXPORT_LAST_DAYS})`);
  const today = now.toISOString().slice(0, 10);
  const from = env.EXPORT_FROM || new Date(now.getTime() - (lastDays - 1) * 86_400_000).toISOString().slice(0, 10);
  const to = env.EXPORT_TO || today;
  const heldOutPercent = Number(env.EXPORT_HELD_OUT_PERCENT || "0");
  if (!Number.isInteger(heldOutPercent) || heldOutPercent < 0 || heldOutPercent > 50) throw new Error(`EXPORT_HELD_OUT_PERCENT must be a whole number from 0 to 50 (given: ${env.EXPORT_HELD_OUT_PERCENT})`);
  for (const [k, v] of [["EXPORT_FROM", from], ["EXPORT_TO", to]] as const) if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new Error(`${k} must be a date YYYY-MM-DD (given: ${v})`);
  return {
    logBucket: need("EXPORT_LOG_BUCKET"),
    logPrefix: env.EXPORT_LOG_PREFIX || "requests",
    trainingBucket: need("EXPORT_TRAINING_BUCKET"),
    trainingPrefix: env.EXPORT_TRAINING_PREFIX || "training-sets",
    // A distillation export names its runs `<prefix>-<time>`, apart from the plain export's.
    runId: env.EXPORT_RUN_ID || `${env.EXPORT_RUN_ID_PREFIX ? `${env.EXPORT_RUN_ID_PREFIX}-` : ""}${now.toISOString().replace(/[:.]/g, "-")}`,
    models: list(env.EXPORT_MODELS),
    tags: list(env.EXPORT_TAGS),
    sensitiveTags: list(env.EXPORT_SENSITIVE_TAGS),
    sensitiveMetadataKeys: list(env.EXPORT_SENSITIVE_METADATA_KEYS),
    from,
    to,
    endpoint: env.EXPORT_S3_ENDPOINT || undefined,
    region: need("EXPORT_REGION"),
    linesPerFile: Number(env.EXPORT_LINES_PER_FILE ?? "50000"),
    ...(heldOutPercent > 0 ? { heldOutPercent } : {}),
  };
}

/**
 * The S3 client's settings. With an endpoint (GCS's XML API on GCP, an S3-compatible server in
 * tests) the SDK's default flexible checksums are turned off: since @aws-sdk/client-s3 3.729 (this
 * worker pins 3.1175.0) every PutObject carries `x-amz-checksum-crc32` and
 * `x-amz-sdk-checksum-algorithm` (`requestChecksumCalculation: WHEN_SUPPORTED`), which
 * S3-compatible stores, GCS's XML API among them, reject or mishandle
 * (https://github.com/langfuse/langfuse/pull/13280, https://github.com/milvus-io/milvus-storage/pull/480,
 * https://github.com/aws/aws-sdk-js-v3/issues/6810). `WHEN_REQUIRED` sends a checksum only where
 * the operation demands one, as the SDK did before; none of the calls here does. On AWS (no
 * endpoint) the defaults stay. Path-style addressing: GCS's XML API serves
 * `storage.googleapis.com/<bucket>/<object>` and ListObjectsV2 (`list-type=2`,
 * https://cloud.google.com/storage/docs/xml-api/get-bucket-list).
 */
export function exportS3ClientConfig(cfg: Pick<ExportConfig, "region" | "endpoint">): S3ClientConfig {
  if (!cfg.endpoint) return { region: cfg.region };
  return { region: cfg.region, endpoint: cfg.endpoint, forcePathStyle: true, requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" };
}

// Stryker disable all: the entry point runs only as a process (test/worker/export.test.ts), where a mutant switched on in the test process never is
async function main() {
  const cfg = exportConfigFromEnv(process.env);
  const s3 = new S3Client(exportS3ClientConfig(cfg));
  const result = await runExport(cfg, s3);
  console.log(JSON.stringify({ level: "info", msg: "training set exported", ...result }));
}

if (require.main === module) {
  main().catch((e) => {
    console.error(JSON.stringify({ level: "error", msg: "export failed", error: (e as Error).message }));
    process.exit(1);
  });
}
// Stryker restore all
