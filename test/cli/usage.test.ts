// Every command's usage line (what `--help` prints and every argument error ends with) names every
// flag the command accepts: one case per command module under cli/, found by listing the folder,
// so a new command or a new flag without its usage text fails here.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { CommandSpec } from "../../cli/lib/args";

const cliDir = path.resolve(__dirname, "..", "..", "cli");
const commands = fs
  .readdirSync(cliDir)
  .filter((f) => f.endsWith(".ts"))
  .map((f) => f.replace(/\.ts$/, ""))
  .sort();

/** The flags a usage line names: `--name` followed by a space, `=`, `]`, `|` or the end. */
const named = (usage: string) => new Set([...usage.matchAll(/--([a-z][a-z0-9-]*)(?=[\s=\]|.]|$)/g)].map((m) => m[1]));

describe("usage lines", () => {
  it("covers every command under cli/", () => {
    expect(commands).toEqual(["advise", "distill", "docs", "keys", "local", "new", "plan", "pr-diff", "promote", "report", "smoke"]);
  });

  it.each(commands)("cli/%s.ts: its usage line names every flag it declares", async (name) => {
    const mod = (await import(path.join(cliDir, `${name}.ts`))) as { cli?: CommandSpec };
    expect(mod.cli, `cli/${name}.ts exports its CommandSpec as \`cli\``).toBeDefined();
    const spec = mod.cli!;
    expect(spec.usage.startsWith(`usage: npm run ${name}`)).toBe(true);
    const declared = [...spec.booleans, ...spec.values];
    expect(declared.filter((flag) => !named(spec.usage).has(flag))).toEqual([]);
  });
});
