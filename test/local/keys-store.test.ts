/**
 * The local run's emulated keys database (cli/lib/local/keys.ts), without processes: keys kept as
 * LiteLLM keeps them (the SHA-256 of the value, never the value), answers in the pinned LiteLLM's
 * shapes for the routes the keys command calls.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { LocalKeyStore } from "../../cli/lib/local/keys";

const q = (o: Record<string, string> = {}) => new URLSearchParams(o);

describe("LocalKeyStore", () => {
  it("generate keeps only the SHA-256 of the value; lookup finds the value, delete by alias forgets it", () => {
    const store = new LocalKeyStore();
    const made = store.generate({ key_alias: "web", rpm_limit: 60, metadata: { "managed-by": "ai-infra" } });
    expect(made.status).toBe(200);
    const value = (made.body as { key: string }).key;
    expect(value).toMatch(/^sk-[A-Za-z0-9_-]{22}$/);
    const sha = createHash("sha256").update(value).digest("hex");
    expect([...store.keys.keys()]).toEqual([sha]);
    expect(JSON.stringify([...store.keys.values()])).not.toContain(value);
    expect(store.lookup(value)?.key_alias).toBe("web");
    expect(store.lookup("sk-other")).toBeUndefined();
    expect(store.handle("POST", "/key/delete", q(), { key_aliases: ["web"] })).toEqual({ status: 200, body: { deleted_keys: ["web"] } });
    expect(store.lookup(value)).toBeUndefined();
  });

  it("refuses a duplicate alias and an unknown team as LiteLLM does (400), and lists in pages", () => {
    const store = new LocalKeyStore();
    store.generate({ key_alias: "a" });
    expect(store.generate({ key_alias: "a" })).toEqual({
      status: 400,
      body: { error: { message: "Key with alias 'a' already exists. Unique key aliases across all keys are required.", type: "bad_request_error", param: "key_alias", code: "400" } },
    });
    expect(store.generate({ key_alias: "b", team_id: "search" }).status).toBe(400);
    store.handle("POST", "/team/new", q(), { team_id: "search" });
    expect(store.generate({ key_alias: "b", team_id: "search" }).status).toBe(200);
    const page1 = store.handle("GET", "/key/list", q({ return_full_object: "true", size: "1", page: "1" }), {}).body as { keys: { key_alias: string }[]; total_count: number; total_pages: number };
    expect([page1.keys.map((k) => k.key_alias), page1.total_count, page1.total_pages]).toEqual([["a"], 2, 2]);
    expect(store.handle("GET", "/key/list", q({ size: "10" }), {}).body).toMatchObject({ keys: [...store.keys.keys()] });
    expect(store.handle("POST", "/key/delete", q(), { key_aliases: ["nope"] }).status).toBe(404);
  });
});
