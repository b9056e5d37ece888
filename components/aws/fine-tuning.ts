import * as aws from "@pulumi/aws";
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { FineTuningRelease, type FineTuningReleaseArgs, fineTuningNamespace, fineTuningServiceAccountName, startExportCommand } from "../kubernetes/fine-tuning-release";
import type { FineTuningConfig, SelfHostedConfig } from "../config/model";
import { logPrefixes } from "./bucket";
import { type ServiceAccountRef, irsaTrustPolicy } from "./cluster";
import { type Statement, policyDocument } from "./iam";
import { workerImageTag } from "./worker";

/** The chart's ServiceAccount (charts/fine-tuning `serviceAccount.name`): the only subject the role trusts. */
export const fineTuningServiceAccount: ServiceAccountRef = { namespace: fineTuningNamespace, name: fineTuningServiceAccountName };

/** Where the export writes and the trainer writes, under the region's model-cache bucket (the chart's paths). */
export const fineTuningModelPrefixes = { trainingSets: "training-sets/", adapters: "adapters/" } as const;

export interface FineTuningAccessInputs {
  region: string;
  logBucketArn: string;
  modelBucketArn: string;
  /** Model ids (paths under the model bucket) whose weights a run may train on. */
  baseModels: string[];
  /** The request log's customer-managed key, when the stack asks for one. */
  logKeyArn?: string;
}

/**
 * What the export and the training pods may do, and nothing else:
 * - request log: list and read `requests/` only (the export); no write, no other prefix (the
 *   gateway's rendered config and Athena results stay out of reach);
 * - model bucket: read the base weights a run trains on; read and write `training-sets/` (the
 *   export writes, the trainer reads) and `adapters/` (the trainer uploads; `aws s3 sync` lists
 *   the destination first and aborts a failed multipart upload); never delete (the bucket is
 *   versioned; old runs stay until an operator removes them);
 * - the request log's customer-managed key: decrypt only, only through S3 in this region.
 *
 * ListBucket is a bucket action: scoped by the `s3:prefix` condition, objects by the resource ARN
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-policies-s3.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html:
 * ListObjectsV2 needs s3:ListBucket, HeadObject/GetObject s3:GetObject, multipart uploads
 * s3:PutObject, AbortMultipartUpload s3:AbortMultipartUpload). Reading an SSE-KMS object needs
 * kms:Decrypt on its key (https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html);
 * the model bucket's AWS-managed `aws/s3` key needs no grant (its key policy admits the account's
 * principals through S3). `kms:ViaService` is `s3.<region>.amazonaws.com` for S3
 * (https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service).
 */
export function fineTuningAccessPolicy(i: FineTuningAccessInputs): string {
  const models = [...new Set(i.baseModels)].sort();
  const { trainingSets, adapters } = fineTuningModelPrefixes;
  const statements: Statement[] = [
    { Sid: "ListRequestLog", Effect: "Allow", Action: "s3:ListBucket", Resource: i.logBucketArn, Condition: { StringLike: { "s3:prefix": `${logPrefixes.requests}*` } } },
    { Sid: "ReadRequestLog", Effect: "Allow", Action: "s3:GetObject", Resource: `${i.logBucketArn}/${logPrefixes.requests}*` },
    ...(i.logKeyArn
      ? [{ Sid: "DecryptRequestLog", Effect: "Allow" as const, Action: "kms:Decrypt", Resource: i.logKeyArn, Condition: { StringEquals: { "kms:ViaService": `s3.${i.region}.amazonaws.com` } } }]
      : []),
    {
      Sid: "ListModelBucket",
      Effect: "Allow",
      Action: "s3:ListBucket",
      Resource: i.modelBucketArn,
      Condition: { StringLike: { "s3:prefix": [`${trainingSets}*`, `${adapters}*`, ...models.map((m) => `${m}/*`)] } },
    },
    ...(models.length > 0 ? [{ Sid: "ReadBaseWeights", Effect: "Allow" as const, Action: "s3:GetObject", Resource: models.map((m) => `${i.modelBucketArn}/${m}/*`) }] : []),
    { Sid: "ReadWriteTrainingSets", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: `${i.modelBucketArn}/${trainingSets}*` },
    { Sid: "ReadWriteAdapters", Effect: "Allow", Action: ["s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"], Resource: `${i.modelBucketArn}/${adapters}*` },
  ];
  return policyDocument(statements);
}

/** Model ids a run may train on: the base models of the served adapters and of the current run. */
export function fineTuningBaseModels(ft: FineTuningConfig, selfHosted: readonly SelfHostedConfig[]): string[] {
  const groups = new Set([...ft.adapters.map((a) => a.baseModel), ...(ft.run ? [ft.run.baseModel] : [])]);
  return [...new Set(selfHosted.filter((s) => groups.has(s.name)).map((s) => s.model))].sort();
}

/** How an operator starts an export now instead of waiting for the schedule. */
export function fineTuningExportCommand(region: string, clusterName: string): string {
  return (
    `aws eks update-kubeconfig --region ${region} --name ${clusterName} && ` + startExportCommand
  );
}

/** What the fine-tuning pieces need from the region's EKS cluster (typed fields of `Cluster`). */
export interface FineTuningClusterAccess {
  clusterName: string;
  k8sProvider: k8s.Provider;
  oidc: { providerArn: pulumi.Output<string>; issuerUrl: pulumi.Output<string> };
  modelCacheBucket: pulumi.Output<string>;
  modelCacheBucketArn: pulumi.Output<string>;
  /** System nodes (the export runs there) and GPU node groups (the training Job runs there). */
  workloadDependencies: pulumi.Resource[];
}

/** What the fine-tuning release renders from, beside the facts, provider and dependencies supplied here. */
export type FineTuningReleaseConfig = Omit<FineTuningReleaseArgs, "facts" | "provider" | "s3" | "dependsOn">;

export interface FineTuningArgs {
  /** What the release renders from (`fineTuning` and the model groups), beside the cloud facts supplied here. */
  release: FineTuningReleaseConfig;
  /** Model ids a run may read the weights of (`fineTuningBaseModels`). */
  baseModels: string[];
  region: string;
  cluster: FineTuningClusterAccess;
  logBucket: { bucket: pulumi.Input<string>; arn: pulumi.Input<string> };
  /** The request log's customer-managed key (`logging.customerManagedKey`); absent: the bucket's AWS-managed key. */
  logKeyArn?: pulumi.Input<string>;
  /** The async worker's ECR repository: the image carries the export entry point (`dist/export.js`). */
  workerRepositoryUrl: pulumi.Input<string>;
}

/**
 * Fine-tuning in one region (enterprise): the IRSA role of the chart's ServiceAccount, its
 * prefix-scoped access to this region's request log and model bucket, and the release (export
 * CronJob; training Job when `fineTuning.run` is set). Data never leaves the region: both buckets
 * and the role's grants are this region's own.
 */
export class FineTuning extends pulumi.ComponentResource {
  readonly roleArn: pulumi.Output<string>;
  readonly exportCommand: string;

  constructor(name: string, args: FineTuningArgs, opts: pulumi.ComponentResourceOptions) {
    super("ai-infra:aws:FineTuning", name, {}, opts);
    const { region, cluster, baseModels } = args;
    const o = { parent: this, provider: opts.provider };

    // IRSA: the pod's projected token is exchanged for this role through the cluster's OIDC
    // provider (https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html).
    // IAM is global, so every region the spec accepts has it. The auto-name (`<project>-<region>
    // -fine-tuning-role` + Pulumi's 8-character suffix) stays under IAM's 64 characters
    // (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html): it is shorter
    // than the autoscaler role that `config/rules/aws-auto-names.ts` bounds, and test/aws/names.test.ts checks
    // every example plan.
    const role = new aws.iam.Role(
      `${name}-role`,
      { assumeRolePolicy: pulumi.all([cluster.oidc.providerArn, cluster.oidc.issuerUrl]).apply(([arn, url]) => irsaTrustPolicy(arn, url, [fineTuningServiceAccount])) },
      o,
    );
    const access = new aws.iam.RolePolicy(
      `${name}-access`,
      {
        role: role.id,
        policy: pulumi
          .all([args.logBucket.arn, cluster.modelCacheBucketArn, args.logKeyArn ?? ""])
          .apply(([logBucketArn, modelBucketArn, logKeyArn]) => fineTuningAccessPolicy({ region, logBucketArn, modelBucketArn, baseModels, ...(logKeyArn ? { logKeyArn } : {}) })),
      },
      o,
    );

    new FineTuningRelease(
      `${name}-release`,
      {
        ...args.release,
        provider: cluster.k8sProvider,
        facts: pulumi.all([args.logBucket.bucket, cluster.modelCacheBucket, role.arn, args.workerRepositoryUrl]).apply(([logBucket, modelBucket, identity, repository]) => ({
          cloud: "aws" as const,
          region,
          logBucket,
          modelBucket,
          identity,
          workerImage: { repository, tag: workerImageTag },
        })),
        // The pods assume the role at start: its grants exist before the first export runs.
        dependsOn: [...cluster.workloadDependencies, access],
      },
      { parent: this },
    );

    this.roleArn = role.arn;
    this.exportCommand = fineTuningExportCommand(region, cluster.clusterName);
    this.registerOutputs({ roleArn: this.roleArn, exportCommand: this.exportCommand });
  }
}
