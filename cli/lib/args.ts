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
