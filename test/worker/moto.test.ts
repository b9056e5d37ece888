/**
 * The worker against a real SQS- and S3-compatible server (moto_server on 127.0.0.1) and a fake
 * OpenAI-compatible gateway on 127.0.0.1. Cases 1 and 2 run the worker in-process through the
 * real SQS/S3 adapters; case 3 and the SIGTERM case run its real entry point as a process.
 */
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3ResultStore, SqsJobQueue } from "../../worker/aws";
import { loadConfig } from "../../worker/config";
import { silentLogger } from "../../worker/log";
import { Outcome } from "../../worker/processor";
import { QueueMessage } from "../../worker/queue";
import { Worker } from "../../worker/worker";
import { job, waitFor } from "./fakes";
import { FakeGateway, killAndWait, Moto, spawnWorker, startFakeGateway, startMoto, WorkerProcess } from "./servers";

const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const region = "us-east-1";

let moto: Moto;
let gateway: FakeGateway;
let sqs: SQSClient;
let s3: S3Client;
const spawned: WorkerProcess[] = [];

beforeAll(async () => {
  moto = await startMoto();
  gateway = await startFakeGateway();
  sqs = new SQSClient({ region, endpoint: moto.endpoint, credentials });
  s3 = new S3Client({ region, endpoint: moto.endpoint, credentials, forcePathStyle: true });
});

afterAll(async () => {
  for (const w of spawned) await killAndWait(w.child, "SIGKILL");
  sqs?.destroy();
  s3?.destroy();
  await gateway?.close();
  if (moto) await moto.stop();
});

async function createQueue(name: string, maxReceiveCount?: number): Promise<{ url: string; dlqUrl?: string }> {
  if (maxReceiveCount === undefined) {
    return { url: (await sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl! };
  }
  const dlqUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }))).QueueUrl!;
  const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ["QueueArn"] }));
  const url = (
    await sqs.send(
      new CreateQueueCommand({
        QueueName: name,
        Attributes: {
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: attrs.Attributes!.QueueArn, maxReceiveCount }),
        },
      }),
    )
  ).QueueUrl!;
  return { url, dlqUrl };
}

async function createBucket(name: string, versioned = false): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: name }));
  // Versioning shows how many times a key was written, which is what "written once" means.
  if (versioned) await s3.send(new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: "Enabled" } }));
}

async function counts(queueUrl: string): Promise<{ visible: number; inFlight: number }> {
  const out = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    }),
  );
  return {
    visible: Number(out.Attributes!.ApproximateNumberOfMessages),
    inFlight: Number(out.Attributes!.ApproximateNumberOfMessagesNotVisible),
  };
}

async function getJson(bucket: string, key: string): Promise<Record<string, unknown> | undefined> {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return JSON.parse(await out.Body!.transformToString());
  } catch (err) {
    if ((err as { name?: string }).name === "NoSuchKey") return undefined;
    throw err;
  }
}

async function versionsOf(bucket: string, key: string): Promise<number> {
  const out = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key }));
  return (out.Versions ?? []).filter((v) => v.Key === key).length;
}

/** The env contract as the Pulumi components will set it, pointed at the loopback servers. */
function workerEnv(queueUrl: string, bucket: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    WORKER_CLOUD: "aws",
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    QUEUE_URL: queueUrl,
    SQS_ENDPOINT_URL: moto.endpoint,
    S3_ENDPOINT_URL: moto.endpoint,
    RESULTS_BUCKET: bucket,
    GATEWAY_URL: gateway.url,
    GATEWAY_API_KEY: "sk-worker-test",
    GATEWAY_BACKOFF_BASE_MS: "10",
    GATEWAY_BACKOFF_MAX_MS: "20",
    RECEIVE_WAIT_SECONDS: "1",
    RETRY_DELAY_BASE_SECONDS: "1",
    RETRY_DELAY_MAX_SECONDS: "1",
    LOG_LEVEL: "error",
    ...extra,
  };
}

/** The in-process worker, built from the same env contract and the real AWS adapters. */
function inProcessWorker(env: Record<string, string>, onOutcome: (o: Outcome, m: QueueMessage) => void) {
  const config = loadConfig(env);
  const workerSqs = new SQSClient({ region, endpoint: config.aws.sqsEndpoint, credentials });
  const workerS3 = new S3Client({ region, endpoint: config.aws.s3Endpoint, credentials, forcePathStyle: config.aws.s3ForcePathStyle });
  const worker = new Worker({
    queue: new SqsJobQueue(workerSqs, config.queueUrl!, config.visibilityTimeoutSeconds, config.receiveWaitSeconds),
    store: new S3ResultStore(workerS3, config.resultsBucket, silentLogger),
    config,
    log: silentLogger,
    onOutcome,
  });
  const run = worker.run();
  return {
    worker,
    async stop() {
      worker.stop();
      await run;
      workerSqs.destroy();
      workerS3.destroy();
    },
  };
}

describe("worker against moto (SQS + S3) on loopback", () => {
  it("1. a job in gives a result out in the bucket with the gateway's answer, and a duplicate is not re-run", async () => {
    const { url } = await createQueue("jobs-happy");
    await createBucket("results-happy", true);
    const outcomes: Outcome[] = [];
    const w = inProcessWorker(workerEnv(url, "results-happy", { CONCURRENCY: "2" }), (o) => outcomes.push(o));
    try {
      const callsBefore = gateway.calls.length;
      for (const id of ["happy-1", "happy-2", "happy-3"]) {
        await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: job(id, { metadata: { tags: ["feature:test"] } }) }));
      }
      const result = await waitFor(() => getJson("results-happy", "results/happy-1.json"), "result of happy-1");
      expect(result).toMatchObject({
        jobId: "happy-1",
        status: "succeeded",
        model: "small",
        output: "answer to: question happy-1",
        usage: { total_tokens: 12 },
        metadata: { tags: ["feature:test"] },
        delivery: 1,
      });
      await waitFor(() => outcomes.filter((o) => o.kind === "done").length === 3, "three jobs done");
      await waitFor(async () => {
        const c = await counts(url);
        return c.visible === 0 && c.inFlight === 0;
      }, "queue drained");
      const mine = gateway.calls.slice(callsBefore);
      expect(mine.map((c) => c.content).sort()).toEqual(["question happy-1", "question happy-2", "question happy-3"]);
      expect(mine.every((c) => c.authorization === "Bearer sk-worker-test")).toBe(true);

      // The same job delivered again (a producer retry, or a redelivery after a lost ack) is
      // acked without a second paid gateway call and without a second write.
      await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: job("happy-1") }));
      await waitFor(() => outcomes.length === 4, "duplicate handled");
      expect(outcomes[3]).toMatchObject({ kind: "done", alreadyStored: true, gatewayAttempts: 0 });
      expect(gateway.calls.length - callsBefore).toBe(3);
      expect(await versionsOf("results-happy", "results/happy-1.json")).toBe(1);
    } finally {
      await w.stop();
    }
  });

  it("2. a job whose gateway call always fails, and a poison message, land in the DLQ after exactly maxReceiveCount deliveries", async () => {
    const maxReceiveCount = 3;
    const gatewayAttempts = 2;
    const { url, dlqUrl } = await createQueue("jobs-failing", maxReceiveCount);
    await createBucket("results-failing");
    gateway.behaviour = (content) => (content === "question doomed" ? "fail" : "answer");
    const outcomes: { kind: string; receiveCount: number; body: string }[] = [];
    const w = inProcessWorker(
      workerEnv(url, "results-failing", { VISIBILITY_TIMEOUT_SECONDS: "5", GATEWAY_MAX_ATTEMPTS: String(gatewayAttempts) }),
      (o, m) => outcomes.push({ kind: o.kind, receiveCount: m.receiveCount, body: m.body }),
    );
    try {
      await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: job("doomed") }));
      await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: "{\"id\": \"half a job\"" }));
      await waitFor(async () => (await counts(dlqUrl!)).visible === 2, "both messages in the DLQ", 40_000, 200);

      const doomed = outcomes.filter((o) => o.body === job("doomed"));
      expect(doomed.map((o) => [o.kind, o.receiveCount])).toEqual([["retry", 1], ["retry", 2], ["retry", 3]]);
      const poison = outcomes.filter((o) => o.body !== job("doomed"));
      expect(poison.map((o) => [o.kind, o.receiveCount])).toEqual([["poison", 1], ["poison", 2], ["poison", 3]]);
      // Every delivery made GATEWAY_MAX_ATTEMPTS calls: in-delivery retries, then redelivery.
      expect(gateway.calls.filter((c) => c.content === "question doomed")).toHaveLength(maxReceiveCount * gatewayAttempts);

      const dead = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl!, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      expect((dead.Messages ?? []).map((m) => m.Body).sort()).toEqual(["{\"id\": \"half a job\"", job("doomed")].sort());
      expect(await counts(url)).toEqual({ visible: 0, inFlight: 0 });
      expect(await getJson("results-failing", "results/doomed.json")).toBeUndefined();
    } finally {
      gateway.behaviour = () => "answer";
      await w.stop();
    }
  });

  it("3. a worker process killed with SIGKILL mid-job loses nothing: the message comes back and a second worker completes it once", async () => {
    const { url } = await createQueue("jobs-kill", 5);
    await createBucket("results-kill", true);
    gateway.behaviour = (content) => (content === "question killed-1" ? "hang" : "answer");
    const env = workerEnv(url, "results-kill", { VISIBILITY_TIMEOUT_SECONDS: "3", LOG_LEVEL: "info" });
    const callsFor = () => gateway.calls.filter((c) => c.content === "question killed-1");
    try {
      await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: job("killed-1") }));
      const first = spawnWorker(env);
      spawned.push(first);
      await waitFor(() => callsFor().length === 1, "the first worker to call the gateway", 30_000);
      // Held past one visibility timeout: the heartbeat is what keeps it from a second worker.
      await new Promise((r) => setTimeout(r, 3500));
      expect(await counts(url)).toEqual({ visible: 0, inFlight: 1 });
      first.child.kill("SIGKILL");
      expect(await first.exit).toEqual({ code: null, signal: "SIGKILL" });
      expect(first.output()).toContain('"msg":"worker started"');
      expect(first.output()).not.toContain('"msg":"job done"');
      const killedAt = Date.now();

      await waitFor(async () => (await counts(url)).visible === 1, "the message to become visible again", 15_000, 100);
      // Within one visibility timeout of the last heartbeat (plus slack for a loaded machine).
      expect(Date.now() - killedAt).toBeLessThan(3000 + 3000);
      expect(await getJson("results-kill", "results/killed-1.json")).toBeUndefined();

      gateway.behaviour = () => "answer";
      const second = spawnWorker(env);
      spawned.push(second);
      const result = await waitFor(() => getJson("results-kill", "results/killed-1.json"), "the second worker's result", 30_000);
      expect(result).toMatchObject({ jobId: "killed-1", output: "answer to: question killed-1", delivery: 2 });
      await waitFor(async () => {
        const c = await counts(url);
        return c.visible === 0 && c.inFlight === 0;
      }, "the message to be deleted");
      expect(callsFor().map((c) => c.behaviour)).toEqual(["hang", "answer"]);
      expect(await versionsOf("results-kill", "results/killed-1.json")).toBe(1);

      second.child.kill("SIGTERM");
      expect(await second.exit).toEqual({ code: 0, signal: null });
      expect(second.output()).toContain('"msg":"stopped"');
    } finally {
      gateway.behaviour = () => "answer";
    }
  });

  it("4. SIGTERM mid-job: the worker stops receiving, releases the job after its grace period and exits 0", async () => {
    const { url } = await createQueue("jobs-term", 5);
    await createBucket("results-term");
    gateway.behaviour = (content) => (content === "question term-1" ? "hang" : "answer");
    // A long visibility timeout: if the job came back quickly, only the release can explain it.
    // One slot, so term-2 waits in the queue while term-1 is in flight, and the stopping worker
    // must not take it during its grace period.
    const env = workerEnv(url, "results-term", {
      VISIBILITY_TIMEOUT_SECONDS: "120",
      SHUTDOWN_GRACE_SECONDS: "1",
      CONCURRENCY: "1",
      LOG_LEVEL: "info",
    });
    try {
      await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: job("term-1") }));
      const w = spawnWorker(env);
      spawned.push(w);
      await waitFor(() => gateway.calls.some((c) => c.content === "question term-1"), "the gateway call", 30_000);
      await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: job("term-2") }));
      w.child.kill("SIGTERM");
      expect(await w.exit).toEqual({ code: 0, signal: null });
      expect(w.output()).toContain('"msg":"grace period over: releasing in-flight jobs"');
      expect(w.output()).toContain('"msg":"job released"');
      // Both are waiting in the queue at once: term-1 released, term-2 never received.
      expect(await counts(url)).toEqual({ visible: 2, inFlight: 0 });
      expect(gateway.calls.some((c) => c.content === "question term-2")).toBe(false);
    } finally {
      gateway.behaviour = () => "answer";
    }
  });
});
