import { existsSync, readFileSync, readdirSync, realpathSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

/** The Pulumi project name (`Pulumi.yaml`); config keys without a namespace belong to it. */
export const projectName = "ai-infra";

/** Repository root, found from this file so the CLI works from any working directory. */
export const repoRoot = path.resolve(__dirname, "..");
export const stacksDir = path.join(repoRoot, "stacks");

/**
 * A checkout's directory as written and as resolved through symlinks (the program finds the kit's
 * charts through `__dirname`, which Node reports resolved): the prefixes the plan makes relative.
 */
export function checkoutRoots(dir: string = repoRoot): string[] {
  const real = existsSync(dir) ? realpathSync(dir) : dir;
  return [...new Set([path.resolve(dir), real])];
}
export const defaultStack = "prototype-aws-us-east-1";

const stackFilePattern = /^Pulumi\.(.+)\.ya?ml$/;

/** Stack names that have a config file in `dir`, sorted. */
export function listStacks(dir: string = stacksDir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((f) => stackFilePattern.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

/** The stack name a config file stands for: `Pulumi.<stack>.yaml`, else the file's base name. */
export function stackNameOf(file: string): string {
  const base = path.basename(file);
  return stackFilePattern.exec(base)?.[1] ?? base.replace(/\.ya?ml$/, "");
}

export type StackRef = { ok: true; file: string; stack: string } | { ok: false; message: string };

/**
 * A command-line argument is a stack name when it has no path separator and no YAML suffix;
 * anything else is a path, so `./my-stack.yaml` and `stacks/Pulumi.x.yaml` both work.
 */
export function resolveStackArg(arg: string | undefined, dir: string = stacksDir): StackRef {
  const name = arg ?? defaultStack;
  const looksLikePath = name.includes("/") || name.includes(path.sep) || /\.ya?ml$/.test(name);
  if (looksLikePath) {
    // `npm run plan -- ./x.yaml` runs in the package root; npm keeps the caller's directory in INIT_CWD.
    const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), name);
    if (!existsSync(file)) return { ok: false, message: `no such stack config file: ${name}` };
    return { ok: true, file, stack: stackNameOf(file) };
  }
  for (const ext of ["yaml", "yml"]) {
    const file = path.join(dir, `Pulumi.${name}.${ext}`);
    if (existsSync(file)) return { ok: true, file, stack: name };
  }
  const known = listStacks(dir);
  return { ok: false, message: `unknown stack '${name}'; stacks in ${path.relative(process.cwd(), dir) || dir}: ${known.join(", ") || "(none)"}` };
}

/** What a stack config file holds once its secrets are swapped for placeholders. */
export interface StackFile {
  stack: string;
  /** Full config keys (`ai-infra:stage`, `aws:region`) to their YAML values. */
  config: Record<string, unknown>;
  /** Full keys of top-level settings that contain a `secure:` value anywhere inside. */
  secretKeys: string[];
  /** The placeholder strings standing in for secrets; none may appear in a plan's output. */
  placeholders: string[];
}

export type LoadResult = { ok: true; file: StackFile } | { ok: false; errors: { path: string; message: string }[] };

/** `secure: <ciphertext>` is how Pulumi stores a secret leaf in a stack file. */
function isSecureLeaf(v: unknown): boolean {
  return typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as { secure?: unknown }).secure === "string";
}

/** Pulumi's `--path` notation: `ai-infra:providerKeys.openai`, `ai-infra:models[0].name`. */
function childPath(parent: string, key: string | number): string {
  return typeof key === "number" ? `${parent}[${key}]` : `${parent}.${key}`;
}

/** The placeholder that stands for the secret at `configPath`; never the plaintext, never decrypted. */
export function secretPlaceholder(configPath: string): string {
  return `[secret:${configPath}]`;
}

/**
 * Replace each `secure:` leaf by its placeholder. The planner never decrypts: it needs only to know
 * that a value is a secret and to see whether it ever escapes into plaintext.
 */
export function replaceSecureLeaves(value: unknown, at: string, found: string[]): unknown {
  if (isSecureLeaf(value)) {
    const p = secretPlaceholder(at);
    found.push(p);
    return p;
  }
  if (Array.isArray(value)) return value.map((v, i) => replaceSecureLeaves(v, childPath(at, i), found));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceSecureLeaves(v, childPath(at, k), found)]));
  }
  return value;
}

/** `stage` in a stack file means `<project>:stage`, as the Pulumi CLI reads it. */
export function fullKey(key: string): string {
  return key.includes(":") ? key : `${projectName}:${key}`;
}

/** Parse the text of a stack config file (`config:` map, `secure:` leaves). */
export function parseStackFile(text: string, stack: string, source = "stack file"): LoadResult {
  let doc: unknown;
  try {
    // Anchors, aliases and `<<` merge keys read as the Pulumi CLI reads them (its Go YAML reader
    // expands merge keys, explicit keys winning over merged ones), so a stack file that shares
    // settings through `<<: *defaults` plans like its expanded form.
    doc = parse(text, { merge: true });
  } catch (e) {
    const msg = e instanceof Error ? e.message.split("\n")[0] : String(e);
    return { ok: false, errors: [{ path: source, message: `is not valid YAML: ${msg}` }] };
  }
  if (doc !== null && doc !== undefined && (typeof doc !== "object" || Array.isArray(doc))) {
    return { ok: false, errors: [{ path: source, message: "must be a YAML mapping with a `config:` section" }] };
  }
  const rawConfig = (doc as { config?: unknown } | null)?.config ?? {};
  if (typeof rawConfig !== "object" || rawConfig === null || Array.isArray(rawConfig)) {
    return { ok: false, errors: [{ path: `${source}: config`, message: "must be a mapping of config keys" }] };
  }
  const config: Record<string, unknown> = {};
  const secretKeys: string[] = [];
  const placeholders: string[] = [];
  for (const [k, v] of Object.entries(rawConfig)) {
    const key = fullKey(k);
    const before = placeholders.length;
    config[key] = replaceSecureLeaves(v, key, placeholders);
    // The engine marks a whole structured key secret when any leaf of it is; so does the planner.
    if (placeholders.length > before) secretKeys.push(key);
  }
  return { ok: true, file: { stack, config, secretKeys, placeholders } };
}

export function loadStackFile(file: string, stack: string = stackNameOf(file)): LoadResult {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    return { ok: false, errors: [{ path: file, message: `cannot be read: ${(e as Error).message}` }] };
  }
  return parseStackFile(text, stack, path.relative(process.cwd(), file) || file);
}

/**
 * Pulumi hands a program every config value as a string: scalars as written, objects and lists as
 * JSON (what `pulumi config set --path` stores). The planner gives the program the same strings.
 */
export function encodeConfig(config: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(config)) {
    if (v === null || v === undefined) out[k] = "";
    else if (typeof v === "object") out[k] = JSON.stringify(v);
    else out[k] = String(v);
  }
  return out;
}
