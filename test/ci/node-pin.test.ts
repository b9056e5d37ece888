// The Node the kit runs on is pinned once, as the `node` devDependency of the root package.json
// (npm serves Node builds as that package; `npm ci` installs it and every npm script runs it).
// Every other file that names a Node version must agree with that pin, and the tests themselves
// must be running on it.
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "..", "..");
const json = (f: string) => JSON.parse(fs.readFileSync(path.join(root, f), "utf8")) as Record<string, any>;
const pkg = json("package.json");
const pinned = String(pkg.devDependencies?.node);
const major = pinned.split(".")[0];

describe("the pinned Node", () => {
  it("is an exact version of the Active LTS line 26 (nodejs/Release schedule, read 2026-12-07)", () => {
    expect(pinned).toMatch(/^26\.\d+\.\d+$/);
  });

  it("is the Node running these tests", () => {
    expect(process.version).toBe(`v${pinned}`);
  });

  it("engines.node of the kit, the worker and the policy packs require its major", () => {
    for (const f of ["package.json", "worker/package.json"]) expect(json(f).engines?.node, f).toBe(`>=${major}`);
  });

  it("@types/node is of the same major in the kit, the worker and both policy packs", () => {
    for (const f of ["package.json", "worker/package.json", "policies/residency/package.json", "policies/guardrails/package.json"]) {
      expect(String(json(f).devDependencies?.["@types/node"]).split(".")[0], f).toBe(major);
    }
  });

  it("npm may run its install script (it fetches the platform's Node build)", () => {
    expect(pkg.allowScripts).toEqual({ node: true });
  });

  it("the worker image is built on the same Node version", () => {
    const m = /^ARG NODE_IMAGE=node:(\d+\.\d+\.\d+)-/m.exec(fs.readFileSync(path.join(root, "worker", "Dockerfile"), "utf8"));
    expect(m?.[1]).toBe(pinned);
  });

  it("no workflow names a Node version of its own: setup-node reads package.json", () => {
    const dir = path.join(root, ".github", "workflows");
    for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".yml"))) {
      const text = fs.readFileSync(path.join(dir, f), "utf8");
      expect(text, f).not.toMatch(/node-version:/);
      const files = [...text.matchAll(/node-version-file: (\S+)/g)].map((m) => m[1]);
      expect(files.length, f).toBe((text.match(/actions\/setup-node@/g) ?? []).length);
      for (const file of files) expect(file, f).toMatch(/(^|\/)package\.json$/);
    }
  });
});
