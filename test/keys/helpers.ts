import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse, stringify } from "yaml";
import { repoRoot } from "../gateway/litellm/harness/processes";

export const litellmPython = path.join(repoRoot, ".tools/venv-litellm/bin/python");

/** A copy of an example stack with `edit` applied to its config, written as `Pulumi.<name>.yaml`. */
export function stackFile(dir: string, example: string, name: string, edit: (config: Record<string, any>) => void): string {
  const doc = parse(readFileSync(path.join(repoRoot, "stacks", `Pulumi.${example}.yaml`), "utf8"));
  edit(doc.config);
  const file = path.join(dir, `Pulumi.${name}.yaml`);
  writeFileSync(file, stringify(doc));
  return file;
}

/**
 * Stand-ins for the operator's `aws` and `gcloud` CLIs: they print the master key and append
 * their arguments to `calls.log`, so the test sees how the command asked for the secret.
 */
export function fakeClis(masterKey: string): { dir: string; calls: () => string[] } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "keys-cli-"));
  const log = path.join(dir, "calls.log");
  for (const cli of ["aws", "gcloud"]) {
    const file = path.join(dir, cli);
    writeFileSync(file, `#!/bin/sh\necho "${cli} $*" >> "${log}"\necho "${masterKey}"\n`);
    chmodSync(file, 0o755);
  }
  writeFileSync(log, "");
  return { dir, calls: () => readFileSync(log, "utf8").split("\n").filter(Boolean) };
}

/** Problems LiteLLM's own request models find in these bodies (validate_bodies.py); [] when all pass. */
export function litellmProblems(items: { route: string; body: unknown }[]): { route: string; problem: string }[] {
  const out = execFileSync(litellmPython, [path.join(__dirname, "validate_bodies.py")], {
    input: JSON.stringify(items),
    env: { ...process.env, LITELLM_LOCAL_MODEL_COST_MAP: "True" },
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out);
}
