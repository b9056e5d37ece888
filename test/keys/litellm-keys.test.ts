/**
 * Caller keys in the REAL pinned LiteLLM proxy with the real (TLS) Redis of the growth stack's
 * rendered config — without the keys database, which cannot run here (Prisma's engines are
 * downloaded from binaries.prisma.sh, unreachable). TEST HARNESS ONLY: LiteLLM's open-source
 * `custom_auth` hook (harness/keys_custom_auth.py) hands the proxy, for each key, the
 * `UserAPIKeyAuth` built from exactly the `/key/generate` body `npm run keys` sends (`keyBody`), so
 * LiteLLM's own rate limiter (counters in Redis) and its own admin-route check decide.
 *
 * Not shown here (see docs/testing.md, "Keys and access"): budgets refused at the limit. Under
 * custom auth the pinned LiteLLM checks a key's max_budget only on the database path, so the harness
 * cannot exercise it faithfully.
 */
import { hasKeys } from "../../components/config";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyBody, keyLimits } from "../../cli/lib/keys/requests";
import { type GatewayUnderTest, LOCAL_MASTER_KEY, startGateway } from "../gateway/litellm/harness/gateway";
import { sleep } from "../gateway/litellm/harness/processes";

const RPM = 2;
const keys = { limited: "sk-caller-limited-0123456789", other: "sk-caller-other-0123456789" };

let g: GatewayUnderTest;
const saved = { KEYS_FIXTURE: process.env.KEYS_FIXTURE, PYTHONPATH: process.env.PYTHONPATH };

async function call(key: string, route: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${g.proxy.url}${route}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) };
  } catch {
    return { status: res.status, body: text };
  }
}

let n = 0;
const chat = (key: string) => call(key, "/v1/chat/completions", { model: "chat-small", messages: [{ role: "user", content: `keys test ${++n} ${Date.now()}` }] });

beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "keys-litellm-"));
  const fixture = path.join(dir, "keys.json");
  process.env.KEYS_FIXTURE = fixture;
  process.env.PYTHONPATH = [path.join(__dirname, "harness"), saved.PYTHONPATH].filter(Boolean).join(":");
  g = await startGateway({
    // The one edit to the rendered config: the harness's auth hook; the checks LiteLLM runs after
    // it (routes, limits) are its own.
    mutateConfig: (text) => text.replace("general_settings:\n", "general_settings:\n  custom_auth: keys_custom_auth.user_api_key_auth\n  custom_auth_run_common_checks: true\n"),
  });
  const stack = g.spec;
  if (!hasKeys(stack)) throw new Error("the gateway stand's stack has the keys database");
  const body = (name: string, rpm: number) => keyBody(stack, name, undefined, keyLimits(stack, name, { rpm }));
  writeFileSync(fixture, JSON.stringify({ master: LOCAL_MASTER_KEY, keys: { [keys.limited]: { body: body("web-app", RPM) }, [keys.other]: { body: body("batch-jobs", 100) } } }));
}, 240_000);

afterAll(async () => {
  await g?.stop();
  for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
}, 60_000);

describe("the real LiteLLM enforces what the keys command sets (harness auth hook, no database)", () => {
  it("the rendered config carries the hook only in this test", () => {
    expect(g.config).toContain("custom_auth: keys_custom_auth.user_api_key_auth");
  });

  it("a key's rpm from `--rpm`: within it answered; past it refused with 429 naming the limit; another key is not affected", async () => {
    // LiteLLM's per-key window is a minute from the key's first request; stay clear of a window
    // another test may have opened for this key.
    const results = [];
    for (let i = 0; i < RPM; i++) results.push(await chat(keys.limited));
    const refused = await chat(keys.limited);
    for (const r of results) expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(refused.status, JSON.stringify(refused.body)).toBe(429);
    expect(refused.body.error.message).toContain(`Limit type: requests. Current limit: ${RPM}, Remaining: 0`);
    expect(refused.body.error.type).toBe("throttling_error");
    // Per key, not shared: the other key still gets answers.
    const other = await chat(keys.other);
    expect(other.status, JSON.stringify(other.body)).toBe(200);
    // The counter lives in the shared Redis, so every gateway replica sees the same count.
    const counters = (await g.redis.cli("--scan", "--pattern", "*api_key*")).split("\n").filter(Boolean);
    expect(counters.length, "rate-limit counters in Redis").toBeGreaterThan(0);
  }, 120_000);

  it("an admin route with a caller's key is refused by LiteLLM's own route check; an unknown key is refused with 401", async () => {
    const before = g.proxy.proc.output().length;
    const r = await call(keys.other, "/key/generate", { key_alias: "sneaky" });
    // LiteLLM refuses it in its route check (401, as the deployed image answers: the venv carries
    // the `prisma` Python client its error handler imports); no key is made.
    expect(r.status).toBe(401);
    await sleep(500);
    expect(g.proxy.proc.output().slice(before)).toContain("Only proxy admin can be used to generate, delete, update info for new keys/users/teams. Route=/key/generate");
    const unknown = await chat("sk-not-a-key-0123456789");
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.message).toContain("Authentication Error");
  }, 60_000);
});
