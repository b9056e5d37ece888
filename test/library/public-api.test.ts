import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

// The kit is also a library: another Pulumi program installs it and imports the components. This
// builds the package the way `npm pack` does (prepack → build) and imports it by its name through
// the `exports` map, as a consumer would.
const root = path.join(__dirname, "..", "..");
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));

describe("the package's public API", () => {
  let exported: string[];
  beforeAll(() => {
    execFileSync(process.execPath, [path.join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"], { cwd: root, stdio: "pipe" });
    const out = execFileSync(process.execPath, ["-e", `console.log(JSON.stringify(Object.keys(require(${JSON.stringify(pkg.name)}))))`], { cwd: root, encoding: "utf8" });
    exported = JSON.parse(out);
  }, 120_000);

  it("resolves by package name to the built components", () => {
    expect(pkg.exports["."].default).toBe("./dist/components/index.js");
    expect(fs.existsSync(path.join(root, pkg.exports["."].types))).toBe(true);
  });

  it("exports the platform, the spec, the renderer and the program", () => {
    for (const name of ["AiPlatform", "parseStack", "readStack", "renderGatewayConfig", "program", "stackConfigSchema", "platformOutputs"]) {
      expect(exported, name).toContain(name);
    }
  });

  it("is what the kit's own program uses: index.ts imports nothing but the public entry", () => {
    const imports = [...fs.readFileSync(path.join(root, "index.ts"), "utf8").matchAll(/from\s+"([^"]+)"/g)].map((m) => m[1]);
    expect(imports).toEqual(["./components"]);
  });

  it("keeps `pulumi up` working: package main is the program, as Pulumi's nodejs runtime loads it", () => {
    expect(pkg.main).toBe("index.ts");
    expect(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")).toMatch(/^runtime:\n\s+name: nodejs/m);
  });
});
