import { isObj } from "./read";
import type { Issue, Rule } from "./rule";

export const cloudLimitsEksAccess: Rule = {
  id: "cloud-limits-eks-access",
  doc: "on aws, the cluster says who may reach the EKS API (publicAccessCidrs) and its admins are IAM role or user ARNs",
  check(c) {
    const out: Issue[] = [];
    if (c.cloud !== "aws" || !isObj(c.cluster)) return out;
    if (c.cluster.publicAccessCidrs === undefined) {
      out.push({
        path: ["cluster", "publicAccessCidrs"],
        message: "is required on aws: the CIDRs that may reach the EKS API endpoint (your CI/VPN egress), or [] for a private endpoint (then run pulumi up from inside the VPC)",
      });
    }
    const admins = Array.isArray(c.cluster.adminPrincipals) ? c.cluster.adminPrincipals : [];
    admins.forEach((arn, i) => {
      if (typeof arn === "string" && !/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/.test(arn)) {
        out.push({ path: ["cluster", "adminPrincipals", i], message: "must be an IAM role or user ARN (arn:aws:iam::<account>:role/<name>)", value: arn });
      }
    });
    return out;
  },
};
