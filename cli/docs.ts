// `npm run docs`: writes docs/configuration.md, the configuration reference, from the doc comments
// of the config schema (the zod schema `stackConfigSchema` in components/config/).
//
// The schema source is read with the TypeScript compiler, not imported: a doc comment exists only
// in the source. From the `z.strictObject({...})` of `stackConfigSchema` it walks every property,
// follows identifiers that name other schema constants (`cache: cacheSchema.optional()`) through
// the type checker's symbols, so a schema split over several files (imports, re-exports) reads
// the same, and emits one row per config path (`ai-infra:cache.ttlSeconds`) with its doc text and
// whether it may be left out. Arrays of objects add `[]` to the path, records `.<name>`.
//
// It also writes docs/residency.md from the routing table (cli/lib/residency-doc.ts).
//
// `npm run docs -- --check` exits 1 when either page is not what its source gives; `--help` prints
// the usage and writes nothing; any other argument is an error with the usage (exit 1).
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { type CommandSpec, commandArgs, usageError } from "./lib/args";
import { renderResidencyDoc, residencyDocFile } from "./lib/residency-doc";

export const repoRoot = path.resolve(__dirname, "..");
export const referenceFile = path.join(repoRoot, "docs", "configuration.md");
const schemaName = "stackConfigSchema";
const namespace = "ai-infra";

/** One config path of the reference. */
export interface ConfigEntry {
  /** Path under the namespace, e.g. `cache.ttlSeconds`, `models[].name`, `access.teams.<name>.rpm`. */
  path: string;
  /** The property's doc comment (or, for an object-valued property without one, its schema's). */
  doc: string;
  /** The property may be left out (`.optional()`, `.default()`, `.nullish()` on it). */
  optional: boolean;
}

/** Every .ts file under `dir` (recursively), skipping declaration files. */
function tsFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return tsFiles(p);
    return e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

function compilerOptions(root: string): ts.CompilerOptions {
  const configPath = path.join(root, "tsconfig.json");
  const read = ts.readConfigFile(configPath, (f) => ts.sys.readFile(f));
  const parsed = ts.parseJsonConfigFileContent(read.config ?? {}, ts.sys, root);
  return { ...parsed.options, noEmit: true, skipLibCheck: true };
}

/** The declaration of `stackConfigSchema` and a type checker over the files that define it. */
function findSchema(root: string): { decl: ts.VariableDeclaration; checker: ts.TypeChecker } {
  // The config folder first (the schema's home); the whole components/ tree if it moved.
  for (const dir of [path.join(root, "components", "config"), path.join(root, "components")]) {
    const files = tsFiles(dir).filter((f) => /\bstackConfigSchema\b/.test(fs.readFileSync(f, "utf8")));
    if (files.length === 0) continue;
    const program = ts.createProgram(files, compilerOptions(root));
    const checker = program.getTypeChecker();
    for (const file of files) {
      const sf = program.getSourceFile(file);
      if (!sf) continue;
      let found: ts.VariableDeclaration | undefined;
      const visit = (n: ts.Node): void => {
        if (found) return;
        if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.name.text === schemaName && n.initializer) found = n;
        else ts.forEachChild(n, visit);
      };
      visit(sf);
      if (found) return { decl: found, checker };
    }
  }
  throw new Error(`no declaration of ${schemaName} found under components/`);
}

/** Doc comment text of a node (its JSDoc, the statement's for a variable), whitespace collapsed. */
function docOf(node: ts.Node): string {
  const parts = ts
    .getJSDocCommentsAndTags(node)
    .filter(ts.isJSDoc)
    .map((d) => ts.getTextOfJSDocComment(d.comment) ?? "");
  return parts.join(" ").replace(/\s+/g, " ").trim();
}

/** A zod schema expression, resolved to what the reference needs. */
type Shape =
  | { kind: "object"; props: Prop[]; doc: string }
  | { kind: "array"; element: Shape }
  | { kind: "record"; value: Shape }
  | { kind: "union"; options: Shape[] }
  | { kind: "leaf" };

interface Prop {
  name: string;
  doc: string;
  value: ts.Expression;
}

class SchemaReader {
  private readonly resolving = new Set<ts.Node>();
  constructor(private readonly checker: ts.TypeChecker) {}

  /** The variable declaration an identifier (or `ns.name`) refers to, across imports. */
  private declarationOf(expr: ts.Expression): ts.VariableDeclaration | undefined {
    let symbol = this.checker.getSymbolAtLocation(ts.isPropertyAccessExpression(expr) ? expr.name : expr);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    const decl = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    return decl && ts.isVariableDeclaration(decl) && decl.initializer ? decl : undefined;
  }

  /** Whether the outermost calls of a property's value make it optional. */
  optional(expr: ts.Expression): boolean {
    let e: ts.Expression = expr;
    for (;;) {
      if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) {
        e = e.expression;
        continue;
      }
      if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) {
        const method = e.expression.name.text;
        const callee = e.expression.expression;
        // z.optional(x) / z.nullish(x)
        if (ts.isIdentifier(callee) && callee.text === "z") return ["optional", "nullish"].includes(method);
        if (["optional", "nullish", "default", "prefault", "catch"].includes(method)) return true;
        e = callee;
        continue;
      }
      if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) {
        const decl = this.declarationOf(e);
        if (!decl?.initializer || this.resolving.has(decl)) return false;
        this.resolving.add(decl);
        try {
          return this.optional(decl.initializer);
        } finally {
          this.resolving.delete(decl);
        }
      }
      return false;
    }
  }

  /** The values of a `z.enum([...])` (or `z.literal` union) at the core of a leaf, if literal. */
  enumValues(expr: ts.Expression): string[] {
    let e: ts.Expression = expr;
    for (let hops = 0; hops < 50; hops++) {
      if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e)) e = e.expression;
      else if (ts.isArrayLiteralExpression(e)) return e.elements.flatMap((x) => (ts.isStringLiteral(x) ? [x.text] : []));
      else if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) {
        const decl = this.declarationOf(e);
        if (!decl?.initializer) return [];
        e = decl.initializer;
      } else if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) {
        const callee = e.expression.expression;
        if (ts.isIdentifier(callee) && callee.text === "z") {
          if (e.expression.name.text === "enum" && e.arguments[0]) e = e.arguments[0];
          else if (e.expression.name.text === "union" && e.arguments[0] && ts.isArrayLiteralExpression(e.arguments[0]))
            return e.arguments[0].elements.flatMap((x) => this.literalOf(x));
          else return [];
        } else e = callee;
      } else return [];
    }
    return [];
  }

  private literalOf(x: ts.Expression): string[] {
    if (!ts.isCallExpression(x) || !ts.isPropertyAccessExpression(x.expression) || x.expression.name.text !== "literal") return [];
    const a = x.arguments[0];
    return a && (ts.isStringLiteral(a) || ts.isNumericLiteral(a)) ? [a.text] : [];
  }

  /** The shape a schema expression builds. */
  shape(expr: ts.Expression): Shape {
    if (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isSatisfiesExpression(expr)) return this.shape(expr.expression);
    if (ts.isIdentifier(expr) || ts.isPropertyAccessExpression(expr)) {
      // `X.shape` (inside a spread) is X's object.
      if (ts.isPropertyAccessExpression(expr) && expr.name.text === "shape") return this.shape(expr.expression);
      const decl = this.declarationOf(expr);
      if (!decl?.initializer || this.resolving.has(decl)) return { kind: "leaf" };
      this.resolving.add(decl);
      try {
        const s = this.shape(decl.initializer);
        return s.kind === "object" && !s.doc ? { ...s, doc: docOf(decl) } : s;
      } finally {
        this.resolving.delete(decl);
      }
    }
    if (!ts.isCallExpression(expr) || !ts.isPropertyAccessExpression(expr.expression)) return { kind: "leaf" };
    const method = expr.expression.name.text;
    const callee = expr.expression.expression;
    const [a0, a1] = expr.arguments;
    if (ts.isIdentifier(callee) && callee.text === "z") {
      switch (method) {
        case "object":
        case "strictObject":
        case "looseObject":
          return { kind: "object", props: a0 ? this.props(a0) : [], doc: "" };
        case "array":
          return { kind: "array", element: a0 ? this.shape(a0) : { kind: "leaf" } };
        case "record":
        case "partialRecord":
          return { kind: "record", value: a1 ? this.shape(a1) : { kind: "leaf" } };
        case "union":
        case "discriminatedUnion": {
          const list = method === "union" ? a0 : a1;
          return list && ts.isArrayLiteralExpression(list) ? { kind: "union", options: list.elements.map((e) => this.shape(e)) } : { kind: "leaf" };
        }
        case "optional":
        case "nullable":
        case "nullish":
        case "lazy":
          return a0 && !ts.isArrowFunction(a0) ? this.shape(a0) : a0 && ts.isArrowFunction(a0) && !ts.isBlock(a0.body) ? this.shape(a0.body) : { kind: "leaf" };
        default:
          return { kind: "leaf" };
      }
    }
    const base = this.shape(callee);
    if (base.kind === "object" && (method === "extend" || method === "merge" || method === "safeExtend") && a0) {
      const extra = method === "merge" ? this.shape(a0) : { kind: "object" as const, props: this.props(a0), doc: "" };
      const added = extra.kind === "object" ? extra.props : [];
      const names = new Set(added.map((p) => p.name));
      return { ...base, props: [...base.props.filter((p) => !names.has(p.name)), ...added] };
    }
    if (base.kind === "object" && (method === "pick" || method === "omit") && a0 && ts.isObjectLiteralExpression(a0)) {
      const keys = new Set(a0.properties.map((p) => (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : "")));
      return { ...base, props: base.props.filter((p) => keys.has(p.name) === (method === "pick")) };
    }
    if (method === "array" && expr.arguments.length === 0) return { kind: "array", element: base };
    // .optional(), .default(), .refine(), .min(), .describe(), ... keep the shape.
    return base;
  }

  /** The properties of an object literal given to `z.strictObject` (spreads followed). */
  private props(arg: ts.Expression): Prop[] {
    if (!ts.isObjectLiteralExpression(arg)) {
      const s = this.shape(arg);
      return s.kind === "object" ? s.props : [];
    }
    const out: Prop[] = [];
    for (const p of arg.properties) {
      if (ts.isSpreadAssignment(p)) {
        const s = this.shape(p.expression);
        if (s.kind === "object") out.push(...s.props);
        continue;
      }
      const propName = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined;
      if (!propName) continue;
      if (ts.isPropertyAssignment(p)) out.push({ name: propName, doc: docOf(p), value: p.initializer });
      else if (ts.isShorthandPropertyAssignment(p)) out.push({ name: propName, doc: docOf(p), value: p.name });
    }
    return out;
  }
}

/** The reference's entries, in schema order, read from the schema source under `root`. */
export function readConfigEntries(root: string = repoRoot): ConfigEntry[] {
  const { decl, checker } = findSchema(root);
  const reader = new SchemaReader(checker);
  const top = reader.shape(decl.initializer as ts.Expression);
  const entries: ConfigEntry[] = [];
  const walk = (s: Shape, prefix: string): void => {
    if (s.kind === "array") return walk(s.element, `${prefix}[]`);
    if (s.kind === "record") return walk(s.value, `${prefix}.<name>`);
    if (s.kind === "union") return s.options.forEach((o) => walk(o, prefix));
    if (s.kind !== "object") return;
    for (const p of s.props) {
      const at = prefix ? `${prefix}.${p.name}` : p.name;
      const value = reader.shape(p.value);
      const values = value.kind === "leaf" ? reader.enumValues(p.value) : [];
      const oneOf = values.length ? `One of ${values.map((v) => `\`${v}\``).join(", ")}.` : "";
      const doc = [p.doc || (value.kind === "object" ? value.doc : ""), oneOf].filter(Boolean).join(" ");
      if (!entries.some((e) => e.path === at)) entries.push({ path: at, doc, optional: reader.optional(p.value) });
      walk(value, at);
    }
  };
  walk(top, "");
  return entries;
}

const cell = (s: string) => s.replace(/\|/g, "\\|");

/** The text of docs/configuration.md. */
export function renderConfigReference(entries: ConfigEntry[] = readConfigEntries()): string {
  const lines = [
    "# Configuration reference",
    "",
    `Every setting of a stack, as the Pulumi config key \`${namespace}:<path>\`, with its doc comment from the config`,
    "schema and whether it may be left out.",
    "",
    "<!-- Generated by `npm run docs` (cli/docs.ts) from the schema in components/config/; do not edit by hand. -->",
    "",
    "The values are validated after the stage preset has been filled in under them, so a setting marked",
    "*required* may still be one the preset supplies. `[]` in a path is an element of a list, `<name>` a key",
    "of a map. How the schema and the cross-checks are applied: [architecture](architecture.md#configuration-and-validation).",
    "",
  ];
  const sections = new Map<string, ConfigEntry[]>();
  for (const e of entries) {
    const top = e.path.split(/[.[]/)[0];
    sections.set(top, [...(sections.get(top) ?? []), e]);
  }
  const row = (e: ConfigEntry) => `| \`${namespace}:${e.path}\` | ${e.optional ? "optional" : "required"} | ${cell(e.doc) || "—"} |`;
  const head = ["| key | | what |", "|---|---|---|"];
  const single = [...sections.values()].filter((l) => l.length === 1).map((l) => l[0]);
  lines.push("## Single values", "", ...head, ...single.map(row), "");
  for (const [top, list] of sections) {
    if (list.length > 1) lines.push(`## ${top}`, "", ...head, ...list.map(row), "");
  }
  return lines.join("\n");
}

/** `npm run docs`'s arguments: `--check` only (and every command's `--help`). */
export const cli: CommandSpec = { usage: "usage: npm run docs -- [--check]", booleans: ["check"], values: [] };

/** Where the pages go: the docs/ files of this checkout unless a test points them elsewhere. */
export interface DocTargets {
  reference: string;
  residency: string;
}

export function main(argv: string[], targets: DocTargets = { reference: referenceFile, residency: residencyDocFile }): number {
  const args = commandArgs(argv, cli);
  if (typeof args === "number") return args;
  if (args.positional.length > 0) return usageError(cli, `no positional arguments, got ${args.positional.join(" ")}`);
  const pages: [string, string][] = [
    [targets.reference, renderConfigReference()],
    [targets.residency, renderResidencyDoc()],
  ];
  if (args.flags.check) {
    const stale = pages.filter(([file, text]) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "") !== text);
    for (const [file] of stale) process.stderr.write(`${path.relative(repoRoot, file)} is stale: run \`npm run docs\`\n`);
    return stale.length === 0 ? 0 : 1;
  }
  for (const [file, text] of pages) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    process.stdout.write(`wrote ${path.relative(process.cwd(), file)} (${text.split("\n").length} lines)\n`);
  }
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
