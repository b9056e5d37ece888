import { describeShape, modelGardenModels, vertexAcceleratorRegions } from "../facts/dedicated";
import { dedicatedBlocks, maxBelowMin } from "./read";
import type { Issue, Rule } from "./rule";

/**
 * On gcp, a dedicated Model Garden deployment is of a model the kit knows, on a shape that model is
 * deployed on, in a region whose zones carry the accelerator; max replicas not below min.
 */
export const dedicatedVertexShape: Rule = {
  id: "dedicated-vertex-shape",
  doc: "on gcp, a dedicated model is a known Model Garden model on one of its shapes, in a region with that accelerator",
  check(c) {
    const out: Issue[] = [];
    for (const { index, key, block } of dedicatedBlocks(c)) {
      if (key !== "vertex") continue;
      const path = ["dedicated", index, "vertex"];
      out.push(...maxBelowMin(path, block, "minReplicas", "maxReplicas"));
      if (typeof block.model !== "string") continue;
      const model = modelGardenModels.find((m) => m.id === block.model);
      if (!model) {
        out.push({ path: [...path, "model"], message: `is not a Model Garden model the kit deploys; allowed: ${modelGardenModels.map((m) => m.id).join(", ")}`, value: block.model });
        continue;
      }
      const shape = model.shapes.find((s) => s.machineType === block.machineType && s.acceleratorType === block.acceleratorType && s.acceleratorCount === block.acceleratorCount);
      if (!shape) {
        out.push({
          path: [...path, "machineType"],
          message: `with ${String(block.acceleratorCount)} x ${String(block.acceleratorType)} is not a shape ${model.id} is deployed on; allowed: ${model.shapes.map(describeShape).join("; ")}`,
          value: block.machineType,
        });
        continue;
      }
      const regions = vertexAcceleratorRegions(shape.acceleratorType);
      if (typeof block.region === "string" && !regions.includes(block.region)) {
        out.push({ path: [...path, "region"], message: `has no Vertex AI deployment on ${shape.acceleratorType}; allowed: ${regions.join(", ")}`, value: block.region });
      }
    }
    return out;
  },
};
