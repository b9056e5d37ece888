import Module from "node:module";
import * as path from "node:path";

/**
 * `@pulumi/pulumi` loads, on import, parts an offline plan never runs: the Automation API (and
 * npm's arborist under it) and TypeScript (for serialising closures), about a third of a plan's
 * start-up. Imported first by `cli/plan.ts`, this puts a stand-in for each into Node's module
 * cache that loads the real module on first use, so nothing changes for code that does use them.
 */
const deferred = ["@pulumi/pulumi/typescript-shim", "@pulumi/pulumi/automation", "@npmcli/arborist"];

function defer(file: string): void {
  if (require.cache[file]) return;
  let real: object | undefined;
  const load = (): object => {
    if (!real) {
      delete require.cache[file];
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      real = require(file) as object;
    }
    return real;
  };
  const stub = new Module(file);
  stub.filename = file;
  stub.loaded = true;
  stub.exports = new Proxy(
    {},
    {
      // The deferred modules are compiled ES modules: `__importStar` asks this first and, told
      // so, keeps the stand-in instead of copying (and so loading) every export.
      get: (_, key) => (key === "__esModule" ? true : Reflect.get(load(), key)),
      has: (_, key) => Reflect.has(load(), key),
      ownKeys: () => Reflect.ownKeys(load()),
      getOwnPropertyDescriptor: (_, key) => {
        const d = Reflect.getOwnPropertyDescriptor(load(), key);
        return d ? { ...d, configurable: true } : undefined;
      },
    },
  );
  require.cache[file] = stub;
}

export function deferUnusedSdkParts(): void {
  const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  for (const id of deferred) {
    let file: string;
    try {
      file = require.resolve(id, { paths: [sdk] });
    } catch {
      continue;
    }
    defer(file);
  }
}

deferUnusedSdkParts();
