import { spawn } from "node:child_process";
import * as path from "node:path";
import { repoRoot } from "../../planner/stack-file";

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

const tsx = path.join(repoRoot, "node_modules", ".bin", "tsx");

/** Run one of the CLIs (`plan`, `promote`) as a user would, in a child process. */
export function runCli(cli: "plan" | "promote", args: string[], opts: { cwd?: string } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, [path.join(repoRoot, "cli", `${cli}.ts`), ...args], { cwd: opts.cwd ?? repoRoot, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** What a stack trace looks like in Node's output. */
export const stackTraceLine = /^\s+at .+[(:]\d+/m;
