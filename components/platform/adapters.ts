import { awsAdapter } from "../aws/adapter";
import { gcpAdapter } from "../gcp/adapter";
import type { Spec } from "../config/validate";
import type { CloudAdapter } from "./capabilities";

const adapters: Record<Spec["cloud"], CloudAdapter> = { aws: awsAdapter, gcp: gcpAdapter };

export function adapterFor(cloud: Spec["cloud"]): CloudAdapter {
  return adapters[cloud];
}
