import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { configKeys, parseStack } from "../../components/config";
import { exampleRaw, exampleStacks } from "../helpers/stacks";

type Raw = Record<string, unknown>;

/** The contract under any input: a result object, never a throw; failures carry a path into the config. */
function assertWellFormed(raw: Raw, secretKeys: ReadonlySet<string>): void {
  let result: ReturnType<typeof parseStack>;
  try {
    result = parseStack(raw, { secretKeys });
  } catch (e) {
    throw new Error(`parseStack threw on ${JSON.stringify(raw).slice(0, 400)}: ${(e as Error).stack}`);
  }
  expect(typeof result.ok).toBe("boolean");
  if (result.ok) return;
  expect(result.errors.length).toBeGreaterThan(0);
  for (const e of result.errors) {
    expect(e.path.startsWith("ai-infra")).toBe(true);
    expect(typeof e.message).toBe("string");
    expect(e.message.length).toBeGreaterThan(0);
  }
}

const bases = exampleStacks.map((s) => exampleRaw(s));
const base = fc.constantFrom(...bases);
const anyValue = fc.oneof(fc.jsonValue(), fc.anything({ withNullPrototype: true, withMap: true, withSet: true, withBigInt: true }));
// Keys the schema knows, and some it does not (misspellings, prototype names).
const key = fc.oneof(fc.constantFrom(...configKeys), fc.constantFrom("__proto__", "constructor", "toString", "stages", "region"), fc.string());

/** All paths into a JSON value (objects and arrays), including the root. */
function pathsOf(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  const out = [at];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...pathsOf(x, [...at, i])));
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) out.push(...pathsOf(x, [...at, k]));
  return out;
}

function setAt(root: Raw, path: (string | number)[], value: unknown, remove: boolean): Raw {
  const copy = structuredClone(root);
  let cur: any = copy;
  for (const p of path.slice(0, -1)) cur = cur[p];
  const last = path.at(-1)!;
  if (remove) {
    if (Array.isArray(cur)) cur.splice(last as number, 1);
    else delete cur[last];
  } else cur[last] = value;
  return copy;
}

describe("parseStack never lets a raw exception escape", () => {
  it("any value for any top-level key of a valid config", () => {
    fc.assert(
      fc.property(base, key, anyValue, ({ raw, secretKeys }, k, v) => {
        assertWellFormed({ ...raw, [k]: v }, secretKeys);
      }),
      { numRuns: 400 },
    );
  });

  it("random mutations anywhere inside a valid config (replace or remove a value)", () => {
    fc.assert(
      fc.property(
        base.chain((b) => fc.tuple(fc.constant(b), fc.constantFrom(...pathsOf(b.raw).filter((p) => p.length > 0)))),
        anyValue,
        fc.boolean(),
        ([{ raw, secretKeys }, path], v, remove) => {
          assertWellFormed(setAt(raw, path, v, remove), secretKeys);
        },
      ),
      { numRuns: 600 },
    );
  });

  it("every value of every example stack replaced by a hostile value (an object without a prototype, an array, null, a number, a string) or removed", () => {
    // Exhaustive over the examples' paths, so a cross-check that reads a raw value unguarded fails
    // here every run, not only when the random runs happen to reach it.
    const hostile = () => [Object.create(null), [], null, 1, "x"];
    let cases = 0;
    for (const { raw, secretKeys } of bases) {
      for (const path of pathsOf(raw).filter((p) => p.length > 0)) {
        for (const v of hostile()) {
          assertWellFormed(setAt(raw, path, v, false), secretKeys);
          cases++;
        }
        assertWellFormed(setAt(raw, path, undefined, true), secretKeys);
        cases++;
      }
    }
    expect(cases).toBeGreaterThan(1000);
  });

  it("several mutations at once", () => {
    fc.assert(
      fc.property(base, fc.array(fc.tuple(fc.nat(), fc.jsonValue()), { minLength: 2, maxLength: 6 }), ({ raw, secretKeys }, edits) => {
        let cur = raw;
        for (const [n, v] of edits) {
          const paths = pathsOf(cur).filter((p) => p.length > 0);
          if (paths.length === 0) break;
          cur = setAt(cur, paths[n % paths.length]!, v, false);
        }
        assertWellFormed(cur, secretKeys);
      }),
      { numRuns: 300 },
    );
  });

  it("configs made of random keys and values", () => {
    fc.assert(
      fc.property(fc.dictionary(key, anyValue), fc.boolean(), (raw, secret) => {
        assertWellFormed(raw, new Set(secret ? ["providerKeys"] : []));
      }),
      { numRuns: 300 },
    );
  });
});
