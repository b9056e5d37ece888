import { createHash, randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { adminRoutes } from "../../../components/gateway/routes";
import { listenOnLoopback } from "./listen";

/**
 * The keys database of a local run, emulated. LiteLLM keeps virtual keys in PostgreSQL through
 * Prisma, whose query and schema engines are downloaded from binaries.prisma.sh on first start;
 * that host is unreachable here, so the local LiteLLM runs without a database and could only say
 * "No connected db." to any key but its master key. This stand-in sits between the front door and
 * LiteLLM, where LiteLLM's own key check would be:
 * - the admin routes the kit's keys command uses (`adminRoutes`: key generate/list/update/delete,
 *   team and tag new/update/list) with the master key, answered in the pinned LiteLLM's shapes,
 *   keys kept as LiteLLM keeps them (`sk-` + token_urlsafe(16), stored as the SHA-256 of the value);
 * - a caller's `Authorization: Bearer <virtual key>` (or `x-litellm-api-key`): a key it minted is
 *   exchanged for the master key on the way to LiteLLM; an unknown or revoked key gets LiteLLM's own
 *   401 (`token_not_found_in_db`); the master key and requests without a key go to LiteLLM as they are.
 * Not emulated, and said in every answer it makes (`x-ai-infra-local-keys`): persistence (the keys
 * live in this process and end with the run), per-key rpm/tpm limits and budgets (stored and listed,
 * not enforced), spend tracking (LiteLLM sees the master key), teams' and tags' budgets.
 */
export const emulationNote =
  "keys database emulated by npm run local (in memory, ends with the run): LiteLLM's keys database needs Prisma's engines, which cannot be downloaded here; per-key limits, budgets and spend are stored and listed, not enforced";

/** LiteLLM's answer to a key it cannot find in its keys table (`KeyNotFoundError`, code 401). */
export const keyNotFound = { error: { message: "Authentication Error, Invalid API key provided.", type: "token_not_found_in_db", param: "key", code: "401" } };

export interface LocalKey {
  token: string;
  key_alias: string | null;
  team_id: string | null;
  rpm_limit: number | null;
  tpm_limit: number | null;
  max_budget: number | null;
  soft_budget: number | null;
  budget_duration: string | null;
  spend: number;
  models: string[];
  metadata: Record<string, unknown>;
  created_at: string;
}

const hash = (value: string) => createHash("sha256").update(value).digest("hex");

export class LocalKeyStore {
  readonly keys = new Map<string, LocalKey>(); // SHA-256 of the value → key
  readonly teams = new Map<string, Record<string, unknown>>();
  readonly tags = new Map<string, Record<string, unknown>>();

  /** `/key/generate`: a new value, shown once; only its hash is kept. */
  generate(body: Record<string, unknown>): { status: number; body: unknown } {
    const alias = typeof body.key_alias === "string" ? body.key_alias : null;
    if (alias && [...this.keys.values()].some((k) => k.key_alias === alias)) {
      return { status: 400, body: { error: { message: `Key with alias '${alias}' already exists. Unique key aliases across all keys are required.`, type: "bad_request_error", param: "key_alias", code: "400" } } };
    }
    if (typeof body.team_id === "string" && !this.teams.has(body.team_id)) {
      return { status: 400, body: { error: { message: `Team not found for team_id=${body.team_id}`, type: "bad_request_error", param: "team_id", code: "400" } } };
    }
    const value = `sk-${randomBytes(16).toString("base64url")}`;
    const num = (v: unknown) => (typeof v === "number" ? v : null);
    const key: LocalKey = {
      token: hash(value),
      key_alias: alias,
      team_id: typeof body.team_id === "string" ? body.team_id : null,
      rpm_limit: num(body.rpm_limit),
      tpm_limit: num(body.tpm_limit),
      max_budget: num(body.max_budget),
      soft_budget: num(body.soft_budget),
      budget_duration: typeof body.budget_duration === "string" ? body.budget_duration : null,
      spend: num(body.spend) ?? 0,
      models: Array.isArray(body.models) ? (body.models as string[]) : [],
      metadata: (body.metadata as Record<string, unknown> | undefined) ?? {},
      created_at: new Date().toISOString(),
    };
    this.keys.set(key.token, key);
    return { status: 200, body: { ...key, key: value, token: key.token } };
  }

  /** The key a caller presents, if this store minted it and it is not revoked. */
  lookup(value: string): LocalKey | undefined {
    return this.keys.get(hash(value));
  }

  handle(method: string, route: string, query: URLSearchParams, body: Record<string, unknown>): { status: number; body: unknown } {
    switch (`${method} ${route}`) {
      case "POST /key/generate":
        return this.generate(body);
      case "GET /key/list": {
        const size = Number(query.get("size") ?? 10);
        const page = Number(query.get("page") ?? 1);
        const all = [...this.keys.values()];
        const full = query.get("return_full_object") === "true";
        const slice = all.slice((page - 1) * size, page * size);
        return { status: 200, body: { keys: full ? slice : slice.map((k) => k.token), total_count: all.length, current_page: page, total_pages: Math.max(1, Math.ceil(all.length / size)) } };
      }
      case "POST /key/delete": {
        const deleted: string[] = [];
        for (const alias of (body.key_aliases as string[] | undefined) ?? []) {
          const hit = [...this.keys.values()].find((k) => k.key_alias === alias);
          if (hit) this.keys.delete(hit.token), deleted.push(alias);
        }
        for (const value of (body.keys as string[] | undefined) ?? []) {
          const t = value.startsWith("sk-") ? hash(value) : value;
          if (this.keys.delete(t)) deleted.push(value);
        }
        if (deleted.length === 0) return { status: 404, body: { error: { message: "Failed to delete all keys. Keys not found.", type: "not_found_error", param: "keys", code: "404" } } };
        return { status: 200, body: { deleted_keys: deleted } };
      }
      case "POST /key/update": {
        const v = String(body.key ?? "");
        const k = this.keys.get(v.startsWith("sk-") ? hash(v) : v);
        if (!k) return { status: 404, body: { detail: { error: `Key not found, passed key=${v.slice(0, 6)}...` } } };
        for (const f of ["key_alias", "team_id", "rpm_limit", "tpm_limit", "max_budget", "soft_budget", "budget_duration", "metadata", "models"] as const) {
          if (f in body) (k as unknown as Record<string, unknown>)[f] = body[f];
        }
        return { status: 200, body: { ...k, key: v } };
      }
      case "GET /team/list":
        return { status: 200, body: [...this.teams.values()] };
      case "POST /team/new": {
        const id = String(body.team_id ?? "");
        if (this.teams.has(id)) return { status: 400, body: { error: { message: `Team id = ${id} already exists. Please use a different team id.`, type: "bad_request_error", param: "team_id", code: "400" } } };
        this.teams.set(id, { ...body, team_id: id });
        return { status: 200, body: this.teams.get(id) };
      }
      case "POST /team/update": {
        const id = String(body.team_id ?? "");
        if (!this.teams.has(id)) return { status: 404, body: { detail: { error: `Team not found, passed team_id=${id}` } } };
        this.teams.set(id, { ...this.teams.get(id), ...body });
        return { status: 200, body: { team_id: id, data: this.teams.get(id) } };
      }
      case "GET /tag/list":
        return { status: 200, body: [...this.tags.values()] };
      case "POST /tag/new": {
        const name = String(body.name ?? "");
        if (this.tags.has(name)) return { status: 400, body: { detail: `Tag ${name} already exists` } };
        this.tags.set(name, { ...body });
        return { status: 200, body: this.tags.get(name) };
      }
      case "POST /tag/update":
        this.tags.set(String(body.name), { ...this.tags.get(String(body.name)), ...body });
        return { status: 200, body: this.tags.get(String(body.name)) };
      default:
        return { status: 404, body: { detail: "Not Found" } };
    }
  }
}

const admin = new Set(adminRoutes.map((r) => `${r.method} ${r.path}`));

function presentedKey(h: http.IncomingHttpHeaders): string | undefined {
  // LiteLLM reads x-litellm-api-key before Authorization (the AWS admin path carries SigV4 in Authorization).
  const raw = (h["x-litellm-api-key"] as string | undefined) ?? (h.authorization as string | undefined);
  if (raw === undefined) return undefined;
  return raw.startsWith("Bearer ") ? raw.slice(7) : raw;
}

export interface KeyGate {
  readonly url: string;
  readonly store: LocalKeyStore;
  close(): Promise<void>;
}

/** Starts the stand-in on a free loopback port, in front of LiteLLM at `gatewayUrl`. */
export async function startKeyGate(gatewayUrl: string, masterKey: string): Promise<KeyGate> {
  const store = new LocalKeyStore();
  const target = new URL(gatewayUrl);
  const note = { "x-ai-infra-local-keys": emulationNote };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? "/", "http://x");
      const send = (status: number, b: unknown) => res.writeHead(status, { "content-type": "application/json", ...note }).end(JSON.stringify(b));
      const key = presentedKey(req.headers);
      const route = `${req.method} ${url.pathname}`;
      if (admin.has(route)) {
        if (key !== masterKey) return send(401, { error: { message: "Authentication Error, invalid proxy admin key (local: only the master key manages keys)", type: "auth_error", param: "None", code: "401" } });
        let parsed: Record<string, unknown> = {};
        try {
          parsed = body.length ? (JSON.parse(body.toString("utf8")) as Record<string, unknown>) : {};
        } catch {
          return send(400, { error: { message: "invalid JSON body", type: "bad_request_error", param: "None", code: "400" } });
        }
        const a = store.handle(req.method ?? "GET", url.pathname, url.searchParams, parsed);
        return send(a.status, a.body);
      }
      const headers: http.OutgoingHttpHeaders = { ...req.headers, host: target.host, "content-length": body.length };
      delete headers.connection;
      delete headers["transfer-encoding"];
      if (key !== undefined && key !== masterKey) {
        if (!store.lookup(key)) return send(401, keyNotFound);
        // The minted key stands for the master key from here on: LiteLLM has no table to find it in.
        delete headers["x-litellm-api-key"];
        headers.authorization = `Bearer ${masterKey}`;
      }
      const out = http.request(new URL(url.pathname + url.search, target), { method: req.method, headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, { ...up.headers, ...note });
        up.pipe(res);
      });
      out.on("error", () => (res.headersSent ? res.end() : send(502, { error: { message: "LiteLLM unreachable" } })));
      out.end(body);
      return undefined;
    });
  });
  const listening = await listenOnLoopback(server);
  const port = listening.port;
  return {
    url: `http://127.0.0.1:${port}`,
    store,
    close: listening.close,
  };
}

/**
 * Where `npm run keys -- <stack> --local` finds a running local run: a file per stack under the
 * user's temp directory, readable by the user only, removed when the run stops. It holds the local
 * run's master key, a value generated for this run only.
 */
export function localRunFile(stack: string): string {
  return path.join(os.tmpdir(), `ai-infra-runs-${os.userInfo().uid}`, `${stack}.json`);
}

export interface LocalRunInfo {
  stack: string;
  pid: number;
  adminUrl: string;
  masterKey: string;
}

export function writeLocalRunFile(info: LocalRunInfo): () => void {
  const file = localRunFile(info.stack);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, JSON.stringify(info), { mode: 0o600 });
  chmodSync(file, 0o600);
  return () => {
    try {
      const now = JSON.parse(readFileSync(file, "utf8")) as LocalRunInfo;
      if (now.pid === info.pid && now.adminUrl === info.adminUrl) rmSync(file, { force: true });
    } catch {
      /* already gone */
    }
  };
}

export function readLocalRunFile(stack: string): LocalRunInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(localRunFile(stack), "utf8")) as LocalRunInfo;
    // A run that died without cleaning up leaves its file behind: its process is gone.
    process.kill(info.pid, 0);
    return info;
  } catch {
    return undefined;
  }
}
