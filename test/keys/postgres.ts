/**
 * A private PostgreSQL cluster for one test file: Debian's server binaries (scripts/setup/45-postgres.sh),
 * `initdb` on a temporary directory, listening on a free loopback port only. PostgreSQL refuses to
 * run as root, so under root (CI here) the server runs as the package's `postgres` user.
 */
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../gateway/litellm/harness/processes";

export interface TestPostgres {
  port: number;
  major: number;
  /** Runs SQL (a string or a file) with psql; stops at the first error; returns stdout. */
  psql(args: { sql?: string; file?: string; user: string; db: string; tuples?: boolean }): string;
  stop(): void;
}

export function postgresBin(): { dir: string; major: number } {
  const root = "/usr/lib/postgresql";
  const majors = existsSync(root) ? readdirSync(root).map(Number).filter((n) => Number.isInteger(n) && existsSync(path.join(root, String(n), "bin/initdb"))) : [];
  if (majors.length === 0) throw new Error("PostgreSQL server binaries are missing (/usr/lib/postgresql/<major>/bin); run `npm test` (its scripts/setup/45-postgres.sh installs them)");
  const major = Math.max(...majors);
  return { dir: path.join(root, String(major), "bin"), major };
}

export async function startPostgres(): Promise<TestPostgres> {
  const { dir: bin, major } = postgresBin();
  const root = os.userInfo().uid === 0;
  const base = mkdtempSync(path.join(os.tmpdir(), "keys-pg-"));
  const data = path.join(base, "data");
  const asServer = (cmd: string, args: string[]) => {
    const [file, argv] = root ? ["runuser", ["-u", "postgres", "--", path.join(bin, cmd), ...args]] : [path.join(bin, cmd), args];
    return execFileSync(file, argv, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  };
  if (root) {
    const pg = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(base, pg, gid);
  }
  asServer("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"]);
  const log = path.join(base, "server.log");
  // A free port can be taken by another test's process between the probe and the server's bind:
  // then the server says so in its log, and a new port is tried (three times at most).
  let port = 0;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      asServer("pg_ctl", ["-D", data, "-l", log, "-w", "-t", "60", "-o", `-p ${port} -k ${base} -c listen_addresses=127.0.0.1 -c fsync=off`, "start"]);
      break;
    } catch (e) {
      const taken = existsSync(log) && readFileSync(log, "utf8").includes("Address already in use");
      if (!taken || attempt === 3) throw e;
    }
  }
  const psql = (a: { sql?: string; file?: string; user: string; db: string; tuples?: boolean }) =>
    execFileSync(
      path.join(bin, "psql"),
      ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(port), "-U", a.user, "-d", a.db, ...(a.tuples ? ["-At"] : []), ...(a.sql !== undefined ? ["-c", a.sql] : ["-f", a.file!])],
      { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 },
    );
  return {
    port,
    major,
    psql,
    stop() {
      try {
        asServer("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
      } finally {
        rmSync(base, { recursive: true, force: true });
      }
    },
  };
}
