// `npm run docs` (cli/docs.ts) takes the commands' shared argument preamble: `--help` prints the
// usage and writes no page; an unknown option is an error naming it, with the usage; no arguments
// writes both pages.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type DocTargets, main, referenceFile } from "../../cli/docs";
import { residencyDocFile } from "../../cli/lib/residency-doc";

const usage = "usage: npm run docs -- [--check]";

function run(argv: string[], targets: DocTargets) {
  const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  const code = main(argv, targets);
  const text = (s: typeof out) => s.mock.calls.map((c) => String(c[0])).join("");
  const result = { code, out: text(out), err: text(err) };
  out.mockRestore();
  err.mockRestore();
  return result;
}

function tempTargets(): { dir: string; targets: DocTargets } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "docs-cli-"));
  return { dir, targets: { reference: path.join(dir, "configuration.md"), residency: path.join(dir, "residency.md") } };
}

const realPages = () => [referenceFile, residencyDocFile].map((f) => ({ f, mtimeMs: fs.statSync(f).mtimeMs, text: fs.readFileSync(f, "utf8") }));

afterEach(() => vi.restoreAllMocks());

describe("npm run docs arguments", () => {
  it("with no arguments writes both pages (so the temp targets below would catch a write)", () => {
    const { dir, targets } = tempTargets();
    const r = run([], targets);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    expect(fs.readdirSync(dir).sort()).toEqual(["configuration.md", "residency.md"]);
    expect(fs.readFileSync(targets.reference, "utf8")).toBe(fs.readFileSync(referenceFile, "utf8"));
    expect(fs.readFileSync(targets.residency, "utf8")).toBe(fs.readFileSync(residencyDocFile, "utf8"));
  });

  it("--help prints the usage, ends with 0 and writes nothing", () => {
    const { dir, targets } = tempTargets();
    const before = realPages();
    expect(run(["--help"], targets)).toEqual({ code: 0, out: `${usage}\n`, err: "" });
    expect(fs.readdirSync(dir)).toEqual([]);
    // nor the default pages of the checkout
    expect(realPages()).toEqual(before);
  });

  it("an unknown option is an error naming it, with the usage, and writes nothing", () => {
    const { dir, targets } = tempTargets();
    expect(run(["--bogus"], targets)).toEqual({ code: 1, out: "", err: `unknown option --bogus; ${usage}\n` });
    expect(run(["--check", "--help", "--chek"], targets)).toEqual({ code: 1, out: "", err: `unknown option --chek; ${usage}\n` });
    expect(run(["--check=yes"], targets)).toEqual({ code: 1, out: "", err: `unknown option --check=yes; ${usage}\n` });
    expect(run(["docs/configuration.md"], targets)).toEqual({ code: 1, out: "", err: `no positional arguments, got docs/configuration.md; ${usage}\n` });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("--check compares without writing: stale (missing) pages exit 1, current ones 0", () => {
    const { dir, targets } = tempTargets();
    const stale = run(["--check"], targets);
    expect(stale.code).toBe(1);
    expect(stale.err.split("\n").filter(Boolean)).toHaveLength(2);
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(run(["--check"], { reference: referenceFile, residency: residencyDocFile })).toEqual({ code: 0, out: "", err: "" });
  });
});
