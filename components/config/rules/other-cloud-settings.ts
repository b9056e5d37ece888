import { isObj, knownCloud } from "./read";
import type { Issue, Rule } from "./rule";

/**
 * Settings that only one cloud's components read, and why the other cloud has no use for them. A
 * setting nothing reads would be silently ignored; it is refused instead. (Settings with a rule of
 * their own: `logging.customerManagedKey` and `manageApiGatewayAccount` in
 * `cloud-limits-aws-only-settings`, `worker.imageTag` in `gcp-worker-image-tag`, the database's
 * fields in `database-cloud-fields`.)
 */
const otherCloudSettings: readonly { path: readonly string[]; cloud: "aws" | "gcp"; why: string }[] = [
  { path: ["gcpProject"], cloud: "gcp", why: "the Google Cloud project the stack deploys into" },
  { path: ["gcpBillingAccount"], cloud: "gcp", why: "GCP budgets live on a billing account; AWS budgets are the account's own" },
  { path: ["api", "adminCidrs"], cloud: "gcp", why: "Cloud Armor's admin-path allow-list; on aws the admin path is an IAM-authorized route of the REST API" },
  {
    path: ["api", "global", "ratePerSecond"],
    cloud: "aws",
    why: "API Gateway's stage throttle; on gcp Cloud Armor throttles each calling address (api.perKey) and api.global.burst caps the requests in flight",
  },
  { path: ["network", "egress"], cloud: "aws", why: "the VPC's way out (NAT gateway or NAT instance); on gcp Cloud Run reaches the internet directly" },
  { path: ["gateway", "billing"], cloud: "gcp", why: "Cloud Run's billing setting; on aws Fargate bills every running task the same" },
  { path: ["api", "dnsZoneName"], cloud: "aws", why: "a Route 53 zone given by id cannot be read offline; a Cloud DNS zone is named by api.dnsZone itself" },
  { path: ["cluster", "publicAccessCidrs"], cloud: "aws", why: "the EKS endpoint's public access list; on gcp set cluster.controlPlane" },
  { path: ["cluster", "adminPrincipals"], cloud: "aws", why: "EKS access entries; on gcp cluster access is granted with IAM roles on the project" },
  { path: ["cluster", "controlPlane"], cloud: "gcp", why: "GKE's authorized networks and private endpoint; on aws set cluster.publicAccessCidrs" },
  {
    path: ["failover"],
    cloud: "aws",
    why: "Route 53 health checks and failover or latency records; on gcp the global load balancer sends each caller to the nearest healthy region by itself, so there is no mode, interval, threshold or TTL to set",
  },
];

function valueAt(c: Record<string, unknown>, path: readonly string[]): unknown {
  let cur: unknown = c;
  for (const key of path) {
    if (!isObj(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

export const otherCloudSettingsRule: Rule = {
  id: "other-cloud-settings",
  doc: "a setting only the other cloud's components read is not set",
  check(c) {
    const cloud = knownCloud(c);
    if (!cloud) return [];
    const out: Issue[] = [];
    for (const s of otherCloudSettings) {
      if (s.cloud === cloud) continue;
      const value = valueAt(c as Record<string, unknown>, s.path);
      if (value === undefined) continue;
      out.push({ path: [...s.path], message: `is read on cloud ${s.cloud} only (${s.why}); remove it on cloud ${cloud}`, value: isObj(value) || Array.isArray(value) ? undefined : value });
    }
    return out;
  },
};
