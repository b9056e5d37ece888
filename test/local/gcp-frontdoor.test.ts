/**
 * The GCP front door emulated from the plan (`npm run local`): the URL map forwards only the planned
 * routes, Cloud Armor's admin-range, bearer-key and per-address throttle rules act as planned, and a streamed
 * completion flows through it to the real LiteLLM and back as server-sent events, chunk by chunk.
 * The admin range is the loopback address 127.0.0.2 here (the example's documentation range cannot
 * originate locally); everything else is the prototype example as it is.
 */
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalRun, startLocal } from "../../cli/lib/local/run";
import { exampleFile } from "../helpers/stacks";

const stack = "prototype-gcp-europe-west4";
let run: LocalRun;
let key: string;

/** One request from a chosen loopback source address (origin.ip for Cloud Armor). */
function request(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string; from?: string }): Promise<{ status: number; type: string; text: string; chunks: number }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? "GET", headers: opts.headers, localAddress: opts.from ?? "127.0.0.1" }, (res) => {
      let text = "";
      let chunks = 0;
      res.on("data", (c: Buffer) => {
        chunks += 1;
        text += c.toString();
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"] ?? ""), text, chunks }));
    });
    req.on("error", reject);
    req.end(opts.body);
  });
}

beforeAll(async () => {
  const file = structuredClone(exampleFile(stack));
  const api = file.config["ai-infra:api"] as Record<string, unknown>;
  api.adminCidrs = ["127.0.0.2/32"];
  run = await startLocal(file);
  key = Object.values(run.apiKeys)[0]!;
}, 240_000);
afterAll(async () => {
  await run?.stop();
}, 60_000);

describe("GCP front door emulated from the plan (prototype)", () => {
  it("gives callers the stack's URL path and, without the keys database, the master key as their key (recorded)", () => {
    expect(run.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(run.keyHeader).toBe("authorization");
    expect(Object.keys(run.apiKeys)).toEqual(["default"]);
    expect(run.mappings.find((m) => m.planned.startsWith("caller keys"))?.local).toBe("LiteLLM's master key (the local value of the planned secret)");
  });

  it("streams a chat completion end to end as server-sent events (several chunks, then [DONE])", async () => {
    const res = await request(`${run.url}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: JSON.stringify({ model: run.model, stream: true, messages: [{ role: "user", content: "stream through the load balancer" }] }),
    });
    expect(res.status).toBe(200);
    expect(res.type).toContain("text/event-stream");
    const events = res.text.split("\n").filter((l) => l.startsWith("data: "));
    expect(events.length).toBeGreaterThanOrEqual(3);
    expect(events.at(-1)).toBe("data: [DONE]");
    expect(res.chunks).toBeGreaterThanOrEqual(2);
    expect(run.upstreams.flatMap((u) => u.calls).some((c) => c.stream)).toBe(true);
  }, 60_000);

  it("answers any unplanned path 404 at the balancer, never reaching LiteLLM", async () => {
    for (const path of ["/v1/cache/flushall", "/v1/key/generate", "/v1/config/yaml", "/health/liveliness", "/v1/chat/completions/x"]) {
      const res = await request(`${run.url.replace(/\/v1$/, "")}${path}`, { method: "POST", headers: { authorization: `Bearer ${key}` }, body: "{}" });
      expect([path, res.status, res.text]).toEqual([path, 404, "fault filter abort"]);
    }
  });

  it("serves the health route from LiteLLM's liveliness probe, with no key", async () => {
    const res = await request(`${run.url}/health`, {});
    expect(res.status).toBe(200);
    expect(res.text).toContain("alive");
  });

  it("denies the admin path (Cloud Armor 403) outside api.adminCidrs and forwards it, rewritten, from inside", async () => {
    const outside = await request(`${run.url}/admin/key/list`, { headers: { authorization: `Bearer ${key}` } });
    expect(outside.status).toBe(403);
    expect(outside.text).toContain("denied by Cloud Armor rule 200");
    const inside = await request(`${run.url}/admin/key/list`, { headers: { authorization: `Bearer ${key}` }, from: "127.0.0.2" });
    // LiteLLM's own answer for /key/list (rewritten from /v1/admin/key/list): it needs the keys database.
    expect(inside.status).not.toBe(403);
    expect(inside.status).not.toBe(404);
    expect(inside.text).toMatch(/db|database/i);
  });

  it("denies a caller request without a bearer LiteLLM key (Cloud Armor 403), never reaching LiteLLM", async () => {
    const from = "127.0.0.5";
    const none = await request(`${run.url}/models`, { from });
    const notBearer = await request(`${run.url}/models`, { headers: { authorization: key }, from });
    const notLiteLLM = await request(`${run.url}/models`, { headers: { authorization: "Bearer abc" }, from });
    for (const r of [none, notBearer, notLiteLLM]) {
      expect(r.status).toBe(403);
      expect(r.text).toContain("denied by Cloud Armor rule 250");
    }
  });

  it("throttles per client address: made-up keys share the address's count (the planned count per 10 s, then 429); another address has its own", async () => {
    // prototype: 5 req/s with a burst of 10 → 60 requests per 10 s window. A fresh made-up key on
    // every request (LiteLLM refuses them without the database, which is not what is measured
    // here: 429 or not); with a count per Authorization value none of them would ever be throttled.
    const from = "127.0.0.3";
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await request(`${run.url}/models`, { headers: { authorization: `Bearer sk-made-up-${i}-${Date.now()}` }, from })).status);
    expect(statuses.slice(0, 60).filter((s) => s === 429)).toEqual([]);
    expect(statuses[60]).toBe(429);
    // The real key from the same address is throttled too; from another address it goes through.
    expect((await request(`${run.url}/models`, { headers: { authorization: `Bearer ${key}` }, from })).status).toBe(429);
    expect((await request(`${run.url}/models`, { headers: { authorization: `Bearer ${key}` }, from: "127.0.0.4" })).status).toBe(200);
  }, 60_000);
});
