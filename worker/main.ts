/**
 * Entry point of the worker: `node dist/main.js` in the image (built from worker/), or
 * `npx tsx worker/main.ts` from the repository root.
 * Exit codes: 0 after a clean shutdown, 1 on a fatal error, 2 on invalid configuration.
 */
import { ConfigError, loadConfig, WorkerConfig } from "./config";
import { jsonLogger, Logger } from "./log";
import { JobQueue, ResultStore } from "./queue";
import { Worker } from "./worker";

interface Adapters {
  queue: JobQueue;
  store: ResultStore;
  close(): void;
}

async function createAdapters(config: WorkerConfig, log: Logger): Promise<Adapters> {
  if (config.cloud === "aws") {
    // Loaded per cloud so an AWS task never initialises the Google clients and vice versa.
    const { SQSClient } = await import("@aws-sdk/client-sqs");
    const { S3Client } = await import("@aws-sdk/client-s3");
    const { SqsJobQueue, S3ResultStore } = await import("./aws");
    const sqs = new SQSClient({ region: config.aws.region, endpoint: config.aws.sqsEndpoint });
    const s3 = new S3Client({
      region: config.aws.region,
      endpoint: config.aws.s3Endpoint,
      forcePathStyle: config.aws.s3ForcePathStyle,
    });
    return {
      queue: new SqsJobQueue(sqs, config.queueUrl!, config.visibilityTimeoutSeconds, config.receiveWaitSeconds),
      store: new S3ResultStore(s3, config.resultsBucket, log),
      close: () => {
        sqs.destroy();
        s3.destroy();
      },
    };
  }
  const { PubSub, v1 } = await import("@google-cloud/pubsub");
  const { Storage } = await import("@google-cloud/storage");
  const { PubSubJobQueue, GcsResultStore } = await import("./gcp");
  // The low-level client ignores PUBSUB_EMULATOR_HOST; the PubSub class's client config applies
  // it. The project comes from the subscription path so no metadata lookup is needed for it.
  const projectId = config.subscription!.split("/")[1];
  const { port, ...clientConfig } = await new PubSub({ projectId }).getClientConfig();
  const subscriber = new v1.SubscriberClient({ ...clientConfig, port: port === undefined ? undefined : Number(port) });
  const storage = new Storage();
  return {
    queue: new PubSubJobQueue(
      subscriber,
      config.subscription!,
      config.visibilityTimeoutSeconds,
      config.receiveWaitSeconds,
      log,
    ),
    store: new GcsResultStore(storage.bucket(config.resultsBucket)),
    close: () => void subscriber.close().catch(() => undefined),
  };
}

async function main(): Promise<number> {
  // A rejection nobody awaited (the Google clients raise some from their own internals when
  // credentials are missing) ends the process like any fatal error, but with a readable log line.
  // In-flight messages are safe: they come back after their visibility timeout.
  process.on("unhandledRejection", (reason) => {
    process.stderr.write(`worker failed: unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}\n`);
    process.exit(1);
  });

  let config: WorkerConfig;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const log = jsonLogger(config.logLevel);
  const adapters = await createAdapters(config, log);
  const worker = new Worker({ queue: adapters.queue, store: adapters.store, config, log });

  // First signal: graceful (finish or release in-flight jobs). A second one: release right away.
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    log("info", `received ${signal}`, { graceful: signals === 1 });
    worker.stop({ immediate: signals > 1 });
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);

  log("info", "worker started", {
    cloud: config.cloud,
    queue: config.queueUrl ?? config.subscription,
    bucket: config.resultsBucket,
    concurrency: config.concurrency,
    visibilityTimeoutSeconds: config.visibilityTimeoutSeconds,
  });
  await worker.run();
  adapters.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`worker failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
