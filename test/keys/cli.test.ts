/**
 * `npm run keys` against a stand-in of LiteLLM's admin API behind each cloud's front door
 * (fake-admin.ts), with the operator's aws/gcloud CLIs replaced by scripts that print the master
 * key. Every body the command sent is then validated by the pinned LiteLLM's own request models.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../../cli/keys";
import { type FakeAdmin, startFakeAdmin } from "./fake-admin";
import { fakeClis, litellmProblems, stackFile } from "./helpers";

const MASTER = "sk-master-test-0123456789";
const dir = mkdtempSync(path.join(os.tmpdir(), "keys-stacks-"));
const clis = fakeClis(MASTER);
const oldPath = process.env.PATH;

// Feature budgets (budget.features) come with the growth stage, so the GCP case is a growth stack.
const gcpStack = stackFile(dir, "growth-gcp-us-central1", "keys-gcp", (c) => {
  c["ai-infra:api"] = { ...c["ai-infra:api"], keys: ["web", "batch"] };
  c["ai-infra:budget"] = { ...c["ai-infra:budget"], features: { summaries: 40 } };
  c["ai-infra:access"] = {
    teams: { search: { budgetUsd: 100, budgetPeriod: "30d", rpm: 100, models: ["chat"] } },
    keys: { web: { team: "search", rpm: 50 } },
  };
});
const awsGrowth = stackFile(dir, "growth-aws-eu-west-1", "keys-aws", () => undefined);
const awsPrototype = stackFile(dir, "prototype-aws-us-east-1", "keys-aws-proto", () => undefined);

function outputsFor(region: string, url: string, secret: string): string {
  const file = path.join(dir, `outputs-${region}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify({ apiUrl: "https://api.example.com/v1", regionDetails: { [region]: { adminUrl: url, masterKeySecret: secret } } }));
  return file;
}

interface Run {
  code: number;
  out: string[];
  err: string;
}

async function keys(...argv: string[]): Promise<Run> {
  const out: string[] = [];
  let err = "";
  const spy = vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => {
    err += String(s);
    return true;
  });
  try {
    const code = await main(argv, { out: (l) => out.push(l) });
    return { code, out, err };
  } finally {
    spy.mockRestore();
  }
}

const sent = (a: FakeAdmin) => a.requests.filter((r) => r.method === "POST").map((r) => ({ route: r.path, body: r.body }));

beforeAll(() => {
  process.env.PATH = `${clis.dir}:${oldPath}`;
});
afterAll(() => {
  process.env.PATH = oldPath;
});

describe("keys command on GCP (bearer master key to the load balancer's admin path)", () => {
  let admin: FakeAdmin;
  let outputs: string;
  beforeEach(async () => {
    admin = await startFakeAdmin({ masterKey: MASTER, auth: "bearer" });
    outputs = outputsFor("us-central1", admin.url, "projects/ai-infra-example/secrets/gw-master");
  });
  afterEach(async () => admin.close());

  it("sync creates the declared team, the feature's tag budget and the keys of api.keys, printing each value once", async () => {
    const r = await keys(gcpStack, "sync", "--outputs", outputs);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    // The master key came from Secret Manager through gcloud, by the secret named in the outputs.
    expect(clis.calls().at(-1)).toBe("gcloud secrets versions access projects/ai-infra-example/secrets/gw-master/versions/latest");
    expect(admin.teams.get("search")).toMatchObject({ team_id: "search", max_budget: 100, budget_duration: "30d", soft_budget: 80, rpm_limit: 100, models: ["chat"] });
    expect(admin.tags.get("feature:summaries")).toMatchObject({ name: "feature:summaries", max_budget: 40, budget_duration: "1mo", soft_budget: 32 });
    const byAlias = Object.fromEntries([...admin.keys.entries()].map(([v, k]) => [k.key_alias, { value: v, ...k }]));
    // web: its entry's rpm and team; batch: the growth stage's key defaults (600 rpm, 50 USD a day, alert at 80%).
    expect(byAlias.web).toMatchObject({ team_id: "search", rpm_limit: 50, max_budget: 50, budget_duration: "1d", soft_budget: 40 });
    expect(byAlias.batch).toMatchObject({ rpm_limit: 600, max_budget: 50, budget_duration: "1d" });
    expect(byAlias.batch.team_id).toBeUndefined();
    for (const name of ["web", "batch"]) {
      expect(r.out.filter((l) => l.includes(byAlias[name].value))).toEqual([`${name}\t${byAlias[name].value}`]);
    }
    expect(litellmProblems(sent(admin))).toEqual([]);

    const again = await keys(gcpStack, "sync", "--outputs", outputs);
    expect(again.code).toBe(0);
    expect(again.out).toContain("team search: updated");
    expect(again.out).toContain("feature summaries: tag feature:summaries budget updated");
    expect(again.out).toContain("key web: exists (unchanged; rotate it for a new value)");
    for (const k of admin.keys.keys()) expect(again.out.join("\n")).not.toContain(k);
    expect(admin.keys.size).toBe(2);
    expect(litellmProblems(sent(admin))).toEqual([]);
  }, 60_000);

  it("create takes a team and limits from the command line; list shows limits and spend, never values", async () => {
    await keys(gcpStack, "sync", "--outputs", outputs);
    const r = await keys(gcpStack, "create", "--name", "reports", "--team", "search", "--rpm", "7", "--budget", "2.5", "--budget-period", "7d", "--outputs", outputs);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const created = [...admin.keys.values()].find((k) => k.key_alias === "reports");
    expect(created).toMatchObject({ team_id: "search", rpm_limit: 7, max_budget: 2.5, soft_budget: 2, budget_duration: "7d" });
    const list = await keys(gcpStack, "list", "--outputs", outputs);
    expect(list.code).toBe(0);
    expect(list.out).toContain(["reports", "search", "7", "-", "2.5", "7d", "0", "yes"].join("\t"));
    for (const v of admin.keys.keys()) expect(list.out.join("\n")).not.toContain(v);
    expect(litellmProblems(sent(admin))).toEqual([]);
  }, 60_000);

  it("rotate gives a new value under the same name with the same team, limits and spend; the old value is gone", async () => {
    await keys(gcpStack, "sync", "--outputs", outputs);
    const [oldValue, old] = [...admin.keys.entries()].find(([, k]) => k.key_alias === "web")!;
    old.spend = 1.25;
    const r = await keys(gcpStack, "rotate", "--name", "web", "--outputs", outputs);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(admin.keys.has(oldValue)).toBe(false);
    const [newValue, now] = [...admin.keys.entries()].find(([, k]) => k.key_alias === "web")!;
    expect(newValue).not.toBe(oldValue);
    expect(r.out[0]).toBe(`web\t${newValue}`);
    expect(now).toMatchObject({ team_id: "search", rpm_limit: 50, max_budget: 50, soft_budget: 40, budget_duration: "1d", spend: 1.25 });
    expect(admin.requests.filter((q) => q.method === "POST").slice(-3).map((q) => q.path)).toEqual(["/key/generate", "/key/delete", "/key/update"]);
    expect(litellmProblems(sent(admin))).toEqual([]);
  }, 60_000);

  it("rotate failing after the new key exists still prints its value, under the temporary name, and says what happened", async () => {
    await keys(gcpStack, "sync", "--outputs", outputs);
    admin.failing.add("POST /key/update");
    const r = await keys(gcpStack, "rotate", "--name", "web", "--outputs", outputs);
    expect(r.code).toBe(1);
    const [value, k] = [...admin.keys.entries()].find(([, k]) => k.key_alias === "web.rotating")!;
    expect(k.team_id).toBe("search");
    expect(r.out[0]).toBe(`web.rotating\t${value}`);
    expect(r.err).toContain("renaming 'web.rotating' to 'web' (/key/update; the old value is deleted, the new one works under 'web.rotating') failed: HTTP 500");
  }, 60_000);

  it("revoke deletes the key; revoking a name that does not exist is refused with the names that do", async () => {
    await keys(gcpStack, "sync", "--outputs", outputs);
    const r = await keys(gcpStack, "revoke", "--name", "batch", "--outputs", outputs);
    expect(r.code).toBe(0);
    expect([...admin.keys.values()].map((k) => k.key_alias)).toEqual(["web"]);
    const again = await keys(gcpStack, "revoke", "--name", "batch", "--outputs", outputs);
    expect(again.code).toBe(1);
    expect(again.err).toContain("--name 'batch': no key of that name in the gateway; keys: web");
  }, 60_000);

  it("bad input: unknown team, colliding name, bad budgets, a flag the command does not take — exit 1, nothing created", async () => {
    await keys(gcpStack, "sync", "--outputs", outputs);
    const before = admin.requests.filter((q) => q.method === "POST").length;
    const cases: [string[], string][] = [
      [["create", "--name", "x", "--team", "billing"], "--team 'billing' is not a team of ai-infra:access.teams; teams: search"],
      [["create", "--name", "web"], "--name 'web': a key of that name already exists in the gateway"],
      [["create", "--name", "x", "--budget", "-5"], '--budget must be a number (USD) greater than 0 (given: "-5")'],
      [["create", "--name", "x", "--budget", "ten"], '--budget must be a number (USD) greater than 0 (given: "ten")'],
      [["create", "--name", "x", "--rpm", "1.5"], '--rpm must be a whole number greater than 0 (given: "1.5")'],
      [["create", "--name", "x", "--budget-period", "1y"], '--budget-period must be one of 1d, 7d, 30d, 1mo (given: "1y")'],
      [["create", "--name", "Bad_Name"], "--name must be lower-case letters, digits and '-'"],
      [["list", "--team", "search"], "--team does not apply to list; list takes: --outputs"],
      [["drop"], "unknown command 'drop'; commands: create, list, rotate, revoke, sync"],
    ];
    for (const [args, message] of cases) {
      const r = await keys(gcpStack, ...args, "--outputs", outputs);
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.err, args.join(" ")).toContain(message);
    }
    expect(admin.requests.filter((q) => q.method === "POST").length).toBe(before);
  }, 60_000);
});

describe("keys command on AWS (SigV4-signed request to the REST API's admin path)", () => {
  let admin: FakeAdmin;
  const env = { AWS_ACCESS_KEY_ID: "AKIDEXAMPLEKEYSCLI", AWS_SECRET_ACCESS_KEY: "secret-example", AWS_SESSION_TOKEN: undefined as string | undefined };
  const saved: Record<string, string | undefined> = {};
  beforeEach(async () => {
    admin = await startFakeAdmin({ masterKey: MASTER, auth: "sigv4" });
    for (const [k, v] of Object.entries(env)) {
      saved[k] = process.env[k];
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
  afterEach(async () => {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
    await admin.close();
  });

  it("signs each request for execute-api in the primary region and carries the master key in x-litellm-api-key", async () => {
    const outputs = outputsFor("eu-west-1", admin.url, "arn:aws:secretsmanager:eu-west-1:123456789012:secret:gw-master-AbCdEf");
    const r = await keys(awsGrowth, "sync", "--outputs", outputs);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(clis.calls().at(-1)).toBe(
      "aws secretsmanager get-secret-value --secret-id arn:aws:secretsmanager:eu-west-1:123456789012:secret:gw-master-AbCdEf --region eu-west-1 --query SecretString --output text",
    );
    for (const q of admin.requests) {
      expect(q.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLEKEYSCLI\/\d{8}\/eu-west-1\/execute-api\/aws4_request, /);
      expect(q.headers["x-litellm-api-key"]).toBe(`Bearer ${MASTER}`);
    }
    expect([...admin.keys.values()].map((k) => k.key_alias)).toEqual(["web-app", "batch-jobs"]);
  }, 60_000);

  it("an AWS prototype (no keys database) is refused naming the stage that adds it, before any secret is read", async () => {
    const calls = clis.calls().length;
    const r = await keys(awsPrototype, "list", "--outputs", outputsFor("us-east-1", admin.url, "x"));
    expect(r.code).toBe(1);
    expect(r.err).toContain("has no keys database");
    expect(r.err).toContain("The keys database comes with stage growth on aws: npm run promote -- keys-aws-proto --to growth");
    expect(clis.calls().length).toBe(calls);
    expect(admin.requests).toEqual([]);
  });
});

describe("npm run keys as a process", () => {
  it("exits 1 with the message on stderr and nothing on stdout for a stack without the keys database", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "cli/keys.ts", "prototype-aws-us-east-1", "list"], { cwd: path.resolve(__dirname, "../.."), encoding: "utf8", timeout: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("stack prototype-aws-us-east-1 (prototype, aws) has no keys database");
  }, 60_000);
});
