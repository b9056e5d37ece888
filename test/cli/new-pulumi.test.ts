/**
 * `npm run new`'s printed hints, run as printed with the real Pulumi CLI (`.tools/pulumi`, a local
 * file backend and the passphrase provider): `pulumi stack init` takes the written file, every
 * `pulumi config set` replaces its placeholder (the secret becomes real ciphertext that decrypts),
 * and the file that results plans with exit 0. No cloud is called.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadStackFile, repoRoot } from "../../planner/stack-file";
import { pulumiRoot, requireEngine } from "../engine/harness";
import { expectPlans, hintedRequests, runNew, userValue } from "../helpers/new-stack";

const hintLine = /^ {2}pulumi (?:stack init (\S+)|config set (--secret )?(--path )?'([^']+)' <.+> --stack (\S+))$/;

describe("the printed hints, run with the Pulumi CLI, give a plannable file", () => {
  beforeAll(() => requireEngine());

  for (const args of hintedRequests.map((r) => [r.stage, r.cloud, ...r.regions])) {
    it(args.join(" "), async () => {
      const dir = mkdtempSync(path.join(tmpdir(), "ai-infra-new-pulumi-"));
      copyFileSync(path.join(repoRoot, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
      mkdirSync(path.join(dir, "stacks"));
      const stack = `${args[0]}-${args[1]}-${args[2]}`;
      const file = path.join(dir, "stacks", `Pulumi.${stack}.yaml`);
      const created = runNew([...args, "--out", file]);
      expect(created.stderr).toBe("");
      expect(created.status).toBe(0);

      const env = {
        ...process.env,
        PATH: `${path.join(pulumiRoot, "bin")}${path.delimiter}${process.env.PATH ?? ""}`,
        PULUMI_BACKEND_URL: `file://${path.join(dir, "state")}`,
        PULUMI_HOME: path.join(dir, "home"),
        PULUMI_CONFIG_PASSPHRASE: "new-stack-test",
        PULUMI_SKIP_UPDATE_CHECK: "true",
      };
      mkdirSync(path.join(dir, "state"));
      const pulumi = (a: string[]) => {
        const r = spawnSync("pulumi", a, { cwd: dir, env, encoding: "utf8" });
        if (r.status !== 0) throw new Error(`pulumi ${a.join(" ")} failed: ${r.stderr}`);
        return r.stdout;
      };
      const hints = created.stdout.split("\n").filter((l) => l.startsWith("  pulumi "));
      const keys: string[] = [];
      for (const line of hints) {
        const m = hintLine.exec(line);
        if (!m) throw new Error(`a hint the user could not run as printed: ${line}`);
        if (m[1]) {
          expect(m[1]).toBe(stack);
          pulumi(["stack", "init", m[1]]);
          continue;
        }
        const [, , secret, withPath, key, onStack] = m as unknown as [string, string, string | undefined, string | undefined, string, string];
        expect(onStack).toBe(stack);
        const value = userValue(key);
        keys.push(key);
        pulumi(["config", "set", ...(secret ? ["--secret"] : []), ...(withPath ? ["--path"] : []), key, value, "--stack", stack]);
      }
      expect(hints[0]).toBe(`  pulumi stack init ${stack}`);
      expect(keys.length).toBe(hints.length - 1);

      // Every value the user set reads back as set; the secret decrypts to what was typed.
      for (const key of keys) expect(pulumi(["config", "get", ...(key.includes(".") || key.includes("[") ? ["--path"] : []), key, "--stack", stack]).trim()).toBe(userValue(key));
      const text = readFileSync(file, "utf8");
      expect(text).not.toContain("REPLACE-with-pulumi-config-set-secret");
      expect(text).not.toContain("203.0.113.0/24");
      expect(text).not.toContain("example.com");
      expect(text).not.toContain("cc-0000");
      expect((parse(text) as { encryptionsalt?: string }).encryptionsalt).toMatch(/^v1:/);

      const loaded = loadStackFile(file, stack);
      if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
      await expectPlans(loaded.file);
    });
  }
});
