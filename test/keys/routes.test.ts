/**
 * The admin routes the front doors forward (`adminRoutes`) against the pinned LiteLLM's own route
 * table, and against what the keys command really calls.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { main } from "../../cli/keys";
import { adminRoutes } from "../../components/gateway/routes";
import { startFakeAdmin } from "./fake-admin";
import { fakeClis, litellmPython, stackFile } from "./helpers";

const key = (r: { path: string; method: string }) => `${r.method} ${r.path}`;

describe("adminRoutes", () => {
  it("each is a route of the pinned LiteLLM with that method", () => {
    const table: { path: string; methods: string[] }[] = JSON.parse(
      execFileSync(litellmPython, [path.join(__dirname, "litellm_routes.py")], { env: { ...process.env, LITELLM_LOCAL_MODEL_COST_MAP: "True" }, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }),
    );
    const litellm = new Set(table.flatMap((r) => r.methods.map((m) => `${m} ${r.path}`)));
    expect(litellm.has("POST /key/regenerate"), "the route table was read").toBe(true);
    expect(adminRoutes.map(key).filter((r) => !litellm.has(r))).toEqual([]);
  }, 120_000);

  const oldPath = process.env.PATH;
  afterAll(() => {
    process.env.PATH = oldPath;
  });

  it("are exactly the routes the keys command calls (create, list, rotate, revoke, sync)", async () => {
    const MASTER = "sk-master-routes-0123456789";
    const clis = fakeClis(MASTER);
    process.env.PATH = `${clis.dir}:${oldPath}`;
    const dir = mkdtempSync(path.join(os.tmpdir(), "keys-routes-"));
    // Feature budgets (budget.features) come with the growth stage.
    const stack = stackFile(dir, "growth-gcp-us-central1", "routes-gcp", (c) => {
      c["ai-infra:budget"] = { ...c["ai-infra:budget"], features: { summaries: 40 } };
      c["ai-infra:access"] = { teams: { search: { budgetUsd: 100, budgetPeriod: "30d" } } };
    });
    const admin = await startFakeAdmin({ masterKey: MASTER, auth: "bearer" });
    const outputs = path.join(dir, "outputs.json");
    writeFileSync(outputs, JSON.stringify({ regionDetails: { "us-central1": { adminUrl: admin.url, masterKeySecret: "gw-master" } } }));
    const quiet = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      const run = (...a: string[]) => main([stack, ...a, "--outputs", outputs], { out: () => undefined });
      expect(await run("sync")).toBe(0);
      expect(await run("sync")).toBe(0);
      expect(await run("create", "--name", "extra", "--team", "search")).toBe(0);
      expect(await run("list")).toBe(0);
      expect(await run("rotate", "--name", "extra")).toBe(0);
      expect(await run("revoke", "--name", "extra")).toBe(0);
    } finally {
      quiet.mockRestore();
      await admin.close();
    }
    const called = [...new Set(admin.requests.map(key))].sort();
    expect(called).toEqual(adminRoutes.map(key).sort());
  }, 120_000);
});
