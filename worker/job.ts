import { z } from "zod";

/**
 * The job format producers put on the queue. The id is chosen by the producer and names the
 * result object, so it must be unique per job and safe inside an object key.
 */
export const jobSchema = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/, {
      error: "must be 1-200 characters of letters, digits, '.', '_' or '-', starting with a letter or digit",
    }),
  /** A model group name the gateway knows (the gateway routes and falls back per group). */
  model: z.string().min(1),
  messages: z
    .array(
      z.object({
        role: z.enum(["system", "user", "assistant", "tool", "developer"]),
        content: z.union([z.string(), z.array(z.record(z.string(), z.unknown()))]),
        name: z.string().optional(),
      }),
    )
    .min(1),
  temperature: z.number().min(0).max(2).optional(),
  max_tokens: z.number().int().positive().optional(),
  top_p: z.number().min(0).max(1).optional(),
  /** End-user id, forwarded so the gateway's per-user limits and spend apply. */
  user: z.string().min(1).optional(),
  /** Forwarded to the gateway (LiteLLM reads tags for per-feature spend) and kept in the result. */
  metadata: z.record(z.string(), z.unknown()).optional(),
});

export type Job = z.infer<typeof jobSchema>;

export type ParsedJob = { ok: true; job: Job } | { ok: false; reason: string };

/** Never throws: a body that is not a job is poison, and the caller decides where poison goes. */
export function parseJob(body: string): ParsedJob {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (err) {
    return { ok: false, reason: `body is not JSON: ${(err as Error).message}` };
  }
  const parsed = jobSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? issue.path.join(".") : "job";
    return { ok: false, reason: `${where}: ${issue.message}` };
  }
  return { ok: true, job: parsed.data };
}

/**
 * The result's object key depends only on the job id, so a redelivered job overwrites its own
 * result instead of adding a second one.
 */
export function resultKey(prefix: string, jobId: string): string {
  return `${prefix}${jobId}.json`;
}

export function chatRequestBody(job: Job): Record<string, unknown> {
  const body: Record<string, unknown> = { model: job.model, messages: job.messages, stream: false };
  for (const key of ["temperature", "max_tokens", "top_p", "user", "metadata"] as const) {
    if (job[key] !== undefined) body[key] = job[key];
  }
  return body;
}

export interface JobResult {
  jobId: string;
  status: "succeeded";
  model: string;
  /** The first choice's message content, for consumers that want only the text. */
  output: string | null;
  usage: unknown;
  /** The gateway's full response body. */
  response: unknown;
  metadata?: Record<string, unknown>;
  /** Which delivery of the message produced this result (1 = first). */
  delivery: number;
  completedAt: string;
}

export function buildResult(job: Job, response: ChatCompletion, delivery: number, now: Date): JobResult {
  const content = response.choices[0]?.message?.content;
  return {
    jobId: job.id,
    status: "succeeded",
    model: job.model,
    output: typeof content === "string" ? content : null,
    usage: response.usage ?? null,
    response,
    ...(job.metadata ? { metadata: job.metadata } : {}),
    delivery,
    completedAt: now.toISOString(),
  };
}

/** Only what the worker relies on; the rest of the body is kept as the gateway sent it. */
export const chatCompletionSchema = z.looseObject({
  choices: z
    .array(z.looseObject({ message: z.looseObject({ content: z.unknown().optional() }).optional() }))
    .min(1),
  usage: z.unknown().optional(),
});

export type ChatCompletion = z.infer<typeof chatCompletionSchema>;
