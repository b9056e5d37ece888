/**
 * Residency of every routing form (docs/residency.md) in the residency pack, baseline then
 * mutate: the growth example's rendered gateway config, with its groups on an endpoint the stack
 * declares inside the jurisdiction, passes; then the fallback group is moved to each deployment of
 * test/helpers/routing-cases.ts. Where the case's hand-written `allowedIn` allows it the pack
 * stays silent; elsewhere it reports exactly that group, outside that jurisdiction.
 */
import { describe, expect, it } from "vitest";
import { parseStack } from "../../components/config";
import { renderGatewayConfig } from "../../components/gateway/render";
import { policyConfigFor } from "../../policies/lib/config";
import { gatewayEndpointsInJurisdiction } from "../../policies/residency/gateway-endpoints-in-jurisdiction";
import { type Place, type RoutingCase, places, routingCases } from "../helpers/routing-cases";
import { exampleRaw } from "../helpers/stacks";
import { messages, res } from "./helpers";

const keyed = ["openai", "anthropic", "azure", "openai-compatible"];
const home = (j: Place) => ({ kind: "openai-compatible", apiBase: `https://llm-${j}.example.com/v1`, dataJurisdiction: j });

/** The growth example's rendered config with `chat` on the in-jurisdiction endpoint and `chat-fallback` on `fallback`. */
function rendered(j: Place, fallback: { provider: Record<string, string>; model: string } | undefined, cloud: "aws" | "gcp") {
  const { raw, secretKeys } = exampleRaw(cloud === "aws" ? "growth-aws-eu-west-1" : "growth-gcp-us-central1");
  const r = structuredClone(raw) as Record<string, any>;
  // The spec refuses forms outside the jurisdiction; the pack must refuse them on its own.
  r.jurisdiction = "global";
  r.providers = { home: home(j), ...(fallback ? { p: fallback.provider } : {}) };
  r.providerKeys = { home: "sk-fake", ...(fallback && keyed.includes(fallback.provider.kind!) ? { p: "sk-fake" } : {}) };
  const [chat, chatFallback] = r.models as Record<string, unknown>[];
  r.models = [
    { ...chat, provider: "home" },
    fallback ? { ...chatFallback, provider: "p", model: fallback.model } : { ...chatFallback, provider: "home" },
  ];
  const parsed = parseStack(r, { secretKeys });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const settings = policyConfigFor({ jurisdiction: j, stage: "growth", providers: r.providers }).residency.settings;
  const resources = [res("aws:s3/bucketObjectv2:BucketObjectv2", "gateway-config", { key: "config/litellm.yaml", content: renderGatewayConfig(parsed.stack) })];
  return messages(gatewayEndpointsInJurisdiction, resources, settings);
}

const cloudOf = (c: RoutingCase) => (c.provider.kind === "vertex" ? "gcp" : "aws");

describe("every routing form in every jurisdiction, in the residency pack", () => {
  it("passes the baseline in every jurisdiction, on both clouds", () => {
    for (const j of places) {
      expect(rendered(j, undefined, "aws"), j).toEqual([]);
      expect(rendered(j, undefined, "gcp"), j).toEqual([]);
    }
  });

  for (const c of routingCases) {
    it(`${c.name}: allowed in global${c.allowedIn.map((j) => `, ${j}`).join("")} only`, () => {
      for (const j of places) {
        const found = rendered(j, c, cloudOf(c));
        if (c.allowedIn.includes(j)) {
          expect(found, j).toEqual([]);
        } else {
          expect(found, j).toHaveLength(1);
          expect(found[0], j).toContain(`gateway-config (aws:s3/bucketObjectv2:BucketObjectv2): gateway model group 'chat-fallback' (`);
          expect(found[0], j).toContain(`, outside jurisdiction ${j}; allowed `);
        }
      }
    });
  }

  it("names the form, where it may process and the provider's forms inside (Vertex global endpoint in the EU)", () => {
    expect(rendered("eu", routingCases.find((c) => c.name === "vertex global endpoint")!, "gcp")).toEqual([
      "gateway-config (aws:s3/bucketObjectv2:BucketObjectv2): gateway model group 'chat-fallback' (vertex_ai/gemini-2.5-pro) uses `region: global` (global endpoint) from region global, " +
        "which may process in any region; Google: do not use it with ML processing requirements, outside jurisdiction eu; allowed vertex forms in eu: " +
        "`region` is a Google Cloud region with region europe-west1, europe-west3, europe-west4, europe-west8, europe-west9, europe-west10, europe-west12, europe-north1, europe-north2, europe-central2, europe-southwest1; " +
        "`region: eu` (multi-region endpoint)",
    ]);
  });
});
