import type { Issue, Rule } from "./rule";

/** The control plane is public unless restricted; the kit does not guess who deploys. */
export const gcpControlPlane: Rule = {
  id: "gcp-control-plane",
  doc: "on gcp, cluster.controlPlane is set and does not open the Kubernetes API to the whole internet",
  check(c) {
    const out: Issue[] = [];
    if (c.cloud !== "gcp") return out;
    const cluster = c.cluster && typeof c.cluster === "object" ? (c.cluster as Record<string, unknown>) : undefined;
    if (cluster && cluster.controlPlane === undefined) {
      out.push({
        path: ["cluster", "controlPlane"],
        message:
          "is required on cloud gcp: who may reach the Kubernetes API. Set authorizedCidrs (your CI runners' and operators' egress ranges; the VPC range is added) and privateEndpoint (true: no public endpoint, deploy from inside the VPC)",
      });
    }
    const cp = cluster?.controlPlane && typeof cluster.controlPlane === "object" ? (cluster.controlPlane as Record<string, unknown>) : undefined;
    if (cp && Array.isArray(cp.authorizedCidrs)) {
      cp.authorizedCidrs.forEach((cidr, i) => {
        if (cidr === "0.0.0.0/0") out.push({ path: ["cluster", "controlPlane", "authorizedCidrs", i], message: "must not open the Kubernetes API to the whole internet", value: cidr });
      });
    }
    return out;
  },
};
