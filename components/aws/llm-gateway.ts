import { createHash } from "node:crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { gatewayEnv, gatewayProcessEnv, providerKeyEnv } from "../gateway/render";
import { litellmImageRef } from "../gateway/versions";
import type { GatewayConfig } from "../config/model";
import { logPrefixes } from "./bucket";
import { hookObjectKey, hooksCallbackEnv, hooksRemoteCallback } from "../gateway/hooks";
import { coldCacheStatements } from "./cache-cold";
import { assumeRolePolicy, ecsExecutionManagedPolicy, policyDocument, readSecretsPolicy, type Statement } from "./iam";
import { secretArnOfRef } from "./database";
import { type NameScope, shortName } from "./names";
import { fargateTaskSizes, lbNamePrefixMax, logRetentionChoices } from "../config/facts/aws";

/** LiteLLM's default port; the security group, target group and container all use it. */
export const gatewayPort = 4000;
/** Port of the internal NLB's listener (the VPC link and the worker call it). */
export const gatewayListenerPort = 80;
/** LiteLLM's liveness endpoint: answers without calling any provider, so a provider outage does not kill tasks. */
export const gatewayHealthPath = "/health/liveliness";
export const gatewayContainerName = "litellm";
/** Object key of the rendered config inside the request-log bucket. */
export const gatewayConfigKey = `${logPrefixes.config}litellm.yaml`;
/** Average CPU the gateway service is kept at by target tracking. */
export const gatewayCpuTarget = 60;

/** The shortest allowed CloudWatch retention that keeps logs at least `days`. */
export function logRetentionDays(days: number): number {
  return logRetentionChoices.find((c) => c >= days) ?? 3653;
}

/**
 * Fargate task size from the spec. The spec has already refused sizes Fargate does not offer
 * (`facts/aws.ts` `fargateTaskSizes`); nothing is rounded here, so the task runs with exactly the
 * size the stack file names.
 */
export function fargateSize(vcpu: number, memoryMiB: number): { cpu: string; memory: string } {
  const size = fargateTaskSizes.find((s) => s.vcpu === vcpu);
  if (!size || memoryMiB < size.minMiB || memoryMiB > size.maxMiB) {
    throw new Error(`Fargate offers no task of ${vcpu} vCPU with ${memoryMiB} MiB (see fargateTaskSizes)`);
  }
  return { cpu: String(size.cpuUnits), memory: String(memoryMiB) };
}

/**
 * LiteLLM worker processes per task: one per vCPU (at least one). One process measured about
 * 75 requests/s on one core (bench/README.md, "gateway"); a task with more vCPUs than processes
 * would leave the extra cores idle.
 */
export function gatewayWorkers(vcpu: number): number {
  return Math.max(1, Math.floor(vcpu));
}

/**
 * The task definition settings every Fargate service of the kit shares: x86 Linux, awsvpc
 * networking (each task its own ENI and security group), sized by `fargateSize`.
 */
export function fargateTaskArgs(a: {
  family: string;
  size: { cpu: string; memory: string };
  executionRoleArn: pulumi.Input<string>;
  taskRoleArn: pulumi.Input<string>;
  containerDefinitions: pulumi.Input<string>;
}): aws.ecs.TaskDefinitionArgs {
  return {
    family: a.family,
    requiresCompatibilities: ["FARGATE"],
    networkMode: "awsvpc",
    cpu: a.size.cpu,
    memory: a.size.memory,
    runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
    executionRoleArn: a.executionRoleArn,
    taskRoleArn: a.taskRoleArn,
    containerDefinitions: a.containerDefinitions,
  };
}

export interface KeyValue {
  name: string;
  value: string;
}
export interface SecretRef {
  name: string;
  valueFrom: string;
}

export interface GatewayEnvironmentInputs {
  region: string;
  logBucket: string;
  configBucket: string;
  configHash: string;
  /** More plain variables, e.g. the cache endpoint at growth. */
  extra?: Record<string, string>;
}

/**
 * The container's plain environment: only resource names, never a secret. LiteLLM reads its
 * config from S3 at start (`LITELLM_CONFIG_BUCKET_*`); the config's hash is carried as a variable
 * so that a changed config yields a new task definition revision and a rolling restart.
 */
export function gatewayEnvironment(i: GatewayEnvironmentInputs): KeyValue[] {
  const env: Record<string, string> = {
    AWS_REGION: i.region,
    LITELLM_CONFIG_BUCKET_NAME: i.configBucket,
    LITELLM_CONFIG_BUCKET_OBJECT_KEY: gatewayConfigKey,
    AI_INFRA_CONFIG_SHA256: i.configHash,
    [gatewayEnv.logBucket]: i.logBucket,
    [gatewayEnv.logRegion]: i.region,
    ...gatewayProcessEnv,
    ...(i.extra ?? {}),
  };
  return Object.keys(env)
    .sort()
    .map((name) => ({ name, value: env[name]! }));
}

/** Provider keys (and other secrets) as ECS `secrets`: the task definition holds ARNs only. */
export function gatewaySecrets(providerSecretArns: Record<string, string>, extra: Record<string, string> = {}): SecretRef[] {
  const refs = Object.entries(providerSecretArns).map(([provider, arn]) => ({ name: providerKeyEnv(provider), valueFrom: arn }));
  refs.push(...Object.entries(extra).map(([name, arn]) => ({ name, valueFrom: arn })));
  return refs.sort((a, b) => a.name.localeCompare(b.name));
}

export interface GatewayContainerInputs {
  image: string;
  /** LiteLLM worker processes (`gatewayWorkers`). */
  workers?: number;
  environment: KeyValue[];
  secrets: SecretRef[];
  logGroup: string;
  region: string;
}

/** The LiteLLM container definition (ECS JSON). */
export function gatewayContainerDefinitions(i: GatewayContainerInputs): string {
  return JSON.stringify([
    {
      name: gatewayContainerName,
      image: i.image,
      essential: true,
      command: ["--port", String(gatewayPort), "--num_workers", String(i.workers ?? 1)],
      portMappings: [{ containerPort: gatewayPort, protocol: "tcp" }],
      environment: i.environment,
      secrets: i.secrets,
      // The image ships Python but not necessarily curl; probe with what is certainly there.
      healthCheck: {
        command: [
          "CMD-SHELL",
          `python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:${gatewayPort}${gatewayHealthPath}', timeout=4)" || exit 1`,
        ],
        interval: 30,
        timeout: 5,
        retries: 3,
        startPeriod: 60,
      },
      logConfiguration: {
        logDriver: "awslogs",
        options: { "awslogs-group": i.logGroup, "awslogs-region": i.region, "awslogs-stream-prefix": "gateway" },
      },
      // LiteLLM writes the config it fetched from S3 to a temporary file before loading it.
      readonlyRootFilesystem: false,
    },
  ]);
}

export interface GatewayTaskPolicyInputs {
  logBucketArn: string;
  configObjectArn: string;
  /** Bedrock providers are called with the task role's credentials instead of a key. */
  bedrock: boolean;
  /**
   * Regions whose Bedrock models the task may invoke: the stack's jurisdiction's regions (a
   * cross-region inference profile such as `eu.*` routes to models in several of them), `["*"]`
   * only for jurisdiction `global`. See `bedrockRegions`.
   */
  bedrockRegions?: readonly string[];
  /** Customer-managed key of the request log (`logging.customerManagedKey`). */
  logKeyArn?: string;
  /** The cold cache tier's bucket (`cache.tiers.cold`), when the stack has one. */
  coldCacheBucketArn?: string;
  /** The hooks' module objects beside the config (`cache.tiers`, `prompts`), read at start like the config. */
  hookModuleArns?: readonly string[];
  /** The stack's Bedrock Provisioned Throughputs (`dedicated`): invoked by exactly these ARNs. */
  provisionedModelArns?: readonly string[];
}

/**
 * Bedrock resources the gateway may invoke: foundation models and inference profiles in the
 * jurisdiction's regions only. IAM for a cross-region inference profile needs the profile and
 * the foundation model in every region it routes to
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-prereq.html, read 2026-11-30).
 */
export function bedrockResources(regions: readonly string[]): string[] {
  return regions.flatMap((r) => [`arn:aws:bedrock:${r}::foundation-model/*`, `arn:aws:bedrock:${r}:*:inference-profile/*`]);
}

/**
 * What the running gateway may do: write request logs under `requests/` and read its one config
 * object. No list, no delete, no read of the logs it wrote (a compromised gateway cannot read
 * past conversations back out).
 */
export function gatewayTaskPolicy(i: GatewayTaskPolicyInputs): string {
  const statements: Statement[] = [
    { Sid: "WriteRequestLogs", Effect: "Allow", Action: "s3:PutObject", Resource: `${i.logBucketArn}/${logPrefixes.requests}*` },
    { Sid: "ReadGatewayConfig", Effect: "Allow", Action: "s3:GetObject", Resource: i.hookModuleArns?.length ? [i.configObjectArn, ...i.hookModuleArns] : i.configObjectArn },
  ];
  if (i.bedrock) {
    statements.push({
      Sid: "InvokeBedrockModels",
      Effect: "Allow",
      Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
      Resource: bedrockResources(i.bedrockRegions ?? ["*"]),
    });
  }
  if (i.coldCacheBucketArn) statements.push(...coldCacheStatements(i.coldCacheBucketArn));
  if (i.provisionedModelArns && i.provisionedModelArns.length > 0) {
    // The provisioned model is its own resource in IAM: the grant names each ARN, no wildcard.
    // https://docs.aws.amazon.com/bedrock/latest/userguide/prov-thru-prereq.html
    statements.push({
      Sid: "InvokeProvisionedThroughput",
      Effect: "Allow",
      Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
      Resource: [...i.provisionedModelArns].sort(),
    });
  }
  if (i.logKeyArn) {
    // SSE-KMS with a customer key: writing a log and reading the config both use the key.
    statements.push({ Sid: "UseRequestLogKey", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: i.logKeyArn });
  }
  return policyDocument(statements);
}

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

export interface LlmGatewayArgs {
  /** LiteLLM's rendered config (`renderGatewayConfig`), stored beside the request log. */
  config: string;
  /** Size, replicas and timeout (`gateway`). */
  gateway: GatewayConfig;
  /** Days the container logs are kept (rounded up to a CloudWatch retention). */
  retentionDays: number;
  /**
   * Regions whose Bedrock models the task role may invoke (see `bedrockRegions`); absent: no
   * provider is Bedrock and the role gets no Bedrock grant.
   */
  bedrockRegions?: readonly string[];
  /** The stack's Bedrock Provisioned Throughputs in this region, by ARN (`dedicated`): the task role may invoke exactly these. */
  provisionedModelArns?: pulumi.Input<string>[];
  /** Project, stack and region: the task family's name. */
  names: NameScope;
  clusterArn: pulumi.Input<string>;
  clusterName: pulumi.Input<string>;
  vpcId: pulumi.Input<string>;
  /** Where tasks run: private subnets, out through the network's NAT gateway; no public IP. */
  taskSubnetIds: pulumi.Input<string>[];
  /** Where the internal NLB sits. */
  lbSubnetIds: pulumi.Input<string>[];
  /** The tasks' security group: the gateway port from the NLB's security group only. */
  securityGroupId: pulumi.Input<string>;
  /** The NLB's own security group (see `Network.nlbSecurityGroupId`). */
  nlbSecurityGroupId: pulumi.Input<string>;
  /** Customer-managed KMS key of the request-log bucket, when the stack asks for one. */
  logKeyArn?: pulumi.Input<string>;
  logBucket: { bucket: pulumi.Input<string>; arn: pulumi.Input<string> };
  /**
   * The kit's gateway hooks (`cache.tiers`, `prompts`): their Python modules, the loader first,
   * uploaded beside the config object; LiteLLM downloads and imports them at start
   * (`AI_INFRA_HOOKS_CALLBACK`, the loader's `s3://` URL; components/gateway/hooks.ts).
   */
  hookModules?: { module: string; source: string }[];
  /** The cold cache tier's bucket (`cache.tiers.cold`): the task role may read and write cached answers in it. */
  coldCacheBucket?: { bucket: pulumi.Input<string>; arn: pulumi.Input<string> };
  /** Provider name → Secrets Manager ARN. */
  providerSecretArns: Record<string, pulumi.Input<string>>;
  /** More plain environment (cache endpoint at growth). */
  extraEnvironment?: Record<string, pulumi.Input<string>>;
  /**
   * More secret environment: variable → ECS `valueFrom` (a Secrets Manager ARN, or `<arn>:<json-key>::`
   * for one key of a JSON secret): the cache password and the keys database's password at growth.
   */
  extraSecrets?: Record<string, pulumi.Input<string>>;
}

function allRecord(r: Record<string, pulumi.Input<string>>): pulumi.Output<Record<string, string>> {
  return pulumi.output(r) as pulumi.Output<Record<string, string>>;
}

/**
 * LiteLLM on ECS Fargate behind an internal NLB (the only target type REST API VPC links take).
 * Autoscaled on CPU between the spec's min and max replicas.
 */
export class LlmGateway extends pulumi.ComponentResource {
  readonly nlbArn: pulumi.Output<string>;
  readonly nlbDnsName: pulumi.Output<string>;
  readonly nlbArnSuffix: pulumi.Output<string>;
  readonly targetGroupArnSuffix: pulumi.Output<string>;
  readonly serviceName: pulumi.Output<string>;
  readonly logGroupName: pulumi.Output<string>;
  readonly taskRoleArn: pulumi.Output<string>;
  readonly configObjectKey: string = gatewayConfigKey;
  /** URL of the gateway inside the VPC (the async worker calls it). */
  readonly internalUrl: pulumi.Output<string>;

  constructor(name: string, args: LlmGatewayArgs, opts: pulumi.ComponentResourceOptions) {
    super("ai-infra:aws:LlmGateway", name, {}, opts);
    const o = { parent: this, provider: opts.provider };
    const { gateway, names } = args;
    const region = names.region;
    const configText = args.config;
    const configObject = new aws.s3.BucketObjectv2(
      `${name}-config`,
      { bucket: args.logBucket.bucket, key: gatewayConfigKey, content: configText, contentType: "application/yaml" },
      o,
    );
    const configObjectArn = pulumi.interpolate`${args.logBucket.arn}/${gatewayConfigKey}`;
    // The hooks' modules, beside the config and read the same way (see hooksCallbackEnv); one object each
    // (https://www.pulumi.com/registry/packages/aws/api-docs/s3/bucketobjectv2/).
    const hooks = args.hookModules ?? [];
    const hookKeys = hooks.map((m) => hookObjectKey(logPrefixes.config, m));
    const hookObjects = hooks.map((m, i) =>
      new aws.s3.BucketObjectv2(`${name}-${m.module.replace(/^ai_infra_/, "").replace(/_/g, "-")}-module`, { bucket: args.logBucket.bucket, key: hookKeys[i]!, content: m.source, contentType: "text/x-python" }, o),
    );
    const hookArns = hookKeys.map((k) => pulumi.interpolate`${args.logBucket.arn}/${k}`);

    const logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, { retentionInDays: logRetentionDays(args.retentionDays) }, o);

    const { execRole, taskRole } = this.roles(name, args, configObjectArn, hookArns, o);

    const size = fargateSize(gateway.cpu, gateway.memoryMiB);
    const containerDefinitions = pulumi
      .all([args.logBucket.bucket, allRecord(args.providerSecretArns), allRecord(args.extraSecrets ?? {}), allRecord(args.extraEnvironment ?? {}), logGroup.name])
      .apply(([logBucket, providerArns, extraSecrets, extraEnv, logGroupName]) =>
        gatewayContainerDefinitions({
          image: litellmImageRef(),
          workers: gatewayWorkers(gateway.cpu),
          region,
          logGroup: logGroupName,
          environment: gatewayEnvironment({
            region,
            logBucket,
            configBucket: logBucket,
            // The modules are part of what a task loads at start: a change to one rolls the tasks too.
            configHash: sha256(configText + hooks.map((m) => m.source).join("")),
            extra: hooks.length > 0 ? { ...extraEnv, [hooksCallbackEnv]: hooksRemoteCallback("s3", logBucket, logPrefixes.config) } : extraEnv,
          }),
          secrets: gatewaySecrets(providerArns, extraSecrets),
        }),
      );
    const taskDefinition = new aws.ecs.TaskDefinition(
      `${name}-task`,
      fargateTaskArgs({ family: shortName(args.names, "gateway", 255), size, executionRoleArn: execRole.arn, taskRoleArn: taskRole.arn, containerDefinitions }),
      // The config (and the tiers' module) must be in place before a task reads it at start.
      { ...o, dependsOn: [configObject, ...hookObjects] },
    );

    const { nlb, targetGroup, listener } = this.loadBalancer(name, args, o);

    const service = new aws.ecs.Service(
      `${name}-service`,
      {
        // Auto-named (`<logical>-<7 hex>`): a replacement runs beside the old service instead of clashing with its name.
        cluster: args.clusterArn,
        launchType: "FARGATE",
        taskDefinition: taskDefinition.arn,
        desiredCount: gateway.minReplicas,
        networkConfiguration: { subnets: args.taskSubnetIds, securityGroups: [args.securityGroupId], assignPublicIp: false },
        loadBalancers: [{ targetGroupArn: targetGroup.arn, containerName: gatewayContainerName, containerPort: gatewayPort }],
        healthCheckGracePeriodSeconds: 90,
        deploymentCircuitBreaker: { enable: true, rollback: true },
        deploymentMinimumHealthyPercent: 100,
        deploymentMaximumPercent: 200,
        propagateTags: "SERVICE",
      },
      // The autoscaler owns the running count after creation.
      { ...o, dependsOn: [listener], ignoreChanges: ["desiredCount"] },
    );

    this.scaling(name, args, service, o);

    this.nlbArn = nlb.arn;
    this.nlbDnsName = nlb.dnsName;
    this.nlbArnSuffix = nlb.arnSuffix;
    this.targetGroupArnSuffix = targetGroup.arnSuffix;
    this.serviceName = service.name;
    this.logGroupName = logGroup.name;
    this.taskRoleArn = taskRole.arn;
    this.internalUrl = pulumi.interpolate`http://${nlb.dnsName}`;
    this.registerOutputs({
      nlbArn: this.nlbArn,
      nlbDnsName: this.nlbDnsName,
      serviceName: this.serviceName,
      logGroupName: this.logGroupName,
      internalUrl: this.internalUrl,
    });
  }

  /** The execution role (pulls the image, reads the secrets) and the task role (writes the log, reads the config, calls Bedrock). */
  private roles(name: string, args: LlmGatewayArgs, configObjectArn: pulumi.Output<string>, hookArns: pulumi.Output<string>[], o: pulumi.CustomResourceOptions) {
    const execRole = new aws.iam.Role(`${name}-execution-role`, { assumeRolePolicy: assumeRolePolicy("ecs-tasks.amazonaws.com") }, o);
    new aws.iam.RolePolicyAttachment(`${name}-execution-managed`, { role: execRole.name, policyArn: ecsExecutionManagedPolicy }, o);
    const secretArns = { ...args.providerSecretArns, ...(args.extraSecrets ?? {}) };
    if (Object.keys(secretArns).length > 0) {
      new aws.iam.RolePolicy(
        `${name}-execution-secrets`,
        // A `valueFrom` naming a JSON key (`<arn>:password::`, the keys database's password) is
        // granted on its secret's ARN: IAM matches the secret, not the key inside it.
        { role: execRole.id, policy: allRecord(secretArns).apply((r) => readSecretsPolicy([...new Set(Object.values(r).map(secretArnOfRef))])) },
        o,
      );
    }

    const taskRole = new aws.iam.Role(`${name}-task-role`, { assumeRolePolicy: assumeRolePolicy("ecs-tasks.amazonaws.com") }, o);
    const bedrockRegions = args.bedrockRegions;
    const bedrock = bedrockRegions !== undefined;
    new aws.iam.RolePolicy(
      `${name}-task-policy`,
      {
        role: taskRole.id,
        policy: pulumi
          .all([args.logBucket.arn, configObjectArn, args.logKeyArn ?? "", args.coldCacheBucket?.arn ?? "", pulumi.all(hookArns), pulumi.output(args.provisionedModelArns ?? [])])
          .apply(([logBucketArn, cfgArn, logKeyArn, coldCacheBucketArn, hookModuleArns, provisionedModelArns]) =>
            gatewayTaskPolicy({
              logBucketArn,
              configObjectArn: cfgArn,
              ...(hookModuleArns.length > 0 ? { hookModuleArns } : {}),
              bedrock,
              ...(bedrockRegions ? { bedrockRegions } : {}),
              ...(logKeyArn ? { logKeyArn } : {}),
              ...(coldCacheBucketArn ? { coldCacheBucketArn } : {}),
              ...(provisionedModelArns.length > 0 ? { provisionedModelArns } : {}),
            }),
          ),
      },
      o,
    );
    return { execRole, taskRole };
  }

  /** The internal NLB (the only target REST API VPC links take), its target group and listener. */
  private loadBalancer(name: string, args: LlmGatewayArgs, o: pulumi.CustomResourceOptions) {
    // Load balancer and target group names: a prefix, the provider adds a unique id. A fixed name
    // (32 characters at most) would clash when a change replaces them create-before-delete, and
    // Pulumi's auto-name does not fit: the logical name plus 8 characters exceeds 32 (facts/common.ts).
    const nlb = new aws.lb.LoadBalancer(
      `${name}-nlb`,
      {
        namePrefix: "gw-".slice(0, lbNamePrefixMax),
        loadBalancerType: "network",
        internal: true,
        subnets: args.lbSubnetIds,
        enableCrossZoneLoadBalancing: true,
        // Security groups can only be given when an NLB is created. Callers inside the VPC (the
        // worker) pass its rules; API Gateway's VPC link arrives over PrivateLink, which is not
        // filtered ("off"), so the front door keeps working while nothing else outside reaches in.
        // https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-security-groups.html
        securityGroups: [args.nlbSecurityGroupId],
        enforceSecurityGroupInboundRulesOnPrivateLinkTraffic: "off",
      },
      o,
    );
    const targetGroup = new aws.lb.TargetGroup(
      `${name}-tg`,
      {
        namePrefix: "gw-".slice(0, lbNamePrefixMax),
        port: gatewayPort,
        protocol: "TCP",
        targetType: "ip",
        // Traffic then arrives from the NLB, whose security group the task's group admits; the
        // callers' addresses are in the API Gateway access log instead.
        preserveClientIp: "false",
        vpcId: args.vpcId,
        deregistrationDelay: 30,
        healthCheck: {
          protocol: "HTTP",
          path: gatewayHealthPath,
          port: "traffic-port",
          matcher: "200",
          interval: 15,
          healthyThreshold: 2,
          unhealthyThreshold: 3,
        },
      },
      o,
    );
    const listener = new aws.lb.Listener(
      `${name}-listener`,
      { loadBalancerArn: nlb.arn, port: gatewayListenerPort, protocol: "TCP", defaultActions: [{ type: "forward", targetGroupArn: targetGroup.arn }] },
      o,
    );
    return { nlb, targetGroup, listener };
  }

  /** CPU target tracking between `gateway.minReplicas` and `maxReplicas`. */
  private scaling(name: string, args: LlmGatewayArgs, service: aws.ecs.Service, o: pulumi.CustomResourceOptions): void {
    const { gateway } = args;
    const resourceId = pulumi.interpolate`service/${args.clusterName}/${service.name}`;
    const scaling = new aws.appautoscaling.Target(
      `${name}-scaling`,
      {
        serviceNamespace: "ecs",
        scalableDimension: "ecs:service:DesiredCount",
        resourceId,
        minCapacity: gateway.minReplicas,
        maxCapacity: gateway.maxReplicas,
      },
      o,
    );
    new aws.appautoscaling.Policy(
      `${name}-cpu-scaling`,
      {
        policyType: "TargetTrackingScaling",
        serviceNamespace: scaling.serviceNamespace,
        scalableDimension: scaling.scalableDimension,
        resourceId: scaling.resourceId,
        targetTrackingScalingPolicyConfiguration: {
          predefinedMetricSpecification: { predefinedMetricType: "ECSServiceAverageCPUUtilization" },
          targetValue: gatewayCpuTarget,
          scaleInCooldown: 300,
          scaleOutCooldown: 60,
        },
      },
      o,
    );
  }
}
