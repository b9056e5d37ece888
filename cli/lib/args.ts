/** A tiny argument parser: the CLIs take one positional argument and a few flags. */

export interface FlagSpec {
  /** Flags that take no value. */
  booleans: readonly string[];
  /** Flags that take a value (`--to growth` or `--to=growth`); repeatable ones collect all. */
  values: readonly string[];
}

export interface ParsedArgs {
  positional: string[];
  flags: Record<string, boolean>;
  values: Record<string, string[]>;
}

export type ArgsResult = { ok: true; args: ParsedArgs } | { ok: false; message: string };

export function parseArgs(argv: readonly string[], spec: FlagSpec): ArgsResult {
  const args: ParsedArgs = { positional: [], flags: {}, values: {} };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") continue;
    if (!a.startsWith("--")) {
      args.positional.push(a);
      continue;
    }
    const [name, inline] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (spec.booleans.includes(name) && inline === undefined) {
      args.flags[name] = true;
    } else if (spec.values.includes(name)) {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith("--")) return { ok: false, message: `--${name} needs a value` };
      (args.values[name] ??= []).push(v);
    } else {
      return { ok: false, message: `unknown option ${a}` };
    }
  }
  return { ok: true, args };
}

/**
 * A command's arguments, declared once: its flags (`--help` is every command's), the usage line
 * `--help` prints, and how an argument error reads and exits.
 */
export interface CommandSpec extends FlagSpec {
  /** The one usage line: `--help` prints it; every argument error ends with it. */
  usage: string;
  /** Between an argument error and the usage line; default "; " (one line). */
  separator?: "; " | "\n";
  /** The exit code of an argument error; default 1. */
  errorCode?: number;
}

/** `message`, then the command's usage line: how each argument error of the command reads. */
export function withUsage(spec: CommandSpec, message: string): string {
  return `${message}${spec.separator ?? "; "}${spec.usage}`;
}

/** An argument error: `message` and the usage on stderr; returns the command's exit code for it. */
export function usageError(spec: CommandSpec, message: string): number {
  process.stderr.write(`${withUsage(spec, message)}\n`);
  return spec.errorCode ?? 1;
}

/**
 * The command's arguments, or the exit code when the command ends here: `--help` writes the usage
 * line to `out` (stdout by default) and ends with 0; an unknown option or a flag without its value
 * ends through `fail` (default `usageError`) with the message and the usage line. An argument
 * error wins over `--help`, so `--help --bogus` is an error.
 */
export function commandArgs(
  argv: readonly string[],
  spec: CommandSpec,
  io: { out?: (line: string) => void; fail?: (message: string) => number } = {},
): ParsedArgs | number {
  const parsed = parseArgs(argv, { booleans: [...spec.booleans, "help"], values: spec.values });
  if (!parsed.ok) return io.fail ? io.fail(withUsage(spec, parsed.message)) : usageError(spec, parsed.message);
  if (parsed.args.flags.help) {
    (io.out ?? ((line: string) => process.stdout.write(`${line}\n`)))(spec.usage);
    return 0;
  }
  return parsed.args;
}
