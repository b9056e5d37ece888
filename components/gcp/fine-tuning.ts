import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { FineTuningRelease, fineTuningNamespace, fineTuningReleaseName, fineTuningServiceAccountName, startExportCommand } from "../kubernetes/fine-tuning-release";
import type { FineTuning as FineTuningConfig, SelfHostedConfig } from "../config/model";
import type { Cluster } from "./cluster";
import { workloadIdentityMember } from "./cluster";
import { type GcpContext, childOpts } from "./context";
import { gcsS3Endpoint } from "./llm-gateway";
import { gcpName, nameLimits, shortHash } from "./names";
import { workerImageRepository } from "./worker";

/** What `regionDetails.<region>.fineTuning` says before the worker image is pushed. */
export const fineTuningPending =
  "not created yet: the export runs the worker image; push it to workerRepository, then pulumi config set --path 'ai-infra:worker.imageTag' <tag> and pulumi up (README, Fine-tuning)";

/** Prefix the gateway's logger writes the request log under (the rendered `s3_path`, the chart's `buckets.logPrefix`). */
export const requestLogPrefix = "requests/";
/** Prefixes of the model-cache bucket the export and the trainer write. */
export const trainingSetsPrefix = "training-sets/";
export const adaptersPrefix = "adapters/";

/** One conditional grant on one of the region's two buckets. */
export interface FineTuningGrant {
  /** Child name suffix (stable: it never depends on the stage). */
  role: string;
  bucket: "log" | "model";
  iamRole: "roles/storage.objectViewer" | "roles/storage.objectUser";
  /** Object-name prefix the grant is limited to, ending in `/`. */
  prefix: string;
  title: string;
}

/**
 * The fine-tuning identity's bucket grants, each limited to one prefix by an IAM condition (the
 * kit's buckets have uniform bucket-level access, which IAM Conditions require:
 * https://cloud.google.com/storage/docs/access-control/iam#conditions):
 *
 * - read the request log under `requests/` (the export);
 * - read each self-hosted group's base weights under `<model id>/` (the trainer starts from them);
 * - read and write `training-sets/` (the export writes, the trainer reads) and `adapters/` (the
 *   trainer uploads). `objectUser` rather than `objectCreator`: a retried upload overwrites an
 *   object of the same name, which needs `storage.objects.delete`; the bucket is versioned, so an
 *   overwritten object stays recoverable for `noncurrentVersionDays`.
 *
 * One binding per prefix keeps each expression at two logical operators, far below the 12 an
 * expression may hold (https://cloud.google.com/iam/docs/conditions-overview#limitations).
 */
export function fineTuningGrants(selfHosted: readonly Pick<SelfHostedConfig, "model">[]): FineTuningGrant[] {
  const weights = [...new Set(selfHosted.map((s) => s.model))].sort();
  return [
    { role: "log-reader", bucket: "log", iamRole: "roles/storage.objectViewer", prefix: requestLogPrefix, title: "fine-tuning-read-requests" },
    // Named by a hash of the model id: adding or removing another group renames nothing.
    ...weights.map((model): FineTuningGrant => ({
      role: `weights-reader-${shortHash(model)}`,
      bucket: "model",
      iamRole: "roles/storage.objectViewer",
      prefix: `${model}/`,
      title: `fine-tuning-read-weights-${shortHash(model)}`,
    })),
    { role: "training-sets", bucket: "model", iamRole: "roles/storage.objectUser", prefix: trainingSetsPrefix, title: "fine-tuning-rw-training-sets" },
    { role: "adapters", bucket: "model", iamRole: "roles/storage.objectUser", prefix: adaptersPrefix, title: "fine-tuning-rw-adapters" },
  ];
}

/**
 * The condition limiting a grant to `prefix` (`<dir>/`) of `bucket`. An object is checked by its
 * name (`resource.name`): the objects under `<dir>/`, and `<dir>` itself, which a copy tool may
 * probe to tell a file from a folder (a 403 there would fail the copy where a 404 does not). A
 * list request names the bucket, not an object, so it is admitted by the list's own prefix
 * (`storage.googleapis.com/objectListPrefix`) starting with `<dir>`, with or without the slash
 * (the export lists `requests/<day>/`; `gcloud storage rsync gs://<bucket>/<dir>` may list
 * either). A listing of a sibling such as `<dir>-x` shows names only, never contents; a list
 * without a prefix, or under another, is refused
 * (https://cloud.google.com/iam/docs/conditions-attribute-reference#resource-name and
 * #api-attributes).
 */
export function prefixCondition(bucket: string, prefix: string): string {
  if (!prefix.endsWith("/") || prefix.length < 2) throw new Error(`prefix '${prefix}' must be a folder ending with '/' (a grant on 'a' would admit 'ab/')`);
  const dir = prefix.slice(0, -1);
  const object = (name: string) => JSON.stringify(`projects/_/buckets/${bucket}/objects/${name}`);
  return `resource.name == ${object(dir)} || resource.name.startsWith(${object(prefix)}) || api.getAttribute("storage.googleapis.com/objectListPrefix", "").startsWith(${JSON.stringify(dir)})`;
}

/**
 * Fine-tuning in one region. The HMAC key and the release exist only once `imageTag` names a
 * pushed worker image.
 */
export interface FineTuningArgs {
  ctx: GcpContext;
  /** The stack's `fineTuning`, its references resolved: the chart renders its values from it. */
  fineTuning: FineTuningConfig;
  /** The self-hosted model groups, whose base weights the trainer reads. */
  selfHosted: readonly Pick<SelfHostedConfig, "model">[];
  /** The Pulumi stack name, in display names. */
  stackName: string;
  /** The worker image's tag (the stack's `worker.imageTag`): the export runs it. */
  imageTag?: string;
  /** The region's cluster: its Kubernetes provider, model-cache bucket, node pools and GKE cluster. */
  cluster: Cluster;
  /** The region's request-log bucket. */
  logBucket: pulumi.Input<string>;
  /** The async worker's Artifact Registry repository URL; its image carries the export. */
  workerRepositoryUrl: pulumi.Input<string>;
}

/** How an operator starts an export now instead of waiting for the schedule. */
export function fineTuningExportCommand(gcpProject: string, region: string, clusterName: string): string {
  return `gcloud container clusters get-credentials ${clusterName} --region ${region} --project ${gcpProject} && ` + startExportCommand;
}

/**
 * Fine-tuning on GCP for one region (enterprise, `fineTuning`): a Google service account the
 * chart's pods act as through Workload Identity, its prefix-limited grants on the region's two
 * buckets, and — once `worker.imageTag` names a pushed worker image — an HMAC key of that account
 * for the export's S3 client and the cloud-neutral `FineTuningRelease`.
 *
 * Why an HMAC key: the export reads and writes through the S3 API, which GCS serves as its XML
 * API, and the XML API authenticates S3-style requests with HMAC keys, not with the OAuth tokens
 * Workload Identity hands out (https://cloud.google.com/storage/docs/authentication/hmackeys).
 * The trainer's copies use gcloud, which takes the Workload Identity token. The key acts as the
 * same service account, so it can do exactly what the grants below allow.
 */
export class FineTuning extends pulumi.ComponentResource {
  readonly serviceAccount: gcp.serviceaccount.Account;
  /** Absent until `worker.imageTag` is set. */
  readonly hmacKey?: gcp.storage.HmacKey;
  readonly release?: FineTuningRelease;
  /** `<namespace>/<release>` once installed, else what to do first (`fineTuningPending`). */
  readonly status: pulumi.Output<string>;
  /** How an operator starts an export now; absent until the release exists. */
  readonly exportCommand?: string;

  constructor(name: string, args: FineTuningArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ai-infra:gcp:FineTuning", name, {}, opts);
    const { ctx, cluster } = args;
    const o = (extra: Parameters<typeof childOpts>[2] = {}) => childOpts(this, ctx, extra);

    // gcpName keeps the id within 6–30 characters, the service account id limit
    // (https://cloud.google.com/iam/docs/service-accounts-create).
    this.serviceAccount = new gcp.serviceaccount.Account(
      `${name}-sa`,
      { project: ctx.gcpProject, accountId: gcpName(ctx.scope, "fine-tuning", nameLimits.serviceAccount), displayName: `ai-infra fine-tuning export and training (${args.stackName}, ${ctx.region})` },
      o(),
    );
    const member = pulumi.interpolate`serviceAccount:${this.serviceAccount.email}`;

    // The identity pool exists once the cluster does (see Cluster's vLLM grants); the pods'
    // Kubernetes ServiceAccount acts as this account through this grant
    // (https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity).
    const workloadIdentity = new gcp.serviceaccount.IAMMember(
      `${name}-wi`,
      { serviceAccountId: this.serviceAccount.name, role: "roles/iam.workloadIdentityUser", member: workloadIdentityMember(ctx.gcpProject, fineTuningNamespace, fineTuningServiceAccountName) },
      o({ dependsOn: [cluster.gke] }),
    );
    const buckets = { log: pulumi.output(args.logBucket), model: cluster.modelCache.name };
    const grants = fineTuningGrants(args.selfHosted).map(
      (g) =>
        new gcp.storage.BucketIAMMember(
          `${name}-${g.role}`,
          {
            bucket: buckets[g.bucket],
            role: g.iamRole,
            member,
            condition: { title: g.title, description: `Only objects under ${g.prefix}`, expression: buckets[g.bucket].apply((b) => prefixCondition(b, g.prefix)) },
          },
          o(),
        ),
    );

    const tag = args.imageTag;
    if (!tag) {
      this.status = pulumi.output(fineTuningPending);
      this.registerOutputs({ serviceAccount: this.serviceAccount.email, status: this.status });
      return;
    }

    // Rotation: HMAC keys are limited per service account (https://cloud.google.com/storage/quotas),
    // so a rotation replaces this one key (`pulumi up --replace <urn>`, README "Fine-tuning"): the
    // new key is created first, the Secret updated, then the old key deleted.
    this.hmacKey = new gcp.storage.HmacKey(`${name}-hmac-key`, { project: ctx.gcpProject, serviceAccountEmail: this.serviceAccount.email }, o());
    this.release = new FineTuningRelease(
      `${name}-chart`,
      {
        fineTuning: args.fineTuning,
        provider: cluster.k8sProvider,
        facts: pulumi.all([buckets.log, buckets.model, this.serviceAccount.email, args.workerRepositoryUrl]).apply(([logBucket, modelBucket, identity, repositoryUrl]) => ({
          cloud: "gcp" as const,
          region: ctx.region,
          logBucket,
          modelBucket,
          identity,
          workerImage: { repository: workerImageRepository(repositoryUrl), tag },
        })),
        s3: { endpoint: gcsS3Endpoint, accessKeyId: this.hmacKey.accessId, secretAccessKey: this.hmacKey.secret },
        // The export runs on the system nodes, the trainer on a GPU pool; both need their grants.
        dependsOn: [...cluster.nodePools, workloadIdentity, ...grants],
      },
      { parent: this },
    );
    this.status = pulumi.output(fineTuningReleaseName);
    this.exportCommand = fineTuningExportCommand(ctx.gcpProject, ctx.region, cluster.clusterName);
    this.registerOutputs({ serviceAccount: this.serviceAccount.email, status: this.status, exportCommand: this.exportCommand });
  }
}
