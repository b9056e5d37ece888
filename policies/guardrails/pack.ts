import type { KitPack } from "../lib/types";
import { apiGatewayRequiresAuth } from "./api-gateway-requires-auth";
import { apiGatewayThrottled } from "./api-gateway-throttled";
import { bucketEncrypted } from "./bucket-encrypted";
import { bucketPublicAccessBlocked } from "./bucket-public-access-blocked";
import { budgetsPresent } from "./budgets-present";
import { cacheEncryptedAndAuthenticated } from "./cache-encrypted-and-authenticated";
import { containerImagesPinned } from "./container-images-pinned";
import { databaseEncrypted } from "./database-encrypted";
import { frontDoorGuarded } from "./front-door-guarded";
import { gpuNodePoolsTaintedAndBounded } from "./gpu-node-pools-tainted-and-bounded";
import { noPublicInvoker } from "./no-public-invoker";
import { noPublicNetworkExposure } from "./no-public-network-exposure";
import { queueEncrypted } from "./queue-encrypted";
import { requestLogRetention } from "./request-log-retention";
import { requiredTags } from "./required-tags";
import { statefulDeletionProtection } from "./stateful-deletion-protection";

/** The guardrails pack as data: importable without starting the analyzer server (see `index.ts`). */
export const guardrailsPack: KitPack<"ai-infra-guardrails"> = {
  name: "ai-infra-guardrails",
  description: "Security and cost guardrails for ai-infra stacks: encryption, no public data paths, authenticated and throttled APIs, retention, tags, budgets, pinned images, GPU pools, deletion protection.",
  policies: [
    cacheEncryptedAndAuthenticated,
    queueEncrypted,
    bucketEncrypted,
    databaseEncrypted,
    bucketPublicAccessBlocked,
    noPublicInvoker,
    noPublicNetworkExposure,
    apiGatewayRequiresAuth,
    apiGatewayThrottled,
    frontDoorGuarded,
    requestLogRetention,
    requiredTags,
    budgetsPresent,
    containerImagesPinned,
    gpuNodePoolsTaintedAndBounded,
    statefulDeletionProtection,
  ],
};
