import { createHash, createHmac } from "node:crypto";
import { defaultProvider } from "@aws-sdk/credential-provider-node";
import { SignatureV4 } from "@smithy/signature-v4";

/** One answer of LiteLLM's admin API. */
export interface AdminResponse {
  status: number;
  body: any;
}

/**
 * How a request reaches LiteLLM's admin API through the stack's front door (the contract with the
 * front doors, see `adminPrefix` in components/gateway/routes.ts):
 * - AWS: the admin path of the REST API admits only IAM-signed requests (SigV4, service
 *   `execute-api`, the operator's own AWS credentials); the master key travels in
 *   `x-litellm-api-key`, which LiteLLM reads as a key header of its own.
 * - GCP: the load balancer admits the admin path only from `api.adminCidrs`; the master key is
 *   the bearer token LiteLLM checks.
 */
export type Transport =
  | { kind: "aws"; region: string; credentials?: ConstructorParameters<typeof SignatureV4>[0]["credentials"] }
  | { kind: "gcp" };

function toBytes(d: string | ArrayBuffer | ArrayBufferView): string | Uint8Array {
  if (typeof d === "string") return d;
  return ArrayBuffer.isView(d) ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength) : new Uint8Array(d);
}

/** SHA-256 for the signer, from node:crypto (the signer takes any hash with this shape). */
export class Sha256 {
  private readonly h: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.h = secret === undefined ? createHash("sha256") : createHmac("sha256", toBytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.h.update(toBytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.h.digest());
  }
  reset(): void {
    /* one hash per instance: the signer makes a new one each time */
  }
}

export class AdminClient {
  constructor(
    /** `<apiUrl>/admin`: the stack output `regionDetails.<primary>.adminUrl`. */
    private readonly adminUrl: string,
    private readonly masterKey: string,
    private readonly transport: Transport,
  ) {}

  async get(path: string, query: Record<string, string> = {}): Promise<AdminResponse> {
    return this.send("GET", path, query, undefined);
  }

  async post(path: string, body: unknown): Promise<AdminResponse> {
    return this.send("POST", path, {}, body);
  }

  private async send(method: "GET" | "POST", path: string, query: Record<string, string>, body: unknown): Promise<AdminResponse> {
    const url = new URL(this.adminUrl.replace(/\/$/, "") + path);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { host: url.host };
    if (payload !== undefined) headers["content-type"] = "application/json";
    if (this.transport.kind === "gcp") {
      headers.authorization = `Bearer ${this.masterKey}`;
    } else {
      headers["x-litellm-api-key"] = `Bearer ${this.masterKey}`;
      const signer = new SignatureV4({
        service: "execute-api",
        region: this.transport.region,
        credentials: this.transport.credentials ?? defaultProvider(),
        sha256: Sha256,
      });
      const signed = await signer.sign({
        method,
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port ? Number(url.port) : undefined,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers,
        body: payload,
      });
      Object.assign(headers, signed.headers);
    }
    const { host: _host, ...sendHeaders } = headers;
    const res = await fetch(url, { method, headers: sendHeaders, body: payload, signal: AbortSignal.timeout(60_000) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* keep the text for the error message */
    }
    return { status: res.status, body: parsed };
  }
}

/** LiteLLM's error text out of an admin answer (`{"error": {"message": ...}}` or `{"detail": ...}`). */
export function errorText(r: AdminResponse): string {
  const b = r.body;
  const msg = b?.error?.message ?? b?.detail?.error ?? b?.detail ?? b;
  return `HTTP ${r.status}: ${typeof msg === "string" ? msg : JSON.stringify(msg)}`;
}
