// The commands' shared argument preamble (cli/lib/args.ts `commandArgs`): `--help`, unknown
// options and flags without a value read and exit the same way in every command.
import { afterEach, describe, expect, it, vi } from "vitest";
import { type CommandSpec, commandArgs, usageError, withUsage } from "../../cli/lib/args";

const spec: CommandSpec = { usage: "usage: npm run x -- <stack> [--json] [--to <stage>]", booleans: ["json"], values: ["to"] };

function capture(argv: string[], s: CommandSpec = spec) {
  const out: string[] = [];
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  const result = commandArgs(argv, s, { out: (l) => out.push(l) });
  const err = stderr.mock.calls.map((c) => String(c[0])).join("");
  stderr.mockRestore();
  return { result, out, err };
}

afterEach(() => vi.restoreAllMocks());

describe("commandArgs", () => {
  it("gives the parsed arguments when there is neither --help nor an error", () => {
    expect(capture(["s", "--json", "--to=growth"])).toEqual({
      result: { positional: ["s"], flags: { json: true }, values: { to: ["growth"] } },
      out: [],
      err: "",
    });
  });

  it("--help prints the usage line once and ends with 0, whatever else is given", () => {
    expect(capture(["--help"])).toEqual({ result: 0, out: [spec.usage], err: "" });
    expect(capture(["a", "b", "--help", "--json"])).toEqual({ result: 0, out: [spec.usage], err: "" });
  });

  it("an unknown option, a flag without its value and --help=<x> are errors with the usage, and win over --help", () => {
    expect(capture(["--bogus"])).toEqual({ result: 1, out: [], err: `unknown option --bogus; ${spec.usage}\n` });
    expect(capture(["--help", "--bogus"])).toEqual({ result: 1, out: [], err: `unknown option --bogus; ${spec.usage}\n` });
    expect(capture(["--to"])).toEqual({ result: 1, out: [], err: `--to needs a value; ${spec.usage}\n` });
    expect(capture(["--help=1"])).toEqual({ result: 1, out: [], err: `unknown option --help=1; ${spec.usage}\n` });
  });

  it("a command's own separator and exit code for argument errors", () => {
    const own: CommandSpec = { ...spec, separator: "\n", errorCode: 2 };
    expect(capture(["--bogus"], own)).toEqual({ result: 2, out: [], err: `unknown option --bogus\n${spec.usage}\n` });
    expect(withUsage(own, "one stack")).toBe(`one stack\n${spec.usage}`);
  });

  it("a command's own failure (a JSON answer, say) gets the message with the usage", () => {
    const seen: string[] = [];
    expect(commandArgs(["--bogus"], spec, { fail: (m) => (seen.push(m), 7) })).toBe(7);
    expect(seen).toEqual([`unknown option --bogus; ${spec.usage}`]);
  });

  it("usageError writes the message and the usage to stderr and returns the command's code", () => {
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    expect(usageError(spec, "one stack")).toBe(1);
    expect(stderr.mock.calls.map((c) => String(c[0]))).toEqual([`one stack; ${spec.usage}\n`]);
  });
});
