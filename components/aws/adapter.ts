import type { CloudAdapter } from "../platform/capabilities";

export const awsAdapter: CloudAdapter = {
  cloud: "aws",
  createRegion() {
    throw new Error("the aws adapter is not built yet");
  },
};
