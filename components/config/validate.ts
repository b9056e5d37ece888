import type { z } from "zod";
import { applyPreset } from "./presets";
import { type RawStack, runRules } from "./rules";
import { type StackConfig, secretConfigKeys, stackConfigSchema } from "./schema";
import { Secret } from "./secret";

/** One problem in a stack config: where, what is wrong (with what is allowed), and the value given. */
export interface SpecError {
  /** Config path, e.g. `ai-infra:regions[1]` or `ai-infra:models[0].provider`. */
  path: string;
  message: string;
  /** The value given, `[secret]` for secrets, absent when the key was missing. */
  value?: unknown;
}

/** A config that passed the schema and the rules, still in the stack file's flat shape. */
export interface ValidConfig extends Omit<StackConfig, "providerKeys"> {
  project: string;
  stack: string;
  primaryRegion: string;
  /** Provider name → API key, held as `Secret` so it never prints. */
  providerKeys: Record<string, Secret>;
}

export type ValidationResult = { ok: true; config: ValidConfig } | { ok: false; errors: SpecError[] };

export interface ParseOptions {
  project?: string;
  stack?: string;
  /** Config keys (short, e.g. `providerKeys`) that were set as Pulumi secrets. */
  secretKeys?: ReadonlySet<string>;
  /** Every full config key of the stack (`aws:region`, `ai-infra:stage`), to report keys in namespaces nobody reads. */
  configKeys?: readonly string[];
}

export const configNamespace = "ai-infra";

/**
 * Config namespaces a stack file may use: the kit's own and those of the providers and tools the
 * program runs with (`pulumi config` keys are `<namespace>:<key>`).
 */
export const knownConfigNamespaces: readonly string[] = [configNamespace, "aws", "gcp", "pulumi", "kubernetes", "eks", "random", "awsx", "tls", "command", "docker"];

/**
 * Keys in a namespace no one reads (`ai-infr:stage`, `aws-region`): Pulumi would pass them on and
 * the kit would silently fall back to the preset. Each is an error naming the key.
 */
export function unknownNamespaceErrors(fullKeys: readonly string[]): SpecError[] {
  return fullKeys
    .filter((k) => k.includes(":") && !knownConfigNamespaces.includes(k.slice(0, k.indexOf(":"))))
    .sort()
    .map((k) => ({
      path: k,
      message: `is in namespace '${k.slice(0, k.indexOf(":"))}', which neither the kit nor a provider reads; allowed namespaces: ${knownConfigNamespaces.join(", ")} (did you mean ${configNamespace}:${k.slice(k.indexOf(":") + 1)}?)`,
    }));
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = configNamespace;
  path.forEach((p, i) => {
    if (typeof p === "number") out += `[${p}]`;
    else out += i === 0 ? `:${String(p)}` : `.${String(p)}`;
  });
  return out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const p of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}

function redact(path: readonly PropertyKey[], value: unknown): unknown {
  return secretConfigKeys.includes(path[0] as keyof StackConfig) && value !== undefined ? "[secret]" : value;
}

function zodErrors(issues: readonly z.core.$ZodIssue[], merged: unknown): SpecError[] {
  const out: SpecError[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        const parent = allowedKeysAt(issue.path);
        out.push({
          path: formatPath(path),
          message: `is not a known setting${parent.length ? `; allowed: ${parent.join(", ")}` : ""}`,
          value: redact(path, valueAt(merged, path)),
        });
      }
      continue;
    }
    const value = valueAt(merged, issue.path);
    const defaultMessage = issue.message.startsWith("Invalid input");
    const message =
      value === undefined && (issue.code === "invalid_type" || issue.code === "invalid_value")
        ? `is required${defaultMessage ? "" : `; ${issue.message}`}`
        : issue.message;
    out.push({ path: formatPath(issue.path), message, ...(value === undefined ? {} : { value: redact(issue.path, value) }) });
  }
  return out;
}

/** Keys a strict object at `path` accepts, for the message of an unknown key. */
function allowedKeysAt(path: readonly PropertyKey[]): string[] {
  let schema = unwrap(stackConfigSchema);
  for (const p of path) {
    const def = schema?.def;
    if (def?.type === "object") schema = unwrap(def.shape?.[String(p)]);
    else if (def?.type === "array") schema = unwrap(def.element);
    else if (def?.type === "record") schema = unwrap(def.valueType);
    else return [];
  }
  return schema?.def?.type === "object" ? Object.keys(schema.def.shape ?? {}) : [];
}

interface SchemaNode {
  def?: { type?: string; shape?: Record<string, unknown>; element?: unknown; valueType?: unknown; innerType?: unknown };
}

function unwrap(schema: unknown): SchemaNode | undefined {
  let s = schema as SchemaNode | undefined;
  while (s?.def && (s.def.type === "optional" || s.def.type === "default" || s.def.type === "nullable")) {
    s = s.def.innerType as SchemaNode;
  }
  return s;
}

/**
 * The first half of `parseStack`: fill in the stage preset, check every field (the schema) and every
 * relation (`rules/`), and report all problems together. The result is still the stack file's flat
 * shape; `parseStack` builds the typed stack from it.
 */
export function validateConfig(raw: Record<string, unknown>, opts: ParseOptions = {}): ValidationResult {
  const secretKeys = opts.secretKeys ?? new Set<string>();
  const merged = applyPreset(raw);
  const parsed = stackConfigSchema.safeParse(merged);
  const errors = parsed.success ? [] : onePerPath(zodErrors(parsed.error.issues, merged));
  // A value the schema refuses is reported once, by the schema: a rule's narrower range or
  // relation on the same path adds nothing the user can act on first.
  const schemaPaths = new Set(errors.map((e) => e.path));
  // The relational rules (rules/) read the merged input defensively, so they report even when other fields are broken.
  errors.unshift(...unknownNamespaceErrors(opts.configKeys ?? []));
  for (const issue of runRules(merged as RawStack, { secretKeys, project: opts.project ?? configNamespace })) {
    const path = formatPath(issue.path);
    if (schemaPaths.has(path)) continue;
    errors.push({ path, message: issue.message, ...(issue.value === undefined ? {} : { value: issue.value }) });
  }
  if (!parsed.success || errors.length > 0) return { ok: false, errors: dedupe(errors) };

  const config = parsed.data;
  const providerKeys: Record<string, Secret> = {};
  for (const [k, v] of Object.entries(config.providerKeys ?? {})) providerKeys[k] = new Secret(v, `${configNamespace}:providerKeys.${k}`);
  return {
    ok: true,
    config: {
      ...config,
      project: opts.project ?? configNamespace,
      stack: opts.stack ?? "dev",
      // The schema requires at least one region.
      primaryRegion: config.regions[0] as string,
      providerKeys,
    },
  };
}

/** Several checks of one value that fail (a fraction past the maximum) make one error, their messages joined. */
function onePerPath(errors: SpecError[]): SpecError[] {
  const byPath = new Map<string, SpecError>();
  for (const e of errors) {
    const first = byPath.get(e.path);
    if (!first) byPath.set(e.path, { ...e });
    else if (!first.message.split("; ").includes(e.message)) first.message = `${first.message}; ${e.message}`;
  }
  return [...byPath.values()];
}

function dedupe(errors: SpecError[]): SpecError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.path}\u0000${e.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Thrown by the program when the config is invalid; carries every problem. */
export class SpecValidationError extends Error {
  constructor(readonly errors: SpecError[]) {
    super(
      `invalid stack config (${errors.length} problem${errors.length === 1 ? "" : "s"}):\n` +
        errors.map((e) => `  ${e.path}: ${e.message}${e.value === undefined ? "" : ` (given: ${JSON.stringify(e.value)})`}`).join("\n"),
    );
    this.name = "SpecValidationError";
  }
}
