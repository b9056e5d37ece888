/**
 * A stand-in for LiteLLM's admin API behind a front door, for the keys command's tests: it keeps
 * teams, tags and keys in memory, answers in the pinned LiteLLM's response shapes (list bodies,
 * `{"key": "sk-..."}` on generate, 400 on a duplicate alias), checks how the request was
 * authenticated, and records every request so the test can validate the bodies with LiteLLM's own
 * request models (validate_bodies.py). It is not LiteLLM: what only the real one can show is in
 * test/keys/litellm-*.test.ts.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface Recorded {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: any;
}

export interface FakeAdmin {
  url: string;
  requests: Recorded[];
  teams: Map<string, any>;
  tags: Map<string, any>;
  keys: Map<string, any>;
  /** Routes (`POST /key/update`) that answer 500 from now on, as a gateway failing mid-command would. */
  failing: Set<string>;
  close(): Promise<void>;
}

export async function startFakeAdmin(opts: { masterKey: string; auth: "bearer" | "sigv4" }): Promise<FakeAdmin> {
  const requests: Recorded[] = [];
  const teams = new Map<string, any>();
  const tags = new Map<string, any>();
  const keys = new Map<string, any>(); // key value -> key object
  const failing = new Set<string>();
  const byAlias = (alias: string) => [...keys.entries()].find(([, k]) => k.key_alias === alias);

  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://x");
      const body = raw ? JSON.parse(raw) : undefined;
      const path = url.pathname.replace(/^\/admin/, "");
      requests.push({ method: req.method ?? "", path, query: Object.fromEntries(url.searchParams), headers: req.headers, body });
      const send = (status: number, b: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(b));
      };
      const presented = opts.auth === "bearer" ? req.headers.authorization : req.headers["x-litellm-api-key"];
      if (presented !== `Bearer ${opts.masterKey}`) return send(401, { error: { message: "Authentication Error, invalid proxy admin key" } });
      if (opts.auth === "sigv4" && !/^AWS4-HMAC-SHA256 Credential=\S+\/execute-api\/aws4_request, SignedHeaders=\S*x-litellm-api-key\S*, Signature=[0-9a-f]{64}$/.test(String(req.headers.authorization))) {
        return send(403, { message: "Missing Authentication Token" });
      }
      const route = `${req.method} ${path}`;
      if (failing.has(route)) return send(500, { error: { message: "Internal Server Error" } });
      switch (route) {
        case "GET /team/list":
          return send(200, [...teams.values()]);
        case "POST /team/new":
          if (teams.has(body.team_id)) return send(400, { error: { message: `Team id = ${body.team_id} already exists. Please use a different team id.` } });
          teams.set(body.team_id, { ...body });
          return send(200, body);
        case "POST /team/update":
          if (!teams.has(body.team_id)) return send(404, { detail: { error: `Team not found, passed team_id=${body.team_id}` } });
          teams.set(body.team_id, { ...teams.get(body.team_id), ...body });
          return send(200, { team_id: body.team_id });
        case "GET /tag/list":
          return send(200, [...tags.values()]);
        case "POST /tag/new":
          if (tags.has(body.name)) return send(400, { detail: `Tag ${body.name} already exists` });
          tags.set(body.name, { ...body });
          return send(200, body);
        case "POST /tag/update":
          tags.set(body.name, { ...tags.get(body.name), ...body });
          return send(200, body);
        case "GET /key/list": {
          const size = Number(url.searchParams.get("size") ?? 10);
          const page = Number(url.searchParams.get("page") ?? 1);
          const all = [...keys.values()].map((k) => ({ ...k, token: k.token }));
          return send(200, { keys: all.slice((page - 1) * size, page * size), total_count: all.length, current_page: page, total_pages: Math.max(1, Math.ceil(all.length / size)) });
        }
        case "POST /key/generate": {
          if (body.key_alias && byAlias(body.key_alias)) {
            return send(400, { error: { message: `Key with alias '${body.key_alias}' already exists. Unique key aliases across all keys are required.` } });
          }
          if (body.team_id && !teams.has(body.team_id)) return send(400, { error: { message: `Team not found for team_id=${body.team_id}` } });
          const value = `sk-${randomBytes(11).toString("base64url")}`;
          keys.set(value, { spend: 0, ...body, token: randomBytes(32).toString("hex") });
          return send(200, { ...body, key: value });
        }
        case "POST /key/delete": {
          for (const alias of body.key_aliases ?? []) {
            const hit = byAlias(alias);
            if (hit) keys.delete(hit[0]);
          }
          return send(200, { deleted_keys: body.key_aliases });
        }
        case "POST /key/update": {
          const k = keys.get(body.key);
          if (!k) return send(404, { detail: { error: "Key not found" } });
          keys.set(body.key, { ...k, ...body, key: undefined });
          return send(200, body);
        }
        default:
          return send(404, { detail: "Not Found" });
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/admin`,
    requests,
    teams,
    tags,
    keys,
    failing,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
