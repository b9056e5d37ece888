import { z } from "zod";

/**
 * The worker's whole configuration comes from environment variables so that the same image
 * runs unchanged as an ECS task and as a Cloud Run service; the Pulumi components set these.
 * Each key of the schema is the variable's name, so a zod issue path is the variable to fix.
 */

const intVar = (min: number, max: number, dflt: number) =>
  z.coerce
    .number({ error: "must be a number" })
    .int({ error: "must be a whole number" })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` })
    .default(dflt);

const httpUrl = z
  .url({ protocol: /^https?$/, error: "must be an http(s) URL" });

const booleanVar = z
  .enum(["true", "false", "1", "0"], { error: "must be true or false" })
  .transform((v) => v === "true" || v === "1");

export const envSchema = z
  .object({
    WORKER_CLOUD: z.enum(["aws", "gcp"], { error: "must be aws or gcp" }),
    /** SQS queue URL (aws). */
    QUEUE_URL: httpUrl.optional(),
    /** Pub/Sub subscription, `projects/<project>/subscriptions/<name>` (gcp). */
    PUBSUB_SUBSCRIPTION: z
      .string()
      .regex(/^projects\/[^/]+\/subscriptions\/[^/]+$/, {
        error: "must be projects/<project>/subscriptions/<name>",
      })
      .optional(),
    RESULTS_BUCKET: z.string().min(3, { error: "must be a bucket name" }),
    /** Key prefix for result objects; a result lives at `<prefix><job id>.json`. */
    RESULTS_PREFIX: z
      .string()
      .regex(/^([A-Za-z0-9!_.*'()-]+\/)*$/, { error: "must be empty or end with / (e.g. results/)" })
      .default("results/"),
    /** Base URL of the OpenAI-compatible gateway; `/v1/chat/completions` is appended. */
    GATEWAY_URL: httpUrl,
    GATEWAY_API_KEY: z.string().min(1).optional(),
    /**
     * Header that carries GATEWAY_API_KEY: `authorization` sends `Bearer <key>` (what LiteLLM
     * itself reads), `x-api-key` the bare key (GCP API Gateway reads keys only from the header its
     * OpenAPI document names, and sends its own token as `Authorization` to the backend).
     */
    GATEWAY_API_KEY_HEADER: z
      .enum(["authorization", "x-api-key"], { error: "must be authorization or x-api-key" })
      .default("authorization"),
    GATEWAY_TIMEOUT_SECONDS: intVar(1, 3600, 120),
    /** Calls to the gateway within one delivery, for transient errors (5xx, 429, network). */
    GATEWAY_MAX_ATTEMPTS: intVar(1, 10, 3),
    GATEWAY_BACKOFF_BASE_MS: intVar(1, 60_000, 500),
    GATEWAY_BACKOFF_MAX_MS: intVar(1, 300_000, 10_000),
    /** Jobs processed at once by one worker process. */
    CONCURRENCY: intVar(1, 100, 4),
    /**
     * How long a received message stays hidden from other workers. The worker extends it while a
     * job runs (heartbeat at half of it), so it bounds how late a job of a killed worker comes back.
     */
    VISIBILITY_TIMEOUT_SECONDS: intVar(2, 600, 60),
    /**
     * After a failed delivery the message is hidden for base·2^(receives-1) seconds (jittered,
     * capped at max) before the queue offers it again; redrive/dead-lettering counts the receives.
     */
    RETRY_DELAY_BASE_SECONDS: intVar(0, 3600, 10),
    RETRY_DELAY_MAX_SECONDS: intVar(0, 43_200, 300),
    /** Long-poll wait per receive call. */
    RECEIVE_WAIT_SECONDS: intVar(0, 20, 20),
    /**
     * After SIGTERM, in-flight jobs get this long to finish before they are released back to the
     * queue. Keep it below the platform's kill delay (ECS stopTimeout, Cloud Run's 10 s).
     */
    SHUTDOWN_GRACE_SECONDS: intVar(0, 3600, 20),
    /** Region of the SQS queue and S3 bucket (aws); the SDK's own variable. */
    AWS_REGION: z.string().min(1).optional(),
    /** Endpoint overrides for local runs against an SQS/S3-compatible server. */
    SQS_ENDPOINT_URL: httpUrl.optional(),
    S3_ENDPOINT_URL: httpUrl.optional(),
    /** Path-style S3 addressing; defaults to true when S3_ENDPOINT_URL is set. */
    S3_FORCE_PATH_STYLE: booleanVar.optional(),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"], { error: "must be debug, info, warn or error" }).default("info"),
  })
  .superRefine((env, ctx) => {
    if (env.GATEWAY_BACKOFF_MAX_MS < env.GATEWAY_BACKOFF_BASE_MS) {
      ctx.addIssue({ code: "custom", path: ["GATEWAY_BACKOFF_MAX_MS"], message: "must be at least GATEWAY_BACKOFF_BASE_MS" });
    }
    if (env.RETRY_DELAY_MAX_SECONDS < env.RETRY_DELAY_BASE_SECONDS) {
      ctx.addIssue({ code: "custom", path: ["RETRY_DELAY_MAX_SECONDS"], message: "must be at least RETRY_DELAY_BASE_SECONDS" });
    }
  });

export type WorkerEnv = z.infer<typeof envSchema>;

export interface WorkerConfig {
  cloud: "aws" | "gcp";
  queueUrl?: string;
  subscription?: string;
  resultsBucket: string;
  resultsPrefix: string;
  gateway: {
    /** Full chat-completions URL. */
    url: string;
    apiKey?: string;
    /** Header the key is sent in (see GATEWAY_API_KEY_HEADER). */
    apiKeyHeader: "authorization" | "x-api-key";
    timeoutMs: number;
    maxAttempts: number;
    backoffBaseMs: number;
    backoffMaxMs: number;
  };
  concurrency: number;
  visibilityTimeoutSeconds: number;
  retryDelayBaseSeconds: number;
  retryDelayMaxSeconds: number;
  receiveWaitSeconds: number;
  shutdownGraceSeconds: number;
  aws: { region?: string; sqsEndpoint?: string; s3Endpoint?: string; s3ForcePathStyle: boolean };
  logLevel: "debug" | "info" | "warn" | "error";
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid worker configuration:\n  ${problems.join("\n  ")}`);
    this.name = "ConfigError";
  }
}

/** Accepts a base URL with or without a trailing `/v1`, since both forms are common in docs. */
export function chatCompletionsUrl(base: string): string {
  const trimmed = base.replace(/\/+$/, "").replace(/\/v1$/, "");
  return `${trimmed}/v1/chat/completions`;
}

const requiredPerCloud: Record<"aws" | "gcp", (keyof WorkerEnv)[]> = {
  aws: ["QUEUE_URL", "AWS_REGION"],
  gcp: ["PUBSUB_SUBSCRIPTION"],
};

/** Parses the environment; throws ConfigError listing every bad variable by name. */
export function loadConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined>): WorkerConfig {
  // An empty variable is how deploy templates usually say "unset"; treat it so, rather than
  // failing a URL check on "".
  const raw: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== "") raw[key] = value.trim();
  }
  const parsed = envSchema.safeParse(raw);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? "environment");
      // For an unset variable zod says "expected string, received undefined" or lists the enum,
      // neither of which names the fix.
      const message = raw[name] === undefined && issue.code !== "custom" ? "is required" : issue.message;
      problems.push(`${name} ${message}`);
    }
  }
  // Checked on the raw values, outside the schema, because zod skips refinements once a field
  // fails and the operator should see every missing variable in one go.
  for (const [cloud, names] of Object.entries(requiredPerCloud)) {
    if (raw.WORKER_CLOUD !== cloud) continue;
    for (const name of names) if (raw[name] === undefined) problems.push(`${name} is required when WORKER_CLOUD=${cloud}`);
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  return {
    cloud: e.WORKER_CLOUD,
    queueUrl: e.QUEUE_URL,
    subscription: e.PUBSUB_SUBSCRIPTION,
    resultsBucket: e.RESULTS_BUCKET,
    resultsPrefix: e.RESULTS_PREFIX,
    gateway: {
      url: chatCompletionsUrl(e.GATEWAY_URL),
      apiKey: e.GATEWAY_API_KEY,
      apiKeyHeader: e.GATEWAY_API_KEY_HEADER,
      timeoutMs: e.GATEWAY_TIMEOUT_SECONDS * 1000,
      maxAttempts: e.GATEWAY_MAX_ATTEMPTS,
      backoffBaseMs: e.GATEWAY_BACKOFF_BASE_MS,
      backoffMaxMs: e.GATEWAY_BACKOFF_MAX_MS,
    },
    concurrency: e.CONCURRENCY,
    visibilityTimeoutSeconds: e.VISIBILITY_TIMEOUT_SECONDS,
    retryDelayBaseSeconds: e.RETRY_DELAY_BASE_SECONDS,
    retryDelayMaxSeconds: e.RETRY_DELAY_MAX_SECONDS,
    receiveWaitSeconds: e.RECEIVE_WAIT_SECONDS,
    shutdownGraceSeconds: e.SHUTDOWN_GRACE_SECONDS,
    aws: {
      region: e.AWS_REGION,
      sqsEndpoint: e.SQS_ENDPOINT_URL,
      s3Endpoint: e.S3_ENDPOINT_URL,
      s3ForcePathStyle: e.S3_FORCE_PATH_STYLE ?? e.S3_ENDPOINT_URL !== undefined,
    },
    logLevel: e.LOG_LEVEL,
  };
}
