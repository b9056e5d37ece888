import { s3LogPath, containerEnv } from "../lib/gateway-config";
import { stackPolicy } from "../lib/define";
import { requestLogWiring } from "../lib/request-log";
import { type ResourceView, arr, label, obj, ofType, refersTo, str } from "../lib/resources";

interface Retention {
  /** Days until a log object is deleted (or becomes a noncurrent version). */
  expire?: number;
  /** Days a noncurrent version is kept after that; undefined when no rule removes them. */
  noncurrent?: number;
  versioned: boolean;
}

const applies = (rulePrefix: string, logPrefix: string | undefined) => rulePrefix === "" || (logPrefix !== undefined && `${logPrefix}/`.startsWith(rulePrefix));
const minOf = (xs: number[]) => (xs.length ? Math.min(...xs) : undefined);

function s3Retention(bucket: ResourceView, resources: readonly ResourceView[], logPrefix: string | undefined): Retention {
  const rules = ofType(resources, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")
    .filter((c) => refersTo(c, "bucket", bucket))
    .flatMap((c) => arr(c.props.rules).map(obj))
    .filter((r) => str(r.status) === "Enabled")
    .filter((r) => {
      const filter = obj(r.filter);
      return applies(str(filter.prefix) ?? str(obj(filter.and).prefix) ?? str(r.prefix) ?? "", logPrefix);
    });
  const versioned = ofType(resources, "aws:s3/bucketVersioning:BucketVersioning").some(
    (v) => refersTo(v, "bucket", bucket) && str(obj(v.props.versioningConfiguration).status) === "Enabled",
  );
  const expire = minOf(rules.map((r) => obj(r.expiration).days).filter((d): d is number => typeof d === "number"));
  const noncurrent = minOf(rules.map((r) => obj(r.noncurrentVersionExpiration).noncurrentDays).filter((d): d is number => typeof d === "number"));
  return { ...(expire === undefined ? {} : { expire }), ...(noncurrent === undefined ? {} : { noncurrent }), versioned };
}

function gcsRetention(bucket: ResourceView, logPrefix: string | undefined): Retention {
  // An `age` condition counts from creation for live and noncurrent versions alike.
  const ages = arr(bucket.props.lifecycleRules)
    .map(obj)
    .filter((r) => str(obj(r.action).type) === "Delete")
    .filter((r) => {
      const prefixes = arr(obj(r.condition).matchesPrefixes).filter((p): p is string => typeof p === "string");
      return prefixes.length === 0 || prefixes.some((p) => applies(p, logPrefix));
    })
    .map((r) => obj(r.condition).age)
    .filter((a): a is number => typeof a === "number");
  const expire = minOf(ages);
  return { ...(expire === undefined ? {} : { expire }), versioned: false };
}

/**
 * The request log is kept long enough for audit and no longer than storage limitation allows:
 * the lifecycle rules that apply to the log objects (by prefix) delete them within
 * `retentionDays.min`–`retentionDays.max` days, counting the days a versioned bucket keeps the
 * deleted object as a noncurrent version. The log bucket is found through the gateway's wiring.
 *
 * Severity: high. Enforcement: mandatory.
 * Rationale: GDPR art. 5(1)(e) (storage limitation) caps how long prompts may be kept; audit and
 * incident response need a floor. Both bounds come from the policy config (stage, jurisdiction).
 * Checkov: CKV2_AWS_61 (a lifecycle configuration exists; this also bounds it). tfsec: none.
 */
export const requestLogRetention = stackPolicy("guardrails", {
  name: "request-log-retention",
  description: "Request logs expire within the configured retention bounds.",
  enforcementLevel: "mandatory",
  severity: "high",
  mappings: ["CKV2_AWS_61"],
  validate: (resources, s, report) => {
    const { min, max } = s.retentionDays;
    const s3Path = resources.map(s3LogPath).find((p) => p !== undefined);
    const seen = new Set<string>();
    for (const w of requestLogWiring(resources)) {
      const b = w.bucket;
      if (!b || seen.has(b.urn)) continue;
      seen.add(b.urn);
      const gcsPath = containerEnv(w.gateway).GCS_BUCKET_NAME?.split("/").slice(1).join("/");
      const ret = b.type === "aws:s3/bucket:Bucket" ? s3Retention(b, resources, s3Path) : gcsRetention(b, gcsPath || undefined);
      const who = `${label(b)} (request log)`;
      if (ret.expire === undefined) {
        report(`${who} has no lifecycle rule that expires request logs; retention must be ${min}-${max} days`, b.urn);
        continue;
      }
      if (ret.expire < min) report(`${who} deletes request logs after ${ret.expire} days, below the audit minimum of ${min} days`, b.urn);
      if (ret.versioned && ret.noncurrent === undefined) {
        report(`${who} keeps deleted request logs forever as noncurrent versions (no noncurrentVersionExpiration)`, b.urn);
        continue;
      }
      const lifetime = ret.expire + (ret.versioned ? (ret.noncurrent ?? 0) : 0);
      if (lifetime > max) {
        const split = ret.versioned && ret.noncurrent ? ` (${ret.expire} days, then ${ret.noncurrent} days as noncurrent versions)` : "";
        report(`${who} keeps request logs up to ${lifetime} days${split}, above the storage-limitation maximum of ${max} days`, b.urn);
      }
    }
  },
});
