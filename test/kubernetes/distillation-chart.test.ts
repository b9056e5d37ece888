// The distillation parts of charts/fine-tuning, rendered by the real helm (pinned) from the values
// the kit derives from a distilling spec, each manifest validated against the Kubernetes schemas:
// the distillation export CronJob and the evaluation Job (the GPU-side steps, ready for a cluster).
import * as path from "node:path";
import { CronJob } from "kubernetes-models/batch/v1/CronJob";
import { Job } from "kubernetes-models/batch/v1/Job";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { afterAll, describe, expect, it } from "vitest";
import { type Stack, parseStack } from "../../components/config";
import { type FineTuningCloudFacts, renderFineTuningValues } from "../../components/kubernetes/fine-tuning-release";
import { distilling } from "../helpers/distillation";
import { pinnedHelm } from "../helpers/helm";

const pinned = pinnedHelm();
afterAll(() => pinned.cleanup());
type Obj = Record<string, any>;
const render = (values: Obj[]): Obj[] => pinned.template("fine-tuning", values, { release: "ft" });
const validate: Record<string, (o: Obj) => void> = {
  CronJob: (o) => new CronJob(o as any).validate(),
  Job: (o) => new Job(o as any).validate(),
  ConfigMap: (o) => new ConfigMap(o as any).validate(),
  ServiceAccount: (o) => new ServiceAccount(o as any).validate(),
};

const facts: FineTuningCloudFacts = {
  cloud: "aws",
  region: "us-east-1",
  logBucket: "ai-infra-log-bucket",
  modelBucket: "ai-infra-model-bucket",
  identity: "arn:aws:iam::123456789012:role/ft",
  workerImage: { repository: "123456789012.dkr.ecr.us-east-1.amazonaws.com/ai-infra-worker", tag: "1.4.0" },
};

function spec(edit: (raw: Record<string, any>) => void = () => undefined): Stack {
  const raw = distilling();
  edit(raw);
  const r = parseStack(raw, { secretKeys: new Set(["providerKeys"]) });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.stack;
}
const envOf = (c: Obj) => Object.fromEntries(c.env.map((e: Obj) => [e.name, e.value ?? e.valueFrom?.secretKeyRef?.name]));

describe("charts/fine-tuning: distillation", () => {
  it("renders the distillation export and the evaluation Job from the spec, valid Kubernetes objects", () => {
    // Free text: token F1 at 0.75 (the example's exact-match would hide a template that ignores the metric).
    const objs = render([renderFineTuningValues(spec((r) => Object.assign(r.fineTuning.distillation, { metric: "token-f1", threshold: 0.75, serve: undefined })).fineTuning!, facts)]);
    for (const o of objs) validate[o.kind]!(o);
    expect(objs.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(["CronJob/fine-tuning-distill-export", "CronJob/fine-tuning-export", "Job/fine-tuning-evaluate-eval-1", "ServiceAccount/fine-tuning"]);
    const cron = objs.find((o) => o.metadata.name === "fine-tuning-distill-export")!;
    const ex = envOf(cron.spec.jobTemplate.spec.template.spec.containers[0]);
    expect(ex).toMatchObject({ EXPORT_MODELS: "chat-strong", EXPORT_TAGS: "ticket-triage", EXPORT_HELD_OUT_PERCENT: "20", EXPORT_RUN_ID_PREFIX: "distill", EXPORT_SENSITIVE_TAGS: "sensitive", EXPORT_TRAINING_BUCKET: "ai-infra-model-bucket" });
    const job = objs.find((o) => o.kind === "Job")!;
    expect(job.spec.backoffLimit).toBe(0);
    const c = job.spec.template.spec.containers[0];
    expect(c.image).toBe("123456789012.dkr.ecr.us-east-1.amazonaws.com/ai-infra-worker:1.4.0");
    expect(c.command).toEqual(["node", "--enable-source-maps", "dist/evaluate.js"]);
    expect(envOf(c)).toEqual({
      EVAL_REGION: "us-east-1",
      AWS_REGION: "us-east-1",
      EVAL_BUCKET: "ai-infra-model-bucket",
      EVAL_TRAINING_SET: "distill-2026-12-01",
      EVAL_BASE_URL: "http://vllm-llama-small.vllm.svc.cluster.local:8000/v1",
      EVAL_ADAPTER: "triage-small",
      EVAL_VERSION: "run-1",
      EVAL_ID: "eval-1",
      EVAL_METRIC: "token-f1",
      EVAL_THRESHOLD: "0.75",
    });
    // No GPU: the evaluation calls the vLLM release that holds it.
    expect(JSON.stringify(job)).not.toContain("nvidia.com/gpu");
  });

  it("renders neither without distillation, and no evaluation Job without an evaluation run", () => {
    const none = render([renderFineTuningValues(spec((r) => delete r.fineTuning.distillation).fineTuning!, facts)]);
    expect(none.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(["CronJob/fine-tuning-export", "ServiceAccount/fine-tuning"]);
    const noEval = render([renderFineTuningValues(spec((r) => delete r.fineTuning.distillation.evaluation).fineTuning!, facts)]);
    expect(noEval.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(["CronJob/fine-tuning-distill-export", "CronJob/fine-tuning-export", "ServiceAccount/fine-tuning"]);
  });

  it("the chart's schema refuses an evaluation without its adapter and an unknown metric", () => {
    const base = renderFineTuningValues(spec().fineTuning!, facts) as Obj;
    const withEval = (evaluation: Obj) => ({ ...base, distillation: { ...base.distillation, evaluation: { ...base.distillation.evaluation, ...evaluation } } });
    for (const bad of [{ adapter: "" }, { metric: "bleu" }]) {
      const r = pinned.run("template", "ft", path.join(__dirname, "..", "..", "charts", "fine-tuning"), "-f", pinned.valuesFile(withEval(bad)));
      expect(r.code, JSON.stringify(bad)).not.toBe(0);
      expect(r.stderr).toContain("values don't meet the specifications of the schema");
    }
  });
});
