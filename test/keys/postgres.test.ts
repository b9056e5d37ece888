/**
 * The keys database's schema on a real PostgreSQL. LiteLLM installs its schema with Prisma
 * (`prisma migrate deploy` of the migrations shipped in `litellm_proxy_extras`), and Prisma's
 * engines are downloaded at first start from binaries.prisma.sh, which no machine here reaches: so
 * the proxy itself cannot run with a database here. What this test proves instead, with the real
 * server and the pinned LiteLLM's own migration files: every migration applies, in order, as the
 * non-superuser role that owns the database (as the cloud adapters create it: role and database
 * `litellm`), on the PostgreSQL major Debian ships (15, the major Cloud SQL runs for the kit); and
 * every table and column LiteLLM's Prisma schema declares for keys, teams, budgets, tags and their
 * spend exists afterwards. Statements run one by one in autocommit, as several migrations hold
 * `CREATE INDEX CONCURRENTLY`, which cannot run inside a transaction.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../gateway/litellm/harness/processes";
import { type TestPostgres, startPostgres } from "./postgres";

const extras = path.join(repoRoot, ".tools/venv-litellm/lib/python3.11/site-packages/litellm_proxy_extras");
const migrationsDir = path.join(extras, "migrations");
const migrations = readdirSync(migrationsDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

/** The tables the keys command and LiteLLM's budget checks and spend tracking use. */
const used = ["LiteLLM_VerificationToken", "LiteLLM_TeamTable", "LiteLLM_BudgetTable", "LiteLLM_TagTable", "LiteLLM_DailyTagSpend", "LiteLLM_DailyTeamSpend", "LiteLLM_DailyUserSpend"];

const scalar = new Set(["String", "Int", "BigInt", "Float", "Decimal", "Boolean", "DateTime", "Json", "Bytes"]);

/** Table → columns of the Prisma models above, read from the pinned schema.prisma. */
function prismaColumns(): Map<string, string[]> {
  const text = readFileSync(path.join(extras, "schema.prisma"), "utf8");
  const out = new Map<string, string[]>();
  for (const m of text.matchAll(/^model (\w+) \{\n([\s\S]*?)^\}/gm)) {
    const [, model, body] = m as unknown as [string, string, string];
    if (!used.includes(model)) continue;
    const table = /@@map\("([^"]+)"\)/.exec(body)?.[1] ?? model;
    const cols: string[] = [];
    for (const line of body.split("\n")) {
      const f = /^\s+(\w+)\s+(\w+)(\[\])?\??(.*)$/.exec(line);
      if (!f || !scalar.has(f[2]!) || /@ignore\b/.test(f[4]!)) continue;
      cols.push(/@map\("([^"]+)"\)/.exec(f[4]!)?.[1] ?? f[1]!);
    }
    out.set(table, cols);
  }
  return out;
}

let pg: TestPostgres;
let applied = 0;
let applyMs = 0;

beforeAll(async () => {
  pg = await startPostgres();
  pg.psql({ user: "postgres", db: "postgres", sql: "CREATE ROLE litellm LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE" });
  pg.psql({ user: "postgres", db: "postgres", sql: "CREATE DATABASE litellm OWNER litellm" });
  const t0 = performance.now();
  for (const m of migrations) {
    pg.psql({ user: "litellm", db: "litellm", file: path.join(migrationsDir, m, "migration.sql") });
    applied++;
  }
  applyMs = performance.now() - t0;
}, 600_000);

afterAll(() => pg?.stop());

describe("LiteLLM's shipped migrations on a real PostgreSQL, as the database's owner role", () => {
  it("every migration of the pinned release applies, in order, without a superuser", () => {
    expect(migrations.length).toBeGreaterThan(100);
    expect(applied).toBe(migrations.length);
    expect(pg.major).toBe(15);
    const superuser = pg.psql({ user: "litellm", db: "litellm", tuples: true, sql: "SELECT rolsuper FROM pg_roles WHERE rolname = current_user" }).trim();
    expect(superuser).toBe("f");
    console.log(`applied ${applied} migrations in ${(applyMs / 1000).toFixed(1)} s on PostgreSQL ${pg.major}`);
  });

  it("the tables of keys, teams, budgets, tags and daily spend exist with every column the Prisma schema declares", () => {
    const expected = prismaColumns();
    expect([...expected.keys()].sort()).toEqual([...used].sort());
    for (const [table, cols] of expected) {
      const actual = pg
        .psql({ user: "litellm", db: "litellm", tuples: true, sql: `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '${table}'` })
        .split("\n")
        .filter(Boolean);
      expect(actual.length, `${table} exists`).toBeGreaterThan(0);
      expect(cols.filter((c) => !actual.includes(c)), `${table}: columns missing`).toEqual([]);
    }
  });

  it("a tag budget relates as LiteLLM reads it (the budget row joined to the tag; a tag cannot point at a missing budget)", () => {
    const sql = (s: string) => pg.psql({ user: "litellm", db: "litellm", tuples: true, sql: s }).trim();
    sql(`INSERT INTO "LiteLLM_BudgetTable" (budget_id, max_budget, soft_budget, budget_duration, created_by, updated_by) VALUES ('b1', 40, 32, '1mo', 'kit', 'kit')`);
    sql(`INSERT INTO "LiteLLM_TagTable" (tag_name, budget_id, spend) VALUES ('summaries', 'b1', 0)`);
    expect(sql(`SELECT t.tag_name || ':' || b.max_budget || ':' || b.budget_duration FROM "LiteLLM_TagTable" t JOIN "LiteLLM_BudgetTable" b USING (budget_id)`)).toBe("summaries:40:1mo");
    // A tag pointing at a budget that does not exist is refused by the schema's foreign key.
    expect(() => sql(`INSERT INTO "LiteLLM_TagTable" (tag_name, budget_id) VALUES ('ghost', 'no-such-budget')`)).toThrow(/foreign key/);
  });
});
