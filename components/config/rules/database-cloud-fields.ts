import type { Issue, Rule } from "./rule";

export const databaseCloudFields: Rule = {
  id: "database-cloud-fields",
  doc: "database sets the capacity fields on aws (Aurora) and the tier on gcp (Cloud SQL), not the other cloud's",
  check(c) {
    const out: Issue[] = [];
    if (!c.database || typeof c.database !== "object") return out;
    const db = c.database as Record<string, unknown>;
    if (c.cloud === "gcp") {
      for (const k of ["minCapacity", "maxCapacity"].filter((k) => db[k] !== undefined)) {
        out.push({ path: ["database", k], message: "is for cloud aws (Aurora Serverless v2 capacity); on gcp set database.tier", value: db[k] });
      }
    }
    if (c.cloud === "aws" && db.tier !== undefined) {
      out.push({ path: ["database", "tier"], message: "is for cloud gcp (Cloud SQL tier); on aws set database.minCapacity and database.maxCapacity", value: db.tier });
    }
    return out;
  },
};
