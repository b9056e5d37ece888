import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { randomUUID } from "node:crypto";

/**
 * One smoke test of a stack's request path, the same against `npm run local` and a real
 * deployment: what a caller with an API key gets, what a caller without one gets, what must stay
 * unreachable, and (with read access to the request log) that every call was logged with model,
 * tokens and cost.
 */
export interface SmokeOptions {
  url: string;
  key: string;
  model: string;
  stream: boolean;
  /** Header the API key travels in. */
  keyHeader: string;
  /** Per-request timeout. */
  timeoutMs: number;
  log?: { bucket: string; endpoint?: string; region: string; prefix: string; waitMs: number };
  /**
   * Prompts that must pass the front door (a WAF refuses with 403): each is sent once and must be
   * answered 200 (`--prompts <corpus.json>`, e.g. test/aws/fixtures/waf-prompts.json).
   */
  prompts?: readonly { id: string; text: string }[];
}

export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
}

/** LiteLLM's admin routes (keys, cache, health, config): a caller must never reach them. */
export const forbiddenRoutes: readonly { method: string; path: string }[] = [
  { method: "POST", path: "/key/generate" },
  { method: "POST", path: "/cache/flushall" },
  // `<apiUrl>/health` is the front doors' key-less health route (LiteLLM's liveness, no model call);
  // the admin model listing stands for the rest of LiteLLM's operator routes.
  { method: "GET", path: "/model/info" },
  { method: "GET", path: "/config/yaml" },
];

/** Answers that mean "refused at the door": no credentials, bad credentials, no such route. */
const refusedStatuses = new Set([400, 401, 403, 404, 405]);

async function call(url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
  return fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
}

function why(e: unknown): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err.name === "TimeoutError") return "no answer in time";
  return err.cause?.code ?? err.cause?.message ?? err.message ?? String(e);
}

function body(model: string, prompt: string, stream: boolean, maxTokens?: number): string {
  return JSON.stringify({
    model,
    stream,
    messages: [{ role: "user", content: prompt }],
    ...(stream ? { stream_options: { include_usage: true } } : {}),
    ...(maxTokens !== undefined ? { max_tokens: maxTokens } : {}),
  });
}

export async function runSmoke(o: SmokeOptions): Promise<CheckResult[]> {
  const base = o.url.replace(/\/+$/, "");
  const results: CheckResult[] = [];
  // A key in `Authorization` travels as a bearer token (LiteLLM keys through the AWS front door from growth).
  const keyValue = (key: string) => (o.keyHeader.toLowerCase() === "authorization" ? `Bearer ${key}` : key);
  const headers = (key?: string): Record<string, string> => ({ "content-type": "application/json", ...(key !== undefined ? { [o.keyHeader]: keyValue(key) } : {}) });
  const marker = `smoke-${randomUUID()}`;
  const started = Date.now();

  // Reachability first, so that an unreachable URL fails once, fast, with a clear message.
  try {
    await call(`${base}/models`, { headers: headers(o.key) }, Math.min(o.timeoutMs, 10_000));
  } catch (e) {
    return [{ name: "reachable", ok: false, detail: `cannot reach ${base}: ${why(e)}` }];
  }

  const prompts: string[] = [];
  try {
    const prompt = `${marker} plain: say hello`;
    const res = await call(`${base}/chat/completions`, { method: "POST", headers: headers(o.key), body: body(o.model, prompt, false) }, o.timeoutMs);
    const text = await res.text();
    let j: { choices?: { message?: { content?: string } }[]; usage?: { total_tokens?: number } } = {};
    try {
      j = JSON.parse(text);
    } catch {
      /* reported below */
    }
    const content = j.choices?.[0]?.message?.content;
    const ok = res.status === 200 && typeof content === "string" && content.length > 0 && (j.usage?.total_tokens ?? 0) > 0;
    if (ok) prompts.push(prompt);
    results.push({ name: "chat completion", ok, detail: ok ? `200, ${j.usage!.total_tokens} tokens` : `${res.status}: ${text.slice(0, 200)}` });
  } catch (e) {
    results.push({ name: "chat completion", ok: false, detail: why(e) });
  }

  if (o.stream) {
    try {
      const prompt = `${marker} stream: count to five`;
      const res = await call(`${base}/chat/completions`, { method: "POST", headers: headers(o.key), body: body(o.model, prompt, true) }, o.timeoutMs);
      const type = res.headers.get("content-type") ?? "";
      let reads = 0;
      let events = 0;
      let content = "";
      let done = false;
      let buffered = "";
      if (res.body) {
        const decoder = new TextDecoder();
        for await (const part of res.body as unknown as AsyncIterable<Uint8Array>) {
          const s = decoder.decode(part, { stream: true });
          if (s.includes("data:")) reads++;
          buffered += s;
        }
      }
      for (const line of buffered.split("\n")) {
        if (!line.startsWith("data:")) continue;
        const d = line.slice(5).trim();
        if (d === "[DONE]") {
          done = true;
          continue;
        }
        events++;
        try {
          content += (JSON.parse(d) as { choices?: { delta?: { content?: string } }[] }).choices?.[0]?.delta?.content ?? "";
        } catch {
          /* a non-JSON event fails the content check */
        }
      }
      // Several reads carrying events: the answer arrived as a stream, not as one buffered body.
      const ok = res.status === 200 && type.includes("text/event-stream") && reads >= 2 && events >= 2 && done && content.length > 0;
      if (ok) prompts.push(prompt);
      results.push({
        name: "streamed chat completion",
        ok,
        detail: `${res.status} ${type || "(no content-type)"}: ${events} events in ${reads} network reads${done ? ", [DONE]" : ", no [DONE]"}`,
      });
    } catch (e) {
      results.push({ name: "streamed chat completion", ok: false, detail: why(e) });
    }
  }

  for (const [name, key] of [
    ["no API key refused", undefined],
    ["wrong API key refused", `wrong-${randomUUID()}`],
  ] as const) {
    try {
      const res = await call(`${base}/chat/completions`, { method: "POST", headers: headers(key), body: body(o.model, `${marker} unauthorised`, false) }, o.timeoutMs);
      await res.text();
      const ok = res.status === 401 || res.status === 403 || res.status === 400;
      results.push({ name, ok, detail: `${res.status}` });
    } catch (e) {
      results.push({ name, ok: false, detail: why(e) });
    }
  }

  for (const r of forbiddenRoutes) {
    const name = `admin route ${r.method} ${r.path} unreachable with a caller's key`;
    try {
      const res = await call(`${base}${r.path}`, { method: r.method, headers: headers(o.key), ...(r.method === "POST" ? { body: "{}" } : {}) }, o.timeoutMs);
      const text = await res.text();
      // LiteLLM answering "No connected db" means the request got past authentication as an admin.
      // `<apiUrl>/health` may be the front door's health route, LiteLLM's /health/liveliness (no
      // key, no model call; components/gateway/routes.ts): its fixed answer is not the model health.
      const liveliness = r.path === "/health" && res.status === 200 && /^"I'm alive!?"$/.test(text.trim());
      const ok = (refusedStatuses.has(res.status) || liveliness) && !/no_db_connection|No connected db/.test(text);
      results.push({ name, ok, detail: `${res.status}${ok ? "" : `: ${text.slice(0, 160)}`}` });
    } catch (e) {
      results.push({ name, ok: false, detail: why(e) });
    }
  }

  for (const p of o.prompts ?? []) {
    const name = `prompt "${p.id}" passes the front door`;
    try {
      // A few tokens are enough: the check is that the request reached the model, not the answer.
      const res = await call(`${base}/chat/completions`, { method: "POST", headers: headers(o.key), body: body(o.model, p.text, false, 8) }, o.timeoutMs);
      const text = await res.text();
      const ok = res.status === 200;
      results.push({ name, ok, detail: ok ? "200" : `${res.status}${res.status === 403 ? " (refused at the front door: a WAF rule matched the body)" : ""}: ${text.slice(0, 160)}` });
    } catch (e) {
      results.push({ name, ok: false, detail: why(e) });
    }
  }

  if (o.log) {
    const name = "calls logged with model, tokens and cost";
    try {
      results.push({ name, ...(await findLogged(o.log, prompts, started)) });
    } catch (e) {
      results.push({ name, ok: false, detail: why(e) });
    }
  }
  return results;
}

async function findLogged(log: NonNullable<SmokeOptions["log"]>, prompts: string[], since: number): Promise<{ ok: boolean; detail: string }> {
  if (prompts.length === 0) return { ok: false, detail: "no successful call to look for" };
  const s3 = new S3Client({ region: log.region, ...(log.endpoint ? { endpoint: log.endpoint, forcePathStyle: true } : {}) });
  const deadline = Date.now() + log.waitMs;
  const seen = new Map<string, { model?: string; tokens?: number; cost?: number }>();
  for (;;) {
    let token: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: log.bucket, Prefix: log.prefix, ContinuationToken: token }));
      for (const o of page.Contents ?? []) {
        if (!o.Key || seen.has(o.Key) || (o.LastModified && o.LastModified.getTime() < since - 60_000)) continue;
        const text = await (await s3.send(new GetObjectCommand({ Bucket: log.bucket, Key: o.Key }))).Body!.transformToString();
        let entry: { model?: string; total_tokens?: number; response_cost?: number; messages?: unknown; call_type?: string } = {};
        try {
          entry = JSON.parse(text);
        } catch {
          /* not a log entry */
        }
        // The chat call's own entry (a semantic cache also logs the embedding of the same prompt).
        const chat = entry.call_type === undefined || /completion/.test(entry.call_type);
        const hit = chat ? prompts.find((p) => JSON.stringify(entry.messages ?? "").includes(p)) : undefined;
        seen.set(o.Key, hit ? { model: entry.model, tokens: entry.total_tokens, cost: entry.response_cost } : {});
        if (hit) seen.set(`hit:${hit}`, { model: entry.model, tokens: entry.total_tokens, cost: entry.response_cost });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    const hits = prompts.map((p) => seen.get(`hit:${p}`));
    const complete = hits.every((h) => h && typeof h.model === "string" && h.model !== "" && (h.tokens ?? 0) > 0 && typeof h.cost === "number" && h.cost > 0);
    if (complete) {
      return { ok: true, detail: hits.map((h) => `${h!.model}: ${h!.tokens} tokens, $${h!.cost!.toPrecision(3)}`).join("; ") };
    }
    if (Date.now() > deadline) {
      const missing = prompts.filter((_, i) => !hits[i]);
      const partial = hits.filter((h) => h && !(typeof h.cost === "number" && h.cost > 0 && (h.tokens ?? 0) > 0));
      return { ok: false, detail: `${missing.length} of ${prompts.length} calls not in s3://${log.bucket}/${log.prefix} after ${log.waitMs / 1000} s${partial.length ? `; ${partial.length} logged without tokens or cost` : ""}` };
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}
