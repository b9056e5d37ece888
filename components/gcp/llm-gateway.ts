import { createHash } from "node:crypto";
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { gatewayEnv, providerKeyEnv, renderGatewayConfig } from "../gateway/render";
import type { Spec } from "../config/validate";
import { HardenedBucket } from "./bucket";
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
}

/**
 * Cloud Run sizing of the gateway from the spec.
 *
 * - CPU is at least 1: below one vCPU Cloud Run forces a concurrency of 1, and an async proxy that
 *   waits seconds on each provider call would then hold one request per instance.
 * - Concurrency spreads the global burst over the largest instance count, so that
 *   `maxInstances × concurrency` — what Cloud Run admits at once before it queues and then
 *   rejects with 429 — equals the stack's global burst.
 * - The request timeout covers the provider timeout for the first try and every retry.
 */
export function gatewaySizing(spec: Pick<Spec, "gateway" | "api" | "reliability">): GatewaySizing {
  const g = spec.gateway;
  const tries = 1 + (spec.reliability?.numRetries ?? 0);
  return {
    cpu: String(Math.max(1, Math.ceil(g.cpu))),
    memory: `${Math.max(512, g.memoryMiB)}Mi`,
    minInstances: g.minReplicas,
    maxInstances: g.maxReplicas,
    concurrency: Math.min(1000, Math.max(1, Math.ceil(spec.api.global.burst / g.maxReplicas))),
    requestTimeoutSeconds: Math.min(3600, g.timeoutSeconds * tries + 15),
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

export interface LlmGatewayArgs {
  ctx: GcpContext;
  spec: Spec;
  /** The request log bucket the gateway writes to. */
  logBucket: pulumi.Input<string>;
  /** Provider name → secret and its version (see `ProviderSecrets`). */
  providerSecrets: Record<string, { secret: gcp.secretmanager.Secret; version: gcp.secretmanager.SecretVersion }>;
  /** Image reference Cloud Run can pull (through the regional mirror). */
  image: pulumi.Input<string>;
  /** LiteLLM's master key in this region's Secret Manager. */
  masterKey: { secret: gcp.secretmanager.Secret; version: gcp.secretmanager.SecretVersion };
  /** Growth: the response cache and its AUTH string's secret. */
  redis?: {
    host: pulumi.Input<string>;
    port: pulumi.Input<number>;
    passwordSecret: gcp.secretmanager.Secret;
    passwordVersion: gcp.secretmanager.SecretVersion;
    caCert?: pulumi.Input<string>;
  };
  /** Growth: Direct VPC egress into the subnet that reaches the cache. */
  vpc?: { network: pulumi.Input<string>; subnetwork: pulumi.Input<string> };
  /** Scale: more plain variables (the self-hosted models' internal URLs, reached over the VPC egress). */
  extraEnvironment?: Record<string, pulumi.Input<string>>;
  /** Scale: more secret variables (the semantic cache URL); the gateway is granted access to each. */
  extraSecrets?: Record<string, { secret: gcp.secretmanager.Secret; version: gcp.secretmanager.SecretVersion }>;
}

/**
 * LiteLLM on Cloud Run: its own service account, its config as an object in a private bucket,
 * provider keys and its master key from Secret Manager by reference. Ingress is "internal and
 * Cloud Load Balancing": the run.app URL refuses the internet, callers arrive only through the
 * stack's global load balancer (`FrontDoor`, with Cloud Armor in front), and LiteLLM checks their
 * keys. The IAM invoker check is off because the load balancer cannot attach an ID token to the
 * requests it forwards (a serverless NEG passes the caller's request as is); an open invoker is
 * safe here only because ingress admits nothing but the balancer and VPC-internal sources, and
 * every LiteLLM route demands the master key or a virtual key.
 * Source: https://cloud.google.com/run/docs/securing/ingress (settings; "IAM authentication still
 * applies"), https://cloud.google.com/run/docs/authenticating/public (invoker IAM check off), read 2026-12-01.
 */
export class LlmGateway extends pulumi.ComponentResource {
  readonly serviceAccount: gcp.serviceaccount.Account;
  readonly configBucket: HardenedBucket;
  readonly configObject: gcp.storage.BucketObject;
  /** HMAC key of the service account, for the S3 logger's writes to the log bucket. */
  readonly logKey: gcp.storage.HmacKey;
  readonly logKeySecret: gcp.secretmanager.Secret;
  readonly service: gcp.cloudrunv2.Service;
  readonly url: pulumi.Output<string>;
  readonly serviceName: pulumi.Output<string>;

  constructor(name: string, args: LlmGatewayArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ai-infra:gcp:LlmGateway", name, {}, opts);
    const { ctx, spec } = args;
    const o = () => childOpts(this, ctx);

    this.serviceAccount = new gcp.serviceaccount.Account(
      `${name}-sa`,
      {
        accountId: gcpName(ctx.scope, "gw", nameLimits.serviceAccount),
        displayName: `ai-infra LLM gateway (${spec.stack}, ${ctx.region})`,
      },
      o(),
    );
    const member = pulumi.interpolate`serviceAccount:${this.serviceAccount.email}`;

    this.configBucket = new HardenedBucket(
      `${name}-config`,
      { ctx, bucketName: gcpName(ctx.scope, "gw-config", nameLimits.bucket), protect: spec.deletionProtection },
      componentOpts(this, ctx),
    );
    const config = renderGatewayConfig(spec, { logTarget: "gcs" });
    this.configObject = new gcp.storage.BucketObject(
      `${name}-config-object`,
      {
        bucket: this.configBucket.name,
        name: gatewayConfigObject,
        content: config,
        contentType: "application/yaml",
      },
      // A changed config replaces the object under the same name; created first, the new object
      // would be deleted right after by the old one's delete. Delete first: running instances
      // already hold their config, and the service rolls only once the new object exists.
      childOpts(this, ctx, { deleteBeforeReplace: true }),
    );

    // Least privilege: create objects in the log bucket (no read, no delete), read the one
    // config object, read exactly the secrets it references.
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
            expression: pulumi.interpolate`resource.name == "projects/_/buckets/${this.configBucket.name}/objects/${gatewayConfigObject}"`,
          },
        },
        o(),
      ),
    ];

    // The key acts as the service account, so it can do exactly what the grants above allow:
    // create objects in the log bucket. Its secret leaves Pulumi only into Secret Manager.
    this.logKey = new gcp.storage.HmacKey(`${name}-log-key`, { serviceAccountEmail: this.serviceAccount.email }, o());
    this.logKeySecret = new gcp.secretmanager.Secret(
      `${name}-log-key-secret`,
      { secretId: gcpName(ctx.scope, "log-hmac-secret", nameLimits.secret), replication: regionalReplication(ctx.region), deletionProtection: spec.deletionProtection },
      childOpts(this, ctx, { protect: spec.deletionProtection }),
    );
    const logKeyVersion = new gcp.secretmanager.SecretVersion(
      `${name}-log-key-secret-version`,
      { secret: this.logKeySecret.id, secretData: pulumi.secret(this.logKey.secret) },
      o(),
    );
    grants.push(
      new gcp.secretmanager.SecretIamMember(
        `${name}-log-key-accessor`,
        { secretId: this.logKeySecret.id, role: "roles/secretmanager.secretAccessor", member },
        o(),
      ),
    );

    const secretRefs: GatewayEnvInput["providerSecrets"] = {};
    for (const [provider, s] of Object.entries(args.providerSecrets).sort(([a], [b]) => a.localeCompare(b))) {
      grants.push(
        new gcp.secretmanager.SecretIamMember(
          `${name}-${provider}-accessor`,
          { secretId: s.secret.id, role: "roles/secretmanager.secretAccessor", member },
          o(),
        ),
      );
      secretRefs[provider] = { secret: s.secret.secretId, version: s.version.version };
    }
    grants.push(
      new gcp.secretmanager.SecretIamMember(
        `${name}-master-key-accessor`,
        { secretId: args.masterKey.secret.id, role: "roles/secretmanager.secretAccessor", member },
        o(),
      ),
    );
    if (args.redis) {
      grants.push(
        new gcp.secretmanager.SecretIamMember(
          `${name}-redis-auth-accessor`,
          { secretId: args.redis.passwordSecret.id, role: "roles/secretmanager.secretAccessor", member },
          o(),
        ),
      );
    }

    const extraSecretRefs: NonNullable<GatewayEnvInput["extraSecrets"]> = {};
    for (const [env, s] of Object.entries(args.extraSecrets ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
      grants.push(
        new gcp.secretmanager.SecretIamMember(
          `${name}-${env.toLowerCase().replace(/_/g, "-")}-accessor`,
          { secretId: s.secret.id, role: "roles/secretmanager.secretAccessor", member },
          o(),
        ),
      );
      extraSecretRefs[env] = { secret: s.secret.secretId, version: s.version.version };
    }

    const sizing = gatewaySizing(spec);
    this.service = new gcp.cloudrunv2.Service(
      `${name}-service`,
      {
        name: gcpName(ctx.scope, "gateway", nameLimits.cloudRun),
        location: ctx.region,
        ingress: "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER",
        invokerIamDisabled: true,
        deletionProtection: spec.deletionProtection,
        template: {
          serviceAccount: this.serviceAccount.email,
          maxInstanceRequestConcurrency: sizing.concurrency,
          timeout: `${sizing.requestTimeoutSeconds}s`,
          executionEnvironment: "EXECUTION_ENVIRONMENT_GEN2",
          scaling: { minInstanceCount: sizing.minInstances, maxInstanceCount: sizing.maxInstances },
          ...(args.vpc
            ? { vpcAccess: { egress: "PRIVATE_RANGES_ONLY", networkInterfaces: [{ network: args.vpc.network, subnetwork: args.vpc.subnetwork }] } }
            : {}),
          containers: [
            {
              image: args.image,
              ports: { containerPort: gatewayPort },
              resources: {
                limits: { cpu: sizing.cpu, memory: sizing.memory },
                // Instance-based billing: the request log is flushed by a background task in
                // batches; with CPU only during requests those flushes would stall and a
                // scale-in could drop the batch.
                cpuIdle: false,
                startupCpuBoost: true,
              },
              envs: gatewayEnvVars({
                region: ctx.region,
                logBucket: args.logBucket,
                configBucket: this.configBucket.name,
                configSha: createHash("sha256").update(config).digest("hex"),
                providerSecrets: secretRefs,
                masterKey: { secret: args.masterKey.secret.secretId, version: args.masterKey.version.version },
                logKey: { accessId: this.logKey.accessId, secret: this.logKeySecret.secretId, version: logKeyVersion.version },
                redis: args.redis
                  ? {
                      host: args.redis.host,
                      port: args.redis.port,
                      passwordSecret: args.redis.passwordSecret.secretId,
                      passwordVersion: args.redis.passwordVersion.version,
                      caCert: args.redis.caCert,
                    }
                  : undefined,
                extraPlain: args.extraEnvironment,
                extraSecrets: extraSecretRefs,
              }),
              startupProbe: { httpGet: { path: "/health/liveliness", port: gatewayPort }, periodSeconds: 5, failureThreshold: 24, timeoutSeconds: 3 },
              livenessProbe: { httpGet: { path: "/health/liveliness", port: gatewayPort }, periodSeconds: 30, timeoutSeconds: 5 },
            },
          ],
        },
      },
      // The revision must not start before it may read its config and secrets.
      childOpts(this, ctx, { dependsOn: [...grants, this.configObject] }),
    );
    this.url = this.service.uri;
    this.serviceName = this.service.name;
    this.registerOutputs({ url: this.url, serviceName: this.serviceName, serviceAccount: this.serviceAccount.email });
  }
}
