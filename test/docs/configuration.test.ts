// docs/configuration.md is generated from the config schema's doc comments (cli/docs.ts): it must
// be what the generator gives today, and it must list every config path the runtime schema accepts.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { type ConfigEntry, readConfigEntries, referenceFile, renderConfigReference } from "../../cli/docs";
import { stackConfigSchema } from "../../components/config";

/** Every property path of a zod schema, in the generator's notation (`a[].b`, `a.<name>.b`). */
function runtimePaths(schema: z.ZodType): string[] {
  const out: string[] = [];
  const visit = (s: z.ZodType, prefix: string): void => {
    const def = (s as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
    switch (def.type) {
      case "optional":
      case "nullable":
      case "default":
      case "prefault":
      case "catch":
      case "readonly":
      case "nonoptional":
        return visit(def.innerType as z.ZodType, prefix);
      case "pipe":
        return visit(def.in as z.ZodType, prefix);
      case "lazy":
        return visit((def.getter as () => z.ZodType)(), prefix);
      case "array":
        return visit(def.element as z.ZodType, `${prefix}[]`);
      case "record":
        return visit(def.valueType as z.ZodType, `${prefix}.<name>`);
      case "union":
        return (def.options as z.ZodType[]).forEach((o) => visit(o, prefix));
      case "intersection":
        visit(def.left as z.ZodType, prefix);
        return visit(def.right as z.ZodType, prefix);
      case "object":
        for (const [key, value] of Object.entries(def.shape as Record<string, z.ZodType>)) {
          const at = prefix ? `${prefix}.${key}` : key;
          out.push(at);
          visit(value, at);
        }
        return;
      default:
        return;
    }
  };
  visit(schema, "");
  return [...new Set(out)];
}

describe("the configuration reference", () => {
  const entries = readConfigEntries();
  const byPath = new Map<string, ConfigEntry>(entries.map((e) => [e.path, e]));

  it("is what `npm run docs` writes today (regenerate it with `npm run docs`)", () => {
    expect(fs.readFileSync(referenceFile, "utf8")).toBe(renderConfigReference(entries));
  });

  it("lists every config path of the runtime schema", () => {
    const paths = runtimePaths(stackConfigSchema);
    expect(paths.length).toBeGreaterThan(100);
    expect(paths.filter((p) => !byPath.has(p))).toEqual([]);
    // and nothing the runtime schema does not accept
    expect(entries.map((e) => e.path).filter((p) => !paths.includes(p))).toEqual([]);
  });

  it("carries known paths with their doc comments and optionality", () => {
    expect(byPath.get("cache.ttlSeconds")).toEqual({ path: "cache.ttlSeconds", doc: "Seconds a cached response is served.", optional: false });
    expect(byPath.get("cache")?.optional).toBe(true);
    // a shorthand property whose schema is a shared constant
    expect(byPath.get("models[].name")?.doc).toBe("The model group clients ask for; several deployments may share one group (load-balanced).");
    // a property added by `.extend(...)`
    expect(byPath.get("api.perKey.quotaPerDay")?.optional).toBe(true);
    // through a record of a named schema
    expect(byPath.get("access.teams.<name>.budgetUsd")?.doc).toBe("Spend allowed per period, in USD, for all of the team's keys together.");
    expect(byPath.get("fineTuning.export.schedule")?.doc).toBe("Cron schedule (UTC) of the export CronJob, e.g. `0 3 * * *`; operators can also start it by hand.");
    expect(byPath.get("stage")?.doc).toBe("One of `prototype`, `growth`, `scale`, `enterprise`.");
    const text = fs.readFileSync(referenceFile, "utf8");
    expect(text).toContain("| `ai-infra:cache.ttlSeconds` | required | Seconds a cached response is served. |");
  });

  it("follows schema constants imported from other files, renamed and re-exported", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "config-reference-"));
    try {
      const dir = path.join(root, "components", "config");
      fs.mkdirSync(path.join(dir, "parts"), { recursive: true });
      fs.writeFileSync(
        path.join(dir, "parts", "cache.ts"),
        [
          'import { z } from "zod";',
          "export const cacheSchema = z.strictObject({",
          "  /** Seconds a cached response is served. */",
          "  ttlSeconds: z.int(),",
          "});",
          "",
        ].join("\n"),
      );
      fs.writeFileSync(path.join(dir, "parts", "index.ts"), 'export { cacheSchema as responseCache } from "./cache";\n');
      fs.writeFileSync(
        path.join(dir, "schema.ts"),
        [
          'import { z } from "zod";',
          'import * as parts from "./parts";',
          'import { responseCache } from "./parts";',
          "const base = z.strictObject({",
          "  /** The stage. */",
          '  stage: z.enum(["prototype", "growth"]),',
          "});",
          "export const stackConfigSchema = z.strictObject({",
          "  ...base.shape,",
          "  /** The response cache. */",
          "  cache: responseCache.optional(),",
          "  caches: z.array(parts.responseCache),",
          "});",
          "",
        ].join("\n"),
      );
      expect(readConfigEntries(root)).toEqual([
        { path: "stage", doc: "The stage. One of `prototype`, `growth`.", optional: false },
        { path: "cache", doc: "The response cache.", optional: true },
        { path: "cache.ttlSeconds", doc: "Seconds a cached response is served.", optional: false },
        { path: "caches", doc: "", optional: false },
        { path: "caches[].ttlSeconds", doc: "Seconds a cached response is served.", optional: false },
      ]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
