import type { Rule } from "./rule";

export const gcpWorkerImageTag: Rule = {
  id: "gcp-worker-image-tag",
  doc: "worker.imageTag is set on cloud gcp only",
  check(c) {
    const worker = c.worker && typeof c.worker === "object" ? (c.worker as Record<string, unknown>) : undefined;
    if (c.cloud !== "aws" || worker?.imageTag === undefined) return [];
    return [{ path: ["worker", "imageTag"], message: "is read on cloud gcp only (the AWS worker deploys the tag of worker/package.json)", value: worker.imageTag }];
  },
};
