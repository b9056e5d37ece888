import { apiGatewayRegions, litellmSemanticCacheFields, memorystoreVectorFieldTypes } from "./facts/gcp";
import { allowedRegions, cloudRegions, jurisdictions, type Jurisdiction } from "./regions";
import type { StackConfig } from "./schema";

/** One problem: config path (after `ai-infra:`), message with the allowed values, the value given. */
export interface GcpIssue {
  path: PropertyKey[];
  message: string;
  value?: unknown;
}

/**
 * The API Gateway region of a data region: the region itself where API Gateway is offered,
 * otherwise `api.gatewayRegion`. The gateway is only the proxy in front of the LLM gateway; the
 * Cloud Run backend, logs, cache and queue stay in the data region.
 */
export function apiGatewayRegionFor(region: string, gatewayRegion: string | undefined): string {
  return apiGatewayRegions.includes(region) ? region : (gatewayRegion ?? region);
}

/** API Gateway regions a stack of this jurisdiction may use. */
export function apiGatewayRegionsIn(jurisdiction: Jurisdiction): string[] {
  const allowed = allowedRegions("gcp", jurisdiction);
  return apiGatewayRegions.filter((r) => allowed.includes(r));
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
  const jurisdiction = typeof c.jurisdiction === "string" && (jurisdictions as readonly string[]).includes(c.jurisdiction) ? c.jurisdiction : undefined;
  const regions = Array.isArray(c.regions) ? c.regions.filter((r): r is string => typeof r === "string" && cloudRegions.gcp.includes(r)) : [];
  const api = c.api && typeof c.api === "object" ? (c.api as Record<string, unknown>) : undefined;
  const gatewayRegion = typeof api?.gatewayRegion === "string" ? api.gatewayRegion : undefined;

  // API Gateway exists in ten regions (deployment-model); a data region without it needs a
  // gateway region of the same jurisdiction.
  const offered = jurisdiction ? apiGatewayRegionsIn(jurisdiction) : [...apiGatewayRegions];
  const allowedText = offered.length ? offered.join(", ") : `(none in jurisdiction ${jurisdiction}: API Gateway is offered only in ${apiGatewayRegions.join(", ")})`;
  if (gatewayRegion !== undefined && !offered.includes(gatewayRegion)) {
    issues.push({
      path: ["api", "gatewayRegion"],
      message: `must be a region that offers API Gateway${jurisdiction ? ` within jurisdiction ${jurisdiction}` : ""}; allowed: ${allowedText}`,
      value: gatewayRegion,
    });
  }
  const without = regions.filter((r) => !apiGatewayRegions.includes(r));
  if (without.length > 0 && gatewayRegion === undefined) {
    issues.push({
      path: ["api", "gatewayRegion"],
      message: `is required: API Gateway is not offered in ${without.join(", ")}; set the region that hosts the gateway (the backend stays in the data region); allowed: ${allowedText}`,
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
