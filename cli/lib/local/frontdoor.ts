import http from "node:http";
import type { AwsFrontDoorPlan, GcpFrontDoorPlan, QuotaPeriod, UsagePlanLimits } from "./model";
import { listenOnLoopback } from "./listen";

/**
 * The managed front door, emulated by interpreting the plan's own definition of it:
 * - AWS REST API: the resource tree, each method's `apiKeyRequired`, `AWS_IAM` authorization
 *   (an unsigned request gets API Gateway's 403) and validator-required headers (400), the
 *   integration's URI and
 *   `requestParameters` mappings (path and header), the stage throttle and the usage plan's
 *   per-key throttle and daily quota (token buckets), API Gateway's own error answers;
 * - GCP global external Application Load Balancer: the URL map (exact paths, their rewrites, the
 *   fault-injection 404 for everything else), the Cloud Armor policy on the backend service (rules
 *   by priority, first match decides: source ranges, `request.path.startsWith` / `==` / `!=`,
 *   `inIpRange(origin.ip, …)`, `has`/`matches` on request headers, the throttle counted per client
 *   address or header value over its interval), then the Cloud Run service
 *   the serverless NEG names, bounded by its request timeout; the caller's headers (Authorization:
 *   their LiteLLM key) go through unchanged, the answer streams back as it arrives.
 * Not modelled: IAM, TLS termination, WAF, access logs, per-second accuracy of the throttles.
 */
export const notModelled = [
  "IAM (Cloud Run run.invoker, VPC link and security groups): every local hop is plain loopback HTTP",
  "SigV4 signatures on the AWS admin path: an unsigned request is refused (403) as API Gateway does; a signed one is let through unverified",
  "TLS termination at the front door and TLS to the provider: the local URLs are http://127.0.0.1",
  "per-second accuracy of throttles and quotas: token buckets in one process, not the cloud's distributed counters",
  "usage plan quotas: counted per UTC calendar day, week (from Monday) or month in one process; quotaSettings.offset is not applied",
  "access logs, WAF, custom domains, API Gateway's 10 MB payload and 29 s/15 min timeouts beyond the integration timeout",
  "GCP: Cloud Armor's preconfigured WAF rules (evaluatePreconfiguredWaf) are not evaluated; the throttle counts in fixed windows in one process; origin.ip is the loopback client",
];

export interface FrontDoor {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** A token bucket: `burst` tokens to start with, refilled at `rate` per second, read from `now`. */
export class Bucket {
  private tokens: number;
  private last: number;
  constructor(private readonly rate: number, private readonly burst: number, private readonly now: () => number = Date.now) {
    this.tokens = burst;
    this.last = now();
  }
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + (Math.max(0, now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Start (ms, UTC) of the quota period that holds `t`. */
function periodStart(t: number, period: QuotaPeriod): number {
  const d = new Date(t);
  if (period === "MONTH") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return period === "WEEK" ? day - ((d.getUTCDay() + 6) % 7) * 86_400_000 : day;
}

export type LimitAnswer = { ok: true } | { ok: false; status: 429; message: string };

/**
 * A usage plan's per-key limits as API Gateway applies them, each on its own: the throttle (a token
 * bucket per key: `burstLimit` at once, refilled at `rateLimit` per second; 429 "Too Many Requests")
 * where the plan sets one, the quota (requests per key per period; 429 "Limit Exceeded") where the
 * plan sets one. A throttled request is not counted against the quota.
 */
export class UsagePlanLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly used = new Map<string, { period: number; count: number }>();
  constructor(private readonly limits: UsagePlanLimits, private readonly now: () => number = Date.now) {}
  admit(key: string): LimitAnswer {
    const { throttle, quota } = this.limits;
    if (throttle) {
      let b = this.buckets.get(key);
      if (!b) this.buckets.set(key, (b = new Bucket(throttle.rateLimit, throttle.burstLimit, this.now)));
      if (!b.take()) return { ok: false, status: 429, message: "Too Many Requests" };
    }
    if (quota) {
      const period = periodStart(this.now(), quota.period);
      const prev = this.used.get(key);
      const count = (prev && prev.period === period ? prev.count : 0) + 1;
      if (count > quota.limit) return { ok: false, status: 429, message: "Limit Exceeded" };
      this.used.set(key, { period, count });
    }
    return { ok: true };
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
  const perKey = plan.usagePlan ? new UsagePlanLimiter(plan.usagePlan) : undefined;
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
    if (method.apiKeyRequired && apiKey && perKey) {
      const answer = perKey.admit(apiKey);
      if (!answer.ok) return send(res, answer.status, { message: answer.message });
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

/** IPv4 `a.b.c.d` inside `a.b.c.d/n`. */
export function ipInCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split("/");
  const n = (x: string) => x.split(".").reduce((acc, o) => (acc << 8) + Number(o), 0) >>> 0;
  const mask = Number(bits) === 0 ? 0 : (0xffffffff << (32 - Number(bits))) >>> 0;
  return /^\d+\.\d+\.\d+\.\d+$/.test(ip) && (n(ip) & mask) === (n(base!) & mask);
}

/**
 * The subset of Cloud Armor's rules language the planned policy uses: `request.path.startsWith('…')`,
 * `request.path == '…'` / `!= '…'`, `inIpRange(origin.ip, '…')`, `has(request.headers['…'])`,
 * `request.headers['…'].matches('…')` (RE2; the kit's patterns mean the same in JavaScript), `&&`,
 * `||`, `!` and parentheses. Header names are lower-case, as Cloud Armor and Node both keep them.
 * Anything else (e.g. `evaluatePreconfiguredWaf`) throws: the caller treats the rule as not emulated.
 */
export function evaluateArmorExpression(expr: string, ctx: { path: string; ip: string; headers?: Record<string, string | string[] | undefined> }): boolean {
  const tokens =
    expr
      .match(
        /\s*(&&|\|\||!(?!=)|\(|\)|request\.path\.startsWith\('[^']*'\)|request\.path\s*(?:==|!=)\s*'[^']*'|inIpRange\(origin\.ip,\s*'[^']*'\)|has\(request\.headers\['[^']*'\]\)|request\.headers\['[^']*'\]\.matches\('[^']*'\)|\S+)/g,
      )
      ?.map((t) => t.trim()) ?? [];
  const header = (name: string): string | undefined => {
    const v = ctx.headers?.[name];
    return Array.isArray(v) ? v.join(",") : v;
  };
  let i = 0;
  const atom = (): boolean => {
    const t = tokens[i++];
    if (t === "!") return !atom();
    if (t === "(") {
      const v = or();
      if (tokens[i++] !== ")") throw new Error(`unbalanced parentheses in ${expr}`);
      return v;
    }
    const sw = /^request\.path\.startsWith\('([^']*)'\)$/.exec(t ?? "");
    if (sw) return ctx.path.startsWith(sw[1]!);
    const eq = /^request\.path\s*(==|!=)\s*'([^']*)'$/.exec(t ?? "");
    if (eq) return (ctx.path === eq[2]) === (eq[1] === "==");
    const ir = /^inIpRange\(origin\.ip,\s*'([^']*)'\)$/.exec(t ?? "");
    if (ir) return ipInCidr(ctx.ip, ir[1]!);
    const has = /^has\(request\.headers\['([^']*)'\]\)$/.exec(t ?? "");
    if (has) return header(has[1]!) !== undefined;
    const m = /^request\.headers\['([^']*)'\]\.matches\('([^']*)'\)$/.exec(t ?? "");
    if (m) return new RegExp(m[2]!).test(header(m[1]!) ?? "");
    throw new Error(`not emulated: ${t}`);
  };
  const and = (): boolean => {
    let v = atom();
    while (tokens[i] === "&&") {
      i++;
      const r = atom();
      v = v && r;
    }
    return v;
  };
  const or = (): boolean => {
    let v = and();
    while (tokens[i] === "||") {
      i++;
      const r = and();
      v = v || r;
    }
    return v;
  };
  const v = or();
  if (i !== tokens.length) throw new Error(`unexpected ${tokens[i]} in ${expr}`);
  return v;
}

/** `deny(429)` → 429. */
function denyStatus(action: string): number | undefined {
  const m = /^deny\((\d{3})\)$/.exec(action);
  return m ? Number(m[1]) : undefined;
}

export function gcpLoadBalancer(plan: GcpFrontDoorPlan, rewrite: (s: string) => string, onNotEmulated: (rule: string) => void = () => {}): Route {
  const routes = new Map(plan.routes.map((r) => [r.path, r]));
  const rules = [...plan.rules].sort((a, b) => a.priority - b.priority);
  // Per rule, per key: the requests counted in the current interval.
  const windows = new Map<string, { start: number; count: number }>();
  const backend = rewrite(plan.backendUri).replace(/\/$/, "");
  return (req, body, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const route = routes.get(url.pathname);
    // The URL map first: anything it does not route is aborted with the planned status.
    if (!route) return res.writeHead(plan.notFoundStatus, { "content-type": "text/plain" }).end("fault filter abort");
    const ip = (req.socket.remoteAddress ?? "").replace(/^::ffff:/, "");
    for (const rule of rules) {
      let matches: boolean;
      try {
        matches = rule.expression !== undefined ? evaluateArmorExpression(rule.expression, { path: url.pathname, ip, headers: req.headers }) : (rule.srcIpRanges ?? []).some((c) => c === "*" || ipInCidr(ip, c));
      } catch (e) {
        onNotEmulated(`rule ${rule.priority}: ${(e as Error).message}`);
        continue;
      }
      if (!matches) continue;
      if (rule.action === "throttle" && rule.rateLimit) {
        const rl = rule.rateLimit;
        const header = rl.enforceOnKey === "HTTP_HEADER" && rl.enforceOnKeyName ? (req.headers[rl.enforceOnKeyName.toLowerCase()] as string | undefined) : undefined;
        // A missing header makes the key ALL (one bucket); the key is the header's first 128 bytes.
        const key = `${rule.priority}/${rl.enforceOnKey === "IP" ? ip : header !== undefined ? Buffer.from(header).subarray(0, 128).toString() : "*"}`;
        const now = Date.now();
        const w = windows.get(key);
        const current = w && now - w.start < rl.intervalSec * 1000 ? w : { start: now, count: 0 };
        current.count += 1;
        windows.set(key, current);
        if (current.count > rl.count) return send(res, denyStatus(rl.exceedAction) ?? 429, { error: "rate limited by Cloud Armor" });
        break;
      }
      const status = denyStatus(rule.action);
      if (status) return send(res, status, { error: `denied by Cloud Armor rule ${rule.priority}` });
      break;
    }
    const target = new URL(`${backend}${route.rewrite ?? route.path}`);
    target.search = url.search;
    forward(req, body, res, target, stripHop(req.headers), plan.timeoutSeconds * 1000, { error: "upstream request timeout" });
  };
}

export async function startFrontDoor(route: Route, port: number): Promise<FrontDoor> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => route(req, Buffer.concat(chunks), res));
  });
  const listening = await listenOnLoopback(server, port);
  return {
    url: listening.url,
    port: listening.port,
    close: listening.close,
  };
}
