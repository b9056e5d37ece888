import { stageAtLeast } from "../model";
import { sectionStages } from "../stage-sections";
import { knownCloud, knownStage } from "./read";
import type { Issue, Rule } from "./rule";

export const sectionsFromStage: Rule = {
  id: "sections-from-stage",
  doc: "a section is set only at the stages that build it",
  check(c) {
    const stage = knownStage(c);
    const cloud = knownCloud(c);
    if (!stage || !cloud) return [];
    const out: Issue[] = [];
    for (const s of sectionStages) {
      if (s.cloud && s.cloud !== cloud) continue;
      if ((c as Record<string, unknown>)[s.section] === undefined || stageAtLeast(stage, s.from)) continue;
      out.push({
        path: [s.section],
        message: `builds ${s.what}, which ${s.cloud ? `cloud ${s.cloud} has` : "the kit builds"} from stage ${s.from} (this stack is ${stage}); remove it or set stage ${s.from}`,
      });
    }
    return out;
  },
};
