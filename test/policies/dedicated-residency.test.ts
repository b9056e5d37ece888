/**
 * The residency pack judges dedicated capacity where it runs: a Bedrock Provisioned Throughput as
 * its on-demand model id in the region it was bought in (`aws_region_name`), a dedicated Vertex AI
 * endpoint by its location.
 */
import { describe, expect, it } from "vitest";
import { parseStackOrThrow } from "../../components/config";
import { renderGatewayConfig } from "../../components/gateway/render";
import { gatewayEndpointsInJurisdiction } from "../../policies/residency/gateway-endpoints-in-jurisdiction";
import { awsDedicatedRaw, gcpDedicatedRaw } from "../helpers/dedicated";
import { configFor, messages, res } from "./helpers";

const opts = { secretKeys: new Set(["providerKeys"]) };
const config = (raw: Record<string, unknown>, type: string) => [res(type, "gateway-config", { content: renderGatewayConfig(parseStackOrThrow(raw, opts)) })];
const dedicatedOnly = (ms: string[], model: string) => ms.filter((m) => m.includes(`(${model})`));

describe("gateway-endpoints-in-jurisdiction on dedicated capacity", () => {
  const aws = config(awsDedicatedRaw(), "aws:s3/bucketObjectv2:BucketObjectv2");
  const gcp = config(gcpDedicatedRaw(), "gcp:storage/bucketObject:BucketObject");

  it("passes Provisioned Throughput in us-east-1 for a us stack, and a dedicated endpoint in europe-west4 for an eu stack", () => {
    expect(messages(gatewayEndpointsInJurisdiction, aws, configFor("us", "scale").residency.settings)).toEqual([]);
    expect(messages(gatewayEndpointsInJurisdiction, gcp, configFor("eu", "scale").residency.settings)).toEqual([]);
  });

  it("refuses the same capacity judged for another jurisdiction, naming its region", () => {
    const euMessages = messages(gatewayEndpointsInJurisdiction, aws, configFor("eu", "scale").residency.settings);
    expect(dedicatedOnly(euMessages, "bedrock/converse/amazon.nova-lite-v1:0")).toEqual([
      "gateway-config (aws:s3/bucketObjectv2:BucketObjectv2): gateway model group 'chat-small-hosted' (bedrock/converse/amazon.nova-lite-v1:0) uses model id `<vendor>.<model>` (no profile prefix) from region us-east-1, which may process in the provider's `region` only, outside jurisdiction eu; allowed bedrock forms in eu: model id `<vendor>.<model>` (no profile prefix) with region eu-west-1, eu-west-3, eu-central-1, eu-north-1, eu-south-1, eu-south-2; model id prefix `eu.` with region eu-west-1, eu-west-3, eu-central-1, eu-north-1, eu-south-1, eu-south-2",
    ]);
    const usMessages = messages(gatewayEndpointsInJurisdiction, gcp, configFor("us", "scale").residency.settings);
    expect(dedicatedOnly(usMessages, "vertex_ai/openai/chat-small-hosted")).toHaveLength(1);
  });
});
