import { isObj, knownCloud } from "./read";
import type { Issue, Rule } from "./rule";

/** Each `dedicated` entry holds its cloud's block (`bedrock` on aws, `vertex` on gcp) and not the other's. */
export const dedicatedCloudBlock: Rule = {
  id: "dedicated-cloud-block",
  doc: "each dedicated entry has exactly its cloud's block: bedrock on aws, vertex on gcp",
  check(c) {
    const cloud = knownCloud(c);
    if (!cloud || !Array.isArray(c.dedicated)) return [];
    const own = cloud === "aws" ? "bedrock" : "vertex";
    const other = cloud === "aws" ? "vertex" : "bedrock";
    const out: Issue[] = [];
    c.dedicated.forEach((d: unknown, i: number) => {
      if (!isObj(d)) return;
      if (d[other] !== undefined) {
        out.push({ path: ["dedicated", i, other], message: `is read on cloud ${other === "bedrock" ? "aws" : "gcp"} only; on cloud ${cloud} set dedicated[${i}].${own}` });
      }
      if (d[own] === undefined) out.push({ path: ["dedicated", i, own], message: `is required on cloud ${cloud}: the ${own === "bedrock" ? "Bedrock Provisioned Throughput" : "dedicated Vertex AI endpoint"} that serves group '${String(d.group)}'` });
    });
    return out;
  },
};
