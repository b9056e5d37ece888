import { isObj } from "./read";
import type { Issue, Rule } from "./rule";

const names = (v: unknown): string[] => (Array.isArray(v) ? v.filter(isObj).map((x) => x.name).filter((n): n is string => typeof n === "string") : []);

/**
 * Distillation learns a group callers already use (the teacher) into an adapter on a self-hosted
 * base (the student); the gate's record (`serve`) must match the adapter served and have passed.
 */
export const fineTuningDistillation: Rule = {
  id: "fine-tuning-distillation",
  doc: "fineTuning.distillation's teacher is a model group, its student a self-hosted group, its adapter an adapter on the student, and serve records a passing evaluation of the adapter's version",
  check(c) {
    const out: Issue[] = [];
    const ft = c.fineTuning;
    if (!isObj(ft) || !isObj(ft.distillation)) return out;
    const d = ft.distillation;
    const at = (...p: PropertyKey[]) => ["fineTuning", "distillation", ...p];
    const hosted = [...new Set(names(c.models))];
    const selfHosted = names(c.selfHosted);
    const adapters: Record<string, any>[] = Array.isArray(ft.adapters) ? ft.adapters.filter(isObj) : [];
    const groups = [...hosted, ...selfHosted];
    if (typeof d.teacher === "string" && !groups.includes(d.teacher)) {
      out.push({ path: at("teacher"), message: `names no model group (the teacher is a group callers ask for); groups: ${groups.join(", ")}`, value: d.teacher });
    }
    if (typeof d.student === "string") {
      if (!selfHosted.includes(d.student)) {
        out.push({ path: at("student"), message: `is not a self-hosted group (the adapter is trained on and served beside its weights); allowed: ${selfHosted.join(", ") || "(none: set ai-infra:selfHosted)"}`, value: d.student });
      } else if (d.student === d.teacher) {
        out.push({ path: at("student"), message: "must differ from the teacher (distillation moves the teacher's traffic to a cheaper base)", value: d.student });
      }
    }
    if (typeof d.adapter !== "string") return out;
    const onStudent = adapters.filter((a) => a.baseModel === d.student).map((a) => a.name as string);
    const adapter = adapters.find((a) => a.name === d.adapter && a.baseModel === d.student);
    if (!adapter) {
      out.push({ path: at("adapter"), message: `is not an adapter of fineTuning.adapters on the student ${String(d.student)}; allowed: ${onStudent.join(", ") || "(none: add the trained adapter to fineTuning.adapters)"}`, value: d.adapter });
      return out;
    }
    if (isObj(d.serve)) {
      if (typeof d.serve.version === "string" && d.serve.version !== adapter.version) {
        out.push({ path: at("serve", "version"), message: `is not the version fineTuning.adapters serves for ${d.adapter}; allowed: ${adapter.version} (run the evaluation and the gate on the served version)`, value: d.serve.version });
      }
      if (typeof d.serve.score === "number" && typeof d.threshold === "number" && d.threshold >= 0 && d.threshold <= 1 && d.serve.score < d.threshold) {
        out.push({ path: at("serve", "score"), message: `is below the threshold ${d.threshold}: the adapter serves only after a passing evaluation; allowed: ${d.threshold} to 1`, value: d.serve.score });
      }
    }
    return out;
  },
};
