import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import type { GcpWorkerConfig, WorkerConfig } from "../config/model";
import { SecureBucket } from "./bucket";
import { type GcpContext, childOpts, componentOpts } from "./context";
import { gcpName, nameLimits } from "./names";
import { repositoryUrl } from "./registry";

/**
 * The worker image's name in the stack's worker repository; its tag is `ai-infra:worker.imageTag`
 * (the repository's tags are immutable, so a new build carries a new tag: worker/package.json's
 * version). The repository is created by the same `up` that would run the image, so the first
 * `up` cannot pull it: without a tag the pool is not created (two-step bootstrap, README "First
 * deploy").
 */
export const workerImageName = "ai-infra-worker";

/** The worker image without its tag: `<repository URL>/ai-infra-worker` (the fine-tuning export runs it too). */
export function workerImageRepository(repositoryUrl: string): string {
  return `${repositoryUrl}/${workerImageName}`;
}

/** The image the pool runs: `<repository URL>/ai-infra-worker:<tag>`. */
export function workerImageRef(repositoryUrl: string, tag: string): string {
  return `${workerImageRepository(repositoryUrl)}:${tag}`;
}
/** Result objects live at `<prefix><job id>.json` in the results bucket. */
export const resultsPrefix = "results/";
/** Cloud Run gives a stopping instance 10 s after SIGTERM; the worker releases its jobs before that. */
export const workerShutdownGraceSeconds = 8;

type WorkerEnv = gcp.types.input.cloudrunv2.WorkerPoolTemplateContainerEnv;

export interface WorkerEnvInput {
  subscription: pulumi.Input<string>;
  resultsBucket: pulumi.Input<string>;
  gatewayUrl: pulumi.Input<string>;
  apiKeySecret: pulumi.Input<string>;
  apiKeyVersion: pulumi.Input<string>;
  concurrency: number;
  ackDeadlineSeconds: number;
  gatewayTimeoutSeconds: number;
}

/**
 * The worker's environment, exactly the variables `worker/config.ts` reads (its schema is the
 * contract). The gateway key (LiteLLM's master key) arrives as a Secret Manager reference.
 */
export function workerEnvVars(input: WorkerEnvInput): WorkerEnv[] {
  return [
    { name: "WORKER_CLOUD", value: "gcp" },
    { name: "PUBSUB_SUBSCRIPTION", value: input.subscription },
    { name: "RESULTS_BUCKET", value: input.resultsBucket },
    { name: "RESULTS_PREFIX", value: resultsPrefix },
    { name: "GATEWAY_URL", value: input.gatewayUrl },
    { name: "GATEWAY_API_KEY", valueSource: { secretKeyRef: { secret: input.apiKeySecret, version: input.apiKeyVersion } } },
    // `Authorization: Bearer <key>`: what LiteLLM reads, and what Cloud Armor requires of a caller request.
    { name: "GATEWAY_API_KEY_HEADER", value: "authorization" },
    { name: "GATEWAY_TIMEOUT_SECONDS", value: String(input.gatewayTimeoutSeconds) },
    { name: "CONCURRENCY", value: String(input.concurrency) },
    { name: "VISIBILITY_TIMEOUT_SECONDS", value: String(input.ackDeadlineSeconds) },
    { name: "SHUTDOWN_GRACE_SECONDS", value: String(workerShutdownGraceSeconds) },
    { name: "LOG_LEVEL", value: "info" },
  ];
}

/** Jobs one worker process runs at once: its share of the autoscaler's backlog target, at most 100. */
export function workerConcurrency(worker: WorkerConfig): number {
  return Math.min(100, worker.jobsPerReplica);
}

/**
 * The async worker in the context's region. The pool is created only once `worker.imageTag`
 * names a pushed image; results are kept forever unless `retentionDays`; not protected unless
 * `protect`.
 */
export interface AsyncWorkerArgs {
  ctx: GcpContext;
  /** Size, replicas and image tag (the stack's `worker`). */
  worker: GcpWorkerConfig;
  /** The Pulumi stack name, in display names. */
  stackName: string;
  /** Days the results bucket keeps a result (the stack's `logging.retentionDays`). */
  retentionDays?: number;
  /** The stack's `deletionProtection`: the repository, the bucket and the pool. Default: false. */
  protect?: boolean;
  /** Full subscription id `projects/<p>/subscriptions/<name>` and its short name. */
  subscriptionId: pulumi.Input<string>;
  subscriptionName: pulumi.Input<string>;
  ackDeadlineSeconds: number;
  /**
   * The stack's front door URL (`https://<api.domain>/v1`): the gateway's ingress admits only the
   * load balancer, so the worker goes through it like a caller, and Cloud Armor throttles its
   * address like any other (`api.perKey`).
   */
  gatewayUrl: pulumi.Input<string>;
  gatewayTimeoutSeconds: number;
  /**
   * LiteLLM's master key in this region's Secret Manager. The worker has no key of its own: a
   * virtual key would need the keys database and an operator's `npm run keys` before the first
   * job could run; the master key already exists and never leaves the secret store but into the
   * worker's environment (as on AWS).
   */
  masterKey: { secret: gcp.secretmanager.Secret; version: gcp.secretmanager.SecretVersion };
}

/** The Cloud Run worker pool (pure apart from the inputs it is handed). */
export function workerPoolArgs(input: {
  name: string;
  region: string;
  protect: boolean;
  worker: Pick<WorkerConfig, "cpu" | "memoryMiB" | "minReplicas">;
  serviceAccount: pulumi.Input<string>;
  image: pulumi.Input<string>;
  envs: WorkerEnv[];
}): gcp.cloudrunv2.WorkerPoolArgs {
  const { worker } = input;
  return {
    name: input.name,
    location: input.region,
    launchStage: "BETA",
    deletionProtection: input.protect,
    scaling: { scalingMode: "MANUAL", manualInstanceCount: worker.minReplicas },
    template: {
      serviceAccount: input.serviceAccount,
      containers: [
        {
          image: input.image,
          resources: { limits: { cpu: String(worker.cpu < 1 ? 1 : Math.ceil(worker.cpu)), memory: `${Math.max(512, worker.memoryMiB)}Mi` } },
          envs: input.envs,
        },
      ],
    },
  };
}

/**
 * The async worker: an Artifact Registry repository in the region for its image (immutable
 * tags), a results bucket hardened like the log bucket, and a Cloud Run worker pool — a pull
 * consumer with no HTTP endpoint, which a request-driven service would not keep running between
 * requests. The pool starts at `worker.minReplicas` (0) instances; `QueueScaler` moves it between
 * min and max on the subscription's backlog, so Pulumi ignores the live instance count.
 */
export class AsyncWorker extends pulumi.ComponentResource {
  readonly repository: gcp.artifactregistry.Repository;
  readonly serviceAccount: gcp.serviceaccount.Account;
  readonly results: SecureBucket;
  /** Absent until `worker.imageTag` names a pushed image (see `workerImageName`). */
  readonly pool?: gcp.cloudrunv2.WorkerPool;
  /** `projects/<p>/locations/<r>/workerpools/<name>`, as the autoscaler names its target. */
  readonly poolPath?: pulumi.Output<string>;
  /** `<region>-docker.pkg.dev/<project>/<repository>`: where CI pushes the worker image. */
  readonly repositoryUrl: pulumi.Output<string>;
  readonly image?: pulumi.Output<string>;

  constructor(name: string, args: AsyncWorkerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ai-infra:gcp:AsyncWorker", name, {}, opts);
    const { ctx, worker } = args;
    const protect = args.protect ?? false;
    const o = () => childOpts(this, ctx);

    this.repository = new gcp.artifactregistry.Repository(
      `${name}-repository`,
      {
        repositoryId: gcpName(ctx.scope, "worker", nameLimits.repository),
        location: ctx.region,
        format: "DOCKER",
        mode: "STANDARD_REPOSITORY",
        description: "ai-infra async worker images",
        // A tag names one build forever: a rollback or an audit finds the same bytes.
        dockerConfig: { immutableTags: true },
      },
      childOpts(this, ctx, { protect }),
    );
    this.repositoryUrl = this.repository.repositoryId.apply((id) => repositoryUrl(ctx.region, ctx.gcpProject, id));
    const tag = worker.imageTag;
    if (tag) this.image = this.repositoryUrl.apply((url) => workerImageRef(url, tag));

    this.serviceAccount = new gcp.serviceaccount.Account(
      `${name}-sa`,
      { accountId: gcpName(ctx.scope, "worker", nameLimits.serviceAccount), displayName: `ai-infra async worker (${args.stackName}, ${ctx.region})` },
      o(),
    );
    const member = pulumi.interpolate`serviceAccount:${this.serviceAccount.email}`;

    this.results = new SecureBucket(
      `${name}-results`,
      { ctx, bucketName: gcpName(ctx.scope, "results", nameLimits.bucket), retentionDays: args.retentionDays, protect },
      componentOpts(this, ctx),
    );

    // Pull and ack jobs; write results and check whether a result exists (idempotent redelivery);
    // read the gateway key. Nothing else.
    const grants: pulumi.Resource[] = [
      new gcp.pubsub.SubscriptionIAMMember(`${name}-subscriber`, { subscription: args.subscriptionName, role: "roles/pubsub.subscriber", member }, o()),
      new gcp.storage.BucketIAMMember(`${name}-results-writer`, { bucket: this.results.name, role: "roles/storage.objectCreator", member }, o()),
      new gcp.storage.BucketIAMMember(`${name}-results-reader`, { bucket: this.results.name, role: "roles/storage.objectViewer", member }, o()),
      new gcp.secretmanager.SecretIamMember(`${name}-master-key-accessor`, { secretId: args.masterKey.secret.id, role: "roles/secretmanager.secretAccessor", member }, o()),
    ];

    if (!this.image) {
      // The stack output `workerPools` says so for this region (see `regionDetails` in steps.ts).
      this.registerOutputs({ repository: this.repositoryUrl, resultsBucket: this.results.name });
      return;
    }
    this.pool = new gcp.cloudrunv2.WorkerPool(
      `${name}-pool`,
      workerPoolArgs({
        name: gcpName(ctx.scope, "worker", nameLimits.cloudRun),
        region: ctx.region,
        protect,
        worker,
        serviceAccount: this.serviceAccount.email,
        image: this.image,
        envs: workerEnvVars({
          subscription: args.subscriptionId,
          resultsBucket: this.results.name,
          gatewayUrl: args.gatewayUrl,
          apiKeySecret: args.masterKey.secret.secretId,
          apiKeyVersion: args.masterKey.version.version,
          concurrency: workerConcurrency(worker),
          ackDeadlineSeconds: args.ackDeadlineSeconds,
          gatewayTimeoutSeconds: args.gatewayTimeoutSeconds,
        }),
      }),
      // The autoscaler owns the live instance count; a `pulumi up` must not reset it.
      childOpts(this, ctx, { dependsOn: grants, ignoreChanges: ["scaling.manualInstanceCount"] }),
    );
    this.poolPath = pulumi.interpolate`projects/${ctx.gcpProject}/locations/${ctx.region}/workerpools/${this.pool.name}`;
    this.registerOutputs({ pool: this.poolPath, image: this.image, repository: this.repositoryUrl, resultsBucket: this.results.name });
  }
}
