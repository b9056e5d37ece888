import http from "node:http";
import { crc32 } from "node:zlib";
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256 } from "../keys/admin";
import { type UpstreamCall, completionTokens } from "./upstream";
import { listenOnLoopback } from "./listen";

/**
 * A fake Bedrock Runtime on loopback: the Converse API as the pinned LiteLLM calls it
 * (`POST /model/<model id>/converse` and `/converse-stream`, the answer as an AWS event stream),
 * https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html. Requests must
 * be SigV4-signed for service `bedrock` in a planned region with the credentials the gateway holds
 * (locally the stand-in for its task role); the signature is recomputed and compared, and a request
 * that fails gets Bedrock's own 403 (MissingAuthenticationToken, UnrecognizedClient,
 * InvalidSignature), https://docs.aws.amazon.com/bedrock/latest/APIReference/CommonErrors.html.
 */
export interface FakeBedrock {
  readonly name: string;
  readonly url: string;
  readonly calls: UpstreamCall[];
  readonly refused: number;
  close(): Promise<void>;
}

const words = ["local", "fake", "bedrock", "answers", "in", "chunks"];

/** One event-stream message: prelude, string headers, JSON payload, CRC-32s. */
export function eventMessage(eventType: string, payload: unknown): Buffer {
  const headers = Buffer.concat(
    Object.entries({ ":event-type": eventType, ":content-type": "application/json", ":message-type": "event" }).map(([k, v]) => {
      const name = Buffer.from(k);
      const value = Buffer.from(v);
      const h = Buffer.alloc(1 + name.length + 1 + 2 + value.length);
      h.writeUInt8(name.length, 0);
      name.copy(h, 1);
      h.writeUInt8(7, 1 + name.length); // 7 = string
      h.writeUInt16BE(value.length, 2 + name.length);
      value.copy(h, 4 + name.length);
      return h;
    }),
  );
  const body = Buffer.from(JSON.stringify(payload));
  const total = 12 + headers.length + body.length + 4;
  const prelude = Buffer.alloc(8);
  prelude.writeUInt32BE(total, 0);
  prelude.writeUInt32BE(headers.length, 4);
  const preludeCrc = Buffer.alloc(4);
  preludeCrc.writeUInt32BE(crc32(prelude), 0);
  const head = Buffer.concat([prelude, preludeCrc, headers, body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(head), 0);
  return Buffer.concat([head, crc]);
}

const authRe = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

export async function startBedrock(name: string, creds: { accessKeyId: string; secretAccessKey: string }, regions: readonly string[]): Promise<FakeBedrock> {
  const calls: UpstreamCall[] = [];
  let refused = 0;
  const deny = (res: http.ServerResponse, type: string, message: string) => {
    refused++;
    res.writeHead(403, { "content-type": "application/json", "x-amzn-errortype": type }).end(JSON.stringify({ message }));
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const body = Buffer.concat(chunks);
      const rawPath = req.url ?? "/";
      const auth = authRe.exec(String(req.headers.authorization ?? ""));
      if (!req.headers.authorization) return deny(res, "MissingAuthenticationTokenException", "Missing Authentication Token");
      if (!auth) return deny(res, "IncompleteSignatureException", "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters.");
      const [, keyId, , region, service, signedHeaders, signature] = auth;
      if (keyId !== creds.accessKeyId) return deny(res, "UnrecognizedClientException", "The security token included in the request is invalid.");
      if (service !== "bedrock" || !regions.includes(region!)) return deny(res, "InvalidSignatureException", `Credential should be scoped to a valid region and service (got ${region}/${service}; this endpoint serves ${regions.join(", ")}/bedrock).`);
      // Recompute the signature over the headers the client signed.
      const headers: Record<string, string> = {};
      for (const h of signedHeaders!.split(";")) headers[h] = String(req.headers[h] ?? "");
      const amzDate = String(req.headers["x-amz-date"] ?? "");
      const when = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
      if (!when) return deny(res, "IncompleteSignatureException", "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
      // No x-amz-content-sha256 of its own: only the headers the client signed count.
      const signer = new SignatureV4({ service: "bedrock", region: region!, credentials: creds, sha256: Sha256, applyChecksum: false });
      const [pathOnly, query = ""] = rawPath.split("?");
      // The path as sent (botocore signs it percent-encoded once more, as the signer here does).
      const sig = async (p: string) => {
        const signed = await signer.sign(
          { method: req.method ?? "POST", protocol: "http:", hostname: "127.0.0.1", path: p, query: Object.fromEntries(new URLSearchParams(query)), headers: { ...headers }, body },
          { signingDate: new Date(Date.UTC(+when[1]!, +when[2]! - 1, +when[3]!, +when[4]!, +when[5]!, +when[6]!)), signableHeaders: new Set(signedHeaders!.split(";")) },
        );
        return /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization))?.[1];
      };
      const ours = await sig(pathOnly!);
      if (ours !== signature) {
        return deny(res, "InvalidSignatureException", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
      }
      const m = /^\/model\/([^/]+)\/(converse|converse-stream)$/.exec(pathOnly!);
      if (!m || req.method !== "POST") return res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ message: `${name}: no route ${req.method} ${pathOnly}` }));
      const model = decodeURIComponent(m[1]!);
      const stream = m[2] === "converse-stream";
      calls.push({ path: pathOnly!, model, stream });
      let input = 3;
      try {
        const b = JSON.parse(body.toString("utf8")) as { messages?: { content?: { text?: string }[] }[] };
        input += (b.messages ?? []).flatMap((x) => x.content ?? []).map((c) => c.text ?? "").join(" ").split(/\s+/).filter(Boolean).length;
      } catch {
        return res.writeHead(400, { "content-type": "application/json", "x-amzn-errortype": "ValidationException" }).end(JSON.stringify({ message: "Malformed input request" }));
      }
      const usage = { inputTokens: input, outputTokens: completionTokens, totalTokens: input + completionTokens };
      if (!stream) {
        return res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ output: { message: { role: "assistant", content: [{ text: words.join(" ") }] } }, stopReason: "end_turn", usage, metrics: { latencyMs: 5 } }));
      }
      res.writeHead(200, { "content-type": "application/vnd.amazon.eventstream" });
      const events: [string, unknown][] = [
        ["messageStart", { role: "assistant" }],
        ...words.map((w): [string, unknown] => ["contentBlockDelta", { contentBlockIndex: 0, delta: { text: `${w} ` } }]),
        ["contentBlockStop", { contentBlockIndex: 0 }],
        ["messageStop", { stopReason: "end_turn" }],
        ["metadata", { usage, metrics: { latencyMs: 5 } }],
      ];
      let i = 0;
      // A gap between events, so that a client can tell a stream from one buffered body.
      const tick = setInterval(() => {
        const e = events[i++];
        if (!e) {
          clearInterval(tick);
          res.end();
          return;
        }
        res.write(eventMessage(e[0], e[1]));
      }, 30);
      return undefined;
    });
  });
  const listening = await listenOnLoopback(server);
  const port = listening.port;
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    calls,
    get refused() {
      return refused;
    },
    close: listening.close,
  };
}
