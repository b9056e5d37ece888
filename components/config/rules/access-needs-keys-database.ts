import { keysDatabaseAt, keysStage } from "../presets";
import { knownCloud, knownStage } from "./read";
import type { Rule } from "./rule";

export const accessNeedsKeysDatabase: Rule = {
  id: "access-needs-keys-database",
  doc: "access is set only where the stack has the keys database",
  check(c) {
    const cloud = knownCloud(c);
    const stage = knownStage(c);
    if (c.access === undefined || !cloud || !stage || keysDatabaseAt(stage, cloud)) return [];
    const from = keysStage(cloud);
    return [
      {
        path: ["access"],
        message: `needs the keys database, which cloud ${cloud} has from stage ${from} (this stack is ${stage}; its callers use the front door's API keys of api.keys): remove access or set stage ${from}`,
      },
    ];
  },
};
