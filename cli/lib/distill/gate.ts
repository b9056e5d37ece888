import type { Stack } from "../../../components/config/model";

/** Fewer held-out pairs than this and a mean score says too little to serve on. */
export const minHeldOutPairs = 20;

/** The `serve` record the gate writes into the stack (`fineTuning.distillation.serve`). */
export interface ServeRecord {
  version: string;
  score: number;
  weightPercent: number;
}

export type GateVerdict = { ok: true; serve: ServeRecord } | { ok: false; reasons: string[] };

const num = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/**
 * Decides from the evaluation Job's own output (`worker/evaluate.ts`, its result object) whether
 * the stack's distilled adapter may serve. The spec's metric and threshold decide, not the
 * result's own `passed`: a result must score the adapter version the stack serves, with the
 * spec's metric, on enough held-out pairs, at or above the spec's threshold.
 */
export function gate(stack: Stack, result: unknown, weightPercent?: number): GateVerdict {
  const d = stack.fineTuning?.distillation;
  if (!d) return { ok: false, reasons: ["the stack has no fineTuning.distillation"] };
  const r = (result ?? {}) as Record<string, unknown>;
  const reasons: string[] = [];
  const adapter = stack.fineTuning?.adapters.find((a) => a.name === d.adapter);
  if (r.adapter !== d.adapter) reasons.push(`the evaluation scored ${JSON.stringify(r.adapter)}, the stack distils into ${d.adapter}`);
  if (adapter && r.version !== adapter.version) reasons.push(`the evaluation scored version ${JSON.stringify(r.version)}, fineTuning.adapters serves ${adapter.version}`);
  if (r.metric !== d.metric) reasons.push(`the evaluation used metric ${JSON.stringify(r.metric)}, the spec names ${d.metric}`);
  if (!num(r.pairs) || r.pairs < minHeldOutPairs) reasons.push(`the evaluation scored ${JSON.stringify(r.pairs)} held-out pairs; at least ${minHeldOutPairs} are needed`);
  if (!num(r.score) || r.score < 0 || r.score > 1) reasons.push(`the evaluation's score ${JSON.stringify(r.score)} is not a number from 0 to 1`);
  else if (r.score < d.threshold) reasons.push(`score ${r.score} is below the threshold ${d.threshold} (${d.metric})`);
  const weight = weightPercent ?? d.serve?.weightPercent ?? 5;
  if (!(weight > 0 && weight <= 100)) reasons.push(`weight ${weight} must be above 0 and at most 100 (percent)`);
  if (reasons.length > 0 || !adapter) return { ok: false, reasons };
  return { ok: true, serve: { version: adapter.version, score: r.score as number, weightPercent: weight } };
}

/**
 * Cost per request of the teacher's group before and after serving the adapter at `weightPercent`:
 * the teacher's logged cost per request, and the share the adapter answers at its token price
 * (zero: the student's GPU nodes are paid per node-hour, priced in the plan's cost, not per request).
 */
export function costPerRequest(teacherUsd: number, weightPercent: number, studentUsd = 0): { beforeUsd: number; afterUsd: number } {
  return { beforeUsd: teacherUsd, afterUsd: ((100 - weightPercent) * teacherUsd + weightPercent * studentUsd) / 100 };
}
