import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { outlierDetection } from "../../components/gcp/front-door";
import { repoRoot } from "../../planner/stack-file";

/**
 * docs/regions-and-failover.md's table of the GCP balancer's outlier detection against the values
 * the front door sets: GCP has no failover settings, so that table is the whole contract, and a
 * change to either side fails here until the other says the same.
 */
const doc = readFileSync(path.join(repoRoot, "docs", "regions-and-failover.md"), "utf8");
const row = /^\| `(\w+)` \| (\d+)( s)? \|/;

/** The values as the API takes them: a duration as `{ seconds }`, a number as it is. */
const documented = Object.fromEntries(
  doc
    .slice(doc.indexOf("## GCP: several regions behind one load balancer"))
    .split("\n")
    .flatMap((l) => {
      const m = row.exec(l);
      return m ? [[m[1]!, m[3] ? { seconds: Number(m[2]) } : Number(m[2])]] : [];
    }),
);

describe("docs/regions-and-failover.md: GCP outlier detection", () => {
  it("lists exactly the values the front door's backend service sets", () => {
    expect(documented).toEqual(outlierDetection);
  });
});
