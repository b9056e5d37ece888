import http from "node:http";
import { loopbackListener } from "./listener";

/**
 * A fake OpenAI-compatible server standing for vLLM (or for the hosted API): chat completions,
 * streaming included (SSE in several chunks), with the failure modes of a self-hosted model:
 *
 * - `status`: answers every call with that HTTP status (503 down/overloaded, 429 saturated,
 *   529 overloaded as some providers send it);
 * - `slow`: answers correctly but only after `ms` (past the overflow's timeout);
 * - `down`: the port refuses connections;
 * - `midstream-drop`: a stream sends its first chunk and then the connection drops.
 */
export type FakeMode =
  | { kind: "ok" }
  | { kind: "status"; status: number }
  | { kind: "slow"; ms: number }
  | { kind: "down" }
  | { kind: "midstream-drop" };

export interface FakeCall {
  model: string;
  stream: boolean;
  prompt: string;
}

export interface FakeOpenAI {
  readonly name: string;
  readonly port: number;
  /** Base URL as LiteLLM's api_base (`.../v1`). */
  readonly apiBase: string;
  /** Requests that reached the handler (answered or not). */
  readonly calls: FakeCall[];
  setMode(mode: FakeMode): Promise<void>;
  /** Answers by prompt and model instead of the fixed words (a teacher, a good or a bad student); undefined: the fixed words. */
  setAnswer(answer: ((prompt: string, model: string) => string) | undefined): void;
  close(): Promise<void>;
}

export const FAKE_WORDS = ["self", "hosted", "first", "then", "overflow"];

export async function startFakeOpenAI(name: string): Promise<FakeOpenAI> {
  let mode: FakeMode = { kind: "ok" };
  let answerOf: ((prompt: string, model: string) => string) | undefined;
  let seq = 0;
  const calls: FakeCall[] = [];

  const handler: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = (req.url ?? "").split("?")[0]!;
      if (req.method === "GET" && url.endsWith("/models")) {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ object: "list", data: [] }));
        return;
      }
      let body: { model?: string; stream?: boolean; messages?: { content?: unknown }[] } = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
      } catch {
        res.writeHead(400).end();
        return;
      }
      const last = body.messages?.at(-1)?.content;
      const prompt = typeof last === "string" ? last : JSON.stringify(last ?? "");
      const stream = body.stream === true;
      const model = String(body.model ?? "");
      calls.push({ model, stream, prompt });
      const m = mode;
      if (m.kind === "status") {
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (m.status === 429) headers["retry-after"] = "1";
        res.writeHead(m.status, headers).end(JSON.stringify({ error: { message: `${name} failing with ${m.status}`, type: "fake_error", code: String(m.status) } }));
        return;
      }
      const id = `chatcmpl-${name}-${++seq}`;
      const created = Math.floor(Date.now() / 1000);
      const usage = { prompt_tokens: prompt.split(/\s+/).length + 3, completion_tokens: FAKE_WORDS.length, total_tokens: prompt.split(/\s+/).length + 3 + FAKE_WORDS.length };
      const answer = () => {
        if (!stream) {
          res.writeHead(200, { "content-type": "application/json" }).end(
            JSON.stringify({ id, object: "chat.completion", created, model, choices: [{ index: 0, message: { role: "assistant", content: answerOf ? answerOf(prompt, model) : `${name}: ${FAKE_WORDS.join(" ")}` }, finish_reason: "stop" }], usage }),
          );
          return;
        }
        res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
        const chunk = (delta: object, finish: string | null, extra: object = {}) =>
          res.write(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`);
        chunk({ role: "assistant", content: `${name}: ` }, null);
        if (m.kind === "midstream-drop") {
          // The first chunk is out; the connection dies before the rest.
          setTimeout(() => req.socket.destroy(), 50);
          return;
        }
        let i = 0;
        const tick = setInterval(() => {
          if (i < FAKE_WORDS.length) {
            chunk({ content: `${FAKE_WORDS[i++]} ` }, null);
            return;
          }
          clearInterval(tick);
          chunk({}, "stop", { usage });
          res.end("data: [DONE]\n\n");
        }, 5);
      };
      if (m.kind === "slow") setTimeout(answer, m.ms);
      else answer();
    });
  };

  const listener = loopbackListener(handler);
  const { sockets, listen, stop: stopListening } = listener;
  const port = await listen(0);
  return {
    name,
    port,
    apiBase: `http://127.0.0.1:${port}/v1`,
    calls,
    async setMode(next) {
      if (next.kind === "down" && mode.kind !== "down") await stopListening();
      if (next.kind !== "down" && mode.kind === "down") await listen(port);
      // Slow answers still pending hold their sockets; drop them so the next mode starts clean.
      if (mode.kind === "slow") for (const s of sockets) s.destroy();
      mode = next;
    },
    setAnswer(answer) {
      answerOf = answer;
    },
    close: () => stopListening(),
  };
}
