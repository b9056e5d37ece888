import { createHash } from "node:crypto";
import { gcpNameLimits } from "../config/facts/gcp";

/**
 * Physical names of GCP resources. Pulumi's auto-naming appends 8 characters to the logical
 * name, which breaks the many GCP ids with short limits (service accounts 6–30, Cloud Run 49,
 * Memorystore 40). These names are explicit, deterministic and unique per project/stack/region:
 * a readable head plus a hash of the full identity, so two stacks never collide and a rerun
 * never renames. They depend on the stack name and region, never on the stage, so promotion
 * keeps them.
 */
export interface NameScope {
  /** GCP project id; part of the hash because bucket names are global across projects. */
  gcpProject: string;
  /** Pulumi project and stack. */
  project: string;
  stack: string;
  region: string;
}

export function shortHash(text: string, length = 6): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

/** Lower-case letters, digits and `sep`, starting with a letter, no doubled or trailing `sep`. */
function sanitize(text: string, sep: "-" | "_"): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, sep)
    .replace(/^[^a-z]+/, "");
}

/**
 * `<stack>-<role>` (or `<role>-<stack>` cut short when both do not fit) and `-<hash>` of the full
 * identity.
 * `sep` is `_` for ids that forbid dashes (BigQuery datasets).
 */
export function gcpName(scope: NameScope, role: string, max: number, sep: "-" | "_" = "-"): string {
  const hash = shortHash(`${scope.gcpProject}/${scope.project}/${scope.stack}/${scope.region}/${role}`);
  const room = max - hash.length - 1;
  if (room < 1) throw new Error(`name limit ${max} leaves no room for a readable part`);
  const stackFirst = sanitize(`${scope.stack}${sep}${role}`, sep);
  // When the limit is too tight for both, the role goes first so that it is not the part cut off.
  const readable = stackFirst.length <= room ? stackFirst : sanitize(`${role}${sep}${scope.stack}`, sep);
  const head = readable.slice(0, room).replace(/[-_]+$/, "");
  return `${head || "ai"}${sep}${hash}`;
}

/**
 * Limits (characters) of the GCP ids the adapter names, from the sourced facts table
 * (`config/facts/gcp.ts`).
 */
export const nameLimits = {
  bucket: gcpNameLimits.bucket.max,
  serviceAccount: gcpNameLimits.serviceAccount.max,
  cloudRun: gcpNameLimits.cloudRun.max,
  secret: gcpNameLimits.secret.max,
  dataset: gcpNameLimits.dataset.max,
  redis: gcpNameLimits.redis.max,
  network: gcpNameLimits.network.max,
  pubsub: gcpNameLimits.pubsub.max,
  repository: gcpNameLimits.repository.max,
  metric: gcpNameLimits.metric.max,
  gkeCluster: gcpNameLimits.gkeCluster.max,
  sqlInstance: gcpNameLimits.sqlInstance.max,
  parameter: gcpNameLimits.parameter.max,
} as const;
