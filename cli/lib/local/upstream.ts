import http from "node:http";
import type net from "node:net";

/**
 * A fake provider on loopback: OpenAI-compatible (`/v1/chat/completions`, `/v1/completions`,
 * `/v1/embeddings`, `/v1/models`; also what vLLM serves) or Anthropic-compatible (`/v1/messages`),
 * streaming included (SSE in several chunks). It refuses a call that does not carry the provider
 * key the plan gives the gateway, so a wrong secret wiring fails the call as the provider would.
 */
export type UpstreamKind = "openai" | "anthropic" | "vllm";

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

function keyOf(req: http.IncomingMessage, kind: UpstreamKind): string | undefined {
  if (kind === "anthropic") return req.headers["x-api-key"] as string | undefined;
  const auth = req.headers.authorization;
  return auth?.startsWith("Bearer ") ? auth.slice(7) : undefined;
}

export async function startUpstream(name: string, kind: UpstreamKind, expectedKey: string | undefined, port = 0): Promise<FakeUpstream> {
  const sockets = new Set<net.Socket>();
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
      if (expectedKey !== undefined && keyOf(req, kind) !== expectedKey) {
        refused++;
        return json(res, 401, { error: { message: `${name}: invalid API key (not the key the plan gives the gateway)`, type: "invalid_request_error" } });
      }
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
      } catch {
        return json(res, 400, { error: { message: "invalid JSON" } });
      }
      const model = String(body.model ?? "");
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
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  const bound = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port));
  });
  return {
    name,
    kind,
    port: bound,
    url: `http://127.0.0.1:${bound}`,
    calls,
    get refused() {
      return refused;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
