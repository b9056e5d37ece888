import type * as pulumi from "@pulumi/pulumi";

/**
 * AWS resource types that hold state the stack cannot recreate: data (buckets, queues, caches,
 * databases, logs, images, usage tables), secrets and the keys that decrypt data, callers' API
 * keys, and the network every private resource sits in. At a stage with `deletionProtection`
 * (enterprise) each is created with Pulumi's `protect`, so `pulumi destroy` or a replacement
 * stops with an error instead of deleting it. The list mirrors the promotion diff's stateful
 * table (`cli/lib/diff.ts`) and the `stateful-deletion-protection` policy's; a test keeps them in
 * step.
 *
 * The services' own protection is set in the components, where it exists: Secrets Manager's
 * recovery window (30 days at enterprise, `secretRecoveryWindowDays`), KMS keys' 30-day deletion
 * window, EKS `deletionProtection`, RDS/Aurora `deletionProtection`; S3, SQS, SNS, ElastiCache,
 * ECR, CloudWatch Logs, Glue and Athena have no deletion-protection flag of their own
 * (https://www.pulumi.com/docs/iac/concepts/options/protect/, read 2026-12-01).
 */
export const protectedAwsTypes: readonly string[] = [
  "aws:s3/bucket:Bucket",
  "aws:s3/bucketV2:BucketV2",
  "aws:elasticache/replicationGroup:ReplicationGroup",
  "aws:elasticache/serverlessCache:ServerlessCache",
  "aws:elasticache/cluster:Cluster",
  "aws:elasticache/subnetGroup:SubnetGroup",
  "aws:sqs/queue:Queue",
  "aws:sns/topic:Topic",
  "aws:secretsmanager/secret:Secret",
  "aws:kms/key:Key",
  "aws:dynamodb/table:Table",
  "aws:rds/instance:Instance",
  "aws:rds/cluster:Cluster",
  "aws:rds/clusterInstance:ClusterInstance",
  "aws:rds/globalCluster:GlobalCluster",
  "aws:eks/cluster:Cluster",
  "eks:index:Cluster",
  "aws:glue/catalogDatabase:CatalogDatabase",
  "aws:glue/catalogTable:CatalogTable",
  "aws:athena/workgroup:Workgroup",
  "aws:athena/database:Database",
  "aws:cloudwatch/logGroup:LogGroup",
  "aws:ecr/repository:Repository",
  "aws:efs/fileSystem:FileSystem",
  "aws:apigateway/apiKey:ApiKey",
  "aws:ec2/vpc:Vpc",
];

const protectedSet = new Set(protectedAwsTypes);

/** Whether a resource of `type` is protected at a stage with deletion protection. */
export function protectsType(type: string): boolean {
  return protectedSet.has(type);
}

/**
 * A transformation for a component's options: every stateful child (by type, at any depth) gets
 * `protect: true`; everything else is untouched (a protected API deployment or IAM role could
 * never be replaced, and replacing them is how their updates work). One rule in one place, so a
 * stateful resource a component adds later is protected without an edit to that component.
 * `transformations` run in the program itself, so the offline planner, the engine and `pulumi up`
 * see the same options.
 */
export const protectStateful: pulumi.ResourceTransformation = (args) =>
  protectsType(args.type) ? { props: args.props, opts: { ...args.opts, protect: true } } : undefined;

/** `opts` with `protectStateful` added when the stack asks for deletion protection. */
export function withDeletionProtection<T extends pulumi.ComponentResourceOptions>(opts: T, deletionProtection: boolean): T {
  return deletionProtection ? { ...opts, transformations: [...(opts.transformations ?? []), protectStateful] } : opts;
}
