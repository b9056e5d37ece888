import { servedGroups } from "./read";
import type { Rule } from "./rule";

export const routerGroupNotAModelGroup: Rule = {
  id: "router-group-not-a-model-group",
  doc: "routing.routerGroup is a name of its own, not one of a model group",
  check(c) {
    if (!(c.routing && typeof c.routing.routerGroup === "string" && servedGroups(c).has(c.routing.routerGroup))) return [];
    return [{ path: ["routing", "routerGroup"], message: "must not be the name of a model group", value: c.routing.routerGroup }];
  },
};
