/**
 * An Azure OpenAI deployment runs locally (issue 21 point 7): the real LiteLLM sends its key in
 * `api-key` to the fake Azure endpoint, which takes it there only; a completion and a stream pass
 * end to end through the emulated front door. The prototype AWS example with its provider swapped
 * for an Azure resource, everything else as it is.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalRun, startLocal } from "../../cli/lib/local/run";
import { exampleFile } from "../helpers/stacks";

let run: LocalRun;

beforeAll(async () => {
  const file = structuredClone(exampleFile("prototype-aws-us-east-1"));
  file.config["ai-infra:providers"] = { azure: { kind: "azure", apiBase: "https://contoso-eastus.openai.azure.com", apiVersion: "2024-10-21", region: "eastus", deploymentType: "standard" } };
  file.config["ai-infra:providerKeys"] = { azure: "[secret:ai-infra:providerKeys.azure]" };
  file.placeholders = ["[secret:ai-infra:providerKeys.azure]"];
  file.config["ai-infra:models"] = [{ name: "chat", provider: "azure", model: "gpt-4o-mini-prod", inputCostPerMillionTokens: 0.15, outputCostPerMillionTokens: 0.6 }];
  run = await startLocal(file);
}, 240_000);
afterAll(async () => {
  await run?.stop();
}, 60_000);

describe("npm run local with an Azure OpenAI deployment", () => {
  it("starts a fake Azure endpoint in place of the resource's URL", () => {
    expect(run.upstreams.map((u) => [u.name, u.kind])).toEqual([["azure", "azure"]]);
    expect(run.mappings.find((m) => m.planned === "https://contoso-eastus.openai.azure.com")?.why).toBe(
      "provider azure: a fake azure-compatible server (streaming SSE) that accepts only the key the plan gives the gateway, in the api-key header as azure reads it",
    );
  });

  it("answers a completion and a stream through the front door; LiteLLM's key went in api-key", async () => {
    const headers = { "content-type": "application/json", "x-api-key": Object.values(run.apiKeys)[0]! };
    const plain = await fetch(`${run.url}/chat/completions`, { method: "POST", headers, body: JSON.stringify({ model: "chat", messages: [{ role: "user", content: "hello azure" }] }) });
    expect(plain.status).toBe(200);
    expect(((await plain.json()) as any).choices[0].message.content).toBe("local fake provider answers in chunks");
    const streamed = await fetch(`${run.url}/chat/completions`, { method: "POST", headers, body: JSON.stringify({ model: "chat", stream: true, messages: [{ role: "user", content: "stream" }] }) });
    expect(streamed.status).toBe(200);
    expect((await streamed.text()).trimEnd().endsWith("data: [DONE]")).toBe(true);
    const azure = run.upstreams[0]!;
    expect(azure.refused).toBe(0);
    expect(azure.calls.map((c) => [c.path, c.model, c.stream])).toEqual([
      ["/openai/deployments/gpt-4o-mini-prod/chat/completions", "gpt-4o-mini-prod", false],
      ["/openai/deployments/gpt-4o-mini-prod/chat/completions", "gpt-4o-mini-prod", true],
    ]);
  });
});
