import { cloudArmorRateLimit, litellmSemanticCacheFields, memorystoreVectorFieldTypes } from "./facts/gcp";
import type { StackConfig } from "./schema";

/** One problem: config path (after `ai-infra:`), message with the allowed values, the value given. */
export interface GcpIssue {
  path: PropertyKey[];
  message: string;
  value?: unknown;
}

/**
 * Why `semanticCache` is refused on GCP, and what to use instead. LiteLLM's `redis-semantic`
 * cache is the only semantic cache it offers on Redis; a kit-side index without TEXT fields
 * would mean replacing LiteLLM's cache code, which the kit does not do.
 */
export function semanticCacheRefusal(refusedFields: string[]): string {
  return (
    `is not available on cloud gcp: LiteLLM's redis-semantic cache (redisvl SemanticCache) creates an index with ${refusedFields.join(", ")} fields, ` +
    `and Memorystore vector search accepts only ${memorystoreVectorFieldTypes.join(", ")} fields (https://cloud.google.com/memorystore/docs/redis/ftcreate). ` +
    "Remove ai-infra:semanticCache; the exact-match response cache (ai-infra:cache) stays on"
  );
}

/**
 * What Google Cloud would refuse in a GCP stack's config, or what the kit cannot build there,
 * each with its path and the allowed values. Reads the raw merged input defensively (a field of the
 * wrong type is the schema's to report).
 */
export function checkGcp(c: Partial<StackConfig>): GcpIssue[] {
  const worker = c.worker && typeof c.worker === "object" ? (c.worker as Record<string, unknown>) : undefined;
  if (c.cloud === "aws" && worker?.imageTag !== undefined) {
    return [{ path: ["worker", "imageTag"], message: "is read on cloud gcp only (the AWS worker deploys the tag of worker/package.json)", value: worker.imageTag }];
  }
  if (c.cloud !== "gcp") return [];
  const issues: GcpIssue[] = [];
  const api = c.api && typeof c.api === "object" ? (c.api as Record<string, unknown>) : undefined;
  const perKey = api?.perKey && typeof api.perKey === "object" ? (api.perKey as Record<string, unknown>) : undefined;

  // The front door is a global load balancer with a Google-managed certificate for this name, at
  // every stage; the URL callers use never changes on promotion.
  if (api?.domain === undefined) {
    issues.push({
      path: ["api", "domain"],
      message:
        "is required on cloud gcp at every stage: the global load balancer's Google-managed certificate is issued for it and callers use https://<domain>/v1 from prototype to enterprise (set a DNS name you control, e.g. api.example.com; api.dnsZone lets the kit write its records)",
    });
  }
  // Cloud Armor counts over at most one hour; a daily allowance is a budget in the gateway.
  if (perKey?.quotaPerDay !== undefined) {
    issues.push({
      path: ["api", "perKey", "quotaPerDay"],
      message: `cannot be enforced on cloud gcp: Cloud Armor's rate-based rules count over at most ${Math.max(...cloudArmorRateLimit.intervalsSeconds)} s (${cloudArmorRateLimit.source}); remove it and give keys a daily budget instead (access.keyDefaults: a LiteLLM budget with a 1d period)`,
      value: perKey.quotaPerDay,
    });
  }
  // The per-key throttle's count over its 10 s window (see `perKeyThrottle`).
  if (typeof perKey?.ratePerSecond === "number" && typeof perKey.burst === "number" && perKey.burst + perKey.ratePerSecond * 10 > cloudArmorRateLimit.maxCount) {
    issues.push({
      path: ["api", "perKey", "ratePerSecond"],
      message: `with burst gives a Cloud Armor count of ${perKey.burst + perKey.ratePerSecond * 10} per 10 s; at most ${cloudArmorRateLimit.maxCount} (burst + 10 × ratePerSecond)`,
      value: perKey.ratePerSecond,
    });
  }
  if (Array.isArray(api?.adminCidrs)) {
    api.adminCidrs.forEach((cidr, i) => {
      if (cidr === "0.0.0.0/0") issues.push({ path: ["api", "adminCidrs", i], message: "must not open the admin path to the whole internet (list your operators' egress ranges)", value: cidr });
    });
  }

  // The control plane is public unless restricted; the kit does not guess who deploys.
  const cluster = c.cluster && typeof c.cluster === "object" ? (c.cluster as Record<string, unknown>) : undefined;
  if (cluster && cluster.controlPlane === undefined) {
    issues.push({
      path: ["cluster", "controlPlane"],
      message:
        "is required on cloud gcp: who may reach the Kubernetes API. Set authorizedCidrs (your CI runners' and operators' egress ranges; the VPC range is added) and privateEndpoint (true: no public endpoint, deploy from inside the VPC)",
    });
  }
  const cp = cluster?.controlPlane && typeof cluster.controlPlane === "object" ? (cluster.controlPlane as Record<string, unknown>) : undefined;
  if (cp && Array.isArray(cp.authorizedCidrs)) {
    cp.authorizedCidrs.forEach((cidr, i) => {
      if (cidr === "0.0.0.0/0") issues.push({ path: ["cluster", "controlPlane", "authorizedCidrs", i], message: "must not open the Kubernetes API to the whole internet", value: cidr });
    });
  }

  // The semantic cache's index cannot be created on Memorystore (facts: field types on both sides).
  const refused = Object.entries(litellmSemanticCacheFields).filter(([, type]) => !(memorystoreVectorFieldTypes as readonly string[]).includes(type));
  if (c.semanticCache !== undefined && refused.length > 0) {
    issues.push({
      path: ["semanticCache"],
      message: semanticCacheRefusal(refused.map(([field, type]) => `${field} ${type}`)),
    });
  }
  return issues;
}
