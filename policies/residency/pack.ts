import type { KitPack } from "../lib/types";
import { bucketReplicationInJurisdiction } from "./bucket-replication-in-jurisdiction";
import { cacheColdStoreInJurisdiction } from "./cache-cold-store-in-jurisdiction";
import { dnsFailoverInJurisdiction } from "./dns-failover-in-jurisdiction";
import { gatewayEndpointsInJurisdiction } from "./gateway-endpoints-in-jurisdiction";
import { pubsubMessageStorageInJurisdiction } from "./pubsub-message-storage-in-jurisdiction";
import { regionalResourceInJurisdiction } from "./regional-resource-in-jurisdiction";
import { replicaRegionInJurisdiction } from "./replica-region-in-jurisdiction";
import { requestLogStoreInJurisdiction } from "./request-log-store-in-jurisdiction";
import { storageLocationInJurisdiction } from "./storage-location-in-jurisdiction";

/** The residency pack as data: importable without starting the analyzer server (see `index.ts`). */
export const residencyPack: KitPack<"ai-infra-residency"> = {
  name: "ai-infra-residency",
  description: "Data residency for ai-infra stacks: resources, replicas, failover targets, provider endpoints, the request log and the cold cache tier stay in the stack's jurisdiction.",
  policies: [
    regionalResourceInJurisdiction,
    storageLocationInJurisdiction,
    bucketReplicationInJurisdiction,
    replicaRegionInJurisdiction,
    pubsubMessageStorageInJurisdiction,
    dnsFailoverInJurisdiction,
    gatewayEndpointsInJurisdiction,
    requestLogStoreInJurisdiction,
    cacheColdStoreInJurisdiction,
  ],
};
