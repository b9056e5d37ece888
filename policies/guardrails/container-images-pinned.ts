import { resourcePolicy } from "../lib/define";
import { imagePinProblem } from "../lib/images";
import { arr, label, obj, parseJsonish, str } from "../lib/resources";

const workloadSpecs: Record<string, (p: Record<string, unknown>) => unknown> = {
  "kubernetes:apps/v1:Deployment": (p) => obj(obj(p.spec).template).spec,
  "kubernetes:apps/v1:StatefulSet": (p) => obj(obj(p.spec).template).spec,
  "kubernetes:apps/v1:DaemonSet": (p) => obj(obj(p.spec).template).spec,
  "kubernetes:batch/v1:Job": (p) => obj(obj(p.spec).template).spec,
  "kubernetes:batch/v1:CronJob": (p) => obj(obj(obj(obj(p.spec).jobTemplate).spec).template).spec,
  "kubernetes:core/v1:Pod": (p) => p.spec,
};

/** `image:` entries of Helm values: a reference string, or `{registry, repository, tag, digest}`. */
function valuesImages(values: unknown, path: string, out: { at: string; ref: string }[]): void {
  if (Array.isArray(values)) {
    values.forEach((v, i) => valuesImages(v, `${path}[${i}]`, out));
    return;
  }
  if (!values || typeof values !== "object") return;
  for (const [k, v] of Object.entries(values as Record<string, unknown>)) {
    const at = path ? `${path}.${k}` : k;
    if (k === "image" && typeof v === "string") out.push({ at, ref: v });
    else if (k === "image" && v && typeof v === "object" && typeof obj(v).repository === "string") {
      const o = obj(v);
      const tag = typeof o.tag === "number" || typeof o.tag === "string" ? String(o.tag) : "";
      const digest = str(o.digest);
      const repo = str(o.registry) ? `${str(o.registry)}/${str(o.repository)}` : str(o.repository)!;
      out.push({ at, ref: `${repo}${tag ? `:${tag}` : ""}${digest ? `@${digest}` : ""}` });
    } else valuesImages(v, at, out);
  }
}

/**
 * Every container image a stack runs is pinned: an exact version tag (never `latest` or another
 * moving tag, never no tag), and a digest, where one is given, that is a well-formed sha256. Read
 * from ECS task definitions, Cloud Run services and jobs, Kubernetes workloads and Helm values.
 *
 * Severity: high. Enforcement: mandatory.
 * Rationale: a moving tag changes what runs without a deploy (LiteLLM 1.107.0 was a compromised
 * release); a preview must show exactly which release will serve traffic.
 * Checkov: CKV_K8S_14 (image tag fixed, not latest or blank), CKV_K8S_43 (image by digest).
 * tfsec: none.
 */
export const containerImagesPinned = resourcePolicy("guardrails", {
  name: "container-images-pinned",
  description: "Container images are pinned to an exact version (and a valid digest where given).",
  enforcementLevel: "mandatory",
  severity: "high",
  mappings: ["CKV_K8S_14", "CKV_K8S_43"],
  validate: (r, _s, report) => {
    const images: { at: string; ref: string }[] = [];
    const p = r.props;
    if (r.type === "aws:ecs/taskDefinition:TaskDefinition") {
      // One JSON string: at preview it is unknown as a whole when any field comes from another
      // resource's output (a secret's ARN), and reading it then makes the check "not checkable at
      // preview" rather than a pass.
      for (const c of arr(parseJsonish(p.containerDefinitions))) {
        const image = str(obj(c).image);
        if (image) images.push({ at: `container ${str(obj(c).name) ?? "?"}`, ref: image });
      }
    } else if (r.type === "gcp:cloudrunv2/service:Service" || r.type === "gcp:cloudrunv2/job:Job") {
      const template = obj(p.template);
      const containers = r.type === "gcp:cloudrunv2/job:Job" ? obj(template.template).containers : template.containers;
      for (const c of arr(containers)) {
        const image = str(obj(c).image);
        if (image) images.push({ at: `container ${str(obj(c).name) ?? "?"}`, ref: image });
      }
    } else if (r.type in workloadSpecs) {
      const spec = obj(workloadSpecs[r.type]!(p));
      for (const c of [...arr(spec.initContainers), ...arr(spec.containers)]) {
        const image = str(obj(c).image);
        images.push({ at: `container ${str(obj(c).name) ?? "?"}`, ref: image ?? "" });
      }
    } else if (r.type === "kubernetes:helm.sh/v3:Release" || r.type === "kubernetes:helm.sh/v4:Chart") {
      valuesImages(parseJsonish(p.values), "values", images);
    } else {
      return;
    }
    for (const { at, ref } of images) {
      const problem = imagePinProblem(ref);
      if (problem) report(`${label(r)} runs image ${ref || "(none)"} (${at}), which ${problem}`);
    }
  },
});
