/**
 * No dead facts: every table and function (types aside) a facts module (`components/config/facts/*.ts`)
 * exports is read by the kit's own code (the spec's rules, the adapters, the planner, the CLI, the
 * policy packs), not only by the file that declares it. A fact nothing reads is a claim about a
 * cloud that checks nothing and goes stale unseen (the GCP facts kept API Gateway's id suffix
 * long after API Gateway left the kit).
 *
 * `unread` names the exports nothing reads today, each with why it stays; the test asserts that
 * list EXACTLY: a new unread fact fails it, and so does a listed one that is read now.
 */
import { readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../planner/stack-file";

const factsDir = path.join(repoRoot, "components", "config", "facts");
/** Where the kit's own code lives (tests excluded: a fact only a test reads still checks nothing in a plan). */
const codeDirs = ["components", "planner", "cli", "policies", "worker", "bench", "scripts"];

const unread: Record<string, string> = {
  // The kit reads the table through `limit()` and `maxMessage()` in the same module.
  "limits.ts numericLimits": "read through limit() beside it",
  // `requiredServices` (components/gcp/services.ts) keeps its own list by stage instead.
  "gcp.ts apisByResource": "duplicated by requiredServices",
  "gcp.ts gkeAcceleratorsIn": "GPU pools read the GPU table directly",
  "aws.ts apiGatewayStreamingTimeoutSeconds": "the AWS front door owner's to remove or use",
  "aws.ts eksMaxPublicAccessCidrs": "the AWS cluster owner's to remove or use",
  "common.ts autoNameRandomLength": "the naming owner's to remove or use",
  "common.ts logicalNameRoom": "the naming owner's to remove or use",
};

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" ? [] : tsFiles(p);
    return e.name.endsWith(".ts") ? [p] : [];
  });
}

const factFiles = readdirSync(factsDir).filter((f) => f.endsWith(".ts"));
const code = codeDirs.flatMap((d) => tsFiles(path.join(repoRoot, d))).map((f) => ({ file: f, text: readFileSync(f, "utf8") }));

describe("cloud facts: every export is read by the kit's code", () => {
  it("finds the facts modules and the code", () => {
    expect(factFiles).toEqual(["aws.ts", "common.ts", "dedicated.ts", "gcp.ts", "limits.ts", "models.ts", "retention.ts", "routing.ts"]);
    // A known reader of the GCP facts is among the code searched.
    expect(code.filter((c) => c.file.endsWith(path.join("components", "gcp", "names.ts"))).map((c) => /\bgcpNameLimits\b/.test(c.text))).toEqual([true]);
  });

  it("lists exactly the unread exports (unread)", () => {
    const found: string[] = [];
    for (const f of factFiles) {
      const own = path.join(factsDir, f);
      const names = [...readFileSync(own, "utf8").matchAll(/^export (?:const|function) (\w+)/gm)].map((m) => m[1]!);
      for (const name of names) {
        const word = new RegExp(`\\b${name}\\b`);
        if (!code.some((c) => c.file !== own && word.test(c.text))) found.push(`${f} ${name}`);
      }
    }
    expect(found.sort()).toEqual(Object.keys(unread).sort());
  });
});
