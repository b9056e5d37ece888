import { resourcePolicy } from "../lib/define";
import { arr, label, obj, str } from "../lib/resources";

const gpuTaint = "nvidia.com/gpu";
const gpuInstance = /^(p\d|g\d)[a-z0-9]*\./;
const gpuMachine = /^(a2|a3|a4|g2|g4)-/;

/**
 * GPU node pools carry the `nvidia.com/gpu` NoSchedule taint (so only pods that tolerate it — the
 * model servers — land on GPU nodes) and have a finite maximum size no larger than the stage's
 * bound (`maxGpuNodesPerPool`): EKS managed node groups, GKE node pools (the per-zone maximum
 * times the zones, or the total maximum) and Karpenter node pools (which need `spec.limits`).
 *
 * Severity: medium. Enforcement: advisory (cost and capacity, not data).
 * Rationale: an untainted GPU node fills with system pods and leaves no room for the model; an
 * unbounded pool turns a queue spike into a five-figure bill.
 * Checkov / tfsec / CIS: none.
 */
export const gpuNodePoolsTaintedAndBounded = resourcePolicy("guardrails", {
  name: "gpu-node-pools-tainted-and-bounded",
  description: "GPU node pools are tainted for GPU workloads and bounded in size.",
  enforcementLevel: "advisory",
  severity: "medium",
  mappings: [],
  validate: (r, s, report) => {
    const p = r.props;
    let gpu = false;
    let tainted = false;
    let max: number | undefined;
    if (r.type === "aws:eks/nodeGroup:NodeGroup") {
      gpu = /GPU|NVIDIA/i.test(str(p.amiType) ?? "") || arr(p.instanceTypes).some((t) => typeof t === "string" && gpuInstance.test(t));
      tainted = arr(p.taints).some((t) => str(obj(t).key) === gpuTaint && str(obj(t).effect) === "NO_SCHEDULE");
      const m = obj(p.scalingConfig).maxSize;
      max = typeof m === "number" ? m : undefined;
    } else if (r.type === "gcp:container/nodePool:NodePool") {
      const node = obj(p.nodeConfig);
      gpu = arr(node.guestAccelerators).length > 0 || gpuMachine.test(str(node.machineType) ?? "");
      tainted = arr(node.taints).some((t) => str(obj(t).key) === gpuTaint && str(obj(t).effect) === "NO_SCHEDULE");
      const auto = obj(p.autoscaling);
      const zones = Math.max(1, arr(p.nodeLocations).length);
      if (typeof auto.totalMaxNodeCount === "number") max = auto.totalMaxNodeCount;
      else if (typeof auto.maxNodeCount === "number") max = auto.maxNodeCount * zones;
      else if (Object.keys(auto).length === 0) {
        const fixed = typeof p.nodeCount === "number" ? p.nodeCount : typeof p.initialNodeCount === "number" ? p.initialNodeCount : undefined;
        max = fixed === undefined ? undefined : fixed * zones;
      }
    } else if (r.type === "kubernetes:karpenter.sh/v1:NodePool") {
      const tmpl = obj(obj(obj(p.spec).template).spec);
      gpu = JSON.stringify(tmpl.requirements ?? []).match(/instance-gpu|nvidia|"g","p"|"p","g"/i) !== null;
      tainted = arr(tmpl.taints).some((t) => str(obj(t).key) === gpuTaint && str(obj(t).effect) === "NoSchedule");
      if (gpu && Object.keys(obj(obj(p.spec).limits)).length === 0) {
        report(`${label(r)} is a GPU node pool without spec.limits, so Karpenter may add GPU nodes without bound`);
      }
      if (gpu && !tainted) report(`${label(r)} is a GPU node pool without the ${gpuTaint} NoSchedule taint, so ordinary pods can be scheduled on GPU nodes`);
      return;
    } else {
      return;
    }
    if (!gpu) return;
    if (!tainted) report(`${label(r)} is a GPU node pool without the ${gpuTaint} NoSchedule taint, so ordinary pods can be scheduled on GPU nodes`);
    if (max === undefined) report(`${label(r)} is a GPU node pool without an upper bound on its size`);
    else if (max > s.maxGpuNodesPerPool) report(`${label(r)} may grow to ${max} GPU nodes, above the bound of ${s.maxGpuNodesPerPool} per pool at stage ${s.stage}`);
  },
});
