/**
 * Each fake provider takes the key where that provider reads it (as the pinned LiteLLM sends it) and
 * refuses a missing or wrong key, or the key in another provider's header, with that provider's own
 * 401 body (issue 21 point 7). A fake with no expected key (vLLM without --api-key) takes anything.
 */
import { afterAll, describe, expect, it } from "vitest";
import { type FakeUpstream, type UpstreamKind, startUpstream } from "../../cli/lib/local/upstream";

const key = "sk-local-provider-key-0123456789";
const started: FakeUpstream[] = [];
afterAll(async () => {
  for (const u of started) await u.close();
});

const paths: Record<UpstreamKind, string> = {
  openai: "/v1/chat/completions",
  vllm: "/v1/chat/completions",
  anthropic: "/v1/messages",
  azure: "/openai/deployments/gpt-4o-mini-prod/chat/completions?api-version=2024-10-21",
};
const sendAs: Record<string, (k: string) => Record<string, string>> = {
  bearer: (k) => ({ authorization: `Bearer ${k}` }),
  "x-api-key": (k) => ({ "x-api-key": k }),
  "api-key": (k) => ({ "api-key": k }),
};
const own: Record<UpstreamKind, string> = { openai: "bearer", vllm: "bearer", anthropic: "x-api-key", azure: "api-key" };

async function call(u: FakeUpstream, kind: UpstreamKind, headers: Record<string, string>) {
  const res = await fetch(`${u.url}${paths[kind]}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ ...(kind === "azure" ? {} : { model: "m" }), max_tokens: 8, messages: [{ role: "user", content: "hi" }] }),
  });
  return { status: res.status, body: (await res.json()) as any };
}

const missing: Record<UpstreamKind, unknown> = {
  openai: { error: { message: "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", type: "invalid_request_error", param: null, code: null } },
  vllm: { error: { message: "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", type: "invalid_request_error", param: null, code: null } },
  anthropic: { type: "error", error: { type: "authentication_error", message: "x-api-key header is required" } },
  azure: { error: { code: "401", message: "Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API." } },
};
const wrong: Record<UpstreamKind, unknown> = {
  openai: { error: { message: "Incorrect API key provided: sk-**************************6789. You can find your API key at https://platform.openai.com/account/api-keys.", type: "invalid_request_error", param: null, code: "invalid_api_key" } },
  vllm: { error: { message: "Incorrect API key provided: sk-**************************6789. You can find your API key at https://platform.openai.com/account/api-keys.", type: "invalid_request_error", param: null, code: "invalid_api_key" } },
  anthropic: { type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } },
  azure: { error: { code: "401", message: "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource." } },
};

for (const kind of ["openai", "vllm", "anthropic", "azure"] as const) {
  describe(`fake ${kind} provider`, () => {
    let u: FakeUpstream;
    it(`answers 200 with the key in ${own[kind]}`, async () => {
      u = await startUpstream(`fake-${kind}`, kind, key);
      started.push(u);
      const r = await call(u, kind, sendAs[own[kind]]!(key));
      expect(r.status).toBe(200);
      expect(u.calls).toEqual([{ path: paths[kind].split("?")[0], model: kind === "azure" ? "gpt-4o-mini-prod" : "m", stream: false }]);
    });
    it("refuses a missing key with its own 401 body", async () => {
      expect(await call(u, kind, {})).toEqual({ status: 401, body: missing[kind] });
    });
    it("refuses a wrong key with its own 401 body", async () => {
      expect(await call(u, kind, sendAs[own[kind]]!("sk-wrong-provider-key-00000006789"))).toEqual({ status: 401, body: wrong[kind] });
    });
    for (const other of Object.keys(sendAs).filter((h) => h !== own[kind])) {
      it(`refuses the right key sent in ${other} (another provider's header) as a missing key`, async () => {
        expect(await call(u, kind, sendAs[other]!(key))).toEqual({ status: 401, body: missing[kind] });
      });
    }
    it("counted every refusal", () => {
      expect(u.refused).toBe(4);
    });
  });
}

it("a fake without an expected key (vLLM without --api-key) answers without one", async () => {
  const u = await startUpstream("vllm-open", "vllm", undefined);
  started.push(u);
  expect((await call(u, "vllm", {})).status).toBe(200);
});
