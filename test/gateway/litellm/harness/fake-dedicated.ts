import http from "node:http";
import { loopbackListener } from "./listener";

/**
 * Fakes that answer as the clouds' dedicated capacity does, on loopback:
 *
 * - Bedrock Provisioned Throughput: the runtime's Converse API, `POST /model/<model id>/converse`,
 *   where the model id is the provisioned model's ARN (URL-encoded by the client). Any other id
 *   gets Bedrock's 400 (`ValidationException`). A throttle is Bedrock's 429 `ThrottlingException`
 *   (https://docs.aws.amazon.com/bedrock/latest/userguide/prov-thru-use.html).
 * - A dedicated Vertex AI endpoint with a Model Garden deployment: OpenAI's chat API under the
 *   endpoint's path, `POST /v1beta1/projects/<project>/locations/<region>/endpoints/<id>/chat/completions`,
 *   with a bearer token of the gateway's service account, which on Cloud Run comes from the
 *   metadata server: this fake answers as one (`GCE_METADATA_HOST` pointed at it), with
 *   `Metadata-Flavor: Google`; a throttle is 429 `RESOURCE_EXHAUSTED`.
 *
 * `capacity` is how many requests the capacity serves at once; past it (or always, with
 * `throttleAll`) it throttles, as model units or replicas do when saturated.
 */
export interface DedicatedMode {
  capacity: number;
  throttleAll?: boolean;
  /** Milliseconds an answer takes, so concurrent requests overlap. */
  latencyMs: number;
}

export interface FakeDedicated {
  readonly port: number;
  readonly base: string;
  /** Answered calls, and calls refused with a throttle, and calls refused for a wrong id or token. */
  readonly served: string[];
  readonly throttled: string[];
  readonly refused: string[];
  setMode(mode: DedicatedMode): void;
  close(): Promise<void>;
}

export const VERTEX_TOKEN = "ya29.local-fake-access-token";

export async function startFakeDedicated(kind: "bedrock" | "vertex", expected: { modelArn?: string; endpointPath?: string }): Promise<FakeDedicated> {
  let mode: DedicatedMode = { capacity: 1000, latencyMs: 20 };
  let inFlight = 0;
  const served: string[] = [];
  const throttled: string[] = [];
  const refused: string[] = [];

  const handler: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = (req.url ?? "").split("?")[0]!;
      const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
        res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
      if (kind === "vertex" && req.method === "GET") {
        // The metadata server: the ping, the default service account and its token, the project.
        const md = (status: number, body: string, type = "application/json") => res.writeHead(status, { "content-type": type, "metadata-flavor": "Google" }).end(body);
        const sa = "/computeMetadata/v1/instance/service-accounts/default";
        if (url === "/" || url === "/computeMetadata/v1/") md(200, "", "text/plain");
        else if (url === `${sa}/token`) md(200, JSON.stringify({ access_token: VERTEX_TOKEN, expires_in: 3600, token_type: "Bearer" }));
        else if (url === `${sa}/` || url === sa) md(200, JSON.stringify({ email: "gateway@ai-infra-example.iam.gserviceaccount.com", scopes: ["https://www.googleapis.com/auth/cloud-platform"], aliases: ["default"] }));
        else if (url === "/computeMetadata/v1/project/project-id") md(200, "ai-infra-example", "text/plain");
        else md(404, "");
        return;
      }
      let body: any = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
      } catch {
        json(400, { message: "malformed body" });
        return;
      }
      const prompt = kind === "bedrock" ? String(body.messages?.at(-1)?.content?.[0]?.text ?? "") : String(body.messages?.at(-1)?.content ?? "");
      if (kind === "bedrock") {
        const m = /^\/model\/([^/]+)\/converse$/.exec(url);
        const id = m ? decodeURIComponent(decodeURIComponent(m[1]!)) : "";
        if (id !== expected.modelArn) {
          refused.push(prompt);
          json(400, { message: `The provided model identifier is invalid: ${id}` }, { "x-amzn-errortype": "ValidationException" });
          return;
        }
      } else {
        const auth = req.headers.authorization ?? "";
        if (url !== `${expected.endpointPath}/chat/completions` || auth !== `Bearer ${VERTEX_TOKEN}`) {
          refused.push(prompt);
          json(url.endsWith("/chat/completions") ? 401 : 404, { error: { code: 404, message: `no endpoint at ${url}`, status: "NOT_FOUND" } });
          return;
        }
      }
      if (mode.throttleAll || inFlight >= mode.capacity) {
        throttled.push(prompt);
        if (kind === "bedrock") json(429, { message: "Too many requests, please wait before trying again." }, { "x-amzn-errortype": "ThrottlingException" });
        else json(429, { error: { code: 429, message: "Resource exhausted, please try again later.", status: "RESOURCE_EXHAUSTED" } });
        return;
      }
      inFlight++;
      setTimeout(() => {
        inFlight--;
        served.push(prompt);
        const text = `dedicated-${kind}: answered`;
        if (kind === "bedrock") {
          json(200, {
            output: { message: { role: "assistant", content: [{ text }] } },
            stopReason: "end_turn",
            usage: { inputTokens: 12, outputTokens: 3, totalTokens: 15 },
            metrics: { latencyMs: mode.latencyMs },
          });
        } else {
          json(200, {
            id: `chatcmpl-vertex-${served.length}`,
            object: "chat.completion",
            created: Math.floor(Date.now() / 1000),
            model: "",
            choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
            usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 },
          });
        }
      }, mode.latencyMs);
    });
  };

  const listener = loopbackListener(handler);
  const port = await listener.listen(0);
  return {
    port,
    base: `http://127.0.0.1:${port}`,
    served,
    throttled,
    refused,
    setMode(next) {
      mode = next;
    },
    close: () => listener.stop(),
  };
}
