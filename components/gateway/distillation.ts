import type { Stack } from "../config/model";
import { vllmUrlEnv } from "./env";

/**
 * A distilled adapter answering part of its teacher's traffic: once the gate has recorded a
 * passing evaluation (`fineTuning.distillation.serve`), the teacher's model group gets one more
 * deployment, the adapter on its student's vLLM release, at `weightPercent` of the group's
 * requests; the teacher's own deployments share the rest in their existing proportions. The
 * router's simple-shuffle picks deployments by `weight` (it reads weights only when the group's
 * first deployment has one, so every deployment of the group gets one). A failed adapter call is
 * retried on the group's other deployments: the teacher answers. Without `serve`: nothing changes.
 */
export function applyDistillation(stack: Stack, modelList: Record<string, any>[]): Record<string, any>[] {
  const d = stack.fineTuning?.distillation;
  if (!d?.serve) return modelList;
  const adapter = stack.fineTuning?.adapters.find((a) => a.name === d.adapter);
  if (!adapter) return modelList;
  const teacher = modelList.filter((e) => e.model_name === d.teacher);
  const share = 100 - d.serve.weightPercent;
  // Weights of a group are relative; the teacher's deployments keep their ratios among themselves.
  const given = teacher.map((e) => (typeof e.litellm_params?.weight === "number" ? e.litellm_params.weight : undefined));
  const sum = given.every((w) => w !== undefined) ? given.reduce((a: number, w) => a + w!, 0) : teacher.length;
  const weighted = modelList.map((e) => {
    if (e.model_name !== d.teacher) return e;
    const own = typeof e.litellm_params?.weight === "number" && given.every((w) => w !== undefined) ? e.litellm_params.weight : 1;
    return { ...e, litellm_params: { ...e.litellm_params, weight: sum > 0 ? round((share * own) / sum) : 0 } };
  });
  const base = (stack.selfHosted ?? []).find((s) => s.name === d.student);
  const timeout = base?.overflow?.timeoutSeconds ?? stack.gateway.timeoutSeconds;
  return [
    ...weighted,
    {
      model_name: d.teacher,
      litellm_params: {
        model: `hosted_vllm/${adapter.name}`,
        api_base: `os.environ/${vllmUrlEnv(d.student)}`,
        timeout,
        stream_timeout: timeout,
        weight: d.serve.weightPercent,
        // GPU time is paid per node-hour, as for the base model.
        input_cost_per_token: 0,
        output_cost_per_token: 0,
      },
      model_info: {
        id: `${adapter.name}-distilled`,
        provider: "self-hosted",
        base_model_group: d.student,
        adapter_version: adapter.version,
        distilled_from: d.teacher,
        evaluation_score: d.serve.score,
      },
    },
  ];
}

const round = (n: number) => Math.round(n * 1000) / 1000;
