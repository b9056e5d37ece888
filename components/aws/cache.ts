import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { CacheConfig } from "../config/model";
import { type NameScope, shortName } from "./names";
import { zonesOf } from "./network";

export const cachePort = 6379;

/** Valkey major.minor deployed; the parameter group family follows it. */
export const valkeyVersion = "8.0";

/**
 * Valkey 8.2 is the first ElastiCache release with vector search (`FT.*`), which the semantic
 * cache needs. 8.0 → 8.2 is a minor upgrade ElastiCache applies in place (`engineVersion` is not
 * replace-on-change, and `default.valkey8` covers both), so promotion keeps the cache and its data.
 */
export const semanticValkeyVersion = "8.2";

/** The engine version for a stack: 8.2 when the semantic cache is on, else 8.0. */
export function valkeyEngineVersion(semanticCache: boolean): string {
  return semanticCache ? semanticValkeyVersion : valkeyVersion;
}

/**
 * Zones of the primary and each replica, alternating over the two zones of the network so that
 * a replica is always in the other zone than the primary (what multi-AZ failover needs).
 */
export function cacheZones(region: string, replicas: number): string[] {
  const zones = zonesOf(region);
  return Array.from({ length: 1 + replicas }, (_, i) => zones[i % zones.length]!);
}

export interface ResponseCacheArgs {
  /** Node type, replicas (each in the next zone) and TTL (`cache`). */
  cache: CacheConfig;
  /** The region whose zones `a`/`b` hold the primary and its replicas. */
  region: string;
  /** Project, stack and region: the replication group's name (40 characters at most). */
  names: NameScope;
  vpcId: pulumi.Input<string>;
  /** Private subnets: the cache has no route to or from the internet. */
  subnetIds: pulumi.Input<string>[];
  /** The only security groups allowed to connect (the gateway tasks). */
  clientSecurityGroupIds: pulumi.Input<string>[];
  /** Days a deleted token secret can be restored; 7–30 (AWS limits). */
  recoveryWindowInDays: pulumi.Input<number>;
  /**
   * Scale: the semantic cache is on. Runs the vector-capable engine version and keeps the whole
   * `rediss://` URL (it embeds the AUTH token) in a second secret, for `AI_INFRA_REDIS_URL`.
   * Default false.
   */
  semanticCache?: boolean;
}

/**
 * Valkey response cache and shared rate-limit counters: TLS required in transit, an AUTH token,
 * encryption at rest, a replica in the other zone with automatic failover, private subnets, and
 * reachable only from the gateway's security group. The token is generated here, kept as a
 * Pulumi secret and in Secrets Manager, and reaches the gateway only as an ECS secret.
 */
export class ResponseCache extends pulumi.ComponentResource {
  readonly host: pulumi.Output<string>;
  readonly port: number = cachePort;
  readonly authSecretArn: pulumi.Output<string>;
  /** With `semanticCache`: Secrets Manager ARN of `rediss://:<token>@<primary>:6379`. */
  readonly urlSecretArn?: pulumi.Output<string>;
  readonly replicationGroupId: pulumi.Output<string>;
  /** `<group>-001`, `<group>-002`, ...: CloudWatch reports hit rate per member. */
  readonly memberClusterIds: pulumi.Output<string[]>;

  constructor(name: string, args: ResponseCacheArgs, opts: pulumi.ComponentResourceOptions) {
    super("ai-infra:aws:ResponseCache", name, {}, opts);
    const o = { parent: this, provider: opts.provider };

    // ElastiCache tokens allow printable ASCII except / " @; letters and digits avoid all quoting.
    const token = new random.RandomPassword(`${name}-auth-token`, { length: 64, special: false }, { parent: this });
    const secret = new aws.secretsmanager.Secret(
      `${name}-auth-secret`,
      { description: "AUTH token of the response cache (Valkey)", recoveryWindowInDays: args.recoveryWindowInDays },
      o,
    );
    new aws.secretsmanager.SecretVersion(`${name}-auth-secret-value`, { secretId: secret.id, secretString: token.result }, o);

    const sg = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      {
        vpcId: args.vpcId,
        description: "Response cache: Valkey port from the gateway tasks only",
        ingress: [{ protocol: "tcp", fromPort: cachePort, toPort: cachePort, securityGroups: args.clientSecurityGroupIds, description: "gateway" }],
        egress: [],
      },
      o,
    );
    const subnets = new aws.elasticache.SubnetGroup(`${name}-subnets`, { description: "ai-infra cache (private subnets)", subnetIds: args.subnetIds }, o);

    const group = new aws.elasticache.ReplicationGroup(
      `${name}-valkey`,
      {
        replicationGroupId: shortName(args.names, "cache", 40),
        description: "ai-infra response cache and rate-limit counters",
        engine: "valkey",
        engineVersion: valkeyEngineVersion(args.semanticCache === true),
        parameterGroupName: "default.valkey8",
        nodeType: args.cache.nodeType,
        port: cachePort,
        numCacheClusters: 1 + args.cache.replicas,
        preferredCacheClusterAzs: cacheZones(args.region, args.cache.replicas),
        automaticFailoverEnabled: true,
        multiAzEnabled: true,
        subnetGroupName: subnets.name,
        securityGroupIds: [sg.id],
        transitEncryptionEnabled: true,
        transitEncryptionMode: "required",
        atRestEncryptionEnabled: true,
        authToken: token.result,
        authTokenUpdateStrategy: "ROTATE",
        // A cache is rebuilt by traffic; snapshots would cost storage for nothing.
        snapshotRetentionLimit: 0,
        autoMinorVersionUpgrade: true,
      },
      // The id stays fixed (40 characters at most: Pulumi's auto-name of this logical name would
      // not fit, facts/common.ts), so a replacement must delete first; the promotion check
      // refuses a cache replacement between stages anyway.
      { ...o, deleteBeforeReplace: true },
    );

    if (args.semanticCache) {
      const urlSecret = new aws.secretsmanager.Secret(
        `${name}-url-secret`,
        { description: "URL of the semantic cache (Valkey, TLS, with its AUTH token)", recoveryWindowInDays: args.recoveryWindowInDays },
        o,
      );
      new aws.secretsmanager.SecretVersion(
        `${name}-url-secret-value`,
        {
          secretId: urlSecret.id,
          // The token is alphanumeric (see above), so it needs no URL escaping.
          secretString: pulumi.secret(pulumi.interpolate`rediss://:${token.result}@${group.primaryEndpointAddress}:${cachePort}`),
        },
        o,
      );
      this.urlSecretArn = urlSecret.arn;
    }

    this.host = group.primaryEndpointAddress;
    this.authSecretArn = secret.arn;
    this.replicationGroupId = group.id;
    this.memberClusterIds = group.memberClusters.apply((m) => [...(m ?? [])].sort());
    this.registerOutputs({ host: this.host, port: this.port, authSecretArn: this.authSecretArn, memberClusterIds: this.memberClusterIds });
  }
}
