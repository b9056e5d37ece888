import type { Rule } from "./rule";

export const gcpProject: Rule = {
  id: "gcp-project",
  doc: "a GCP stack names its project",
  check(c) {
    return c.cloud === "gcp" && !c.gcpProject ? [{ path: ["gcpProject"], message: "is required for cloud gcp (set gcp:project or ai-infra:gcpProject)" }] : [];
  },
};
