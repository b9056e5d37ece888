// The files a change touches that mutation testing covers, comma-separated for
// `stryker run --mutate`: `npx tsx scripts/mutation/changed.ts <base ref>`.
import { execFileSync } from "node:child_process";
import config from "../../stryker.config.mjs";
import { inScope } from "./scope";

const base = process.argv[2];
if (!base) {
  console.error("usage: changed.ts <base ref>");
  process.exit(1);
}
const changed = execFileSync("git", ["diff", "--name-only", "--diff-filter=AMR", `${base}...HEAD`], { encoding: "utf8" }).split("\n").filter(Boolean);
console.log(changed.filter((f) => inScope(f, config.mutate)).join(","));
