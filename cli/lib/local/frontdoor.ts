import http from "node:http";
import type net from "node:net";
import type { AwsFrontDoorPlan, GcpFrontDoorPlan } from "./model";

/**
 * The managed front door, emulated by interpreting the plan's own definition of it:
 * - AWS REST API: the resource tree, each method's `apiKeyRequired`, `AWS_IAM` authorization
 *   (an unsigned request gets API Gateway's 403) and validator-required headers (400), the
 *   integration's URI and
 *   `requestParameters` mappings (path and header), the stage throttle and the usage plan's
 *   per-key throttle and daily quota (token buckets), API Gateway's own error answers;
 * - GCP API Gateway: the OpenAPI document of the API config: paths and methods, `security`
 *   (API key in the named header), `x-google-backend` address with APPEND_PATH_TO_ADDRESS and its
 *   deadline, the per-minute quota; and what the gateway does to the request (the caller's
 *   Authorization moves to X-Forwarded-Authorization, an ID token replaces it).
 * Not modelled: IAM, TLS termination, WAF, access logs, per-second accuracy of the throttles.
 */
export const notModelled = [
  "IAM (Cloud Run run.invoker, VPC link and security groups): every local hop is plain loopback HTTP",
  "SigV4 signatures on the AWS admin path: an unsigned request is refused (403) as API Gateway does; a signed one is let through unverified",
  "TLS termination at the front door and TLS to the provider: the local URLs are http://127.0.0.1",
  "per-second accuracy of throttles and quotas: token buckets in one process, not the cloud's distributed counters",
  "access logs, WAF, custom domains, API Gateway's 10 MB payload and 29 s/15 min timeouts beyond the integration timeout",
];

export interface FrontDoor {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

class Bucket {
  private tokens: number;
  private last = Date.now();
  constructor(private readonly rate: number, private readonly burst: number) {
    this.tokens = burst;
  }
  take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

type Route = (req: http.IncomingMessage, body: Buffer, res: http.ServerResponse) => void;

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
}

/** Forwards to `target`, streaming the answer back as it arrives; 504 after `timeoutMs`. */
function forward(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse, target: URL, headers: http.OutgoingHttpHeaders, timeoutMs: number, timeoutBody: unknown) {
  const out = http.request(target, { method: req.method, headers: { ...headers, host: target.host, "content-length": body.length } }, (up) => {
    res.writeHead(up.statusCode ?? 502, up.headers);
    up.pipe(res);
  });
  out.setTimeout(timeoutMs, () => {
    out.destroy();
    if (!res.headersSent) send(res, 504, timeoutBody);
    else res.end();
  });
  out.on("error", () => {
    if (!res.headersSent) send(res, 502, { message: "Internal server error" });
    else res.end();
  });
  out.end(body);
}

function stripHop(h: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const o: http.OutgoingHttpHeaders = { ...h };
  for (const k of ["host", "connection", "content-length", "transfer-encoding", "keep-alive"]) delete o[k];
  return o;
}

/** `'static value'` (a quoted literal) or `method.request.header.X` / `method.request.path.p`. */
function mapValue(expr: string, req: http.IncomingMessage, pathParams: Record<string, string>): string | undefined {
  if (/^'.*'$/s.test(expr)) return expr.slice(1, -1);
  const h = /^method\.request\.header\.(.+)$/.exec(expr);
  if (h) return req.headers[h[1]!.toLowerCase()] as string | undefined;
  const p = /^method\.request\.path\.(.+)$/.exec(expr);
  if (p) return pathParams[p[1]!];
  return undefined;
}

export function awsRestApi(plan: AwsFrontDoorPlan, keys: Map<string, string>, rewrite: (s: string) => string): Route {
  const stageBucket = plan.stageThrottle ? new Bucket(plan.stageThrottle.rateLimit, plan.stageThrottle.burstLimit) : undefined;
  const keyBuckets = new Map<string, Bucket>();
  const quotaUsed = new Map<string, number>();
  const valid = new Set(keys.values());
  // Match a path against the resource tree: literal parts first, then {param}, then {proxy+}.
  const match = (rest: string): { id: string; params: Record<string, string> } | undefined => {
    const parts = rest.split("/").filter(Boolean);
    let best: { id: string; params: Record<string, string>; score: number } | undefined;
    for (const r of plan.resources) {
      const tmpl = r.path.split("/").filter(Boolean);
      const params: Record<string, string> = {};
      let score = 0;
      let ok = true;
      for (let i = 0; i < tmpl.length && ok; i++) {
        const t = tmpl[i]!;
        if (/^\{.+\+\}$/.test(t)) {
          if (i >= parts.length) ok = false;
          else params[t.slice(1, -2)] = parts.slice(i).join("/");
          score += 1;
          if (ok) {
            best = !best || score > best.score ? { id: r.id, params, score } : best;
          }
          ok = false;
          break;
        }
        if (i >= parts.length) ok = false;
        else if (/^\{.+\}$/.test(t)) params[t.slice(1, -1)] = parts[i]!, (score += 10);
        else if (t === parts[i]) score += 100;
        else ok = false;
      }
      if (ok && tmpl.length === parts.length && (!best || score > best.score)) best = { id: r.id, params, score };
    }
    return best && { id: best.id, params: best.params };
  };
  return (req, body, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const prefix = `/${plan.stageName}`;
    // API Gateway answers an unknown route (and the stage root) with 403 "Missing Authentication Token".
    const missing = () => send(res, 403, { message: "Missing Authentication Token" }, { "x-amzn-errortype": "MissingAuthenticationTokenException" });
    if (url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) return missing();
    const found = match(url.pathname.slice(prefix.length));
    if (!found) return missing();
    const method = plan.methods.find((m) => m.resourceId === found.id && m.httpMethod === req.method) ?? plan.methods.find((m) => m.resourceId === found.id && m.httpMethod === "ANY");
    if (!method) return missing();
    // AWS_IAM: API Gateway refuses a request without a SigV4 signature before anything else.
    if (method.authorization === "AWS_IAM" && !String(req.headers.authorization ?? "").startsWith("AWS4-HMAC-SHA256 ")) {
      return send(res, 403, { message: "Missing Authentication Token" }, { "x-amzn-errortype": "MissingAuthenticationTokenException" });
    }
    const missingHeaders = method.requiredHeaders.filter((h) => req.headers[h.toLowerCase()] === undefined);
    if (missingHeaders.length > 0) return send(res, 400, { message: `Missing required request parameters: [${missingHeaders.join(", ")}]` }, { "x-amzn-errortype": "BadRequestException" });
    const apiKey = req.headers["x-api-key"] as string | undefined;
    if (method.apiKeyRequired && (!apiKey || !valid.has(apiKey))) return send(res, 403, { message: "Forbidden" }, { "x-amzn-errortype": "ForbiddenException" });
    if (stageBucket && !stageBucket.take()) return send(res, 429, { message: "Too Many Requests" });
    if (method.apiKeyRequired && apiKey && plan.usagePlan) {
      const b = keyBuckets.get(apiKey) ?? new Bucket(plan.usagePlan.rateLimit, plan.usagePlan.burstLimit);
      keyBuckets.set(apiKey, b);
      if (!b.take()) return send(res, 429, { message: "Too Many Requests" });
      const used = (quotaUsed.get(apiKey) ?? 0) + 1;
      quotaUsed.set(apiKey, used);
      if (used > plan.usagePlan.quotaPerDay) return send(res, 429, { message: "Limit Exceeded" });
    }
    const integ = plan.integrations.find((i) => i.resourceId === found.id && (i.httpMethod === method.httpMethod || i.httpMethod === "ANY"));
    if (!integ) return send(res, 500, { message: "Internal server error" });
    if (integ.type !== "HTTP_PROXY") return send(res, 500, { message: `integration type ${integ.type} is not emulated` });
    const headers = stripHop(req.headers);
    const pathParams: Record<string, string> = {};
    for (const [to, from] of Object.entries(integ.requestParameters)) {
      const v = mapValue(from, req, found.params);
      const hp = /^integration\.request\.header\.(.+)$/.exec(to);
      const pp = /^integration\.request\.path\.(.+)$/.exec(to);
      if (hp && v !== undefined) headers[hp[1]!.toLowerCase()] = rewrite(v);
      if (pp && v !== undefined) pathParams[pp[1]!] = v;
    }
    const uri = rewrite(integ.uri).replace(/\{([^}]+)\}/g, (_, p: string) => pathParams[p] ?? "");
    const target = new URL(uri);
    target.search = url.search;
    forward(req, body, res, target, headers, integ.timeoutMs, { message: "Endpoint request timed out" });
  };
}

export function gcpApiGateway(plan: GcpFrontDoorPlan, keys: Map<string, string>, rewrite: (s: string) => string): Route {
  const doc = plan.document as {
    paths: Record<string, Record<string, { security?: Record<string, string[]>[] }>>;
    securityDefinitions?: Record<string, { type: string; name: string; in: string }>;
    "x-google-backend": { address: string; path_translation?: string; deadline?: number };
    "x-google-management"?: { quota?: { limits?: { values?: { STANDARD?: number } }[] } };
  };
  const backend = doc["x-google-backend"];
  const perMinute = doc["x-google-management"]?.quota?.limits?.[0]?.values?.STANDARD;
  // Quotas count per consumer project: every key of the project shares one bucket.
  const quota = perMinute ? new Bucket(perMinute / 60, perMinute) : undefined;
  const valid = new Set(keys.values());
  return (req, body, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const op = doc.paths[url.pathname]?.[(req.method ?? "GET").toLowerCase()];
    if (!op) return send(res, 404, { code: 404, message: "The current request is not defined by this API." });
    for (const requirement of op.security ?? []) {
      for (const name of Object.keys(requirement)) {
        const def = doc.securityDefinitions?.[name];
        if (def?.type !== "apiKey") continue;
        const key = def.in === "header" ? (req.headers[def.name.toLowerCase()] as string | undefined) : url.searchParams.get(def.name) ?? undefined;
        if (!key) return send(res, 401, { code: 401, message: "UNAUTHENTICATED: Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API." });
        if (!valid.has(key)) return send(res, 400, { code: 400, message: "INVALID_ARGUMENT: API key not valid. Please pass a valid API key." });
      }
    }
    if (quota && !quota.take()) return send(res, 429, { code: 429, message: "RESOURCE_EXHAUSTED: Quota exceeded" });
    const headers = stripHop(req.headers);
    // The gateway authenticates to the backend with its service account's ID token in
    // Authorization; a caller's Authorization is kept as X-Forwarded-Authorization.
    if (headers.authorization) headers["x-forwarded-authorization"] = headers.authorization;
    headers.authorization = "Bearer local-id-token-of-the-api-gateway-service-account";
    const base = rewrite(backend.address).replace(/\/$/, "");
    const target = new URL(backend.path_translation === "CONSTANT_ADDRESS" ? base : `${base}${url.pathname}`);
    target.search = url.search;
    forward(req, body, res, target, headers, (backend.deadline ?? 15) * 1000, { code: 504, message: "upstream request timeout" });
  };
}

export async function startFrontDoor(route: Route, port: number): Promise<FrontDoor> {
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => route(req, Buffer.concat(chunks), res));
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
