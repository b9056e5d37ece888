import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type NameScope, shortName } from "./names";

/**
 * Whether the stack's keys database is one Aurora global database: a stack with the keys
 * database (`hasKeys`) in more than one region (the enterprise example; `failover` needs two
 * regions). A caller key created in any region is then valid in every region, because every
 * region's LiteLLM reads the same keys, teams and budgets.
 */
export function needsGlobalDatabase(regions: readonly string[]): boolean {
  return regions.length > 1;
}

/**
 * The ARN of a Secrets Manager replica: "the same as the primary secret except for the Region"
 * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/replicate-secrets.html, read 2026-12-01).
 */
export function replicaSecretArn(primaryArn: string, region: string): string {
  const parts = primaryArn.split(":");
  if (parts.length < 7 || parts[2] !== "secretsmanager") throw new Error(`not a Secrets Manager secret ARN: ${primaryArn}`);
  parts[3] = region;
  return parts.join(":");
}

/** What a secondary region's keys database takes from the primary's (typed, from `createRegion`'s `earlier`). */
export interface PrimaryKeysDatabase {
  /** The global cluster the secondary joins. */
  globalClusterIdentifier: pulumi.Output<string>;
  /** The engine version the global cluster runs (a secondary must run the same). */
  engineVersion: pulumi.Output<string>;
  /** The kit's master-password secret in the primary region (replicated to this region). */
  passwordSecretArn: pulumi.Output<string>;
}

/**
 * The settings of a secondary cluster of the global database, beside the ones every keys
 * cluster has. No master user, password or database name: a secondary is a read-only copy of
 * the primary's storage, users included. `enableGlobalWriteForwarding`: LiteLLM's writes in
 * this region (spend, key last-used) are forwarded to the primary's writer; Aurora PostgreSQL 16
 * supports global write forwarding in every minor version
 * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-global-database-write-forwarding-apg.html, read 2026-12-01).
 * An encrypted cross-Region secondary needs a KMS key of its own Region (`kmsKeyId`).
 * Not set on the primary, although there it would take effect on a demotion: "you can set this
 * value only on Aurora DB clusters that are members of an Aurora global database"
 * (`EnableGlobalWriteForwarding`, https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBCluster.html,
 * read 2026-12-01), and the primary becomes a member only when the global cluster is made from its
 * ARN, after the cluster itself is created or modified. What an operator does after a switchover: README, "AWS data".
 */
export function secondaryClusterSettings(primary: PrimaryKeysDatabase, kmsKeyArn: pulumi.Input<string>) {
  return {
    globalClusterIdentifier: primary.globalClusterIdentifier,
    engineVersion: primary.engineVersion,
    enableGlobalWriteForwarding: true,
    storageEncrypted: true,
    kmsKeyId: kmsKeyArn,
  };
}

export interface GlobalKeysDatabaseArgs {
  names: NameScope;
  /** The primary region's existing keys cluster (its ARN). */
  sourceClusterArn: pulumi.Input<string>;
  deletionProtection: boolean;
}

/**
 * The Aurora global database made from the primary region's existing keys cluster
 * (`sourceDbClusterIdentifier`, Pulumi's "New Global Cluster From Existing DB Cluster":
 * https://www.pulumi.com/registry/packages/aws/api-docs/rds/globalcluster/, the pinned
 * @pulumi/aws 7.48.0's rds/globalCluster.d.ts). The source cluster is not replaced: it keeps
 * its data and becomes the primary; it ignores `globalClusterIdentifier`, which RDS then sets
 * (`database.ts`). `forceDestroy` is required with a source cluster (it detaches the members on
 * destroy). Created through the primary region's provider, parented to the primary region.
 */
export class GlobalKeysDatabase extends pulumi.ComponentResource {
  readonly globalClusterIdentifier: pulumi.Output<string>;
  readonly engineVersion: pulumi.Output<string>;

  constructor(name: string, args: GlobalKeysDatabaseArgs, opts: pulumi.ComponentResourceOptions) {
    super("ai-infra:aws:GlobalKeysDatabase", name, {}, opts);
    const global = new aws.rds.GlobalCluster(
      `${name}-cluster`,
      {
        // 1-255 characters, letters, digits and hyphens (API_CreateGlobalCluster).
        globalClusterIdentifier: shortName(args.names, "keys", 63),
        sourceDbClusterIdentifier: args.sourceClusterArn,
        forceDestroy: true,
        deletionProtection: args.deletionProtection,
      },
      { parent: this, provider: opts.provider, protect: args.deletionProtection },
    );
    this.globalClusterIdentifier = global.globalClusterIdentifier;
    this.engineVersion = global.engineVersion;
    this.registerOutputs({ globalClusterIdentifier: this.globalClusterIdentifier, engineVersion: this.engineVersion });
  }
}
