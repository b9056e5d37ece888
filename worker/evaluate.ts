/**
 * Distillation evaluation: scores a student adapter against its teacher on the held-out pairs of a
 * distillation export (`training-sets/<run>/heldout.jsonl`, written by `export.ts`). Each pair's
 * prompt is sent to the adapter (through the gateway, or straight to the vLLM release that serves
 * it: both speak the OpenAI chat API), the answer is scored against the teacher's logged answer
 * with the spec's metric, and the result (mean score, threshold, passed, the student's tokens, the
 * teacher's cost per request from the export manifest) is written beside the adapter in the model
 * bucket and printed as one JSON line. The gate (`npm run distill -- <stack> gate`) reads it.
 *
 * Run by the kit's evaluation Job (charts/fine-tuning); the same image as the async worker, entry
 * point `dist/evaluate.js`. A finished evaluation exits 0 whether the adapter passed or not: the
 * verdict is the result's, not the Job's.
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { type ChatLine, exportS3ClientConfig } from "./export";

export const metrics = ["exact-match", "token-f1"] as const;
export type Metric = (typeof metrics)[number];

export interface EvaluateConfig {
  /** The model bucket: training sets and adapters (and the results) live there. */
  bucket: string;
  /** The export run whose held-out pairs are scored. */
  trainingSet: string;
  trainingPrefix: string;
  /** OpenAI-compatible base URL (`.../v1`): the gateway, or the vLLM release serving the adapter. */
  baseUrl: string;
  /** Bearer key for `baseUrl` (the gateway's); unset for vLLM inside the cluster. */
  apiKey?: string;
  /** The model the adapter is served as. */
  adapter: string;
  /** The adapter's version directory (`adapters/<adapter>/<version>/`). */
  version: string;
  evaluationId: string;
  metric: Metric;
  threshold: number;
  region: string;
  endpoint?: string;
  /** Seconds per request. */
  timeoutSeconds: number;
}

const words = (s: string) => s.trim().toLowerCase().split(/\s+/).filter(Boolean);

/** 1 when the answers are equal after trimming and case folding, else 0 (classification-like use cases). */
export function exactMatch(student: string, teacher: string): number {
  return student.trim().toLowerCase() === teacher.trim().toLowerCase() ? 1 : 0;
}

/** F1 of the two answers' word multisets (SQuAD's token F1): free text. Two empty answers score 1. */
export function tokenF1(student: string, teacher: string): number {
  const s = words(student);
  const t = words(teacher);
  if (s.length === 0 || t.length === 0) return s.length === t.length ? 1 : 0;
  const left = new Map<string, number>();
  for (const w of t) left.set(w, (left.get(w) ?? 0) + 1);
  let common = 0;
  for (const w of s) {
    const n = left.get(w) ?? 0;
    if (n > 0) {
      common++;
      left.set(w, n - 1);
    }
  }
  if (common === 0) return 0;
  const precision = common / s.length;
  const recall = common / t.length;
  return (2 * precision * recall) / (precision + recall);
}

export function score(metric: Metric, student: string, teacher: string): number {
  return metric === "exact-match" ? exactMatch(student, teacher) : tokenF1(student, teacher);
}

export interface EvaluationResult {
  adapter: string;
  version: string;
  evaluationId: string;
  trainingSet: string;
  metric: Metric;
  threshold: number;
  /** Held-out pairs scored. */
  pairs: number;
  /** Mean score over the pairs (0 to 1). */
  score: number;
  passed: boolean;
  /** Pairs the student failed to answer (counted as 0). */
  errors: number;
  /** The student's mean tokens per request, as its server counted them. */
  student: { promptTokensPerRequest: number; completionTokensPerRequest: number };
  /** The teacher's mean cost per request (USD) in the exported window, from the export manifest. */
  teacher: { costPerRequestUsd: number | null };
  /** Up to five pairs that scored below 1, for a look. */
  worst: { prompt: string; teacher: string; student: string; score: number }[];
}

/** Scores the held-out lines (already parsed). `ask` sends one prompt to the adapter. */
export async function evaluatePairs(
  lines: ChatLine[],
  cfg: Pick<EvaluateConfig, "metric">,
  ask: (messages: ChatLine["messages"]) => Promise<{ text: string; promptTokens: number; completionTokens: number }>,
): Promise<{ pairs: number; score: number; errors: number; promptTokens: number; completionTokens: number; worst: EvaluationResult["worst"] }> {
  let total = 0;
  let errors = 0;
  let promptTokens = 0;
  let completionTokens = 0;
  const scored: EvaluationResult["worst"] = [];
  for (const line of lines) {
    const prompt = line.messages.slice(0, -1);
    const teacher = line.messages.at(-1)!.content;
    let student = "";
    let failed = false;
    try {
      const a = await ask(prompt);
      student = a.text;
      promptTokens += a.promptTokens;
      completionTokens += a.completionTokens;
    } catch {
      errors++;
      failed = true;
    }
    const s = failed ? 0 : score(cfg.metric, student, teacher);
    total += s;
    if (s < 1) scored.push({ prompt: prompt.at(-1)?.content ?? "", teacher, student, score: s });
  }
  scored.sort((a, b) => a.score - b.score);
  return { pairs: lines.length, score: lines.length > 0 ? total / lines.length : 0, errors, promptTokens, completionTokens, worst: scored.slice(0, 5) };
}

/** One chat call to an OpenAI-compatible server, deterministic sampling. */
export function openAiAsk(cfg: Pick<EvaluateConfig, "baseUrl" | "apiKey" | "adapter" | "timeoutSeconds">) {
  return async (messages: ChatLine["messages"]) => {
    const res = await fetch(`${cfg.baseUrl.replace(/\/$/, "")}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(cfg.apiKey ? { authorization: `Bearer ${cfg.apiKey}` } : {}) },
      // No cached answer: the evaluation measures the adapter, not an earlier run (LiteLLM reads `cache`; vLLM ignores it).
      body: JSON.stringify({ model: cfg.adapter, messages, temperature: 0, stream: false, cache: { "no-cache": true } }),
      signal: AbortSignal.timeout(cfg.timeoutSeconds * 1000),
    });
    if (!res.ok) throw new Error(`${cfg.adapter} answered ${res.status}`);
    const body = (await res.json()) as { choices?: { message?: { content?: unknown } }[]; usage?: { prompt_tokens?: number; completion_tokens?: number } };
    const text = body.choices?.[0]?.message?.content;
    return { text: typeof text === "string" ? text : "", promptTokens: body.usage?.prompt_tokens ?? 0, completionTokens: body.usage?.completion_tokens ?? 0 };
  };
}

/**
 * Under `adapters/`, the prefix the fine-tuning identity already writes (AWS role, GCP grant), and
 * beside the version directories, so vLLM's sync of `adapters/<adapter>/<version>/` never copies it.
 */
export function resultKey(cfg: Pick<EvaluateConfig, "adapter" | "version" | "evaluationId">): string {
  return `adapters/${cfg.adapter}/evaluations/${cfg.version}/${cfg.evaluationId}.json`;
}

export async function runEvaluation(cfg: EvaluateConfig, s3: S3Client, ask = openAiAsk(cfg)): Promise<EvaluationResult> {
  const base = `${cfg.trainingPrefix}/${cfg.trainingSet}`;
  const read = async (key: string) => (await s3.send(new GetObjectCommand({ Bucket: cfg.bucket, Key: key }))).Body!.transformToString();
  const manifest = JSON.parse(await read(`${base}/manifest.json`)) as { heldOut?: number; costPerRequestUsd?: number };
  if (typeof manifest.heldOut !== "number") throw new Error(`${base} is not a distillation export: its manifest has no held-out split (set heldOutPercent)`);
  const lines = (await read(`${base}/heldout.jsonl`)).split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l) as ChatLine);
  if (lines.length !== manifest.heldOut) throw new Error(`${base}/heldout.jsonl holds ${lines.length} pairs, its manifest ${manifest.heldOut}`);
  const r = await evaluatePairs(lines, cfg, ask);
  const per = (n: number) => (r.pairs > 0 ? n / r.pairs : 0);
  const result: EvaluationResult = {
    adapter: cfg.adapter,
    version: cfg.version,
    evaluationId: cfg.evaluationId,
    trainingSet: cfg.trainingSet,
    metric: cfg.metric,
    threshold: cfg.threshold,
    pairs: r.pairs,
    score: r.score,
    passed: r.pairs > 0 && r.score >= cfg.threshold,
    errors: r.errors,
    student: { promptTokensPerRequest: per(r.promptTokens), completionTokensPerRequest: per(r.completionTokens) },
    teacher: { costPerRequestUsd: typeof manifest.costPerRequestUsd === "number" ? manifest.costPerRequestUsd : null },
    worst: r.worst,
  };
  await s3.send(new PutObjectCommand({ Bucket: cfg.bucket, Key: resultKey(cfg), Body: JSON.stringify(result, null, 2), ContentType: "application/json" }));
  return result;
}

/** Settings from the environment the evaluation Job sets (names in charts/fine-tuning/values.yaml). */
export function evaluateConfigFromEnv(env: NodeJS.ProcessEnv): EvaluateConfig {
  const need = (k: string) => {
    const v = env[k];
    if (!v) throw new Error(`${k} is required`);
    return v;
  };
  const metric = need("EVAL_METRIC");
  if (!(metrics as readonly string[]).includes(metric)) throw new Error(`EVAL_METRIC must be one of ${metrics.join(", ")} (given: ${metric})`);
  const threshold = Number(need("EVAL_THRESHOLD"));
  if (!(threshold >= 0 && threshold <= 1)) throw new Error(`EVAL_THRESHOLD must be a number from 0 to 1 (given: ${env.EVAL_THRESHOLD})`);
  return {
    bucket: need("EVAL_BUCKET"),
    trainingSet: need("EVAL_TRAINING_SET"),
    trainingPrefix: env.EVAL_TRAINING_PREFIX || "training-sets",
    baseUrl: need("EVAL_BASE_URL"),
    apiKey: env.EVAL_API_KEY || undefined,
    adapter: need("EVAL_ADAPTER"),
    version: need("EVAL_VERSION"),
    evaluationId: need("EVAL_ID"),
    metric: metric as Metric,
    threshold,
    region: need("EVAL_REGION"),
    endpoint: env.EVAL_S3_ENDPOINT || undefined,
    timeoutSeconds: Number(env.EVAL_TIMEOUT_SECONDS || "60"),
  };
}

async function main() {
  const cfg = evaluateConfigFromEnv(process.env);
  const s3 = new S3Client(exportS3ClientConfig(cfg));
  const result = await runEvaluation(cfg, s3);
  console.log(JSON.stringify({ level: "info", msg: "adapter evaluated", key: resultKey(cfg), ...result }));
}

if (require.main === module) {
  main().catch((e) => {
    console.error(JSON.stringify({ level: "error", msg: "evaluation failed", error: (e as Error).message }));
    process.exit(1);
  });
}
