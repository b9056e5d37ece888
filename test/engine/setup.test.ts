import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "./harness";

/**
 * scripts/setup/50-pulumi.sh when the build cannot succeed: it fails at once with one clear line,
 * and leaves nothing a later run would take for a finished build. The build is made impossible by
 * an empty module cache with the module proxy switched off, into a temporary destination.
 */

const tmp = mkdtempSync(path.join(tmpdir(), "ai-infra-setup-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The failure log the script names (it keeps it for the user); removed once read. */
function dropLog(stderr: string): void {
  const log = /\(log: (\/tmp\/[^)]+)\)/.exec(stderr)?.[1];
  if (log) rmSync(log, { force: true });
}

function setup(dest: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    ...process.env,
    PULUMI_TOOLS_DIR: dest,
    GOPROXY: "off",
    GOMODCACHE: path.join(tmp, "empty-modcache"),
    GOFLAGS: "-mod=mod",
  };
  return new Promise((resolve) => {
    execFile("bash", ["scripts/setup/50-pulumi.sh"], { cwd: repoRoot, env, timeout: 120_000 }, (err, stdout, stderr) => {
      dropLog(stderr);
      resolve({ code: err ? ((err as { code?: number }).code ?? -1) : 0, stdout, stderr });
    });
  });
}

describe("50-pulumi.sh when the CLI cannot be built", () => {
  it("exits 1 with one line naming the version and the log, and leaves no binary and no stamp", async () => {
    const dest = path.join(tmp, "fresh");
    const { code, stderr } = await setup(dest);
    expect(code).toBe(1);
    const lines = stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^50-pulumi: building the Pulumi CLI v3\.248\.0 failed: .*GOPROXY=off.* \(log: \/tmp\/pulumi-cli-build\.\w+\.log\)$/);
    expect(readdirSync(path.join(dest, "bin"))).toEqual([]);
    expect(existsSync(path.join(dest, "stamp"))).toBe(false);
  }, 150_000);

  it("does not trust a binary of another version left in place, even beside a matching stamp: it rebuilds (and here fails)", async () => {
    const dest = path.join(tmp, "stale");
    mkdirSync(path.join(dest, "bin"), { recursive: true });
    writeFileSync(path.join(dest, "bin", "pulumi"), "#!/bin/sh\necho v3.100.0\n");
    chmodSync(path.join(dest, "bin", "pulumi"), 0o755);
    // The stamp a finished build of this checkout writes (the script's own recipe: its text, then the provider's sources).
    const src = path.join(repoRoot, "tools", "passthrough-provider");
    const hash = createHash("sha256");
    hash.update(readFileSync(path.join(repoRoot, "scripts", "setup", "50-pulumi.sh")));
    for (const f of ["go.mod", "go.sum", ...readdirSync(src).filter((x) => x.endsWith(".go")).sort()]) hash.update(readFileSync(path.join(src, f)));
    writeFileSync(path.join(dest, "stamp"), `pulumi v3.248.0 provider ${hash.digest("hex").slice(0, 16)}\n`);
    const first = await setup(dest);
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/building the Pulumi CLI v3\.248\.0 failed/);
    expect(existsSync(path.join(dest, "stamp"))).toBe(false);
  }, 150_000);
});
