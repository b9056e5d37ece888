import type { CloudAdapter } from "../platform/capabilities";

export const gcpAdapter: CloudAdapter = {
  cloud: "gcp",
  createRegion() {
    throw new Error("the gcp adapter is not built yet");
  },
};
