import { readFileSync } from "node:fs";
import { type Stack, SpecValidationError, parseStack } from "../../../../components/config";
import { dedicatedEnv } from "../../../../components/gateway/dedicated";
import { gatewayEnv, renderGatewayConfig, vllmUrlEnv } from "../../../../components/gateway/render";
import { type FakeDedicated, startFakeDedicated } from "./fake-dedicated";
import { type FakeOpenAI, startFakeOpenAI } from "./fake-openai";
import { gatewayProcessEnv } from "./gateway";
import { type TestS3, startS3 } from "./moto";
import { FAKE_KEY, stackRaw } from "./overflow-stand";
import { type TestProxy, startProxy } from "./proxy";
import { startRedis } from "./redis";

/** The model group served by dedicated capacity first, and its on-demand model. */
export const GROUP = "chat-fast";
export const MODEL_ARN = "arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abcd1234efgh";
export const PROJECT = "ai-infra-example";
export const ENDPOINT_ID = "1234567890123456789";
/** The path the GCP adapter puts after the endpoint's dedicated DNS name (components/gcp/dedicated.ts). */
export const ENDPOINT_PATH = `/v1beta1/projects/${PROJECT}/locations/europe-west4/endpoints/${ENDPOINT_ID}`;

/**
 * A scale example with one hosted group, `chat-fast`, whose on-demand deployment is a fake API and
 * whose dedicated capacity is the fake of the cloud's dedicated endpoint. Local changes (and why):
 *  - providers/models: one `openai-compatible` provider at the on-demand fake, declared in the
 *    stack's jurisdiction (no provider is reachable from here);
 *  - routing and semantic cache removed: not under test (and no vector search in Debian's Redis);
 *    the self-hosted group stays (the stage requires it) with its vLLM address at the on-demand fake;
 *  - `reliability.cooldownSeconds` 30 → 5 and no stack fallbacks, so each scenario starts with the
 *    capacity out of cooldown after a short pause (the mechanism is the same).
 */
export function dedicatedSpec(cloud: "aws" | "gcp", onDemandBase: string): Stack {
  const raw = stackRaw(cloud === "aws" ? "scale-aws-us-east-1" : "scale-gcp-europe-west4");
  const jurisdiction = cloud === "aws" ? "us" : "eu";
  const config: Record<string, unknown> = {
    ...raw,
    providers: { "api-od": { kind: "openai-compatible", apiBase: onDemandBase, dataJurisdiction: jurisdiction } },
    providerKeys: { "api-od": FAKE_KEY },
    models: [{ name: GROUP, provider: "api-od", model: "on-demand-model", inputCostPerMillionTokens: 0.06, outputCostPerMillionTokens: 0.24 }],
    reliability: { fallbacks: {}, numRetries: 2, allowedFails: 3, cooldownSeconds: 5 },
    dedicated: [
      cloud === "aws"
        ? { group: GROUP, bedrock: { model: "amazon.nova-lite-v1:0:300k", region: "us-east-1", modelUnits: 1, commitment: "none", hourlyUsdPerModelUnit: 20 } }
        : {
            group: GROUP,
            vertex: {
              model: "publishers/google/models/gemma@gemma-1.1-2b-it",
              region: "europe-west4",
              machineType: "g2-standard-12",
              acceleratorType: "NVIDIA_L4",
              acceleratorCount: 1,
              minReplicas: 1,
              maxReplicas: 1,
              hourlyUsdPerReplica: 1.5,
            },
          },
    ],
  };
  if (cloud === "gcp") config.gcpProject = PROJECT;
  for (const k of ["routing", "semanticCache"]) delete config[k];
  const result = parseStack(config, { project: "ai-infra", stack: `${cloud}-dedicated-local`, secretKeys: new Set(["providerKeys"]) });
  if (!result.ok) throw new SpecValidationError(result.errors);
  return result.stack;
}

export interface DedicatedStand {
  spec: Stack;
  config: string;
  dedicated: FakeDedicated;
  onDemand: FakeOpenAI;
  s3: TestS3;
  proxy: TestProxy;
  stop(): Promise<void>;
}

/** The real LiteLLM on the rendered config, a real Redis, moto S3, the dedicated fake and the on-demand fake. */
export async function startDedicatedStand(cloud: "aws" | "gcp"): Promise<DedicatedStand> {
  const started: { stop(): Promise<void> }[] = [];
  const stop = async () => {
    for (const s of started.reverse()) await s.stop().catch(() => undefined);
    started.length = 0;
  };
  try {
    const onDemand = await startFakeOpenAI("on-demand");
    started.push({ stop: () => onDemand.close() });
    const dedicated = await startFakeDedicated(cloud === "aws" ? "bedrock" : "vertex", { modelArn: MODEL_ARN, endpointPath: ENDPOINT_PATH });
    started.push({ stop: () => dedicated.close() });
    const redis = await startRedis();
    started.push(redis);
    const s3 = await startS3();
    started.push(s3);
    const spec = dedicatedSpec(cloud, onDemand.apiBase);
    const config = renderGatewayConfig(spec, { logTarget: "s3", logEndpointOverride: true });
    const env: Record<string, string> = { ...gatewayProcessEnv(spec, redis, s3) };
    for (const s of spec.selfHosted ?? []) env[vllmUrlEnv(s.name)] = onDemand.apiBase;
    if (cloud === "aws") {
      // What the adapter sets from the Provisioned Throughput's ARN; the runtime endpoint is the fake's.
      env[dedicatedEnv(GROUP)] = MODEL_ARN;
      env.AWS_BEDROCK_RUNTIME_ENDPOINT = dedicated.base;
    } else {
      // What the adapter sets: the endpoint's dedicated DNS name and path; here the host is the fake's.
      env[dedicatedEnv(GROUP)] = `${dedicated.base}${ENDPOINT_PATH}`;
      env[gatewayEnv.redisCaCert] = readFileSync(redis.caFile, "utf8");
      // Cloud Run's metadata server hands the gateway's service account a token; the fake answers as it.
      const host = `127.0.0.1:${dedicated.port}`;
      Object.assign(env, { GCE_METADATA_HOST: host, GCE_METADATA_IP: host, GOOGLE_APPLICATION_CREDENTIALS: "" });
    }
    const proxy = await startProxy(config, env);
    started.push(proxy);
    return { spec, config, dedicated, onDemand, s3, proxy, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
