import { gatewayEnv } from "../../components/gateway/render";
import { containerEnv } from "./gateway-config";
import { type ResourceView, identifiers, ofType } from "./resources";

export const bucketTypes = ["aws:s3/bucket:Bucket", "gcp:storage/bucket:Bucket"] as const;
export const gatewayRuntimeTypes = ["aws:ecs/taskDefinition:TaskDefinition", "gcp:cloudrunv2/service:Service", "gcp:cloudrunv2/job:Job"] as const;

export interface LogWiring {
  /** The gateway runtime (ECS task definition / Cloud Run service) that writes request logs. */
  gateway: ResourceView;
  /** `AI_INFRA_LOG_BUCKET` as set on its container. */
  bucketName?: string;
  /** `AI_INFRA_LOG_REGION` as set on its container. */
  region?: string;
  /** The stack's bucket of that name, when there is one. */
  bucket?: ResourceView;
}

/**
 * Where the gateway writes its request log: the bucket and region the adapters hand the container
 * (`gatewayEnv.logBucket` / `gatewayEnv.logRegion`, the variables the rendered LiteLLM config
 * reads). Identifying the store through the wiring, not through a name convention, means a log
 * store renamed or moved is still found.
 */
export function requestLogWiring(resources: readonly ResourceView[]): LogWiring[] {
  const buckets = ofType(resources, ...bucketTypes);
  const out: LogWiring[] = [];
  for (const g of ofType(resources, ...gatewayRuntimeTypes)) {
    const env = containerEnv(g);
    const bucketName = env[gatewayEnv.logBucket];
    const region = env[gatewayEnv.logRegion];
    if (!bucketName && !region) continue;
    const w: LogWiring = { gateway: g };
    if (bucketName) {
      w.bucketName = bucketName;
      const bucket = buckets.find((b) => identifiers(b).has(bucketName));
      if (bucket) w.bucket = bucket;
    }
    if (region) w.region = region;
    out.push(w);
  }
  return out;
}
