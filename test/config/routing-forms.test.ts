/**
 * Residency of every routing form (docs/residency.md) at the spec: each deployment of
 * test/helpers/routing-cases.ts in each jurisdiction, in a stack otherwise valid there. Where the
 * case's hand-written `allowedIn` (or `global`) allows it the stack parses with no error; elsewhere
 * exactly one error, at the property that selects the form, names the jurisdiction and the forms
 * the provider has inside it.
 */
import { describe, expect, it } from "vitest";
import { parseStack } from "../../components/config";
import { type Place, type RoutingCase, places, routingCases } from "../helpers/routing-cases";
import { exampleRaw } from "../helpers/stacks";

const stackRegion: Record<"aws" | "gcp", Record<Place, string>> = {
  aws: { eu: "eu-west-1", us: "us-east-1", uk: "eu-west-2", ca: "ca-central-1", au: "ap-southeast-2", jp: "ap-northeast-1" },
  gcp: { eu: "europe-west4", us: "us-central1", uk: "europe-west2", ca: "northamerica-northeast1", au: "australia-southeast1", jp: "asia-northeast1" },
};
const keyed = ["openai", "anthropic", "azure", "openai-compatible"];

function errorsIn(c: RoutingCase, jurisdiction: Place | "global") {
  const cloud = c.provider.kind === "vertex" ? "gcp" : "aws";
  const { raw, secretKeys } = exampleRaw(cloud === "gcp" ? "prototype-gcp-europe-west4" : "prototype-aws-us-east-1");
  const r = structuredClone(raw) as Record<string, any>;
  r.jurisdiction = jurisdiction;
  r.regions = [stackRegion[cloud][jurisdiction === "global" ? "us" : jurisdiction]];
  r.providers = { p: c.provider };
  r.providerKeys = keyed.includes(c.provider.kind!) ? { p: "sk-fake" } : {};
  r.models = [{ ...r.models[0], provider: "p", model: c.model }];
  const parsed = parseStack(r, { secretKeys });
  return parsed.ok ? [] : parsed.errors;
}

describe("every routing form in every jurisdiction, at the spec", () => {
  it("covers the routing table: 54 deployments × 7 jurisdictions", () => {
    expect(routingCases.length).toBe(54);
    expect(places.length + 1).toBe(7);
  });

  for (const c of routingCases) {
    it(`${c.name}: allowed in global${c.allowedIn.map((j) => `, ${j}`).join("")} only`, () => {
      expect(errorsIn(c, "global")).toEqual([]);
      for (const j of places) {
        const errors = errorsIn(c, j);
        if (c.allowedIn.includes(j)) {
          expect(errors, j).toEqual([]);
        } else {
          expect(errors.map((e) => e.path), j).toEqual([c.pathIn?.[j] ?? c.path]);
          expect(errors[0]!.message, j).toContain(`is outside jurisdiction ${j}: model 'chat' (${c.model}) of provider 'p' uses `);
          expect(errors[0]!.message, j).toContain(`; allowed ${c.provider.kind} forms in ${j}: `);
        }
      }
    });
  }

  it("names the forms allowed inside the jurisdiction (Bedrock in the EU)", () => {
    const errors = errorsIn(routingCases.find((c) => c.name === "bedrock global. from eu-west-1")!, "eu");
    expect(errors).toEqual([
      {
        path: "ai-infra:models[0].model",
        message:
          "is outside jurisdiction eu: model 'chat' (global.anthropic.claude-3-5-sonnet-20240620-v1:0) of provider 'p' uses model id prefix `global.` from region eu-west-1, " +
          "which may process in any commercial AWS region (no jurisdiction of the kit); allowed bedrock forms in eu: " +
          "model id `<vendor>.<model>` (no profile prefix) with region eu-west-1, eu-west-3, eu-central-1, eu-north-1, eu-south-1, eu-south-2; " +
          "model id prefix `eu.` with region eu-west-1, eu-west-3, eu-central-1, eu-north-1, eu-south-1, eu-south-2",
        value: "global.anthropic.claude-3-5-sonnet-20240620-v1:0",
      },
    ]);
  });
});
