import { createHash } from "node:crypto";
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { stringify } from "yaml";
import type { WorkerConfig } from "../config/model";
import { type ChildExtra, type GcpContext, childOpts } from "./context";
import { gcpName, nameLimits } from "./names";

/**
 * Cloud Run External Metrics Autoscaling (CREMA), Google's KEDA-based autoscaler for Cloud Run,
 * pinned to its published release. Worker pools have no built-in scaling on a queue; CREMA runs
 * KEDA's `gcp-pubsub` scaler against the subscription's backlog and sets the pool's instance
 * count through the Cloud Run Admin API.
 */
export const cremaImage = "us-central1-docker.pkg.dev/cloud-run-oss-images/crema-v1/autoscaler:1.0";

/**
 * The image is built `FROM scratch` for Cloud Run's automatic base image updates: it carries the
 * scaler's jar and binary but no Java runtime, which comes from this base image. Google deploys it
 * with `--base-image=<region>-docker.pkg.dev/serverless-runtimes/google-24/runtimes/java25`
 * (https://github.com/GoogleCloudPlatform/cloud-run-external-metrics-autoscaling#deploy, read
 * 2026-11-30); without it the container has nothing to run. Base images are not published in every
 * region, so the one from Google's instructions is pinned (it holds no data).
 */
export const cremaBaseImage = "us-central1-docker.pkg.dev/serverless-runtimes/google-24/runtimes/java25";

export interface ScalerConfigInput {
  /** `projects/<p>/locations/<r>/workerpools/<name>`. */
  workerPool: string;
  /** `projects/<p>/subscriptions/<name>`. */
  subscription: string;
  minReplicas: number;
  maxReplicas: number;
  /** Undelivered jobs per worker instance the scaler aims for. */
  jobsPerReplica: number;
}

/**
 * The CREMA config (a KEDA ScaledObject and TriggerAuthentication wrapped in a CremaConfig):
 * instances = ceil(backlog / jobsPerReplica) within [min, max]; the first job wakes the pool
 * from zero (activation above 0). Scale-down waits five minutes so a burst of jobs that
 * arrives in waves does not make the pool flap. No `pollingInterval`: Cloud Scheduler invokes
 * CREMA once a minute, so it runs with request-based billing and costs nothing between polls.
 */
export function renderScalerConfig(input: ScalerConfigInput): string {
  return stringify(
    {
      apiVersion: "crema/v1",
      kind: "CremaConfig",
      spec: {
        triggerAuthentications: [{ metadata: { name: "crema-identity" }, spec: { podIdentity: { provider: "gcp" } } }],
        scaledObjects: [
          {
            spec: {
              scaleTargetRef: { name: input.workerPool },
              minReplicaCount: input.minReplicas,
              maxReplicaCount: input.maxReplicas,
              triggers: [
                {
                  type: "gcp-pubsub",
                  name: "job-backlog",
                  metadata: { subscriptionName: input.subscription, mode: "SubscriptionSize", value: String(input.jobsPerReplica), activationValue: "0" },
                  authenticationRef: { name: "crema-identity" },
                },
              ],
              advanced: {
                horizontalPodAutoscalerConfig: {
                  behavior: {
                    scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: "Percent", value: 50, periodSeconds: 60 }] },
                    scaleUp: { stabilizationWindowSeconds: 0, policies: [{ type: "Percent", value: 100, periodSeconds: 60 }] },
                  },
                },
              },
            },
          },
        ],
      },
    },
    { lineWidth: 0 },
  );
}

/** Scales `workerPool` between the worker's min and max replicas on `subscription`'s backlog. */
export interface QueueScalerArgs {
  ctx: GcpContext;
  /** Replica bounds and the backlog per replica (the stack's `worker`). */
  worker: Pick<WorkerConfig, "minReplicas" | "maxReplicas" | "jobsPerReplica">;
  /** The Pulumi stack name, in display names. */
  stackName: string;
  workerPool: pulumi.Input<string>;
  /** The pool's short name, for its IAM binding. */
  workerPoolName: pulumi.Input<string>;
  /** Service account the pool runs as (CREMA must be allowed to act as it when it updates the pool). */
  workerServiceAccount: pulumi.Input<string>;
  subscription: pulumi.Input<string>;
}

/** CREMA's Cloud Run service: request-billed, at most one instance, its config named by version. */
export function scalerServiceArgs(name: string, region: string, serviceAccount: pulumi.Input<string>, configVersion: pulumi.Input<string>): gcp.cloudrunv2.ServiceArgs {
  return {
    name,
    location: region,
    ingress: "INGRESS_TRAFFIC_ALL",
    // Keeps its run.app URL: Cloud Scheduler calls it there, with an OIDC token the invoker IAM
    // check verifies (only the tick's service account holds roles/run.invoker).
    invokerIamDisabled: false,
    deletionProtection: false,
    template: {
      serviceAccount,
      maxInstanceRequestConcurrency: 1,
      timeout: "120s",
      scaling: { minInstanceCount: 0, maxInstanceCount: 1 },
      containers: [
        {
          image: cremaImage,
          baseImageUri: cremaBaseImage,
          resources: { limits: { cpu: "1", memory: "512Mi" }, cpuIdle: true },
          envs: [
            { name: "CREMA_CONFIG", value: configVersion },
            { name: "OUTPUT_SCALER_METRICS", value: "False" },
            { name: "ENABLE_CLOUD_LOGGING", value: "False" },
          ],
        },
      ],
    },
  };
}

/**
 * Scales the worker pool on queue depth: CREMA on Cloud Run, invoked every minute by Cloud
 * Scheduler with an OIDC token (Google's documented request-billed variant, "Setting up Cloud
 * Scheduler to invoke CREMA"), its config in Parameter Manager. CREMA may read Monitoring metrics
 * (the backlog), its config, and update exactly the one worker pool.
 *
 * The parameter is global, as in Google's instructions: CREMA's Parameter Manager client calls
 * the global endpoint (`parametermanager.googleapis.com`, no regional endpoint option), which does
 * not serve regional parameters. It holds only resource names and numbers (no request data).
 */
export class QueueScaler extends pulumi.ComponentResource {
  readonly service: gcp.cloudrunv2.Service;
  readonly parameterVersion: gcp.parametermanager.ParameterVersion;
  readonly job: gcp.cloudscheduler.Job;

  constructor(name: string, args: QueueScalerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ai-infra:gcp:QueueScaler", name, {}, opts);
    const { ctx, worker } = args;
    const o = (extra: ChildExtra = {}) => childOpts(this, ctx, extra);

    const sa = new gcp.serviceaccount.Account(
      `${name}-sa`,
      { accountId: gcpName(ctx.scope, "scaler", nameLimits.serviceAccount), displayName: `ai-infra queue autoscaler (${args.stackName}, ${ctx.region})` },
      o(),
    );
    const member = pulumi.interpolate`serviceAccount:${sa.email}`;

    const parameter = new gcp.parametermanager.Parameter(
      `${name}-config`,
      { parameterId: gcpName(ctx.scope, "scaler", nameLimits.parameter), format: "YAML" },
      o(),
    );
    const config = pulumi
      .all([args.workerPool, args.subscription])
      .apply(([workerPool, subscription]) =>
        renderScalerConfig({ workerPool, subscription, minReplicas: worker.minReplicas, maxReplicas: worker.maxReplicas, jobsPerReplica: worker.jobsPerReplica }),
      );
    // A version is immutable; a changed config becomes a new version id, and CREMA follows it
    // because its env names the version.
    this.parameterVersion = new gcp.parametermanager.ParameterVersion(
      `${name}-config-version`,
      { parameter: parameter.id, parameterVersionId: config.apply((c) => `v-${createHash("sha256").update(c).digest("hex").slice(0, 12)}`), parameterData: config },
      o(),
    );

    const grants: pulumi.Resource[] = [
      new gcp.projects.IAMMember(`${name}-config-viewer`, { project: ctx.gcpProject, role: "roles/parametermanager.parameterViewer", member }, o()),
      new gcp.projects.IAMMember(`${name}-metrics-viewer`, { project: ctx.gcpProject, role: "roles/monitoring.viewer", member }, o()),
      new gcp.cloudrunv2.WorkerPoolIamMember(
        `${name}-pool-developer`,
        { name: args.workerPoolName, location: ctx.region, role: "roles/run.developer", member },
        o(),
      ),
      new gcp.serviceaccount.IAMMember(
        `${name}-act-as-worker`,
        { serviceAccountId: pulumi.interpolate`projects/${ctx.gcpProject}/serviceAccounts/${args.workerServiceAccount}`, role: "roles/iam.serviceAccountUser", member },
        o(),
      ),
    ];

    this.service = new gcp.cloudrunv2.Service(
      `${name}-service`,
      scalerServiceArgs(gcpName(ctx.scope, "scaler", nameLimits.cloudRun), ctx.region, sa.email, this.parameterVersion.id),
      o({ dependsOn: grants }),
    );

    const schedulerSa = new gcp.serviceaccount.Account(
      `${name}-scheduler-sa`,
      { accountId: gcpName(ctx.scope, "scaler-tick", nameLimits.serviceAccount), displayName: `ai-infra autoscaler tick (${args.stackName}, ${ctx.region})` },
      o(),
    );
    const invoker = new gcp.cloudrunv2.ServiceIamMember(
      `${name}-invoker`,
      { name: this.service.name, location: ctx.region, role: "roles/run.invoker", member: pulumi.interpolate`serviceAccount:${schedulerSa.email}` },
      o(),
    );
    this.job = new gcp.cloudscheduler.Job(
      `${name}-tick`,
      {
        name: gcpName(ctx.scope, "scaler-tick", 500),
        region: ctx.region,
        schedule: "* * * * *",
        timeZone: "Etc/UTC",
        attemptDeadline: "120s",
        httpTarget: {
          uri: this.service.uri,
          httpMethod: "POST",
          oidcToken: { serviceAccountEmail: schedulerSa.email, audience: this.service.uri },
        },
      },
      o({ dependsOn: [invoker] }),
    );
    this.registerOutputs({ service: this.service.uri, config: this.parameterVersion.id });
  }
}
