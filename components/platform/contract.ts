import type * as pulumi from "@pulumi/pulumi";
import type { Stack } from "../config/model";

/**
 * The contract between the platform assembly and a cloud adapter. Each cloud builds one
 * `RegionalPlatform` per region out of the stage's capabilities; the assembly never branches on
 * the cloud beyond picking the adapter.
 */
export interface RegionArgs<S extends Stack = Stack> {
  stack: S;
  region: string;
  /** Position in `stack.regions`; 0 is the primary region. */
  index: number;
  /** Tags for every taggable resource (see `stackTags`). */
  tags: Record<string, string>;
}

/**
 * What a platform engineer needs from a region after `up`, as stack outputs (`regionDetails`).
 * Each field is present once the stage has the piece it names.
 */
export interface RegionDetails {
  /** Container image repository of the async worker (push the worker image here). */
  imageRepositoryUrl?: string;
  /** API key name → the cloud's id of the key (read its value with the cloud's CLI). */
  apiKeyIds?: Record<string, string>;
  /** Job queue URL (AWS) or topic (GCP) to submit async jobs to, and its dead-letter queue. */
  queueUrl?: string;
  deadLetterQueueUrl?: string;
  /** Bucket the worker writes results to. */
  resultsBucket?: string;
  /** Bucket vLLM reads model weights from, and per self-hosted group the URI to stage them under. */
  modelCacheBucket?: string;
  modelWeights?: Record<string, string>;
  /** Kubernetes cluster name (scale and later). */
  clusterName?: string;
  /** GCP: the gateway image as mirrored into the region's registry. */
  gatewayImage?: string;
  /**
   * Where `npm run keys` reaches LiteLLM's admin API (`<apiUrl>/admin`, see `adminPrefix`), and the
   * secret-store id of the master key it authenticates with (AWS: Secrets Manager ARN; GCP: Secret
   * Manager secret id). Present once the stage has the keys database.
   */
  adminUrl?: string;
  masterKeySecret?: string;
  /** The keys database's endpoint (host) in this region, and the secret holding its password. */
  databaseHost?: string;
  databaseSecret?: string;
  /** GCP: the job topic and subscription, the dead-letter topic and subscription. */
  queueTopic?: string;
  queueSubscription?: string;
  deadLetterTopic?: string;
  deadLetterSubscription?: string;
  /** GCP: the worker image repository, and the worker pool (or what to do before it exists). */
  workerRepository?: string;
  workerPool?: string;
  /**
   * Enterprise with `fineTuning`: the release (`<namespace>/<release>`) or, on GCP before
   * `worker.imageTag`, what to do first; the identity the export and training pods run as (AWS:
   * the IRSA role ARN; GCP: the service account e-mail); and the command that starts a
   * training-set export now instead of on schedule (absent while the release is not created).
   */
  fineTuning?: string;
  fineTuningIdentity?: string;
  fineTuningExportCommand?: string;
}

/** What a region exposes to the platform: its URLs, buckets and queue, and the details engineers need. */
export interface RegionalPlatform extends pulumi.ComponentResource {
  readonly region: string;
  /** Public URL of the region's front door (callers send their key to it). */
  readonly apiUrl: pulumi.Output<string>;
  /** Host name of the front door's endpoint, for DNS failover records. */
  readonly apiHost: pulumi.Output<string>;
  /** Bucket holding the request/response log. */
  readonly requestLogBucket: pulumi.Output<string>;
  /** Link to the region's usage and cost dashboard. */
  readonly dashboardUrl: pulumi.Output<string>;
  /** Job queue of the async worker (growth and later). */
  readonly queueName?: pulumi.Output<string>;
  /**
   * What the engineer needs after `up` (see `RegionDetails`), each entry present once the stage has
   * the piece it names; the platform assembles them into the `regionDetails` output.
   */
  readonly details: RegionDetailsInputs;
}

/** `RegionDetails` as a region hands it over: each entry an input, absent when the stage lacks it. */
export type RegionDetailsInputs = { [K in keyof RegionDetails]?: pulumi.Input<NonNullable<RegionDetails[K]>> };

/** Where the stack's alerts go: an SNS topic (AWS) or Cloud Monitoring notification channels (GCP). */
export type AlertTarget = { kind: "sns-topic"; arn: pulumi.Output<string> } | { kind: "notification-channels"; ids: pulumi.Output<string[]> };

/** A DNS record the operator creates for the entry point when the kit does not manage the zone. */
export interface DnsRecord {
  name: string;
  type: string;
  value: string;
}

/** What the stack-wide pieces (front door, failover, budgets) give the platform, on either cloud. */
export interface GlobalParts {
  /**
   * The URL callers use when the stack has one entry point in front of its regions (a global load
   * balancer, a failover DNS name); without it the primary region's `apiUrl` is the stack's.
   */
  apiUrl?: pulumi.Output<string>;
  /** Where the stack's alerts go, when the stage has budgets and alerts. */
  alerts?: AlertTarget;
  /** DNS records to create for the entry point when the kit does not manage the zone (`api.dnsZone` unset). */
  dnsRecords?: pulumi.Output<DnsRecord[]>;
}

/**
 * What a cloud implements to join the kit, over its own stack type `S`, region type `R` and the
 * parts `Shared` a secondary region takes from the primary (its network, keys database, master key):
 * - `createRegion` builds one region; `primary` is the primary region's `shared`, absent in the primary;
 * - `createGlobal` builds the stack-wide pieces over the typed regions, after them.
 */
export interface CloudParts<S extends Stack, R extends RegionalPlatform & { readonly shared: Shared }, Shared> {
  readonly cloud: S["cloud"];
  createRegion(name: string, args: RegionArgs<S>, opts: pulumi.ComponentResourceOptions, primary: Shared | undefined): R;
  createGlobal(name: string, args: GlobalArgs<S, R>, opts: pulumi.ComponentResourceOptions): GlobalParts;
}

/** Stack-wide resources over the cloud's own, typed regions (the primary first). */
export interface GlobalArgs<S extends Stack, R extends RegionalPlatform> {
  stack: S;
  tags: Record<string, string>;
  regions: readonly [R, ...R[]];
}

/** The platform assembly's view of a cloud: regions, then global pieces, with the cloud's types kept inside. */
export interface CloudAdapter<S extends Stack> {
  readonly cloud: S["cloud"];
  build(name: string, args: { stack: S; tags: Record<string, string> }, opts: pulumi.ComponentResourceOptions): { regions: RegionalPlatform[]; global: GlobalParts };
}

/**
 * Wraps a cloud's parts into the assembly's contract. Regions are named `${name}-<region>` and the
 * global pieces `${name}-global`, so a stack's URNs depend on the region list only.
 */
export function defineAdapter<S extends Stack, R extends RegionalPlatform & { readonly shared: Shared }, Shared>(parts: CloudParts<S, R, Shared>): CloudAdapter<S> {
  return {
    cloud: parts.cloud,
    build(name, { stack, tags }, opts) {
      const [first, ...rest] = stack.regions;
      const primary = parts.createRegion(`${name}-${first}`, { stack, region: first, index: 0, tags }, opts, undefined);
      const regions: [R, ...R[]] = [primary];
      rest.forEach((region, i) => regions.push(parts.createRegion(`${name}-${region}`, { stack, region, index: i + 1, tags }, opts, primary.shared)));
      return { regions, global: parts.createGlobal(`${name}-global`, { stack, tags, regions }, opts) };
    },
  };
}
