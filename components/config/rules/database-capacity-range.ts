import type { Rule } from "./rule";

export const databaseCapacityRange: Rule = {
  id: "database-capacity-range",
  doc: "database.maxCapacity is at least database.minCapacity",
  check(c) {
    if (!c.database || typeof c.database !== "object") return [];
    const db = c.database as Record<string, unknown>;
    if (typeof db.minCapacity !== "number" || typeof db.maxCapacity !== "number" || !(db.minCapacity > db.maxCapacity)) return [];
    return [{ path: ["database", "maxCapacity"], message: `must be at least database.minCapacity (${db.minCapacity})`, value: db.maxCapacity }];
  },
};
