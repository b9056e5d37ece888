import type * as pulumi from "@pulumi/pulumi";
import type { Spec } from "../config/validate";

/**
 * The contract between the platform assembly and a cloud adapter. Each cloud builds one
 * `RegionalPlatform` per region out of the stage's capabilities; the assembly never branches on
 * the cloud beyond picking the adapter.
 */
export interface RegionArgs {
  spec: Spec;
  region: string;
  /** Position in `spec.regions`; 0 is the primary region. */
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

/** What a region exposes to the stack outputs and to cross-region routing. */
export interface RegionalPlatform extends pulumi.ComponentResource {
  readonly region: string;
  /** Public URL of the managed API gateway (callers send their API key to it). */
  readonly apiUrl: pulumi.Output<string>;
  /** Host name of the API gateway endpoint, for DNS failover records. */
  readonly apiHost: pulumi.Output<string>;
  /** Bucket holding the request/response log. */
  readonly requestLogBucket: pulumi.Output<string>;
  /** Link to the region's usage and cost dashboard. */
  readonly dashboardUrl: pulumi.Output<string>;
  /** Job queue of the async worker (growth and later). */
  readonly queueName?: pulumi.Output<string>;
  /** What the engineer needs after `up` (see `RegionDetails`). */
  readonly details?: pulumi.Output<RegionDetails>;
}

/** Stack-wide pieces the platform reads back (optional per cloud). */
export interface GlobalPlatform extends pulumi.ComponentResource {
  /** Where the stack's alerts go (AWS: SNS topic ARN; GCP: the notification channel ids, comma-separated). */
  readonly alertTopic?: pulumi.Output<string>;
  /**
   * The URL callers use when the stack has one entry point in front of its regions (a global load
   * balancer, a failover DNS name); without it the primary region's `apiUrl` is the stack's.
   */
  readonly apiUrl?: pulumi.Output<string>;
  /**
   * DNS records the operator must create for the entry point when the kit does not manage the
   * zone (`api.dnsZone` unset); empty when it does.
   */
  readonly dnsRecords?: pulumi.Output<{ name: string; type: string; value: string }[]>;
}

/**
 * Stack-wide resources (budgets, the global entry point, DNS failover) that exist once, not per
 * region. `regions` are the cloud's own region components, typed: what a global piece needs from a
 * region (health routes, endpoints, keys) is a typed field of that cloud's region, never a downcast.
 */
export interface GlobalArgs<R extends RegionalPlatform> {
  spec: Spec;
  tags: Record<string, string>;
  regions: R[];
}

/**
 * What a cloud implements to join the kit: how to build one region, and optionally the stack-wide
 * pieces over the regions it built. `R` is the cloud's own region type.
 */
export interface CloudParts<R extends RegionalPlatform> {
  readonly cloud: Spec["cloud"];
  /**
   * `earlier` are the regions built before this one, the primary first: a secondary region reads
   * what it needs from the primary (its database to replicate, say) as typed fields.
   */
  createRegion(name: string, args: RegionArgs, opts: pulumi.ComponentResourceOptions, earlier: readonly R[]): R;
  /** Optional: created after the regions, parented to the platform. */
  createGlobal?(name: string, args: GlobalArgs<R>, opts: pulumi.ComponentResourceOptions): GlobalPlatform | undefined;
}

/** The platform assembly's view of a cloud: regions, then global pieces, with the cloud's types kept inside. */
export interface CloudAdapter {
  readonly cloud: Spec["cloud"];
  build(
    name: string,
    args: { spec: Spec; tags: Record<string, string> },
    opts: pulumi.ComponentResourceOptions,
  ): { regions: RegionalPlatform[]; global?: GlobalPlatform };
}

/**
 * Wraps a cloud's parts into the assembly's contract. Regions are named `${name}-<region>` and the
 * global pieces `${name}-global`, so a stack's URNs depend on the region list only.
 */
export function defineAdapter<R extends RegionalPlatform>(parts: CloudParts<R>): CloudAdapter {
  return {
    cloud: parts.cloud,
    build(name, { spec, tags }, opts) {
      const regions: R[] = [];
      spec.regions.forEach((region, index) => regions.push(parts.createRegion(`${name}-${region}`, { spec, region, index, tags }, opts, [...regions])));
      const global = parts.createGlobal?.(`${name}-global`, { spec, tags, regions }, opts);
      return global ? { regions, global } : { regions };
    },
  };
}
