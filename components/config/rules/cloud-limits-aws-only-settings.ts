import { isObj } from "./read";
import type { Issue, Rule } from "./rule";

export const cloudLimitsAwsOnlySettings: Rule = {
  id: "cloud-limits-aws-only-settings",
  doc: "on gcp, the AWS-only settings logging.customerManagedKey and manageApiGatewayAccount are not set",
  check(c) {
    const out: Issue[] = [];
    if (c.cloud !== "gcp") return out;
    if (isObj(c.logging) && c.logging.customerManagedKey !== undefined) {
      out.push({ path: ["logging", "customerManagedKey"], message: "is supported on cloud aws only; remove it (GCS encrypts with Google-managed keys)", value: c.logging.customerManagedKey });
    }
    if (c.manageApiGatewayAccount !== undefined) out.push({ path: ["manageApiGatewayAccount"], message: "is an AWS setting; remove it on cloud gcp", value: c.manageApiGatewayAccount });
    return out;
  },
};
