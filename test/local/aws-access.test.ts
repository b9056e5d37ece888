/**
 * The AWS front door from growth, emulated from the plan and in front of the real LiteLLM: callers'
 * own bearer tokens pass through, a request without one is refused by the validator, the health
 * route needs no key, the operators' admin path refuses anything not SigV4-signed (a caller's key
 * included), and a streamed completion arrives as server-sent events through the emulation.
 * LiteLLM runs without its keys database here (Prisma's engines cannot be fetched); the local run
 * emulates it in front of LiteLLM, so callers hold virtual keys, never the master key.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emulationNote, keyNotFound, readLocalRunFile } from "../../cli/lib/local/keys";
import { type LocalRun, startLocal } from "../../cli/lib/local/run";
import { exampleFile } from "../helpers/stacks";

let run: LocalRun;

beforeAll(async () => {
  run = await startLocal(exampleFile("growth-aws-eu-west-1"));
}, 240_000);
afterAll(async () => {
  await run?.stop();
}, 60_000);

const post = (path: string, headers: Record<string, string>, body: unknown) =>
  fetch(`${run.url}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

describe("growth-aws-eu-west-1 front door, emulated", () => {
  it("hands each caller of api.keys a virtual key of the emulated keys database, not the master key", () => {
    expect(run.keyHeader).toBe("authorization");
    expect(Object.keys(run.apiKeys).sort()).toEqual(["batch-jobs", "web-app"]);
    const master = readLocalRunFile("growth-aws-eu-west-1")!.masterKey;
    expect(Object.values(run.apiKeys).filter((k) => k === master || !/^sk-[A-Za-z0-9_-]{22}$/.test(k))).toEqual([]);
    expect(run.mappings.some((m) => m.planned.includes("DATABASE_HOST") && m.why.includes("runs without a database"))).toBe(true);
    expect(run.mappings.find((m) => m.planned.startsWith("LiteLLM's keys database"))?.why).toBe(emulationNote);
  });

  it("streams a completion to a caller's bearer token (SSE chunks, then [DONE])", async () => {
    const key = Object.values(run.apiKeys)[0]!;
    const res = await post("/chat/completions", { authorization: `Bearer ${key}` }, { model: run.model, stream: true, messages: [{ role: "user", content: "stream please" }] });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const text = await res.text();
    const events = text.split("\n").filter((l) => l.startsWith("data: "));
    expect(events.length).toBeGreaterThan(2);
    expect(events.at(-1)).toBe("data: [DONE]");
  }, 60_000);

  it("refuses a call without Authorization at the door (validator, 400) and a wrong token behind it with LiteLLM's 401", async () => {
    const none = await post("/chat/completions", {}, { model: run.model, messages: [{ role: "user", content: "x" }] });
    expect(none.status).toBe(400);
    expect(await none.json()).toEqual({ message: "Missing required request parameters: [Authorization]" });
    // As deployed: 401 from the keys table (here the emulated one), not 400 "No connected db.".
    const wrong = await post("/chat/completions", { authorization: "Bearer sk-not-a-key" }, { model: run.model, messages: [{ role: "user", content: "x" }] });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual(keyNotFound);
  }, 60_000);

  it("serves the Bedrock group from the fake Bedrock Runtime, signed with the gateway's credentials, plain and streamed", async () => {
    const key = Object.values(run.apiKeys)[0]!;
    const plain = await post("/chat/completions", { authorization: `Bearer ${key}` }, { model: "chat-fallback", messages: [{ role: "user", content: "via bedrock" }] });
    expect(plain.status).toBe(200);
    expect(((await plain.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content).toBe("local fake bedrock answers in chunks");
    const streamed = await post("/chat/completions", { authorization: `Bearer ${key}` }, { model: "chat-fallback", stream: true, messages: [{ role: "user", content: "stream via bedrock" }] });
    expect(streamed.status).toBe(200);
    expect((await streamed.text()).trimEnd().endsWith("data: [DONE]")).toBe(true);
    expect(run.bedrock!.refused).toBe(0);
    expect(run.bedrock!.calls.map((c) => [c.model, c.stream])).toEqual([
      ["eu.anthropic.claude-3-5-haiku-20241022-v1:0", false],
      ["eu.anthropic.claude-3-5-haiku-20241022-v1:0", true],
    ]);
  }, 60_000);

  it("answers the health route without any key", async () => {
    const res = await fetch(`${run.url}/health`);
    expect(res.status).toBe(200);
  });

  it("refuses the admin path without a SigV4 signature, even with the master key in x-litellm-api-key", async () => {
    const key = Object.values(run.apiKeys)[0]!;
    const attempts: Record<string, string>[] = [{}, { authorization: `Bearer ${key}` }, { "x-litellm-api-key": `Bearer ${key}` }];
    for (const headers of attempts) {
      const res = await post("/admin/key/generate", headers, {});
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ message: "Missing Authentication Token" });
    }
    // Only the listed admin routes exist: LiteLLM's other operator routes are not under /admin.
    const flush = await post("/admin/cache/flushall", { authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261201/eu-west-1/execute-api/aws4_request, SignedHeaders=host, Signature=0" }, {});
    expect(flush.status).toBe(403);
  });

  it("lets a signed admin request through to the keys database with the operator's x-litellm-api-key as its key", async () => {
    const key = Object.values(run.apiKeys)[0]!;
    const master = readLocalRunFile("growth-aws-eu-west-1")!.masterKey;
    const signed = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261201/eu-west-1/execute-api/aws4_request, SignedHeaders=host;x-litellm-api-key, Signature=0";
    const list = await fetch(`${run.url}/admin/key/list?return_full_object=true`, { headers: { authorization: signed, "x-litellm-api-key": `Bearer ${master}` } });
    const denied = await fetch(`${run.url}/admin/key/list`, { headers: { authorization: signed, "x-litellm-api-key": `Bearer ${key}` } });
    expect(denied.status).toBe(401);
    expect(list.status).toBe(200);
    expect(((await list.json()) as { keys: { key_alias: string }[] }).keys.map((k) => k.key_alias).sort()).toEqual(["batch-jobs", "web-app"]);
  });
});
