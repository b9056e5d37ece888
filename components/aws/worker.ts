import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { QueueConfig, WorkerConfig } from "../config/model";
import { fargateSize, fargateTaskArgs, logRetentionDays } from "./llm-gateway";
import { readSecretsPolicy, assumeRolePolicy, ecsExecutionManagedPolicy, policyDocument } from "./iam";
import { type NameScope, shortName } from "./names";
import { resultsPrefix } from "./queue";

/**
 * The worker image tag deployed: the worker package's version (worker/package.json). Tags are
 * immutable in the repository, so a tag names exactly one build; CI pushes `<repo>:<version>`.
 */
export const workerImageTag = "0.1.0";

/** The worker's heartbeat keeps extending visibility; it accepts at most 600 s per extension. */
export const workerMaxVisibilitySeconds = 600;

export interface WorkerEnvInputs {
  region: string;
  queueUrl: string;
  resultsBucket: string;
  gatewayUrl: string;
  worker: WorkerConfig;
  queue: QueueConfig;
  gatewayTimeoutSeconds: number;
}

/**
 * Jobs one worker process runs at once. The work is waiting on the gateway, not computing, so
 * a quarter vCPU comfortably keeps 4 requests in flight; scale linearly with the task's CPU.
 */
export function workerConcurrency(cpu: number): number {
  return Math.min(100, Math.max(1, Math.round(cpu * 16)));
}

/** The worker's environment contract (see worker/config.ts): names and settings only, no secrets. */
export function workerEnvironment(i: WorkerEnvInputs): { name: string; value: string }[] {
  const env: Record<string, string> = {
    WORKER_CLOUD: "aws",
    AWS_REGION: i.region,
    QUEUE_URL: i.queueUrl,
    RESULTS_BUCKET: i.resultsBucket,
    RESULTS_PREFIX: resultsPrefix,
    GATEWAY_URL: i.gatewayUrl,
    GATEWAY_TIMEOUT_SECONDS: String(i.gatewayTimeoutSeconds),
    CONCURRENCY: String(workerConcurrency(i.worker.cpu)),
    VISIBILITY_TIMEOUT_SECONDS: String(Math.min(i.queue.visibilityTimeoutSeconds, workerMaxVisibilitySeconds)),
    // ECS sends SIGTERM and kills 30 s later (default stopTimeout); finish or release jobs before.
    SHUTDOWN_GRACE_SECONDS: "20",
  };
  return Object.keys(env)
    .sort()
    .map((name) => ({ name, value: env[name]! }));
}

/**
 * Scale-out steps on visible jobs (alarm threshold 1 visible job): one more replica per
 * `jobsPerReplica` jobs waiting, at most a few steps (the service's max caps the total anyway).
 * Bounds are relative to the threshold, as Application Auto Scaling defines them.
 */
export function workerScaleOutSteps(jobsPerReplica: number, maxReplicas: number): { lower: number; upper?: number; add: number }[] {
  const n = Math.max(1, Math.min(maxReplicas, 5));
  return Array.from({ length: n }, (_, k) => ({
    lower: k * jobsPerReplica,
    ...(k === n - 1 ? {} : { upper: (k + 1) * jobsPerReplica }),
    add: k + 1,
  }));
}

/**
 * The worker may receive, extend and delete messages of its one queue, and read and write
 * results under `results/` (ListBucket on that prefix so a missing result is a 404, not a 403).
 */
export function workerTaskPolicy(queueArn: string, resultsBucketArn: string): string {
  return policyDocument([
    {
      Sid: "ConsumeJobs",
      Effect: "Allow",
      Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"],
      Resource: queueArn,
    },
    { Sid: "WriteResults", Effect: "Allow", Action: ["s3:PutObject", "s3:GetObject"], Resource: `${resultsBucketArn}/${resultsPrefix}*` },
    { Sid: "FindResults", Effect: "Allow", Action: "s3:ListBucket", Resource: resultsBucketArn, Condition: { StringLike: { "s3:prefix": `${resultsPrefix}*` } } },
  ]);
}

export interface AsyncWorkerArgs {
  /** Size, replicas and jobs per replica (`worker`). */
  worker: WorkerConfig;
  /** The queue's settings (`queue`): the worker's visibility handling. */
  queueConfig: QueueConfig;
  /** The gateway's timeout (`gateway.timeoutSeconds`): the worker waits as long for an answer. */
  gatewayTimeoutSeconds: number;
  /** Days the container logs are kept. */
  retentionDays: number;
  /** Project, stack and region: the task family's name. */
  names: NameScope;
  clusterArn: pulumi.Input<string>;
  clusterName: pulumi.Input<string>;
  vpcId: pulumi.Input<string>;
  subnetIds: pulumi.Input<string>[];
  queue: { url: pulumi.Input<string>; arn: pulumi.Input<string>; name: pulumi.Input<string> };
  results: { bucket: pulumi.Input<string>; arn: pulumi.Input<string> };
  /** The gateway inside the VPC (internal NLB). */
  gatewayUrl: pulumi.Input<string>;
  /** Secrets Manager ARN of the gateway's key, given to the worker as `GATEWAY_API_KEY`. */
  gatewayKeySecretArn: pulumi.Input<string>;
}

/**
 * The async worker: an ECS Fargate service running the worker image from this region's ECR
 * repository, scaled on the queue's depth from `worker.minReplicas` (0 is allowed: nothing runs
 * while the queue is empty) to `worker.maxReplicas`.
 */
export class AsyncWorker extends pulumi.ComponentResource {
  readonly repositoryUrl: pulumi.Output<string>;
  readonly serviceName: pulumi.Output<string>;
  readonly securityGroupId: pulumi.Output<string>;

  constructor(name: string, args: AsyncWorkerArgs, opts: pulumi.ComponentResourceOptions) {
    super("ai-infra:aws:AsyncWorker", name, {}, opts);
    const o = { parent: this, provider: opts.provider };
    const { worker: w, queueConfig: q, names } = args;
    const region = names.region;

    const repo = this.repository(name, o);

    const sg = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      {
        vpcId: args.vpcId,
        description: "Async worker: no inbound; out to SQS, S3, ECR and the gateway",
        egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], description: "AWS APIs and the gateway" }],
      },
      o,
    );
    const logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, { retentionInDays: logRetentionDays(args.retentionDays) }, o);
    const { execRole, taskRole } = this.roles(name, args, o);

    const size = fargateSize(w.cpu, w.memoryMiB);
    const containerDefinitions = pulumi
      .all([repo.repositoryUrl, args.queue.url, args.results.bucket, args.gatewayUrl, logGroup.name, args.gatewayKeySecretArn])
      .apply(([repoUrl, queueUrl, resultsBucket, gatewayUrl, logGroupName, gatewayKeyArn]) =>
        JSON.stringify([
          {
            name: "worker",
            image: `${repoUrl}:${workerImageTag}`,
            essential: true,
            environment: workerEnvironment({ region, queueUrl, resultsBucket, gatewayUrl, worker: w, queue: q, gatewayTimeoutSeconds: args.gatewayTimeoutSeconds }),
            // The key as an ECS secret: the task definition holds its ARN only.
            secrets: [{ name: "GATEWAY_API_KEY", valueFrom: gatewayKeyArn }],
            stopTimeout: 30,
            logConfiguration: {
              logDriver: "awslogs",
              options: { "awslogs-group": logGroupName, "awslogs-region": region, "awslogs-stream-prefix": "worker" },
            },
          },
        ]),
      );
    const task = new aws.ecs.TaskDefinition(
      `${name}-task`,
      fargateTaskArgs({ family: shortName(args.names, "worker", 255), size, executionRoleArn: execRole.arn, taskRoleArn: taskRole.arn, containerDefinitions }),
      o,
    );
    const service = new aws.ecs.Service(
      `${name}-service`,
      {
        // Auto-named: a replacement starts beside the old service instead of clashing with its name.
        cluster: args.clusterArn,
        launchType: "FARGATE",
        taskDefinition: task.arn,
        desiredCount: w.minReplicas,
        // Private subnets, no public IP: SQS, ECR and Secrets Manager through the network's NAT, S3 through its endpoint.
        networkConfiguration: { subnets: args.subnetIds, securityGroups: [sg.id], assignPublicIp: false },
        deploymentCircuitBreaker: { enable: true, rollback: true },
        propagateTags: "SERVICE",
      },
      { ...o, ignoreChanges: ["desiredCount"] },
    );

    this.scaling(name, args, service, o);

    this.repositoryUrl = repo.repositoryUrl;
    this.serviceName = service.name;
    this.securityGroupId = sg.id;
    this.registerOutputs({ repositoryUrl: this.repositoryUrl, serviceName: this.serviceName });
  }

  /** The worker image's repository: immutable tags, scanned on push, the last 20 images kept. */
  private repository(name: string, o: pulumi.CustomResourceOptions): aws.ecr.Repository {
    const repo = new aws.ecr.Repository(
      `${name}-repo`,
      {
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfigurations: [{ encryptionType: "AES256" }],
        forceDelete: false,
      },
      o,
    );
    new aws.ecr.LifecyclePolicy(
      `${name}-repo-lifecycle`,
      {
        repository: repo.name,
        policy: JSON.stringify({
          rules: [{ rulePriority: 1, description: "keep the last 20 images", selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 20 }, action: { type: "expire" } }],
        }),
      },
      o,
    );
    return repo;
  }

  /** The execution role (pulls the image, reads the gateway key) and the task role (the queue and the results). */
  private roles(name: string, args: AsyncWorkerArgs, o: pulumi.CustomResourceOptions) {
    const execRole = new aws.iam.Role(`${name}-execution-role`, { assumeRolePolicy: assumeRolePolicy("ecs-tasks.amazonaws.com") }, o);
    new aws.iam.RolePolicyAttachment(`${name}-execution-managed`, { role: execRole.name, policyArn: ecsExecutionManagedPolicy }, o);
    new aws.iam.RolePolicy(
      `${name}-execution-secrets`,
      { role: execRole.id, policy: pulumi.output(args.gatewayKeySecretArn).apply((arn) => readSecretsPolicy([arn])) },
      o,
    );
    const taskRole = new aws.iam.Role(`${name}-task-role`, { assumeRolePolicy: assumeRolePolicy("ecs-tasks.amazonaws.com") }, o);
    new aws.iam.RolePolicy(
      `${name}-task-policy`,
      { role: taskRole.id, policy: pulumi.all([args.queue.arn, args.results.arn]).apply(([qa, ra]) => workerTaskPolicy(qa, ra)) },
      o,
    );
    return { execRole, taskRole };
  }

  /** Step scaling on the queue's depth: out while jobs wait, back to the minimum once none waits or runs. */
  private scaling(name: string, args: AsyncWorkerArgs, service: aws.ecs.Service, o: pulumi.CustomResourceOptions): void {
    const w = args.worker;
    const target = new aws.appautoscaling.Target(
      `${name}-scaling`,
      {
        serviceNamespace: "ecs",
        scalableDimension: "ecs:service:DesiredCount",
        resourceId: pulumi.interpolate`service/${args.clusterName}/${service.name}`,
        minCapacity: w.minReplicas,
        maxCapacity: w.maxReplicas,
      },
      o,
    );
    const scaleOut = new aws.appautoscaling.Policy(
      `${name}-scale-out`,
      {
        policyType: "StepScaling",
        serviceNamespace: target.serviceNamespace,
        scalableDimension: target.scalableDimension,
        resourceId: target.resourceId,
        stepScalingPolicyConfiguration: {
          adjustmentType: "ChangeInCapacity",
          cooldown: 60,
          metricAggregationType: "Maximum",
          stepAdjustments: workerScaleOutSteps(w.jobsPerReplica, w.maxReplicas).map((s) => ({
            metricIntervalLowerBound: String(s.lower),
            ...(s.upper === undefined ? {} : { metricIntervalUpperBound: String(s.upper) }),
            scalingAdjustment: s.add,
          })),
        },
      },
      o,
    );
    const scaleIn = new aws.appautoscaling.Policy(
      `${name}-scale-in`,
      {
        policyType: "StepScaling",
        serviceNamespace: target.serviceNamespace,
        scalableDimension: target.scalableDimension,
        resourceId: target.resourceId,
        stepScalingPolicyConfiguration: {
          adjustmentType: "ExactCapacity",
          cooldown: 300,
          metricAggregationType: "Maximum",
          stepAdjustments: [{ metricIntervalUpperBound: "0", scalingAdjustment: w.minReplicas }],
        },
      },
      o,
    );
    new aws.cloudwatch.MetricAlarm(
      `${name}-backlog`,
      {
        alarmDescription: "Jobs are waiting: add worker replicas",
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        dimensions: { QueueName: args.queue.name },
        statistic: "Maximum",
        period: 60,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        treatMissingData: "notBreaching",
        alarmActions: [scaleOut.arn],
      },
      o,
    );
    // Scale in only when nothing is waiting AND nothing is in flight: visible alone drops to 0 as
    // soon as workers take the jobs, and scaling in then would kill them mid-job.
    new aws.cloudwatch.MetricAlarm(
      `${name}-idle`,
      {
        alarmDescription: "Queue empty and no job in flight: back to the minimum",
        comparisonOperator: "LessThanOrEqualToThreshold",
        threshold: 0,
        evaluationPeriods: 10,
        datapointsToAlarm: 10,
        treatMissingData: "notBreaching",
        metricQueries: [
          {
            id: "visible",
            metric: { namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", dimensions: { QueueName: args.queue.name }, stat: "Maximum", period: 60 },
          },
          {
            id: "inflight",
            metric: { namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesNotVisible", dimensions: { QueueName: args.queue.name }, stat: "Maximum", period: 60 },
          },
          { id: "outstanding", expression: "visible + inflight", label: "jobs waiting or in flight", returnData: true },
        ],
        alarmActions: [scaleIn.arn],
      },
      o,
    );
  }
}
