import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { databaseEnv } from "../gateway/render";
import type { Stage } from "../config/schema";
import { cloudSqlTiers } from "../config/facts/gcp";
import { defaultDatabaseTiers } from "../config/presets";
import type { GcpDatabaseConfig } from "../config/model";
import { type GcpContext, childOpts } from "./context";
import { gcpName, nameLimits } from "./names";
import { regionalReplication } from "./secrets";

/**
 * The keys database on Cloud SQL for PostgreSQL: LiteLLM's virtual keys, teams, budgets and spend.
 *
 * Sources (read 2026-12-01):
 * - instance settings, editions, tiers: https://cloud.google.com/sql/docs/postgres/instance-settings,
 *   https://cloud.google.com/sql/docs/postgres/editions-intro
 * - shared-core tiers (db-f1-micro, db-g1-small) are not covered by the Cloud SQL SLA:
 *   https://cloud.google.com/sql/docs/postgres/instance-settings#machine-type-2ndgen and
 *   https://cloud.google.com/sql/sla
 * - private IP through private services access, reachable across regions of the VPC ("You can
 *   connect to private IP addresses across regions"), allocated range at least a /24:
 *   https://cloud.google.com/sql/docs/postgres/private-ip
 * - backups and point-in-time recovery (transaction logs 1-7 days on Enterprise edition):
 *   https://cloud.google.com/sql/docs/postgres/backup-recovery/backups
 * - high availability (availability type REGIONAL, standby in another zone):
 *   https://cloud.google.com/sql/docs/postgres/high-availability
 * - cross-region read replicas and their promotion:
 *   https://cloud.google.com/sql/docs/postgres/replication/cross-region-replicas
 * - Pulumi resource: https://www.pulumi.com/registry/packages/gcp/api-docs/sql/databaseinstance/
 */

/**
 * Postgres 15: the major version the real-Postgres tests of the keys command run (Debian 12's
 * `postgresql`), so the schema LiteLLM's Prisma migrations create is the one proven here; Cloud SQL
 * offers it (https://cloud.google.com/sql/docs/postgres/db-versions).
 */
export const databaseVersion = "POSTGRES_15";
/** Database and user LiteLLM connects as (fixed: LiteLLM creates its own tables in it). */
export const databaseName = "litellm";
export const databaseUser = "litellm";
export const databasePort = 5432;

/** The default Cloud SQL tier per stage, the cheapest that serves it (see `defaultDatabaseTiers` in the presets). */
export const defaultTiers: Record<Stage, string> = defaultDatabaseTiers.gcp;

/** Shared-core tiers: no SLA, and the kit refuses high availability on them (config/rules/gcp-database-high-availability.ts). */
export const sharedCoreTiers: readonly string[] = cloudSqlTiers.sharedCore;

/** Days of write-ahead log kept for point-in-time recovery: Enterprise edition accepts 1-7. */
export const maxTransactionLogDays = 7;

/** The allocated range of private services access: a /20 of the primary region's /16, clear of the subnets (see `networkPlan`, `gkeSubnetPlan`). */
export function serviceRange(regionCidr: string): { address: string; prefixLength: number } {
  const [a, b] = regionCidr.split("/")[0]!.split(".").map(Number) as [number, number];
  // .0/20 serverless egress, .16/20 GKE nodes, .32/20 services, .64/18 pods, .255.240/28 cache.
  return { address: `${a}.${b}.128.0`, prefixLength: 20 };
}

export interface DatabaseSettings {
  tier: string;
  availabilityType: "ZONAL" | "REGIONAL";
  backupRetentionDays: number;
  transactionLogRetentionDays: number;
  deletionProtection: boolean;
}

/** The instance's settings from the stack (pure; the tests and the cost model read it). */
export function databaseSettings(stack: { stage: Stage; database: GcpDatabaseConfig; deletionProtection: boolean }): DatabaseSettings {
  const db = stack.database;
  return {
    tier: db.tier ?? defaultTiers[stack.stage],
    availabilityType: db.highAvailability ? "REGIONAL" : "ZONAL",
    backupRetentionDays: db.backupRetentionDays,
    transactionLogRetentionDays: Math.min(maxTransactionLogDays, db.backupRetentionDays),
    deletionProtection: stack.deletionProtection,
  };
}

/** The instance arguments shared by the primary and its replicas (pure). */
export function instanceArgs(args: {
  name: string;
  region: string;
  network: pulumi.Input<string>;
  settings: DatabaseSettings;
  /** Set on a replica: the primary's instance name. */
  masterInstanceName?: pulumi.Input<string>;
  allocatedIpRange?: pulumi.Input<string>;
  labels?: Record<string, string>;
}): gcp.sql.DatabaseInstanceArgs {
  const s = args.settings;
  const replica = args.masterInstanceName !== undefined;
  return {
    name: args.name,
    region: args.region,
    databaseVersion,
    // Pulumi's (Terraform's) own guard against destroy; the provider's default is true, so it is
    // set from the stack explicitly (a prototype can be torn down, an enterprise stack cannot).
    deletionProtection: s.deletionProtection,
    ...(replica ? { masterInstanceName: args.masterInstanceName, replicaConfiguration: { failoverTarget: false } } : {}),
    settings: {
      edition: "ENTERPRISE",
      tier: s.tier,
      // A replica is a single zone; the primary's HA standby covers a zone loss where writes happen.
      availabilityType: replica ? "ZONAL" : s.availabilityType,
      diskType: "PD_SSD",
      // The size at creation; Cloud SQL grows it from there (`instanceOptions` keeps a grown disk).
      diskSize: initialDiskGb,
      diskAutoresize: true,
      // Cloud SQL's API-level flag: no one (console, gcloud, another tool) deletes the instance.
      deletionProtectionEnabled: s.deletionProtection,
      // Replicas take no backups (Cloud SQL backs up the primary only).
      backupConfiguration: replica
        ? { enabled: false }
        : {
            enabled: true,
            pointInTimeRecoveryEnabled: true,
            transactionLogRetentionDays: s.transactionLogRetentionDays,
            backupRetentionSettings: { retainedBackups: s.backupRetentionDays, retentionUnit: "COUNT" },
            startTime: "02:00",
          },
      ipConfiguration: {
        // Private IP only: no public address, reached over the VPC's private services access.
        ipv4Enabled: false,
        privateNetwork: args.network,
        ...(args.allocatedIpRange ? { allocatedIpRange: args.allocatedIpRange } : {}),
        // TLS required, no client certificate (LiteLLM's Prisma client connects with TLS).
        sslMode: "ENCRYPTED_ONLY",
      },
      maintenanceWindow: { day: 7, hour: 3, updateTrack: "stable" },
      insightsConfig: { queryInsightsEnabled: true },
      ...(args.labels ? { userLabels: args.labels } : {}),
    },
  };
}

/** The disk an instance is created with (GB); automatic storage increase grows it. */
export const initialDiskGb = 10;

/**
 * The resource options an instance needs for its arguments (pure). With automatic storage increase
 * Cloud SQL grows the disk past `diskSize`, and the provider replaces an instance whose `diskSize`
 * would shrink: the next `up` would plan to replace the keys database (or fail on its protection).
 * So the size is the program's only at creation and the state's afterwards. `settings` is one
 * object in the Pulumi schema, hence the nested path `settings.diskSize`.
 * Sources (read 2026-12-07): `diskAutoresize` in
 * https://www.pulumi.com/registry/packages/gcp/api-docs/sql/databaseinstance/ ("ensure that
 * lifecycle.ignore_changes is applied to diskSize"); nested paths in `ignoreChanges`:
 * https://www.pulumi.com/docs/iac/concepts/resources/options/ignorechanges/ and
 * https://www.pulumi.com/docs/reference/property-paths/; automatic storage increase
 * (the disk only grows): https://cloud.google.com/sql/docs/postgres/instance-settings.
 */
export function instanceOptions(args: gcp.sql.DatabaseInstanceArgs): Pick<pulumi.CustomResourceOptions, "ignoreChanges"> {
  const settings = args.settings as gcp.types.input.sql.DatabaseInstanceSettings | undefined;
  return settings?.diskAutoresize === true ? { ignoreChanges: ["settings.diskSize"] } : {};
}

/**
 * A region's keys database: the primary instance with private services access when `primary` is
 * unset, else a cross-region read replica of `primary`. Protected when `settings.deletionProtection`.
 */
export interface KeysDatabaseArgs {
  ctx: GcpContext;
  /** Tier, availability, backups and protection (see `databaseSettings`). */
  settings: DatabaseSettings;
  /** The stack's VPC (id); the primary region's, shared by every region. */
  network: pulumi.Input<string>;
  /** Primary region: the region's /16, to carve the private services access range from. */
  regionCidr: string;
  /**
   * Secondary regions: the primary region's database. This region then holds a cross-region
   * read replica of it, and the primary's private services access already covers the VPC.
   */
  primary?: KeysDatabase;
}

/**
 * One region's keys database: the primary Cloud SQL instance (with the VPC's private services
 * access, the database and the user) in the stack's first region, a cross-region read replica in
 * every other region. The password is generated, kept as a Pulumi secret and written only to
 * Secret Manager (one secret per region, replicated in that region only, so a region's gateway
 * does not depend on another region's Secret Manager replica). Encryption at rest is
 * Google-managed (Cloud SQL always encrypts data at rest).
 */
export class KeysDatabase extends pulumi.ComponentResource {
  readonly instance: gcp.sql.DatabaseInstance;
  /** Private IP of this region's instance (the primary's in the primary region, the replica's elsewhere). */
  readonly host: pulumi.Output<string>;
  /** Private IP of the primary, where every region writes. */
  readonly primaryHost: pulumi.Output<string>;
  /** Set in secondary regions: the local replica's private IP, where this region reads. */
  readonly readReplicaHost?: pulumi.Output<string>;
  /** Set in secondary regions: LiteLLM's URL of the local replica (it holds the password), in this region's Secret Manager. */
  readonly readReplicaUrlSecret?: gcp.secretmanager.Secret;
  readonly readReplicaUrlVersion?: gcp.secretmanager.SecretVersion;
  /** The password: a Pulumi secret, handed only to Secret Manager. */
  readonly password: pulumi.Output<string>;
  readonly passwordSecret: gcp.secretmanager.Secret;
  readonly passwordVersion: gcp.secretmanager.SecretVersion;
  readonly settings: DatabaseSettings;

  constructor(name: string, args: KeysDatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ai-infra:gcp:KeysDatabase", name, {}, opts);
    const { ctx } = args;
    this.settings = args.settings;
    const protect = args.settings.deletionProtection;
    const instanceName = gcpName(ctx.scope, args.primary ? "keys-replica" : "keys", nameLimits.sqlInstance);

    if (!args.primary) {
      // Private services access: one allocated range and one peering per VPC, here for the whole stack.
      const range = serviceRange(args.regionCidr);
      const allocated = new gcp.compute.GlobalAddress(
        `${name}-psa-range`,
        {
          name: gcpName(ctx.scope, "psa-range", nameLimits.network),
          purpose: "VPC_PEERING",
          addressType: "INTERNAL",
          address: range.address,
          prefixLength: range.prefixLength,
          network: args.network,
        },
        // The instances' private IPs come from this range: it goes only with them.
        childOpts(this, ctx, { protect }),
      );
      // https://www.pulumi.com/registry/packages/gcp/api-docs/servicenetworking/connection/:
      // ABANDON on delete, since the peering cannot be removed while a producer still uses it.
      const peering = new gcp.servicenetworking.Connection(
        `${name}-psa`,
        { network: args.network, service: "servicenetworking.googleapis.com", reservedPeeringRanges: [allocated.name], deletionPolicy: "ABANDON" },
        childOpts(this, ctx, { protect }),
      );
      const primaryArgs = instanceArgs({ name: instanceName, region: ctx.region, network: args.network, settings: this.settings, allocatedIpRange: allocated.name });
      this.instance = new gcp.sql.DatabaseInstance(
        `${name}-instance`,
        primaryArgs,
        // The instance gets its private IP from the peering: it must exist first.
        childOpts(this, ctx, { protect, dependsOn: [peering], ...instanceOptions(primaryArgs) }),
      );
      new gcp.sql.Database(`${name}-database`, { instance: this.instance.name, name: databaseName, deletionPolicy: "ABANDON" }, childOpts(this, ctx, { protect }));
      const password = new random.RandomPassword(
        `${name}-password`,
        // Letters and digits only: LiteLLM assembles its connection URL from the parts, and a
        // `@`, `/` or `:` in the password would break it. 32 of 62 symbols ≈ 190 bits.
        { length: 32, special: false },
        { parent: this },
      );
      this.password = pulumi.secret(password.result);
      new gcp.sql.User(`${name}-user`, { instance: this.instance.name, name: databaseUser, password: this.password }, childOpts(this, ctx));
      this.primaryHost = this.instance.privateIpAddress;
    } else {
      const replicaArgs = instanceArgs({ name: instanceName, region: ctx.region, network: args.network, settings: this.settings, masterInstanceName: args.primary.instance.name });
      this.instance = new gcp.sql.DatabaseInstance(`${name}-instance`, replicaArgs, childOpts(this, ctx, { protect, ...instanceOptions(replicaArgs) }));
      this.password = args.primary.password;
      this.primaryHost = args.primary.primaryHost;
      this.readReplicaHost = this.instance.privateIpAddress;
    }
    this.host = this.instance.privateIpAddress;

    this.passwordSecret = new gcp.secretmanager.Secret(
      `${name}-password-secret`,
      {
        secretId: gcpName(ctx.scope, "keys-db-password", nameLimits.secret),
        replication: regionalReplication(ctx.region),
        deletionProtection: protect,
      },
      childOpts(this, ctx, { protect }),
    );
    this.passwordVersion = new gcp.secretmanager.SecretVersion(
      `${name}-password-version`,
      { secret: this.passwordSecret.id, secretData: this.password },
      childOpts(this, ctx),
    );
    if (this.readReplicaHost) {
      const url = pulumi.all([this.readReplicaHost, this.password]).apply(([host, password]) => readReplicaUrl(host, password));
      this.readReplicaUrlSecret = new gcp.secretmanager.Secret(
        `${name}-replica-url-secret`,
        { secretId: gcpName(ctx.scope, "keys-db-replica-url", nameLimits.secret), replication: regionalReplication(ctx.region), deletionProtection: protect },
        childOpts(this, ctx, { protect }),
      );
      this.readReplicaUrlVersion = new gcp.secretmanager.SecretVersion(
        `${name}-replica-url-version`,
        { secret: this.readReplicaUrlSecret.id, secretData: pulumi.secret(url) },
        childOpts(this, ctx),
      );
    }
    this.registerOutputs({ instance: this.instance.name, host: this.host, primaryHost: this.primaryHost, passwordSecret: this.passwordSecret.secretId });
  }
}

/**
 * The TLS mode of the gateway's connections to the keys database: `DATABASE_SSLMODE` (the pinned
 * LiteLLM puts it in the URL it assembles, litellm/proxy/db/db_url_settings.py `tls_params`) and
 * the replica URL's `sslmode`. Why `require` and not `verify-full`: see `readReplicaUrl`.
 */
export const databaseSslMode = "require";

/**
 * LiteLLM's URL of a read replica: a whole URL, as the pinned LiteLLM reads a replica (see
 * `databaseEnv`). The generated password is letters and digits, so it needs no escaping.
 * `sslmode=require`: the instances take only encrypted connections (`sslMode: ENCRYPTED_ONLY`,
 * https://cloud.google.com/sql/docs/postgres/configure-ssl-instance); Prisma, LiteLLM's client, then
 * encrypts and, with its default `sslaccept`, does not verify the server certificate
 * (https://www.prisma.io/docs/orm/v6/overview/databases/postgresql, SSL connection arguments).
 */
export function readReplicaUrl(host: string, password: string): string {
  return `postgresql://${databaseUser}:${password}@${host}:${databasePort}/${databaseName}?sslmode=${databaseSslMode}`;
}

/**
 * The gateway's database environment (LiteLLM's own `DATABASE_*` variables, see `databaseEnv`):
 * host, port, name and user plain; the password as a Secret Manager reference. Every region writes
 * to the primary; a secondary region reads its local replica (`DATABASE_URL_READ_REPLICA`, a
 * Secret Manager reference), so its key checks go on when the primary's region is lost.
 */
export function gatewayDatabaseEnv(db: KeysDatabase): {
  plain: Record<string, pulumi.Input<string>>;
  secrets: Record<string, { secret: gcp.secretmanager.Secret; version: gcp.secretmanager.SecretVersion }>;
} {
  return {
    plain: {
      [databaseEnv.host]: db.primaryHost,
      [databaseEnv.port]: String(databasePort),
      [databaseEnv.name]: databaseName,
      [databaseEnv.user]: databaseUser,
      // The instances refuse plaintext (`ENCRYPTED_ONLY`); LiteLLM asks for TLS in the URL it assembles.
      [databaseEnv.sslMode]: databaseSslMode,
    },
    secrets: {
      [databaseEnv.password]: { secret: db.passwordSecret, version: db.passwordVersion },
      ...(db.readReplicaUrlSecret && db.readReplicaUrlVersion ? { [databaseEnv.readReplicaUrl]: { secret: db.readReplicaUrlSecret, version: db.readReplicaUrlVersion } } : {}),
    },
  };
}
