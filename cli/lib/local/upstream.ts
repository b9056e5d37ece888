import http from "node:http";
import { listenOnLoopback } from "./listen";

/**
 * A fake provider on loopback: OpenAI-compatible (`/v1/chat/completions`, `/v1/completions`,
 * `/v1/embeddings`, `/v1/models`; also what vLLM serves), Azure OpenAI
 * (`/openai/deployments/<deployment>/chat/completions?api-version=…`, the same bodies) or
 * Anthropic-compatible (`/v1/messages`), streaming included (SSE in several chunks). It takes the
 * key only in the header that provider reads it from (`authAnswers`) and refuses a call that does not
 * carry the key the plan gives the gateway there, with that provider's own 401 body, so a wrong
 * secret wiring (or a key sent the wrong way) fails the call as the provider would.
 */
export type UpstreamKind = "openai" | "anthropic" | "azure" | "vllm";

/** The header a provider reads its API key from, as the pinned LiteLLM sends it. */
export const keyHeader: Record<UpstreamKind, string> = {
  // litellm/llms/openai: the OpenAI SDK's `Authorization: Bearer <key>`; vLLM's --api-key reads the same.
  openai: "authorization",
  vllm: "authorization",
  // litellm/llms/anthropic/common_utils.py: {"x-api-key": api_key}
  anthropic: "x-api-key",
  // litellm/llms/azure/common_utils.py get_azure_request_auth_headers: {"api-key": api_key}
  azure: "api-key",
};

/** The key a request carries where `kind` reads it, or undefined. */
export function keyOf(headers: http.IncomingHttpHeaders, kind: UpstreamKind): string | undefined {
  const v = headers[keyHeader[kind]] as string | undefined;
  if (keyHeader[kind] !== "authorization") return v;
  return v?.startsWith("Bearer ") ? v.slice(7) : undefined;
}

/**
 * The 401 each provider answers for a missing or a wrong key, status and body as its API documents
 * them: OpenAI https://platform.openai.com/docs/guides/error-codes (invalid_api_key), Anthropic
 * https://docs.anthropic.com/en/api/errors (authentication_error), Azure OpenAI (API Management's
 * "Access denied due to …" answer).
 */
export function authAnswer(kind: UpstreamKind, presented: string | undefined): { status: 401; body: unknown } {
  const masked = presented === undefined ? "" : `${presented.slice(0, 3)}${"*".repeat(Math.max(0, presented.length - 7))}${presented.slice(-4)}`;
  switch (kind) {
    case "anthropic":
      return { status: 401, body: { type: "error", error: { type: "authentication_error", message: presented === undefined ? "x-api-key header is required" : "invalid x-api-key" } } };
    case "azure":
      return {
        status: 401,
        body: {
          error: {
            code: "401",
            message:
              presented === undefined
                ? "Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API."
                : "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.",
          },
        },
      };
    default:
      return {
        status: 401,
        body: {
          error:
            presented === undefined
              ? { message: "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", type: "invalid_request_error", param: null, code: null }
              : { message: `Incorrect API key provided: ${masked}. You can find your API key at https://platform.openai.com/account/api-keys.`, type: "invalid_request_error", param: null, code: "invalid_api_key" },
        },
      };
  }
}

export interface UpstreamCall {
  path: string;
  model: string;
  stream: boolean;
}

export interface FakeUpstream {
  readonly name: string;
  readonly kind: UpstreamKind;
  readonly port: number;
  readonly url: string;
  readonly calls: UpstreamCall[];
  readonly refused: number;
  close(): Promise<void>;
}

/** Completion tokens every answer reports (prompt tokens: words + 3), so cost can be checked. */
export const completionTokens = 6;
const words = ["local", "fake", "provider", "answers", "in", "chunks"];

function promptTokens(body: Record<string, unknown>): number {
  const msgs = (body.messages as { content?: unknown }[] | undefined) ?? [];
  const text = msgs.map((m) => (typeof m.content === "string" ? m.content : JSON.stringify(m.content ?? ""))).join(" ") || String(body.prompt ?? body.input ?? "");
  return text.split(/\s+/).filter(Boolean).length + 3;
}

export async function startUpstream(name: string, kind: UpstreamKind, expectedKey: string | undefined, port = 0): Promise<FakeUpstream> {
  const calls: UpstreamCall[] = [];
  let refused = 0;
  let seq = 0;
  const sse = (res: http.ServerResponse) => res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  const json = (res: http.ServerResponse, status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = (req.url ?? "").split("?")[0]!;
      if (req.method === "GET" && url.endsWith("/models")) return json(res, 200, { object: "list", data: [{ id: "fake", object: "model" }] });
      const presented = keyOf(req.headers, kind);
      if (expectedKey !== undefined && presented !== expectedKey) {
        refused++;
        const a = authAnswer(kind, presented);
        return json(res, a.status, a.body);
      }
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
      } catch {
        return json(res, 400, { error: { message: "invalid JSON" } });
      }
      // Azure names the deployment in the path; the body's model is optional there.
      const deployment = /\/openai\/deployments\/([^/]+)\//.exec(url)?.[1];
      const model = String(body.model ?? deployment ?? "");
      const stream = body.stream === true;
      calls.push({ path: url, model, stream });
      const pt = promptTokens(body);
      const id = `${name}-${++seq}`;
      if (url.endsWith("/embeddings")) {
        return json(res, 200, { object: "list", model, data: [{ object: "embedding", index: 0, embedding: Array.from({ length: 8 }, (_, i) => (i + 1) / 10) }], usage: { prompt_tokens: pt, total_tokens: pt } });
      }
      if (kind === "anthropic" && url.endsWith("/messages")) {
        if (!stream) {
          return json(res, 200, { id, type: "message", role: "assistant", model, content: [{ type: "text", text: words.join(" ") }], stop_reason: "end_turn", stop_sequence: null, usage: { input_tokens: pt, output_tokens: completionTokens } });
        }
        sse(res);
        const ev = (type: string, data: unknown) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...(data as object) })}\n\n`);
        ev("message_start", { message: { id, type: "message", role: "assistant", model, content: [], stop_reason: null, usage: { input_tokens: pt, output_tokens: 1 } } });
        ev("content_block_start", { index: 0, content_block: { type: "text", text: "" } });
        let i = 0;
        const tick = setInterval(() => {
          if (i < words.length) {
            ev("content_block_delta", { index: 0, delta: { type: "text_delta", text: `${words[i++]} ` } });
            return;
          }
          clearInterval(tick);
          ev("content_block_stop", { index: 0 });
          ev("message_delta", { delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: completionTokens } });
          ev("message_stop", {});
          res.end();
        }, 30);
        return;
      }
      if (url.endsWith("/chat/completions") || url.endsWith("/completions")) {
        const chat = url.endsWith("/chat/completions");
        const usage = { prompt_tokens: pt, completion_tokens: completionTokens, total_tokens: pt + completionTokens };
        const created = Math.floor(Date.now() / 1000);
        if (!stream) {
          const choice = chat ? { index: 0, message: { role: "assistant", content: words.join(" ") }, finish_reason: "stop" } : { index: 0, text: words.join(" "), finish_reason: "stop" };
          return json(res, 200, { id, object: chat ? "chat.completion" : "text_completion", created, model, choices: [choice], usage });
        }
        sse(res);
        const chunk = (choice: unknown, extra: object = {}) =>
          res.write(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices: [choice], ...extra })}\n\n`);
        let i = 0;
        // A gap between chunks, so that a client can tell a stream from one buffered body.
        const tick = setInterval(() => {
          if (i < words.length) {
            chunk({ index: 0, delta: i === 0 ? { role: "assistant", content: `${words[i++]} ` } : { content: `${words[i++]} ` }, finish_reason: null });
            return;
          }
          clearInterval(tick);
          chunk({ index: 0, delta: {}, finish_reason: "stop" }, { usage });
          res.end("data: [DONE]\n\n");
        }, 30);
        return;
      }
      json(res, 404, { error: { message: `${name}: no route ${req.method} ${url}` } });
      return undefined;
    });
  });
  const listening = await listenOnLoopback(server, port);
  const bound = listening.port;
  return {
    name,
    kind,
    port: bound,
    url: `http://127.0.0.1:${bound}`,
    calls,
    get refused() {
      return refused;
    },
    close: listening.close,
  };
}
