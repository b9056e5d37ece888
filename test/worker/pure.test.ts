import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  backoffDelayMs,
  classifyStatus,
  gatewayRetryDelayMs,
  parseRetryAfterMs,
  redeliveryDelaySeconds,
} from "../../worker/backoff";
import { chatCompletionsUrl, ConfigError, loadConfig } from "../../worker/config";
import { buildResult, chatRequestBody, parseJob, resultKey } from "../../worker/job";

const awsEnv = {
  WORKER_CLOUD: "aws",
  QUEUE_URL: "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs",
  AWS_REGION: "eu-west-1",
  RESULTS_BUCKET: "results-bucket",
  GATEWAY_URL: "http://gateway.internal:4000",
};

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("applies documented defaults to a minimal AWS environment", () => {
    const c = loadConfig(awsEnv);
    expect(c).toMatchObject({
      cloud: "aws",
      queueUrl: awsEnv.QUEUE_URL,
      resultsBucket: "results-bucket",
      resultsPrefix: "results/",
      concurrency: 4,
      visibilityTimeoutSeconds: 60,
      retryDelayBaseSeconds: 10,
      retryDelayMaxSeconds: 300,
      receiveWaitSeconds: 20,
      shutdownGraceSeconds: 20,
      aws: { region: "eu-west-1", s3ForcePathStyle: false },
      logLevel: "info",
    });
    expect(c.gateway).toEqual({
      url: "http://gateway.internal:4000/v1/chat/completions",
      apiKey: undefined,
      apiKeyHeader: "authorization",
      timeoutMs: 120_000,
      maxAttempts: 3,
      backoffBaseMs: 500,
      backoffMaxMs: 10_000,
    });
  });

  it("names every missing variable, including the ones the chosen cloud needs", () => {
    expect(problemsOf({ WORKER_CLOUD: "aws" })).toEqual([
      "RESULTS_BUCKET is required",
      "GATEWAY_URL is required",
      "QUEUE_URL is required when WORKER_CLOUD=aws",
      "AWS_REGION is required when WORKER_CLOUD=aws",
    ]);
    expect(problemsOf({ ...awsEnv, WORKER_CLOUD: "gcp", QUEUE_URL: undefined })).toEqual([
      "PUBSUB_SUBSCRIPTION is required when WORKER_CLOUD=gcp",
    ]);
    expect(problemsOf({})).toContain("WORKER_CLOUD is required");
  });

  it("treats an empty variable as unset", () => {
    expect(problemsOf({ ...awsEnv, GATEWAY_URL: "  " })).toEqual(["GATEWAY_URL is required"]);
    expect(loadConfig({ ...awsEnv, GATEWAY_API_KEY: "" }).gateway.apiKey).toBeUndefined();
  });

  it("rejects bad values with the variable's name and the rule", () => {
    expect(
      problemsOf({
        ...awsEnv,
        WORKER_CLOUD: "azure",
        CONCURRENCY: "0",
        VISIBILITY_TIMEOUT_SECONDS: "ten",
        GATEWAY_URL: "gateway:4000",
        RECEIVE_WAIT_SECONDS: "21",
        S3_FORCE_PATH_STYLE: "yes",
        RESULTS_PREFIX: "results",
        GATEWAY_MAX_ATTEMPTS: "1.5",
      }),
    ).toEqual([
      "WORKER_CLOUD must be aws or gcp",
      "RESULTS_PREFIX must be empty or end with / (e.g. results/)",
      "GATEWAY_URL must be an http(s) URL",
      "GATEWAY_MAX_ATTEMPTS must be a whole number",
      "CONCURRENCY must be at least 1",
      "VISIBILITY_TIMEOUT_SECONDS must be a number",
      "RECEIVE_WAIT_SECONDS must be at most 20",
      "S3_FORCE_PATH_STYLE must be true or false",
    ]);
  });

  it("rejects a backoff maximum below its base", () => {
    expect(problemsOf({ ...awsEnv, GATEWAY_BACKOFF_BASE_MS: "2000", GATEWAY_BACKOFF_MAX_MS: "1000" })).toEqual([
      "GATEWAY_BACKOFF_MAX_MS must be at least GATEWAY_BACKOFF_BASE_MS",
    ]);
    // The maximum left at its default (10000) is named too, not reported as missing.
    expect(problemsOf({ ...awsEnv, GATEWAY_BACKOFF_BASE_MS: "20000" })).toEqual([
      "GATEWAY_BACKOFF_MAX_MS must be at least GATEWAY_BACKOFF_BASE_MS",
    ]);
    expect(problemsOf({ ...awsEnv, RETRY_DELAY_BASE_SECONDS: "60", RETRY_DELAY_MAX_SECONDS: "30" })).toEqual([
      "RETRY_DELAY_MAX_SECONDS must be at least RETRY_DELAY_BASE_SECONDS",
    ]);
  });

  it("sends the key as a bearer token unless told to use x-api-key, and rejects other headers", () => {
    expect(loadConfig({ ...awsEnv, GATEWAY_API_KEY: "k" }).gateway.apiKeyHeader).toBe("authorization");
    expect(loadConfig({ ...awsEnv, GATEWAY_API_KEY_HEADER: "x-api-key" }).gateway.apiKeyHeader).toBe("x-api-key");
    expect(problemsOf({ ...awsEnv, GATEWAY_API_KEY_HEADER: "X-Goog-Api-Key" })).toEqual(["GATEWAY_API_KEY_HEADER must be authorization or x-api-key"]);
  });

  it("reads the GCP and local-endpoint variables", () => {
    const gcp = loadConfig({
      WORKER_CLOUD: "gcp",
      PUBSUB_SUBSCRIPTION: "projects/p1/subscriptions/jobs",
      RESULTS_BUCKET: "results-bucket",
      GATEWAY_URL: "https://gw.example/v1/",
      GATEWAY_API_KEY: "sk-test",
    });
    expect(gcp.subscription).toBe("projects/p1/subscriptions/jobs");
    expect(gcp.gateway.url).toBe("https://gw.example/v1/chat/completions");
    expect(gcp.gateway.apiKey).toBe("sk-test");
    expect(problemsOf({ ...awsEnv, WORKER_CLOUD: "gcp", PUBSUB_SUBSCRIPTION: "jobs" })).toEqual([
      "PUBSUB_SUBSCRIPTION must be projects/<project>/subscriptions/<name>",
    ]);

    const local = loadConfig({ ...awsEnv, S3_ENDPOINT_URL: "http://127.0.0.1:5000", SQS_ENDPOINT_URL: "http://127.0.0.1:5000" });
    expect(local.aws).toEqual({
      region: "eu-west-1",
      sqsEndpoint: "http://127.0.0.1:5000",
      s3Endpoint: "http://127.0.0.1:5000",
      s3ForcePathStyle: true,
    });
    expect(loadConfig({ ...awsEnv, S3_ENDPOINT_URL: "http://127.0.0.1:5000", S3_FORCE_PATH_STYLE: "false" }).aws.s3ForcePathStyle).toBe(false);
  });

  it("builds the chat-completions URL from a base with or without /v1", () => {
    expect(chatCompletionsUrl("http://gw:4000")).toBe("http://gw:4000/v1/chat/completions");
    expect(chatCompletionsUrl("http://gw:4000/")).toBe("http://gw:4000/v1/chat/completions");
    expect(chatCompletionsUrl("http://gw:4000/v1")).toBe("http://gw:4000/v1/chat/completions");
    expect(chatCompletionsUrl("https://api.example/llm/")).toBe("https://api.example/llm/v1/chat/completions");
  });
});

describe("parseJob", () => {
  const valid = {
    id: "job-1",
    model: "small",
    messages: [{ role: "user", content: "hi" }],
    max_tokens: 16,
    metadata: { tags: ["feature:summarize"] },
  };

  it("accepts a job", () => {
    expect(parseJob(JSON.stringify(valid))).toEqual({ ok: true, job: valid });
  });

  it("reports why a body is poison, never throwing", () => {
    expect(parseJob("not json")).toMatchObject({ ok: false, reason: expect.stringMatching(/^body is not JSON/) });
    expect(parseJob("null")).toMatchObject({ ok: false, reason: expect.stringMatching(/^job: /) });
    expect(parseJob(JSON.stringify({ ...valid, messages: [] }))).toMatchObject({ ok: false, reason: expect.stringMatching(/^messages: /) });
    expect(parseJob(JSON.stringify({ ...valid, model: undefined }))).toMatchObject({ ok: false, reason: expect.stringMatching(/^model: /) });
    expect(parseJob(JSON.stringify({ ...valid, messages: [{ role: "robot", content: "x" }] }))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^messages\.0\.role: /),
    });
  });

  it("rejects ids that would escape or bend the result key", () => {
    for (const id of ["../other", "a/b", "", ".hidden", "x".repeat(201), "sp ace"]) {
      expect(parseJob(JSON.stringify({ ...valid, id })), id).toMatchObject({ ok: false, reason: expect.stringMatching(/^id: /) });
    }
  });
});

describe("result key and payloads", () => {
  it("derives the key from the job id alone, so a redelivery overwrites", () => {
    expect(resultKey("results/", "job-1")).toBe("results/job-1.json");
    expect(resultKey("", "job-1")).toBe("job-1.json");
    expect(resultKey("a/b/", "job-1")).toBe(resultKey("a/b/", "job-1"));
  });

  it("sends only the job's fields and never asks for a stream", () => {
    const parsed = parseJob(JSON.stringify({ id: "j", model: "strong", messages: [{ role: "user", content: "x" }], temperature: 0 }));
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(chatRequestBody(parsed.job)).toEqual({
      model: "strong",
      messages: [{ role: "user", content: "x" }],
      stream: false,
      temperature: 0,
    });
  });

  it("keeps the first choice's text, the usage and the whole response", () => {
    const parsed = parseJob(JSON.stringify({ id: "j", model: "small", messages: [{ role: "user", content: "x" }], metadata: { a: 1 } }));
    if (!parsed.ok) throw new Error(parsed.reason);
    const response = { choices: [{ message: { content: "answer" } }], usage: { total_tokens: 5 } };
    expect(buildResult(parsed.job, response, 2, new Date("2030-01-01T00:00:00Z"))).toEqual({
      jobId: "j",
      status: "succeeded",
      model: "small",
      output: "answer",
      usage: { total_tokens: 5 },
      response,
      metadata: { a: 1 },
      delivery: 2,
      completedAt: "2030-01-01T00:00:00.000Z",
    });
  });
});

describe("backoff", () => {
  const opts = { baseMs: 100, maxMs: 1000 };

  it("doubles the jitter ceiling per attempt up to the maximum", () => {
    const top = () => 0.999999;
    expect([1, 2, 3, 4, 5, 10].map((a) => backoffDelayMs(a, opts, top))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(backoffDelayMs(3, opts, () => 0)).toBe(0);
    expect(backoffDelayMs(3, opts, () => 0.5)).toBe(200);
  });

  it("stays within [0, ceiling) for random draws", () => {
    for (let i = 0; i < 200; i++) {
      const d = backoffDelayMs(4, opts);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(800);
    }
  });

  it("reads Retry-After as seconds or a date, ignoring junk", () => {
    const now = Date.parse("2030-01-01T00:00:00Z");
    expect(parseRetryAfterMs("3", now)).toBe(3000);
    expect(parseRetryAfterMs("0.5", now)).toBe(500);
    expect(parseRetryAfterMs("Tue, 01 Jan 2030 00:00:07 GMT", now)).toBe(7000);
    expect(parseRetryAfterMs("Mon, 31 Dec 2029 00:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfterMs("soon", now)).toBeUndefined();
    expect(parseRetryAfterMs(null, now)).toBeUndefined();
  });

  it("lets Retry-After lengthen the wait but never past the maximum", () => {
    expect(gatewayRetryDelayMs(1, 700, opts, () => 0)).toBe(700);
    expect(gatewayRetryDelayMs(1, 60_000, opts, () => 0)).toBe(1000);
    expect(gatewayRetryDelayMs(3, undefined, opts, () => 0.5)).toBe(200);
  });

  it("classifies gateway statuses", () => {
    const table = Object.fromEntries([200, 201, 400, 401, 403, 404, 408, 413, 422, 425, 429, 500, 502, 503, 504].map((s) => [s, classifyStatus(s)]));
    expect(table).toEqual({
      200: "ok", 201: "ok",
      400: "rejected", 413: "rejected", 422: "rejected",
      401: "failed", 403: "failed", 404: "failed",
      408: "transient", 425: "transient", 429: "transient",
      500: "transient", 502: "transient", 503: "transient", 504: "transient",
    });
  });

  it("delays redelivery by base·2^(n-1) with equal jitter, capped", () => {
    const o = { baseSeconds: 10, maxSeconds: 300 };
    expect([1, 2, 3, 5, 9].map((n) => redeliveryDelaySeconds(n, o, () => 0))).toEqual([5, 10, 20, 80, 150]);
    expect([1, 2, 3, 5, 9].map((n) => redeliveryDelaySeconds(n, o, () => 1))).toEqual([10, 20, 40, 160, 300]);
    expect(redeliveryDelaySeconds(3, { baseSeconds: 0, maxSeconds: 0 })).toBe(0);
  });
});

describe("worker container manifest", () => {
  it("pins the same runtime versions as the repository", () => {
    const root = JSON.parse(readFileSync(join(__dirname, "../../package.json"), "utf8"));
    const worker = JSON.parse(readFileSync(join(__dirname, "../../worker/package.json"), "utf8"));
    const lock = JSON.parse(readFileSync(join(__dirname, "../../worker/package-lock.json"), "utf8"));
    for (const [name, version] of Object.entries({ ...worker.dependencies, ...worker.devDependencies })) {
      const rootVersion = root.dependencies?.[name] ?? root.devDependencies?.[name];
      expect(version, name).toBe(rootVersion);
      expect(lock.packages[`node_modules/${name}`]?.version, `${name} in worker/package-lock.json`).toBe(version);
    }
  });
});
