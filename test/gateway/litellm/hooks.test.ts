/**
 * Both of the kit's gateway hooks in the real LiteLLM proxy, loaded as deployed: the config names
 * one loader (`callbacks: os.environ/AI_INFRA_HOOKS_CALLBACK`), the variable is the loader's
 * `s3://` URL in moto, and the loader fetches `ai_infra_prompts.py` and `ai_infra_cache_tiers.py`
 * from beside itself; nothing sits beside the config file. A template request is rendered,
 * answered, cached under the template's key, and the tier header names the tier that answered.
 */
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cacheTierHeader } from "../../../components/gateway/cache-tiers";
import { allHookModules, hookObjectKey, hooksCallbackEnv, hooksRemoteCallback } from "../../../components/gateway/hooks";
import { LOCAL_MASTER_KEY } from "./harness/gateway";
import { sleep } from "./harness/processes";
import type { TestProxy } from "./harness/proxy";
import { type TieredStand, startTieredStand } from "./harness/tiers";

const DOC = `The harbour reopened on a ${Date.now()} morning after the storm.`;
let t: TieredStand;
let remote: TestProxy;

beforeAll(async () => {
  t = await startTieredStand(
    { ttlSeconds: 60, tiers: { hot: { ttlSeconds: 30, maxEntries: 100, maxEntryKb: 64 }, cold: { ttlDays: 1 } } },
    { extra: { prompts: { directory: "prompts", templates: { headline: { version: 1 } } } }, promptRoot: path.join(__dirname, "fixtures") },
  );
  // As the AWS adapter ships them: every module beside the config object in the request-log bucket.
  for (const m of allHookModules) {
    await t.s3.client.send(new PutObjectCommand({ Bucket: t.s3.bucket, Key: hookObjectKey("config/", m), Body: readFileSync(m.file, "utf8") }));
  }
  remote = await t.startReplica(undefined, { env: { [hooksCallbackEnv]: hooksRemoteCallback("s3", t.s3.bucket, "config/"), AWS_ENDPOINT_URL_S3: t.s3.endpoint }, files: [] });
}, 240_000);

afterAll(async () => {
  await t?.stop();
}, 60_000);

async function headline(wording?: string): Promise<{ status: number; tier: string | null; text?: string; body: unknown }> {
  const res = await fetch(`${remote.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${LOCAL_MASTER_KEY}` },
    body: JSON.stringify({ model: "chat-small", prompt_id: "headline", prompt_variables: { document: DOC }, messages: wording ? [{ role: "user", content: wording }] : [] }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await res.json()) as any;
  return { status: res.status, tier: res.headers.get(cacheTierHeader), text: body?.choices?.[0]?.message?.content, body };
}

describe("LiteLLM proxy: the tiers and the prompt templates, both loaded from an s3:// URL", () => {
  it("the config names one loader listing both hooks, and no module sits beside the config file", () => {
    expect(t.config).toContain("  ai_infra_hooks:\n    - ai_infra_prompts.handler\n    - ai_infra_cache_tiers.installer\n  callbacks: os.environ/AI_INFRA_HOOKS_CALLBACK\n");
    for (const m of allHookModules) expect(existsSync(path.join(path.dirname(remote.configFile), `${m.module}.py`))).toBe(false);
  });

  it("a template request is rendered and answered (miss), then a reworded one is answered from the hot tier", async () => {
    const before = t.cheap.calls.length;
    const first = await headline();
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.tier).toBe("miss");
    expect(first.text).toBe(`cheap answers: Write one headline for this document: ${DOC}`);
    expect(t.cheap.calls.length).toBe(before + 1);
    expect(t.cheap.calls.at(-1)!.prompt).toBe(`Write one headline for this document: ${DOC}`);
    await sleep(300);
    const again = await headline("Make it catchy, please.");
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.tier).toBe("hot");
    expect(again.text).toBe(first.text);
    expect(t.cheap.calls.length).toBe(before + 1);
  }, 60_000);
});
