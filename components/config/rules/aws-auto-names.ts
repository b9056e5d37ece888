import { awsNameLimits } from "../facts/aws";
import { autoNameSuffixLength } from "../facts/common";
import { isObj } from "./read";
import type { Issue, Rule } from "./rule";

/**
 * The AWS adapter's longest auto-named children, as `<project>-<region><suffix>`, by the limit
 * that binds them (`facts/aws.ts` `awsNameLimits`). `test/aws/names.test.ts` checks every example
 * plan against the limits, so a new longer child fails there before it fails at `pulumi up`.
 */
const awsLongestChildren: readonly { type: string; suffix: string; what: string }[] = [
  { type: "aws:s3/bucket:Bucket", suffix: "-kubernetes-model-cache-bucket", what: "model-cache bucket" },
  { type: "aws:iam/role:Role", suffix: "-kubernetes-autoscaler-role", what: "autoscaler IAM role" },
];

/**
 * Names Pulumi derives on AWS must fit the cloud's limits once it appends its 8-character
 * suffix (`facts/common.ts`): the project and region are part of every logical name, and a GPU
 * pool's name is part of its node group's.
 */
export const awsAutoNames: Rule = {
  id: "aws-auto-names",
  doc: "on aws, the names Pulumi derives from the project, each region and each GPU pool fit AWS's limits",
  check(c, { project }) {
    if (c.cloud !== "aws") return [];
    const out: Issue[] = [];
    const regions = (Array.isArray(c.regions) ? c.regions : []).filter((r): r is string => typeof r === "string");
    for (const region of regions) {
      // One message per region, naming the child that binds tightest.
      const tightest = awsLongestChildren
        .map((child) => ({ ...child, max: awsNameLimits[child.type]!.max, logical: `${project}-${region}${child.suffix}` }))
        .map((x) => ({ ...x, room: x.max - autoNameSuffixLength - region.length - x.suffix.length - 1 }))
        .sort((a, b) => a.room - b.room)[0]!;
      if (project.length > tightest.room) {
        out.push({
          path: ["regions"],
          message: `with project '${project}' in ${region}, the ${tightest.what}'s name '${tightest.logical}-xxxxxxx' would exceed AWS's ${tightest.max} characters; use a project name of at most ${tightest.room} characters (Pulumi.yaml name)`,
          value: region,
        });
      }
      const pools = isObj(c.cluster) && Array.isArray(c.cluster.gpuPools) ? c.cluster.gpuPools : [];
      pools.forEach((pool, i) => {
        if (!isObj(pool) || typeof pool.name !== "string") return;
        const logical = `${project}-${region}-kubernetes-gpu-${pool.name}`;
        const max = awsNameLimits["aws:eks/nodeGroup:NodeGroup"]!.max;
        if (logical.length + autoNameSuffixLength > max) {
          out.push({
            path: ["cluster", "gpuPools", i, "name"],
            message: `makes the node group name '${logical}-xxxxxxx' longer than EKS's ${max} characters; use at most ${max - autoNameSuffixLength - (logical.length - pool.name.length)} characters`,
            value: pool.name,
          });
        }
      });
    }
    return out;
  },
};
