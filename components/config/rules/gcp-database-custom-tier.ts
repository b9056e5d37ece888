import { cloudSqlTiers, customTierProblem } from "../facts/gcp";
import type { Rule } from "./rule";

export const gcpDatabaseCustomTier: Rule = {
  id: "gcp-database-custom-tier",
  doc: "on gcp, a custom database.tier is one Cloud SQL creates",
  check(c) {
    const db = c.database && typeof c.database === "object" ? (c.database as Record<string, unknown>) : undefined;
    if (c.cloud !== "gcp" || !db || typeof db.tier !== "string" || !/^db-(f1-micro|g1-small|custom-\d+-\d+)$/.test(db.tier)) return [];
    const problem = customTierProblem(db.tier);
    return problem ? [{ path: ["database", "tier"], message: `${problem} (${cloudSqlTiers.source})`, value: db.tier }] : [];
  },
};
