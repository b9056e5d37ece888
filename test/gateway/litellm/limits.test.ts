/**
 * Cache expiry and rate limits in the real LiteLLM proxy. The growth stack's values (TTL 3600 s,
 * rpm 3000 / 1000) would need an hour or thousands of requests to cross, so this variant shortens
 * exactly those through the spec and nothing else: cache TTL 2 s, rpm of `chat` 3 and of
 * `chat-fallback` 2 (the rest as in harness/spec.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GatewayUnderTest, startGateway } from "./harness/gateway";
import { readLogUntil } from "./harness/log";
import { sleep } from "./harness/processes";
import { cacheEntries } from "./harness/redis";

const TTL = 2;
const RPM = { chat: 3, "chat-fallback": 2 };

let g: GatewayUnderTest;
let n = 0;
const fresh = (what: string) => `${what} #${++n} ${Date.now()}`;

beforeAll(async () => {
  g = await startGateway({
    extra: { cache: { ttlSeconds: TTL } },
    modelOverrides: { chat: { rpm: RPM.chat }, "chat-fallback": { rpm: RPM["chat-fallback"] } },
  });
  await g.chat("chat-small", fresh("warm-up"));
}, 180_000);

afterAll(async () => {
  await g?.stop();
}, 60_000);

describe("LiteLLM proxy: cache TTL and rate limits from the spec", () => {
  it("the rendered config carries the shortened values (and only those differ from the stack)", () => {
    expect(g.config).toContain(`ttl: ${TTL}\n`);
    expect(g.config).toContain(`rpm: ${RPM.chat}\n`);
    expect(g.config).toContain(`rpm: ${RPM["chat-fallback"]}\n`);
  });

  it("exact cache: after the TTL the same request goes upstream again", async () => {
    const prompt = fresh("expire me");
    const cheap = g.fakes.cheap;
    const before = cheap.calls.length;
    expect((await g.chat("chat-small", prompt)).status).toBe(200);
    expect((await g.chat("chat-small", prompt)).status).toBe(200);
    expect(cheap.calls.length, "the repeat within the TTL must be a cache hit").toBe(before + 1);
    // The entry in Redis carries the spec's TTL, so expiry is Redis's doing, shared by all replicas.
    const keys = await cacheEntries(g.redis, `${g.spec.project}:${g.spec.stack}`);
    const ttls = await Promise.all(keys.map(async (k) => Number((await g.redis.cli("TTL", k)).trim())));
    expect(ttls.some((t) => t > 0 && t <= TTL), `TTLs in Redis: ${ttls.join(", ")}`).toBe(true);
    await sleep(TTL * 1000 + 1000);
    expect((await g.chat("chat-small", prompt)).status).toBe(200);
    expect(cheap.calls.length, "after the TTL the request must reach the provider").toBe(before + 2);
  }, 60_000);

  it("rate limits: within rpm never refused; past the primary's rpm the fallback answers; past both, 429", async () => {
    // Counters are per clock minute (UTC). A run that straddles a minute sees them reset, proves
    // nothing either way, and is repeated once in the next minute.
    for (let attempt = 1; ; attempt++) {
      const s = new Date().getUTCSeconds();
      if (s > 30) await sleep((61 - s) * 1000);
      const start = new Date().getUTCMinutes();
      const primaryBefore = g.fakes.primary.calls.length;

      const answeredBy: string[] = [];
      for (let i = 0; i < RPM.chat + RPM["chat-fallback"]; i++) {
        const r = await g.chat("chat", fresh("limit"), { timeoutMs: 60_000 });
        expect(r.status, `request ${i + 1} is within the limits: ${JSON.stringify(r.body)}`).toBe(200);
        answeredBy.push(r.headers.get("x-litellm-model-group") ?? "?");
      }
      const refused = await g.chat("chat", fresh("limit"), { timeoutMs: 60_000 });
      if (new Date().getUTCMinutes() !== start && attempt < 2) continue;
      expect(new Date().getUTCMinutes(), "the minute turned during both attempts").toBe(start);

      expect(answeredBy).toEqual([...Array(RPM.chat).fill("chat"), ...Array(RPM["chat-fallback"]).fill("chat-fallback")]);
      expect(refused.status, JSON.stringify(refused.body)).toBe(429);
      expect(refused.body.error.type).toBe("rate_limit_error");
      // The pinned LiteLLM sends no Retry-After with this 429: a release that starts to send one fails
      // here, so callers' back-off can be revisited.
      const retryAfter = refused.headers.get("retry-after");
      expect(retryAfter).toBeNull();
      console.log(`429 body: ${JSON.stringify(refused.body)}; retry-after: ${retryAfter}`);
      expect(g.fakes.primary.calls.length - primaryBefore, "past its rpm the primary must not be called").toBe(RPM.chat);
      return;
    }
  }, 240_000);

  it("a refused request is in the request log as a failure", async () => {
    const records = await readLogUntil(g.s3, (rs) => rs.some((r) => r.status === "failure"));
    const refused = g.sent.filter((s) => s.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    const failures = records.filter((r) => r.status === "failure" && r.prompt === refused[0]!.prompt);
    expect(failures, "one failure record for the refused request").toHaveLength(1);
    expect(failures[0]!.error_str).toMatch(/No deployments available/);
  }, 60_000);
});
