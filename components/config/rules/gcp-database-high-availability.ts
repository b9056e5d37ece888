import { cloudSqlTiers } from "../facts/gcp";
import { defaultDatabaseTiers } from "../presets";
import type { Stage } from "../schema";
import type { Rule } from "./rule";

/** The Cloud SQL SLA covers dedicated-core tiers only: the effective one is `database.tier` or the stage's default. */
export const gcpDatabaseHighAvailability: Rule = {
  id: "gcp-database-high-availability",
  doc: "on gcp, database.highAvailability runs on a dedicated-core tier",
  check(c) {
    const db = c.database && typeof c.database === "object" ? (c.database as Record<string, unknown>) : undefined;
    if (c.cloud !== "gcp" || !db) return [];
    const tierSet = typeof db.tier === "string";
    const stage = typeof c.stage === "string" && c.stage in defaultDatabaseTiers.gcp ? (c.stage as Stage) : undefined;
    const tier = tierSet ? (db.tier as string) : stage ? defaultDatabaseTiers.gcp[stage] : undefined;
    if (db.highAvailability !== true || !tier || !cloudSqlTiers.sharedCore.includes(tier)) return [];
    return [
      {
        path: tierSet ? ["database", "tier"] : ["database", "highAvailability"],
        message: `${tierSet ? "is" : `needs a dedicated-core database.tier: the stage's default ${tier} is`} a shared-core tier, which the Cloud SQL SLA does not cover; with database.highAvailability set a tier of db-custom-<vCPUs>-<MiB> such as db-custom-1-3840 is required`,
        value: tierSet ? db.tier : true,
      },
    ];
  },
};
