import http from "node:http";
import { loopbackListener } from "./listener";

/**
 * How a fake provider answers: normally; with an HTTP error status (5xx, 429); by never answering
 * (past the gateway's timeout); by dropping the TCP connection mid-request; or not at all (the
 * port refuses connections).
 */
export type UpstreamMode = { kind: "ok" } | { kind: "status"; status: number } | { kind: "hang" } | { kind: "reset" } | { kind: "down" };

export interface UpstreamCall {
  model: string;
  /** Text of the last message, which the tests make unique per logical request. */
  prompt: string;
  at: number;
}

/** Token counts the fake reports, fixed so tests can compute the expected cost exactly. */
export const FAKE_COMPLETION_TOKENS = 7;
export function fakePromptTokens(prompt: string): number {
  return prompt.split(/\s+/).filter(Boolean).length + 3;
}

export interface FakeUpstream {
  readonly name: string;
  readonly port: number;
  /** Base URL as a provider's `apiBase` (LiteLLM appends `/chat/completions`). */
  readonly apiBase: string;
  readonly calls: UpstreamCall[];
  /** Connections that reached the handler, including failed ones. */
  attempts: number;
  setMode(mode: UpstreamMode): Promise<void>;
  /** Added to every answer, for the benchmark's upstream latency. */
  delayMs: number;
  reset(): void;
  close(): Promise<void>;
}

/** An OpenAI-compatible chat-completions server on loopback that counts what reaches it. */
export async function startFakeUpstream(name: string, port = 0): Promise<FakeUpstream> {
  let mode: UpstreamMode = { kind: "ok" };
  let seq = 0;

  const handler: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      fake.attempts++;
      if (req.method !== "POST" || !/\/chat\/completions$/.test(req.url ?? "")) {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }));
        return;
      }
      if (mode.kind === "hang") return; // the gateway's timeout must fire; the socket is destroyed on close()
      if (mode.kind === "reset") {
        req.socket.destroy();
        return;
      }
      if (mode.kind === "status") {
        const status = mode.status;
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (status === 429) headers["retry-after"] = "1";
        res.writeHead(status, headers).end(JSON.stringify({ error: { message: `${name} fake failing with ${status}`, type: "fake_error", code: String(status) } }));
        return;
      }
      let body: { model?: string; messages?: { content?: unknown }[] } = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        res.writeHead(400).end();
        return;
      }
      const last = body.messages?.at(-1)?.content;
      const prompt = typeof last === "string" ? last : JSON.stringify(last ?? "");
      fake.calls.push({ model: String(body.model), prompt, at: Date.now() });
      const promptTokens = fakePromptTokens(prompt);
      const answer = JSON.stringify({
        id: `chatcmpl-${name}-${++seq}`,
        object: "chat.completion",
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [{ index: 0, message: { role: "assistant", content: `${name} answers: ${prompt}` }, finish_reason: "stop" }],
        usage: { prompt_tokens: promptTokens, completion_tokens: FAKE_COMPLETION_TOKENS, total_tokens: promptTokens + FAKE_COMPLETION_TOKENS },
      });
      const send = () => res.writeHead(200, { "content-type": "application/json" }).end(answer);
      if (fake.delayMs > 0) setTimeout(send, fake.delayMs);
      else send();
    });
  };

  const listener = loopbackListener(handler);
  const { sockets, listen, stop: stopListening } = listener;

  const bound = await listen(port);
  const fake: FakeUpstream = {
    name,
    port: bound,
    apiBase: `http://127.0.0.1:${bound}/v1`,
    calls: [],
    attempts: 0,
    delayMs: 0,
    async setMode(next) {
      // A hanging request still holds its socket; drop those so the next mode starts clean.
      if (mode.kind === "hang") for (const s of sockets) s.destroy();
      if (next.kind === "down" && mode.kind !== "down") await stopListening();
      if (next.kind !== "down" && mode.kind === "down") await listen(bound);
      mode = next;
    },
    reset() {
      fake.calls.length = 0;
      fake.attempts = 0;
    },
    async close() {
      await stopListening();
    },
  };
  return fake;
}
