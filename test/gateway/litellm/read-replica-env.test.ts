/**
 * Which variable gives the pinned LiteLLM a read replica, read from the installed release itself
 * (`read_replica_env.py`, no server: the proxy cannot start with a database here, see
 * test/keys/postgres.test.ts). The image runs the `litellm` command (`run_server`; the kit passes
 * it only arguments, e.g. `--port` on AWS): it assembles the writer's URL from `DATABASE_*` and
 * takes a replica only as the whole `DATABASE_URL_READ_REPLICA`, which its Prisma client routes
 * reads to. `DATABASE_HOST_READ_REPLICA` would be silently ignored, so the kit renders the URL
 * (`databaseEnv.readReplicaUrl`) and this test fails if the release stops reading it.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { databaseEnv } from "../../../components/gateway/env";
import { readReplicaUrl } from "../../../components/gcp/database";
import { repoRoot } from "./harness/processes";

const python = path.join(repoRoot, ".tools/venv-litellm/bin/python");

describe("the pinned LiteLLM's read-replica variable", () => {
  it("is DATABASE_URL_READ_REPLICA, a whole URL; DATABASE_HOST_READ_REPLICA is not read by the litellm command; the kit renders the URL LiteLLM parses", () => {
    const url = readReplicaUrl("10.41.128.9", "Abc123xyz");
    const probe = JSON.parse(
      execFileSync(python, [path.join(__dirname, "read_replica_env.py"), url], { env: { ...process.env, LITELLM_LOCAL_MODEL_COST_MAP: "True" }, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }),
    );
    expect(probe).toEqual({
      cliAssemblesWriterFromParts: true,
      cliCallsApplyToEnv: false,
      cliCallsBuildReaderUrl: false,
      cliReadsHostReadReplica: false,
      cliReadsUrlReadReplica: true,
      prismaRoutesOnUrlReadReplica: true,
      prismaReadsHostReadReplica: false,
      // The writer from the parts; the replica host beside them changes nothing.
      writer: "postgresql://litellm:pw@10.40.128.3/litellm",
      readerAfterWriter: null,
      kitUrl: { scheme: "postgresql", host: "10.41.128.9", port: 5432, user: "litellm", database: "/litellm", query: { sslmode: ["require"] } },
    });
    expect(databaseEnv.readReplicaUrl).toBe("DATABASE_URL_READ_REPLICA");
    expect(Object.values(databaseEnv)).not.toContain("DATABASE_HOST_READ_REPLICA");
  }, 120_000);
});
