import { createHash } from "node:crypto";
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { hookObjectKey, hooksCallbackEnv, hooksRemoteCallback } from "../gateway/hooks";
import { gatewayEnv, gatewayProcessEnv, providerKeyEnv } from "../gateway/render";
import type { ApiConfig, GatewayConfig, ReliabilityConfig } from "../config/model";
import { cloudRunRequestTimeout } from "../config/facts/gcp";
import { SecureBucket } from "./bucket";
import { type GcpContext, childOpts, componentOpts } from "./context";
import { gcpName, nameLimits } from "./names";
import { regionalReplication } from "./secrets";

/** Port the LiteLLM proxy listens on in its image. */
export const gatewayPort = 4000;
/** Object key of the rendered LiteLLM config in the config bucket. */
export const gatewayConfigObject = "litellm/config.yaml";
/** Prefix of the request log objects; the BigQuery external table reads exactly this prefix. */
export const requestLogPrefix = "requests";
/** GCS's S3-compatible XML API, which LiteLLM's S3 logger writes the request log through. */
export const gcsS3Endpoint = "https://storage.googleapis.com";

type EnvVar = gcp.types.input.cloudrunv2.ServiceTemplateContainerEnv;

export interface GatewaySizing {
  cpu: string;
  memory: string;
  minInstances: number;
  maxInstances: number;
  /** Requests one instance takes at once. */
  concurrency: number;
  /** Cloud Run request timeout in seconds. */
  requestTimeoutSeconds: number;
  /** `gateway.billing`: instance-based (CPU always allocated) or request-based. */
  billing: "instance" | "request";
}

/**
 * Cloud Run sizing of the gateway from the stack's `gateway`, `api` and `reliability`.
 *
 * - CPU is at least 1: below one vCPU Cloud Run forces a concurrency of 1, and an async proxy that
 *   waits seconds on each provider call would then hold one request per instance.
 * - Concurrency spreads the global burst over the largest instance count, so that
 *   `maxInstances × concurrency` — what Cloud Run admits at once before it queues and then
 *   rejects with 429 — equals the stack's global burst.
 * - The request timeout covers the provider timeout for the first try and every retry.
 */
export function gatewaySizing(stack: { gateway: GatewayConfig; api: Pick<ApiConfig, "global">; reliability?: ReliabilityConfig }): GatewaySizing {
  const g = stack.gateway;
  const tries = 1 + (stack.reliability?.numRetries ?? 0);
  return {
    // Exact: the spec allows only Cloud Run's CPUs and memory range (rules/gcp-cloud-run-size.ts).
    cpu: String(g.cpu),
    memory: `${g.memoryMiB}Mi`,
    minInstances: g.minReplicas,
    maxInstances: g.maxReplicas,
    // Exact: the spec allows only multiples of maxReplicas up to 1000 each (rules/gcp-global-burst.ts).
    concurrency: stack.api.global.burst / g.maxReplicas,
    // Exact: the spec refuses a sum past Cloud Run's 3600 s (rules/gcp-request-timeout.ts).
    requestTimeoutSeconds: g.timeoutSeconds * tries + cloudRunRequestTimeout.marginSeconds,
    billing: g.billing ?? "instance",
  };
}

export interface GatewayEnvInput {
  region: string;
  logBucket: pulumi.Input<string>;
  configBucket: pulumi.Input<string>;
  /** Hash of the rendered config: LiteLLM reads it only at start-up, so a change must roll a revision. */
  configSha: string;
  /** Provider name → [secret id, version] in Secret Manager. */
  providerSecrets: Record<string, { secret: pulumi.Input<string>; version: pulumi.Input<string> }>;
  /** HMAC key the S3 logger signs its writes with: its access id, and its secret's Secret Manager secret and version. */
  logKey: { accessId: pulumi.Input<string>; secret: pulumi.Input<string>; version: pulumi.Input<string> };
  redis?: {
    host: pulumi.Input<string>;
    port: pulumi.Input<number>;
    passwordSecret: pulumi.Input<string>;
    passwordVersion: pulumi.Input<string>;
    /** PEM of the CA that signs the instance's certificate (public, not a secret). */
    caCert?: pulumi.Input<string>;
  };
  /** LiteLLM's master key: its Secret Manager secret id and version (see `GatewayMasterKey`). */
  masterKey: { secret: pulumi.Input<string>; version: pulumi.Input<string> };
  /** Scale: more plain variables (the self-hosted models' internal URLs). */
  extraPlain?: Record<string, pulumi.Input<string>>;
  /** Scale: more secret variables, variable → [secret id, version] (the semantic cache URL). */
  extraSecrets?: Record<string, { secret: pulumi.Input<string>; version: pulumi.Input<string> }>;
}

/** Variable holding the cache's CA certificate, for TLS verification (`ssl_ca_data` in redis-py). */
export const redisCaCertEnv = gatewayEnv.redisCaCert;

/**
 * The gateway container's environment. Resource names come in as plain values; every secret as a
 * Secret Manager reference (`valueSource.secretKeyRef`), never as a value, so neither the Cloud
 * Run spec nor the Pulumi state holds a key. Pinning the secret version (not `latest`) makes a
 * key rotation roll out a new revision instead of waiting for instances to restart.
 */
export function gatewayEnvVars(input: GatewayEnvInput): EnvVar[] {
  const env: EnvVar[] = [
    // LiteLLM reads its config from the bucket at start-up (proxy_server: LITELLM_CONFIG_BUCKET_*).
    { name: "LITELLM_CONFIG_BUCKET_TYPE", value: "gcs" },
    { name: "LITELLM_CONFIG_BUCKET_NAME", value: input.configBucket },
    { name: "LITELLM_CONFIG_BUCKET_OBJECT_KEY", value: gatewayConfigObject },
    { name: "AI_INFRA_CONFIG_SHA256", value: input.configSha },
    { name: gatewayEnv.logBucket, value: input.logBucket },
    // SigV4 signs with a region in its scope; the bucket's own location.
    { name: gatewayEnv.logRegion, value: input.region },
    { name: gatewayEnv.logEndpoint, value: gcsS3Endpoint },
    // The access id names the key (it appears in every signed request); only the secret is secret.
    { name: gatewayEnv.logAccessKeyId, value: input.logKey.accessId },
    { name: gatewayEnv.logSecretAccessKey, valueSource: { secretKeyRef: { secret: input.logKey.secret, version: input.logKey.version } } },
    // botocore >= 1.36 (the pinned LiteLLM ships 1.44) makes boto3 S3 clients add CRC checksum
    // headers by default, which GCS's XML API rejects. The s3_v2 logger signs its own PUTs without
    // them; these keep any boto3 S3 client in the process (the legacy `s3` logger, S3 reads) safe.
    { name: "AWS_REQUEST_CHECKSUM_CALCULATION", value: "when_required" },
    { name: "AWS_RESPONSE_CHECKSUM_VALIDATION", value: "when_required" },
    ...Object.entries(gatewayProcessEnv).map(([name, value]) => ({ name, value })),
  ];
  env.push({ name: gatewayEnv.masterKey, valueSource: { secretKeyRef: { secret: input.masterKey.secret, version: input.masterKey.version } } });
  for (const [provider, ref] of Object.entries(input.providerSecrets).sort(([a], [b]) => a.localeCompare(b))) {
    env.push({ name: providerKeyEnv(provider), valueSource: { secretKeyRef: { secret: ref.secret, version: ref.version } } });
  }
  if (input.redis) {
    env.push(
      { name: gatewayEnv.redisHost, value: input.redis.host },
      { name: gatewayEnv.redisPort, value: pulumi.output(input.redis.port).apply(String) },
      {
        name: gatewayEnv.redisPassword,
        valueSource: { secretKeyRef: { secret: input.redis.passwordSecret, version: input.redis.passwordVersion } },
      },
    );
    if (input.redis.caCert !== undefined) env.push({ name: redisCaCertEnv, value: input.redis.caCert });
  }
  for (const [name, value] of Object.entries(input.extraPlain ?? {}).sort(([a], [b]) => a.localeCompare(b))) env.push({ name, value });
  for (const [name, ref] of Object.entries(input.extraSecrets ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    env.push({ name, valueSource: { secretKeyRef: { secret: ref.secret, version: ref.version } } });
  }
  return env;
}

type SecretRef = { secret: gcp.secretmanager.Secret; version: gcp.secretmanager.SecretVersion };

/**
 * LiteLLM on Cloud Run in the context's region, reading `config` from its own bucket. The cache
 * (`redis`), Direct VPC egress (`vpc`) and the extra variables are optional; not protected unless
 * `protect`.
 */
export interface LlmGatewayArgs {
  ctx: GcpContext;
  /** The Pulumi stack name, in display names. */
  stackName: string;
  /** The rendered LiteLLM config (`renderGatewayConfig`). */
  config: string;
  /** Cloud Run sizing (see `gatewaySizing`). */
  sizing: GatewaySizing;
  /** The stack's `deletionProtection`: the service and its secrets. Default: false. */
  protect?: boolean;
  /** The request log bucket the gateway writes to. */
  logBucket: pulumi.Input<string>;
  /** Provider name → secret and its version (see `ProviderSecrets`). */
  providerSecrets: Record<string, SecretRef>;
  /** Image reference Cloud Run can pull (through the regional mirror). */
  image: pulumi.Input<string>;
  /** LiteLLM's master key in this region's Secret Manager. */
  masterKey: SecretRef;
  /** Growth: the response cache and its AUTH string's secret. */
  redis?: {
    host: pulumi.Input<string>;
    port: pulumi.Input<number>;
    passwordSecret: gcp.secretmanager.Secret;
    passwordVersion: gcp.secretmanager.SecretVersion;
    caCert?: pulumi.Input<string>;
  };
  /**
   * The kit's gateway hooks (`cache.tiers`, `prompts`): their Python modules, the loader first,
   * uploaded beside the config object; LiteLLM downloads and imports them at start
   * (`AI_INFRA_HOOKS_CALLBACK`, the loader's `gcs://` URL; components/gateway/hooks.ts).
   */
  hookModules?: { module: string; source: string }[];
  /** The cold cache tier's bucket (`cache.tiers.cold`): the gateway reads and writes cached answers there. */
  coldCacheBucket?: pulumi.Input<string>;
  /** Growth: Direct VPC egress into the subnet that reaches the cache. */
  vpc?: { network: pulumi.Input<string>; subnetwork: pulumi.Input<string> };
  /** Scale: more plain variables (the self-hosted models' internal URLs, reached over the VPC egress). */
  extraEnvironment?: Record<string, pulumi.Input<string>>;
  /** Scale: more secret variables (the semantic cache URL); the gateway is granted access to each. */
  extraSecrets?: Record<string, SecretRef>;
}

const sortedRefs = (r: Record<string, SecretRef>) => Object.entries(r).sort(([a], [b]) => a.localeCompare(b));
const secretRef = (s: SecretRef) => ({ secret: s.secret.secretId, version: s.version.version });

/** The secrets and cache of the gateway's environment, as references (see `gatewayEnvVars`). */
function secretEnvInput(args: LlmGatewayArgs): Pick<GatewayEnvInput, "providerSecrets" | "masterKey" | "redis" | "extraPlain" | "extraSecrets"> {
  const r = args.redis;
  return {
    providerSecrets: Object.fromEntries(sortedRefs(args.providerSecrets).map(([p, s]) => [p, secretRef(s)])),
    masterKey: secretRef(args.masterKey),
    redis: r && { host: r.host, port: r.port, passwordSecret: r.passwordSecret.secretId, passwordVersion: r.passwordVersion.version, caCert: r.caCert },
    extraPlain: args.extraEnvironment,
    extraSecrets: Object.fromEntries(sortedRefs(args.extraSecrets ?? {}).map(([env, s]) => [env, secretRef(s)])),
  };
}

/** The Cloud Run service of the gateway (pure apart from the inputs it is handed). */
export function gatewayServiceArgs(input: {
  name: string;
  region: string;
  serviceAccount: pulumi.Input<string>;
  sizing: GatewaySizing;
  protect: boolean;
  image: pulumi.Input<string>;
  vpc?: LlmGatewayArgs["vpc"];
  envs: EnvVar[];
}): gcp.cloudrunv2.ServiceArgs {
  const { sizing } = input;
  return {
    name: input.name,
    location: input.region,
    ingress: "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER",
    // No run.app URL: with ingress "internal and Cloud Load Balancing" the default URL still
    // answers any workload in the VPC, around Cloud Armor and the URL map's allow-list. Disabled,
    // the service is reached only through the load balancer's serverless NEG.
    // https://cloud.google.com/run/docs/triggering/https-request ("disable these default run.app
    // URLs"), https://cloud.google.com/run/docs/securing/ingress,
    // https://www.pulumi.com/registry/packages/gcp/api-docs/cloudrunv2/service/ (`defaultUriDisabled`), read 2026-12-07.
    defaultUriDisabled: true,
    invokerIamDisabled: true,
    deletionProtection: input.protect,
    template: {
      serviceAccount: input.serviceAccount,
      maxInstanceRequestConcurrency: sizing.concurrency,
      timeout: `${sizing.requestTimeoutSeconds}s`,
      executionEnvironment: "EXECUTION_ENVIRONMENT_GEN2",
      scaling: { minInstanceCount: sizing.minInstances, maxInstanceCount: sizing.maxInstances },
      ...(input.vpc
        ? { vpcAccess: { egress: "PRIVATE_RANGES_ONLY", networkInterfaces: [{ network: input.vpc.network, subnetwork: input.vpc.subnetwork }] } }
        : {}),
      containers: [
        {
          image: input.image,
          ports: { containerPort: gatewayPort },
          resources: {
            limits: { cpu: sizing.cpu, memory: sizing.memory },
            // Instance-based billing (false): the request log is flushed by a background task
            // in batches at any time. Request-based (true, the prototype's): CPU only while a
            // request is served, so a batch may wait for the next request; the warm minimum
            // instance is billed at the idle rate. Startup boost shortens a cold start either way.
            // https://cloud.google.com/run/docs/configuring/billing-settings
            // https://cloud.google.com/run/docs/configuring/services/cpu-boost
            cpuIdle: sizing.billing === "request",
            startupCpuBoost: true,
          },
          envs: input.envs,
          startupProbe: { httpGet: { path: "/health/liveliness", port: gatewayPort }, periodSeconds: 5, failureThreshold: 24, timeoutSeconds: 3 },
          livenessProbe: { httpGet: { path: "/health/liveliness", port: gatewayPort }, periodSeconds: 30, timeoutSeconds: 5 },
        },
      ],
    },
  };
}

/**
 * LiteLLM on Cloud Run: its own service account, its config as an object in a private bucket,
 * provider keys and its master key from Secret Manager by reference. Ingress is "internal and
 * Cloud Load Balancing" and the run.app URL is disabled: callers arrive only through the stack's
 * global load balancer (`FrontDoor`, with Cloud Armor in front), and LiteLLM checks their keys. The IAM invoker check is off because the load balancer cannot attach an ID token to the
 * requests it forwards (a serverless NEG passes the caller's request as is); an open invoker is
 * safe here only because the service has no URL but the balancer's, and every LiteLLM route
 * demands the master key or a virtual key.
 * Source: https://cloud.google.com/run/docs/securing/ingress (settings; "IAM authentication still
 * applies"), https://cloud.google.com/run/docs/authenticating/public (invoker IAM check off), read 2026-12-01.
 */
export class LlmGateway extends pulumi.ComponentResource {
  readonly serviceAccount: gcp.serviceaccount.Account;
  readonly configBucket: SecureBucket;
  readonly configObject: gcp.storage.BucketObject;
  /** HMAC key of the service account, for the S3 logger's writes to the log bucket. */
  readonly logKey: gcp.storage.HmacKey;
  readonly logKeySecret: gcp.secretmanager.Secret;
  readonly service: gcp.cloudrunv2.Service;
  readonly serviceName: pulumi.Output<string>;

  constructor(name: string, args: LlmGatewayArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ai-infra:gcp:LlmGateway", name, {}, opts);
    const { ctx, config } = args;
    const protect = args.protect ?? false;
    const o = () => childOpts(this, ctx);

    this.serviceAccount = new gcp.serviceaccount.Account(
      `${name}-sa`,
      { accountId: gcpName(ctx.scope, "gw", nameLimits.serviceAccount), displayName: `ai-infra LLM gateway (${args.stackName}, ${ctx.region})` },
      o(),
    );
    const member = pulumi.interpolate`serviceAccount:${this.serviceAccount.email}`;
    const accessor = (role: string, secretId: pulumi.Input<string>) =>
      new gcp.secretmanager.SecretIamMember(`${name}-${role}-accessor`, { secretId, role: "roles/secretmanager.secretAccessor", member }, o());

    this.configBucket = new SecureBucket(`${name}-config`, { ctx, bucketName: gcpName(ctx.scope, "gw-config", nameLimits.bucket), protect }, componentOpts(this, ctx));
    this.configObject = new gcp.storage.BucketObject(
      `${name}-config-object`,
      { bucket: this.configBucket.name, name: gatewayConfigObject, content: config, contentType: "application/yaml" },
      // A changed config replaces the object under the same name; created first, the new object
      // would be deleted right after by the old one's delete. Delete first: running instances
      // already hold their config, and the service rolls only once the new object exists.
      childOpts(this, ctx, { deleteBeforeReplace: true }),
    );

    // The hooks' modules beside the config, read the same way (see hooksCallbackEnv); one object each
    // (https://www.pulumi.com/registry/packages/gcp/api-docs/storage/bucketobject/).
    const configPrefix = gatewayConfigObject.slice(0, gatewayConfigObject.lastIndexOf("/") + 1);
    const hooks = args.hookModules ?? [];
    const hookKeys = hooks.map((m) => hookObjectKey(configPrefix, m));
    const hookObjects = hooks.map((m, i) =>
      new gcp.storage.BucketObject(
        `${name}-${m.module.replace(/^ai_infra_/, "").replace(/_/g, "-")}-module`,
        { bucket: this.configBucket.name, name: hookKeys[i]!, content: m.source, contentType: "text/x-python" },
        childOpts(this, ctx, { deleteBeforeReplace: true }),
      ),
    );
    const objectRef = (key: string) => pulumi.interpolate`resource.name == "projects/_/buckets/${this.configBucket.name}/objects/${key}"`;

    // Least privilege: create objects in the log bucket (no read, no delete), read the one
    // config object (and the hooks' modules), read exactly the secrets it references.
    const grants: pulumi.Resource[] = [
      new gcp.storage.BucketIAMMember(`${name}-log-writer`, { bucket: args.logBucket, role: "roles/storage.objectCreator", member }, o()),
      new gcp.storage.BucketIAMMember(
        `${name}-config-reader`,
        {
          bucket: this.configBucket.name,
          role: "roles/storage.objectViewer",
          member,
          condition: {
            title: "gateway-config-only",
            description: "Only the rendered LiteLLM config object",
            // One `resource.name ==` test per object, or'ed: the grant covers exactly these objects
            // (IAM Conditions on a bucket: https://www.pulumi.com/registry/packages/gcp/api-docs/storage/bucketiammember/).
            expression:
              hookKeys.length > 0
                ? pulumi.all([gatewayConfigObject, ...hookKeys].map(objectRef)).apply((refs) => refs.join(" || "))
                : objectRef(gatewayConfigObject),
          },
        },
        o(),
      ),
    ];

    // The cold cache tier: read, write and overwrite (an entry past its TTL is written again, which
    // GCS counts as a delete) cached answers in that one bucket; storage.objectUser, bucket-scoped
    // (https://cloud.google.com/storage/docs/access-control/iam-roles). The HMAC key below signs
    // these requests too (LiteLLM's S3Cache through GCS's XML API, as the request log).
    if (args.coldCacheBucket) grants.push(new gcp.storage.BucketIAMMember(`${name}-cache-cold-user`, { bucket: args.coldCacheBucket, role: "roles/storage.objectUser", member }, o()));

    // The key acts as the service account, so it can do exactly what the grants above allow:
    // create objects in the log bucket. Its secret leaves Pulumi only into Secret Manager.
    this.logKey = new gcp.storage.HmacKey(`${name}-log-key`, { serviceAccountEmail: this.serviceAccount.email }, o());
    this.logKeySecret = new gcp.secretmanager.Secret(
      `${name}-log-key-secret`,
      { secretId: gcpName(ctx.scope, "log-hmac-secret", nameLimits.secret), replication: regionalReplication(ctx.region), deletionProtection: protect },
      childOpts(this, ctx, { protect }),
    );
    const logKeyVersion = new gcp.secretmanager.SecretVersion(`${name}-log-key-secret-version`, { secret: this.logKeySecret.id, secretData: pulumi.secret(this.logKey.secret) }, o());
    grants.push(accessor("log-key", this.logKeySecret.id));

    grants.push(...sortedRefs(args.providerSecrets).map(([provider, s]) => accessor(provider, s.secret.id)));
    grants.push(accessor("master-key", args.masterKey.secret.id));
    if (args.redis) grants.push(accessor("redis-auth", args.redis.passwordSecret.id));
    grants.push(...sortedRefs(args.extraSecrets ?? {}).map(([env, s]) => accessor(env.toLowerCase().replace(/_/g, "-"), s.secret.id)));

    const secretEnv = secretEnvInput(args);
    const envs = gatewayEnvVars({
      ...secretEnv,
      ...(hooks.length > 0
        ? { extraPlain: { ...secretEnv.extraPlain, [hooksCallbackEnv]: this.configBucket.name.apply((b) => hooksRemoteCallback("gcs", b, configPrefix)) } }
        : {}),
      region: ctx.region,
      logBucket: args.logBucket,
      configBucket: this.configBucket.name,
      // The modules are part of what an instance loads at start: a change to one rolls a revision too.
      configSha: createHash("sha256").update(config + hooks.map((m) => m.source).join("")).digest("hex"),
      logKey: { accessId: this.logKey.accessId, secret: this.logKeySecret.secretId, version: logKeyVersion.version },
    });
    this.service = new gcp.cloudrunv2.Service(
      `${name}-service`,
      gatewayServiceArgs({ name: gcpName(ctx.scope, "gateway", nameLimits.cloudRun), region: ctx.region, serviceAccount: this.serviceAccount.email, sizing: args.sizing, protect, image: args.image, vpc: args.vpc, envs }),
      // The revision must not start before it may read its config and secrets.
      childOpts(this, ctx, { dependsOn: [...grants, this.configObject, ...hookObjects] }),
    );
    // No `url`: the service has none of its own (`defaultUriDisabled`); the front door's is the API's.
    this.serviceName = this.service.name;
    this.registerOutputs({ serviceName: this.serviceName, serviceAccount: this.serviceAccount.email });
  }
}
