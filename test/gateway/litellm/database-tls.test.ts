/**
 * The database URL the pinned LiteLLM (.tools/venv-litellm) assembles from the `DATABASE_*`
 * variables the AWS and GCP adapters set on the gateway: with `DATABASE_SSLMODE` it asks Postgres for TLS
 * (`sslmode=require`), which the keys database insists on (AWS `rds.force_ssl=1`, GCP `ENCRYPTED_ONLY`). Run by LiteLLM's own
 * code (`DatabaseURLSettings`, what its CLI calls before Prisma starts), not re-implemented here.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { databaseSslMode } from "../../../components/aws/database";
import { databaseEnv } from "../../../components/gateway/env";
import { type KeysDatabase, gatewayDatabaseEnv } from "../../../components/gcp/database";
import { repoRoot, requireTool } from "./harness/processes";

const python = requireTool(path.join(repoRoot, ".tools/venv-litellm/bin/python"), "LiteLLM venv (.tools/venv-litellm)");

function assembledUrl(env: Record<string, string>): string {
  const script = "from litellm.proxy.db.db_url_settings import DatabaseURLSettings\nprint(DatabaseURLSettings.from_env().build_writer_url())";
  const r = spawnSync(python, ["-c", script], { encoding: "utf8", env: { PATH: process.env.PATH ?? "", ...env } });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim();
}

describe("LiteLLM's database URL from the AWS gateway's environment", () => {
  const env = {
    [databaseEnv.host]: "keys.cluster-abc.eu-west-1.rds.amazonaws.com",
    [databaseEnv.port]: "5432",
    [databaseEnv.name]: "litellm",
    [databaseEnv.user]: "litellm",
    [databaseEnv.password]: "p4ss",
  };

  it("asks for TLS with the adapter's DATABASE_SSLMODE", () => {
    expect(assembledUrl({ ...env, [databaseEnv.sslMode]: databaseSslMode })).toBe("postgresql://litellm:p4ss@keys.cluster-abc.eu-west-1.rds.amazonaws.com:5432/litellm?sslmode=require");
  });

  it("asks for nothing without it (libpq's default `prefer` would fall back to plaintext)", () => {
    expect(assembledUrl(env)).toBe("postgresql://litellm:p4ss@keys.cluster-abc.eu-west-1.rds.amazonaws.com:5432/litellm");
  });
});

describe("LiteLLM's database URL from the GCP gateway's environment", () => {
  it("asks for TLS: the Cloud SQL instances take only encrypted connections (ENCRYPTED_ONLY)", () => {
    const db = { primaryHost: "10.40.128.3", passwordSecret: {}, passwordVersion: {} } as unknown as KeysDatabase;
    const plain = gatewayDatabaseEnv(db).plain as Record<string, string>;
    expect(assembledUrl({ ...plain, [databaseEnv.password]: "p4ss" })).toBe("postgresql://litellm:p4ss@10.40.128.3:5432/litellm?sslmode=require");
  });
});
