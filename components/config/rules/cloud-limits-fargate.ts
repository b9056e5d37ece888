import { describeFargateMemory, fargateMemoryChoices, fargateTaskSizes } from "../facts/aws";
import { limit } from "../facts/limits";
import { isObj } from "./read";
import type { Issue, Rule } from "./rule";

export const cloudLimitsFargate: Rule = {
  id: "cloud-limits-fargate",
  doc: "on aws, gateway and worker ask for a Fargate task size (ECS's tasks per service: the schema, facts/limits.ts)",
  check(c) {
    const out: Issue[] = [];
    if (c.cloud !== "aws") return out;
    for (const key of ["gateway", "worker"] as const) {
      const g = c[key];
      if (!isObj(g) || typeof g.cpu !== "number" || typeof g.memoryMiB !== "number") continue;
      // Past the schema's range the schema reports it, once.
      if (g.cpu > limit(`${key}.cpu`).max || g.memoryMiB > limit(`${key}.memoryMiB`).max) continue;
      const choices = fargateMemoryChoices(g.cpu);
      if (!choices) {
        out.push({ path: [key, "cpu"], message: `is not a Fargate task size; allowed vCPU: ${fargateTaskSizes.map((s) => s.vcpu).join(", ")}`, value: g.cpu });
      } else if (!choices.includes(g.memoryMiB)) {
        out.push({ path: [key, "memoryMiB"], message: `is not offered by Fargate with ${g.cpu} vCPU; allowed MiB: ${describeFargateMemory(g.cpu)}`, value: g.memoryMiB });
      }
    }
    return out;
  },
};
