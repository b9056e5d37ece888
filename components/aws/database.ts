import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { AwsDatabaseConfig } from "../config/model";
import { type NameScope, shortName } from "./names";
import { type PrimaryKeysDatabase, replicaSecretArn, secondaryClusterSettings } from "./database-global";
import { zonesOf } from "./network";
import { auroraPostgresEngine } from "../config/facts/aws";

/** PostgreSQL's port; the security group, the cluster and the gateway's `DATABASE_PORT` use it. */
export const databasePort = 5432;
/** The database LiteLLM keeps its keys, teams, budgets and spend in, and the user it logs in as. */
export const databaseName = "litellm";
export const databaseUser = "litellm";

/**
 * Aurora PostgreSQL 16, a version AWS lists with Aurora Serverless v2 support (every Aurora
 * PostgreSQL 16 release does; capacity 0.5-256 ACU): AWS CDK's `AuroraPostgresEngineVersion`
 * (https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_rds.AuroraPostgresEngineVersion.html,
 * release notes https://docs.aws.amazon.com/AmazonRDS/latest/AuroraPostgreSQLReleaseNotes/AuroraPostgreSQL.Updates.html,
 * read 2026-12-01). The pinned @pulumi/aws 7.48.0 passes `engineVersion` through as a string.
 * AWS applies minor upgrades in the maintenance window (`autoMinorVersionUpgrade`), so the
 * cluster ignores later drift of this field instead of trying to downgrade.
 */
export const auroraEngineVersion = auroraPostgresEngine.version;

/** The cluster parameter group family of the pinned engine (`aurora-postgresql16`). */
export const auroraParameterGroupFamily = `aurora-postgresql${auroraEngineVersion.split(".")[0]}`;

/**
 * Cluster parameters the kit sets. `rds.force_ssl` is 0 by default on Aurora PostgreSQL, which
 * accepts a client that does not ask for TLS; 1 refuses every connection without it (the cluster's
 * pg_hba rules become `hostssl`). Dynamic, so it applies without a reboot. Source: "Securing Aurora
 * PostgreSQL data with SSL/TLS" (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraPostgreSQL.Security.html,
 * https://repost.aws/knowledge-center/aurora-postgresql-ssl-certificates, read 2026-12-07); Pulumi:
 * https://www.pulumi.com/registry/packages/aws/api-docs/rds/clusterparametergroup/.
 */
export const clusterParameters: readonly { name: string; value: string; applyMethod: "immediate" | "pending-reboot" }[] = [
  { name: "rds.force_ssl", value: "1", applyMethod: "immediate" },
];

/**
 * The TLS mode LiteLLM puts in the database URL it assembles (`DATABASE_SSLMODE`, read by the
 * pinned LiteLLM in litellm/proxy/db/db_url_settings.py `tls_params`). `require`, not
 * `verify-full`: verify-full needs the RDS CA bundle inside the gateway's container, which the
 * LiteLLM image does not carry, and Prisma's engine verifies through `sslcert` only (LiteLLM
 * translates verify-full to it). The connection stays inside the VPC, from the gateway's security
 * group only; TLS here is against reading it on the wire, with `rds.force_ssl` refusing plaintext.
 */
export const databaseSslMode = "require";

/**
 * Aurora Serverless v2 capacity when the stack sets none: 0.5 ACU (about 1 GiB of memory) is the
 * smallest that stays up without pausing. 0 ACU (auto-pause) would cost nothing idle, but the
 * first connection after a pause waits about 15 s to resume, and LiteLLM checks every caller key
 * against the database (cached briefly), so a paused database turns the first request after a
 * quiet spell into a timeout. 4 ACU is a ceiling a keys database of this size does not reach
 * in normal use, while it caps a runaway query's cost. Sources: ServerlessV2ScalingConfiguration
 * (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ServerlessV2ScalingConfiguration.html,
 * half-ACU steps, 0.5 minimum without auto-pause), auto-pause
 * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2-auto-pause.html), read 2026-12-01.
 */
export const defaultCapacity = { minCapacity: 0.5, maxCapacity: 4 } as const;

/** The capacity range of a stack: its `database` overrides, else `defaultCapacity`. */
export function databaseCapacity(db: AwsDatabaseConfig | undefined): { minCapacity: number; maxCapacity: number } {
  const minCapacity = db?.minCapacity ?? defaultCapacity.minCapacity;
  return { minCapacity, maxCapacity: db?.maxCapacity ?? Math.max(defaultCapacity.maxCapacity, minCapacity) };
}

/**
 * The ECS `valueFrom` of one JSON key of a Secrets Manager secret: `<arn>:<json-key>::` (the
 * version stage and id left empty = AWSCURRENT). RDS keeps the managed master secret as JSON
 * `{"username": ..., "password": ...}`. Source: "Pass Secrets Manager secrets through Amazon ECS
 * environment variables" (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html, read 2026-12-01).
 */
export function secretJsonKeyRef(secretArn: string, key: string): string {
  return `${secretArn}:${key}::`;
}

/** The secret's own ARN of an ECS `valueFrom` that may name a JSON key (`arn:aws:secretsmanager:<r>:<acct>:secret:<name>` is 7 fields). */
export function secretArnOfRef(valueFrom: string): string {
  return valueFrom.split(":").slice(0, 7).join(":");
}

/** The writer in the first zone and, with high availability, a reader in the second (Aurora fails over to it). */
export function databaseInstanceZones(region: string, highAvailability: boolean): string[] {
  const [a, b] = zonesOf(region);
  return highAvailability ? [a, b] : [a];
}

export interface KeysDatabaseArgs {
  /** Backups, high availability and capacity (`database`). */
  database: AwsDatabaseConfig;
  /** Aurora deletion protection, a final snapshot, and Pulumi `protect` on the cluster. Default false. */
  deletionProtection?: boolean;
  /** Project, stack and region: the final snapshot's name. */
  names: NameScope;
  vpcId: pulumi.Input<string>;
  /** Private subnets in two zones (an Aurora subnet group needs two zones even with one instance). */
  subnetIds: pulumi.Input<string>[];
  /** The only security group allowed to connect: the gateway's tasks. */
  clientSecurityGroupId: pulumi.Input<string>;
  /** Days a deleted password secret can be restored (as the region's other secrets). */
  recoveryWindowInDays: number;
  /** The stack's other regions: the password secret is replicated there (primary only). */
  replicaRegions: string[];
  /** A secondary region of the global database: the primary's global cluster and password secret. */
  primary?: PrimaryKeysDatabase;
}

/** How the cluster is created: as the source of its data (primary) or a copy joining the global database (secondary). */
interface ClusterSource {
  settings: Partial<aws.rds.ClusterArgs>;
  /** The password secret readable in this region. */
  secretArn: pulumi.Output<string>;
  /** Primary only: the password secret in the primary region. */
  passwordSecretArn?: pulumi.Output<string>;
}

/**
 * The keys database: Aurora PostgreSQL Serverless v2 in the region's private subnets, reachable
 * only from the gateway's tasks, storage encrypted, automated backups for `backupRetentionDays`,
 * deletion protection and a final snapshot when the stack asks for deletion protection, and a
 * reader in the second zone with `highAvailability`. The master password is the kit's
 * (`RandomPassword`, a Pulumi secret in state) in a Secrets Manager secret replicated to the
 * stack's other regions; the gateway's task gets it as an ECS secret (`passwordValueFrom`). Not
 * RDS's managed password (`manageMasterUserPassword`): it "isn't supported for DB clusters that
 * are part of an Aurora global database"
 * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/rds-secrets-manager.html#rds-secrets-manager-limitations, read 2026-12-01),
 * and the same mechanism from growth on keeps promotion to a multi-region stack additive.
 * With `primary` (a secondary region) the cluster joins the global database (`database-global.ts`).
 */
export class KeysDatabase extends pulumi.ComponentResource {
  readonly clusterIdentifier: pulumi.Output<string>;
  readonly clusterArn: pulumi.Output<string>;
  readonly endpoint: pulumi.Output<string>;
  readonly readerEndpoint: pulumi.Output<string>;
  readonly port: number = databasePort;
  readonly databaseName: string = databaseName;
  readonly username: string = databaseUser;
  /** The master-password secret readable in this region (JSON with `username` and `password`). */
  readonly secretArn: pulumi.Output<string>;
  /** The endpoint this region's gateway uses: the writer's; a secondary's reader endpoint (its writer endpoint is inactive). */
  readonly localEndpoint: pulumi.Output<string>;
  /** Primary only: the password secret in the primary region and the engine version (the global database's inputs). */
  readonly passwordSecretArn?: pulumi.Output<string>;
  /** ECS `valueFrom` of the password inside that secret. */
  readonly passwordValueFrom: pulumi.Output<string>;

  constructor(name: string, args: KeysDatabaseArgs, opts: pulumi.ComponentResourceOptions) {
    super("ai-infra:aws:KeysDatabase", name, {}, opts);
    const o = { parent: this, provider: opts.provider };
    const { database: db, names } = args;
    const region = names.region;
    const keep = args.deletionProtection ?? false;

    const sg = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      {
        vpcId: args.vpcId,
        description: "Keys database: PostgreSQL from the gateway tasks only",
        ingress: [{ protocol: "tcp", fromPort: databasePort, toPort: databasePort, securityGroups: [args.clientSecurityGroupId], description: "gateway" }],
        egress: [],
      },
      o,
    );
    const subnets = new aws.rds.SubnetGroup(`${name}-subnets`, { description: "ai-infra keys database (private subnets)", subnetIds: args.subnetIds }, o);

    const { primary } = args;
    const source = primary ? this.secondarySource(name, primary, region, keep, o) : this.primarySource(name, args, o);
    const parameters = new aws.rds.ClusterParameterGroup(
      `${name}-parameters`,
      { family: auroraParameterGroupFamily, description: "ai-infra keys database: TLS required", parameters: [...clusterParameters] },
      o,
    );

    const cluster = new aws.rds.Cluster(
      `${name}-cluster`,
      {
        // Auto-named (`<logical>-<7 hex>`, 63 characters at most: facts/aws.ts awsNameLimits).
        engine: "aurora-postgresql",
        engineMode: "provisioned",
        ...source.settings,
        port: databasePort,
        dbSubnetGroupName: subnets.name,
        dbClusterParameterGroupName: parameters.name,
        vpcSecurityGroupIds: [sg.id],
        backupRetentionPeriod: db.backupRetentionDays,
        copyTagsToSnapshot: true,
        deletionProtection: keep,
        skipFinalSnapshot: !keep,
        ...(keep ? { finalSnapshotIdentifier: shortName(args.names, "keys-final", 255) } : {}),
        serverlessv2ScalingConfiguration: databaseCapacity(db),
      },
      {
        ...o,
        protect: keep,
        // `globalClusterIdentifier`: RDS sets it on the primary when the global database is made
        // from it (Pulumi's "New Global Cluster From Existing DB Cluster"); `replicationSourceIdentifier`:
        // RDS sets it on a secondary (Pulumi's global-cluster example); `engineVersion`: minor
        // upgrades, and the global cluster's upgrades, arrive from AWS.
        ignoreChanges: ["engineVersion", "globalClusterIdentifier", "replicationSourceIdentifier"],
      },
    );

    this.instances(name, { cluster, subnetGroupName: subnets.name, zones: databaseInstanceZones(region, db.highAvailability), keep }, o);

    this.clusterIdentifier = cluster.clusterIdentifier;
    this.clusterArn = cluster.arn;
    this.endpoint = cluster.endpoint;
    this.readerEndpoint = cluster.readerEndpoint;
    this.localEndpoint = primary ? cluster.readerEndpoint : cluster.endpoint;
    if (source.passwordSecretArn) this.passwordSecretArn = source.passwordSecretArn;
    this.secretArn = source.secretArn;
    this.passwordValueFrom = this.secretArn.apply((arn) => secretJsonKeyRef(arn, "password"));
    this.registerOutputs({
      clusterIdentifier: this.clusterIdentifier,
      clusterArn: this.clusterArn,
      endpoint: this.endpoint,
      readerEndpoint: this.readerEndpoint,
      secretArn: this.secretArn,
      localEndpoint: this.localEndpoint,
    });
  }

  /** The kit's master password and its secret (`{username, password}`), replicated to `replicaRegions`. */
  private masterCredentials(name: string, args: KeysDatabaseArgs, o: pulumi.CustomResourceOptions) {
    const password = new random.RandomPassword(`${name}-password`, { length: 40, special: false }, { parent: this });
    const secret = new aws.secretsmanager.Secret(
      `${name}-password-secret`,
      {
        description: "Master password of the ai-infra keys database (LiteLLM's DATABASE_PASSWORD)",
        recoveryWindowInDays: args.recoveryWindowInDays,
        // Each replica has the primary's ARN but for the Region:
        // https://docs.aws.amazon.com/secretsmanager/latest/userguide/replicate-secrets.html (read 2026-12-01).
        replicas: args.replicaRegions.map((region) => ({ region })),
      },
      o,
    );
    new aws.secretsmanager.SecretVersion(
      `${name}-password-value`,
      { secretId: secret.id, secretString: pulumi.secret(pulumi.jsonStringify({ username: databaseUser, password: password.result })) },
      o,
    );
    return { password: password.result, secretArn: secret.arn };
  }

  /**
   * The writer and, with high availability, a reader (the failover target). Serverless v2
   * instances use the class `db.serverless`
   * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.create.html).
   */
  private instances(
    name: string,
    i: { cluster: aws.rds.Cluster; subnetGroupName: pulumi.Output<string>; zones: string[]; keep: boolean },
    o: pulumi.CustomResourceOptions,
  ): void {
    const { cluster, keep } = i;
    i.zones.forEach((zone, n) => {
      new aws.rds.ClusterInstance(
        `${name}-${n === 0 ? "writer" : "reader"}`,
        {
          clusterIdentifier: cluster.id,
          instanceClass: "db.serverless",
          engine: "aurora-postgresql",
          engineVersion: cluster.engineVersion,
          availabilityZone: zone,
          dbSubnetGroupName: i.subnetGroupName,
          publiclyAccessible: false,
          // The reader is the failover target (tier 0 first).
          promotionTier: n === 0 ? 0 : 1,
        },
        { ...o, protect: keep, ignoreChanges: ["engineVersion"] },
      );
    });
  }

  /**
   * Primary (or only) region: the kit's password in a secret replicated to the other regions.
   * RDS: 8-41 printable characters without '/', '"', '@' or spaces (API_CreateDBCluster
   * MasterUserPassword, https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBCluster.html),
   * so letters and digits only.
   */
  private primarySource(name: string, args: KeysDatabaseArgs, o: pulumi.CustomResourceOptions): ClusterSource {
    const credentials = this.masterCredentials(name, args, o);
    return {
      settings: { engineVersion: auroraEngineVersion, databaseName, masterUsername: databaseUser, masterPassword: credentials.password, storageEncrypted: true },
      secretArn: credentials.secretArn,
      passwordSecretArn: credentials.secretArn,
    };
  }

  /** A secondary of the global database: an encrypted cross-Region secondary needs a key of its own Region. */
  private secondarySource(name: string, primary: PrimaryKeysDatabase, region: string, keep: boolean, o: pulumi.CustomResourceOptions): ClusterSource {
    const key = new aws.kms.Key(
      `${name}-key`,
      { description: `ai-infra keys database (${region}, global secondary)`, enableKeyRotation: true, deletionWindowInDays: 30 },
      { ...o, protect: keep },
    );
    return { settings: secondaryClusterSettings(primary, key.arn), secretArn: primary.passwordSecretArn.apply((arn) => replicaSecretArn(arn, region)) };
  }
}
