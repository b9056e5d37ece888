import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import type { CacheConfig } from "../config/model";
import { type GcpContext, childOpts } from "./context";
import { gcpName, nameLimits } from "./names";
import { regionalReplication } from "./secrets";

export interface CacheSettings {
  tier: "STANDARD_HA";
  memorySizeGb: number;
  replicaCount: number;
  readReplicasMode: "READ_REPLICAS_DISABLED" | "READ_REPLICAS_ENABLED";
}

/**
 * Memorystore sizing from the stack's `cache`. The stack's `nodeType` is a cloud-neutral size; on GCP a
 * `<n>gb` suffix (`standard-ha-1gb`) gives the memory, anything else (an ElastiCache type) 1 GB.
 * The standard tier always keeps a replica in another zone with automatic failover; more than
 * one replica needs read-replica mode, which Memorystore allows from 5 GB.
 */
export function cacheSettings(cache: CacheConfig): CacheSettings {
  const gb = Number(/(\d+)\s*gb$/i.exec(cache.nodeType)?.[1] ?? 1);
  if (cache.replicas > 1) {
    return { tier: "STANDARD_HA", memorySizeGb: Math.max(5, gb), replicaCount: cache.replicas, readReplicasMode: "READ_REPLICAS_ENABLED" };
  }
  return { tier: "STANDARD_HA", memorySizeGb: Math.max(1, gb), replicaCount: 1, readReplicasMode: "READ_REPLICAS_DISABLED" };
}

/**
 * The semantic cache's URL: TLS, the AUTH string as password, and the CA bundle as redis-py's
 * `ssl_ca_data` (its `from_url` passes unknown query arguments through to the connection, and the
 * semantic cache takes a URL only). Holds the AUTH string: a secret.
 */
export function semanticCacheUrl(host: string, port: number, auth: string, ca: string): string {
  const query = ca ? `?ssl_ca_data=${encodeURIComponent(ca)}` : "";
  return `rediss://:${encodeURIComponent(auth)}@${host}:${port}${query}`;
}

/** The instance's CA certificates as one PEM bundle (what redis-py's `ssl_ca_data` takes). */
export function caBundle(certs: readonly { cert?: string }[]): string {
  return certs
    .map((c) => c.cert?.trim())
    .filter((c): c is string => !!c)
    .join("\n");
}

/**
 * A Memorystore response cache in the context's region, peered into `network`. The semantic
 * cache's URL secret exists only with `semanticCache`; not protected unless `protect`.
 */
export interface ResponseCacheArgs {
  ctx: GcpContext;
  /** Size and replicas (the stack's `cache`). */
  cache: CacheConfig;
  /** The Pulumi stack name, in the instance's display name. */
  stackName: string;
  /** Also store the semantic cache's URL (the stack has `semanticCache`). Default: false. */
  semanticCache?: boolean;
  /** The stack's `deletionProtection`. Default: false. */
  protect?: boolean;
  /** VPC the instance peers into (its `id`). */
  network: pulumi.Input<string>;
  /** Peering range (see `networkPlan`). */
  reservedIpRange: string;
}

/**
 * The gateway's exact-match response cache and shared rate-limit counters: Memorystore for Redis,
 * standard tier (replica in another zone, automatic failover), reachable only on a private IP in
 * the stack's VPC, TLS in transit (server authentication), AUTH required. Encryption at rest is
 * Google-managed (Memorystore always encrypts at rest). The AUTH string goes to Secret Manager
 * straight from the instance's output and reaches the gateway only as a secret reference.
 */
export class ResponseCache extends pulumi.ComponentResource {
  readonly instance: gcp.redis.Instance;
  readonly authSecret: gcp.secretmanager.Secret;
  readonly authVersion: gcp.secretmanager.SecretVersion;
  /** With `semanticCache`: the whole URL (see `semanticCacheUrl`) in Secret Manager. */
  readonly urlSecret?: gcp.secretmanager.Secret;
  readonly urlVersion?: gcp.secretmanager.SecretVersion;
  readonly host: pulumi.Output<string>;
  readonly port: pulumi.Output<number>;
  /** CA that signs the instance's TLS certificate (public; clients verify the server with it). */
  readonly caCert: pulumi.Output<string>;

  constructor(name: string, args: ResponseCacheArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ai-infra:gcp:ResponseCache", name, {}, opts);
    const { ctx } = args;
    const protect = args.protect ?? false;
    const settings = cacheSettings(args.cache);
    this.instance = new gcp.redis.Instance(
      `${name}-redis`,
      {
        name: gcpName(ctx.scope, "cache", nameLimits.redis),
        region: ctx.region,
        tier: settings.tier,
        memorySizeGb: settings.memorySizeGb,
        replicaCount: settings.replicaCount,
        readReplicasMode: settings.readReplicasMode,
        redisVersion: "REDIS_7_2",
        authorizedNetwork: args.network,
        connectMode: "DIRECT_PEERING",
        reservedIpRange: args.reservedIpRange,
        authEnabled: true,
        transitEncryptionMode: "SERVER_AUTHENTICATION",
        // A cache: evict the least recently used key rather than refuse writes when full.
        redisConfigs: { "maxmemory-policy": "allkeys-lru" },
        persistenceConfig: { persistenceMode: "DISABLED" },
        maintenancePolicy: { weeklyMaintenanceWindows: [{ day: "SUNDAY", startTime: { hours: 3, minutes: 0, seconds: 0, nanos: 0 } }] },
        displayName: `ai-infra ${args.stackName} response cache`,
      },
      childOpts(this, ctx, { protect }),
    );
    this.authSecret = new gcp.secretmanager.Secret(
      `${name}-auth`,
      { secretId: gcpName(ctx.scope, "redis-auth", nameLimits.secret), replication: regionalReplication(ctx.region), deletionProtection: protect },
      childOpts(this, ctx, { protect }),
    );
    this.authVersion = new gcp.secretmanager.SecretVersion(
      `${name}-auth-version`,
      { secret: this.authSecret.id, secretData: pulumi.secret(this.instance.authString) },
      childOpts(this, ctx),
    );
    // Not reached today: the parser refuses `semanticCache` on GCP, because LiteLLM's index has TEXT
    // fields that Memorystore's vector search does not accept (`semanticCacheRefusal`).
    if (args.semanticCache) {
      this.urlSecret = new gcp.secretmanager.Secret(
        `${name}-url`,
        { secretId: gcpName(ctx.scope, "redis-url", nameLimits.secret), replication: regionalReplication(ctx.region), deletionProtection: protect },
        childOpts(this, ctx, { protect }),
      );
      this.urlVersion = new gcp.secretmanager.SecretVersion(
        `${name}-url-version`,
        {
          secret: this.urlSecret.id,
          secretData: pulumi.secret(
            pulumi
              .all([this.instance.host, this.instance.port, this.instance.authString, this.instance.serverCaCerts])
              .apply(([host, port, auth, certs]) => semanticCacheUrl(host, port, auth, caBundle(certs ?? []))),
          ),
        },
        childOpts(this, ctx),
      );
    }
    this.host = this.instance.host;
    this.port = this.instance.port;
    // Every CA the instance lists: during a CA rotation it lists the old and the new one, and a
    // client trusting only the first would fail once the server switches certificates.
    this.caCert = this.instance.serverCaCerts.apply((certs) => caBundle(certs ?? []));
    this.registerOutputs({ host: this.host, port: this.port, authSecret: this.authSecret.secretId });
  }
}
