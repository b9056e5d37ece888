// charts/fine-tuning and the LoRA values of charts/vllm-serving, rendered and linted by the real
// helm (pinned, scripts/setup/30-helm.sh), each manifest validated against the Kubernetes
// schemas (kubernetes-models), and the values the kit derives from a spec rendered through it.
import * as path from "node:path";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { CronJob } from "kubernetes-models/batch/v1/CronJob";
import { Job } from "kubernetes-models/batch/v1/Job";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type FineTuningCloudFacts, renderFineTuningValues } from "../../components/kubernetes/fine-tuning-release";
import { renderVllmValues } from "../../components/kubernetes/vllm-release";
import { pinnedHelm } from "../helpers/helm";
import { overflowSpec } from "../gateway/litellm/harness/overflow-stand";

const root = path.resolve(__dirname, "..", "..");
const pinned = pinnedHelm();
afterAll(() => pinned.cleanup());
type Obj = Record<string, any>;
const helm = pinned.run;
const valuesFile = pinned.valuesFile;
const render = (chart: string, values: Obj[]): Obj[] => pinned.template(chart, values, { release: "ft" });

const awsValues: Obj = {
  cloud: "aws",
  region: "us-east-1",
  serviceAccount: { name: "fine-tuning", aws: { roleArn: "arn:aws:iam::123456789012:role/ft" } },
  buckets: { log: "ai-infra-log-bucket", model: "ai-infra-model-bucket" },
  export: { image: { repository: "123456789012.dkr.ecr.us-east-1.amazonaws.com/ai-infra-worker", tag: "1.4.0" }, models: ["llama-small"], tags: ["support"], sensitiveTags: ["sensitive"], sensitiveMetadataKeys: ["contains_pii"] },
};
const run = { training: { runId: "run-1", trainingSet: "2026-12-01T03-00-00-000Z", adapter: "llama-small-support", baseModel: "meta-llama/Llama-3.1-8B-Instruct" } };

const validate: Record<string, (o: Obj) => void> = {
  CronJob: (o) => new CronJob(o as any).validate(),
  Job: (o) => new Job(o as any).validate(),
  ConfigMap: (o) => new ConfigMap(o as any).validate(),
  ServiceAccount: (o) => new ServiceAccount(o as any).validate(),
  Deployment: (o) => new Deployment(o as any).validate(),
};
function schemaCheck(objs: Obj[]) {
  for (const o of objs) {
    const v = validate[o.kind];
    if (!v) throw new Error(`no schema check for kind ${o.kind}`);
    v(o);
  }
}

describe("charts/fine-tuning", () => {
  it("lints, and renders a CronJob export and a LoRA training Job that pass the Kubernetes schemas", () => {
    const lint = helm("lint", path.join(root, "charts", "fine-tuning"), "--kube-version", "1.33.0", "-f", valuesFile({ ...awsValues, ...run }));
    expect(lint.code, lint.stdout + lint.stderr).toBe(0);
    const objs = render("fine-tuning", [awsValues, run]);
    expect(objs.map((o) => o.kind).sort()).toEqual(["ConfigMap", "CronJob", "Job", "ServiceAccount"]);
    schemaCheck(objs);
    const cron = objs.find((o) => o.kind === "CronJob")!;
    expect(cron.spec.concurrencyPolicy).toBe("Forbid");
    const c = cron.spec.jobTemplate.spec.template.spec.containers[0];
    expect(c.command).toEqual(["node", "--enable-source-maps", "dist/export.js"]);
    const env = Object.fromEntries(c.env.map((e: Obj) => [e.name, e.value]));
    expect(env).toMatchObject({ EXPORT_LOG_BUCKET: "ai-infra-log-bucket", EXPORT_TRAINING_BUCKET: "ai-infra-model-bucket", EXPORT_SENSITIVE_TAGS: "sensitive", EXPORT_SENSITIVE_METADATA_KEYS: "contains_pii", EXPORT_MODELS: "llama-small" });

    const job = objs.find((o) => o.kind === "Job")!;
    const spec = job.spec.template.spec;
    // Fetch, then train on the GPU, then upload: the upload only runs after training succeeded.
    expect(spec.initContainers.map((x: Obj) => x.name)).toEqual(["fetch", "train"]);
    expect(spec.containers.map((x: Obj) => x.name)).toEqual(["upload"]);
    expect(spec.initContainers[1].resources.limits["nvidia.com/gpu"]).toBe(1);
    expect(spec.initContainers[1].image).toBe("axolotlai/axolotl:0.12.2");
    expect(spec.containers[0].args[0]).toContain('"s3://ai-infra-model-bucket/adapters/llama-small-support/run-1"');
    const axolotl = parse(objs.find((o) => o.kind === "ConfigMap")!.data["axolotl.yaml"]);
    expect(axolotl).toMatchObject({ adapter: "lora", lora_r: 16, lora_alpha: 32, base_model: "/work/base", output_dir: "/work/out" });
  });

  it("renders no training Job without a run id (the CronJob alone)", () => {
    expect(render("fine-tuning", [awsValues]).map((o) => o.kind).sort()).toEqual(["CronJob", "ServiceAccount"]);
  });

  it("the schema refuses a moving trainer tag, a run without its adapter, and an AWS release without its role", () => {
    const bad = (v: Obj) => helm("template", "ft", path.join(root, "charts", "fine-tuning"), "-f", valuesFile(awsValues), "-f", valuesFile(v));
    const latest = bad({ ...run, training: { ...run.training, image: { repository: "axolotlai/axolotl", tag: "latest" } } });
    expect(latest.code).not.toBe(0);
    expect(latest.stderr).toContain("/training/image/tag");
    const noAdapter = bad({ training: { ...run.training, adapter: "" } });
    expect(noAdapter.code).not.toBe(0);
    expect(noAdapter.stderr).toContain("/training/adapter");
    const noRole = bad({ serviceAccount: { name: "fine-tuning", aws: null } });
    expect(noRole.code).not.toBe(0);
    expect(noRole.stderr).toContain("serviceAccount");
  });
});

describe("charts/vllm-serving with the adapters of a spec", () => {
  const spec = overflowSpec("http://127.0.0.1:1/v1");
  const facts = { cloud: "aws" as const, region: "us-east-1", modelBucket: "ai-infra-model-bucket", identity: "arn:aws:iam::123456789012:role/vllm", queue: "https://sqs.us-east-1.amazonaws.com/123456789012/q" };

  it("serves each adapter of its base model with --enable-lora, synced from the bucket before vLLM starts", () => {
    const values = renderVllmValues(spec.selfHosted![0]!, spec.fineTuning, facts);
    expect(values.lora).toEqual({
      enabled: true,
      maxLoras: 1,
      maxLoraRank: 16,
      maxCpuLoras: 2,
      sizeLimit: "4Gi",
      adapters: [{ name: "llama-small-support", uri: "s3://ai-infra-model-bucket/adapters/llama-small-support/run-1" }],
    });
    const objs = render("vllm-serving", [values]);
    const dep = objs.find((o) => o.kind === "Deployment")!;
    new Deployment(dep as any).validate();
    const pod = dep.spec.template.spec;
    expect(pod.initContainers.map((c: Obj) => c.name)).toEqual(["adapters-sync"]);
    expect(pod.initContainers[0].args[0]).toContain('aws s3 sync --only-show-errors --no-progress "s3://ai-infra-model-bucket/adapters/llama-small-support/run-1" "/adapters/llama-small-support"');
    const args: string[] = pod.containers[0].args;
    expect(args).toEqual(expect.arrayContaining(["--enable-lora", "--max-loras=1", "--max-lora-rank=16", "--lora-modules", "llama-small-support=/adapters/llama-small-support"]));
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: "adapters", mountPath: "/adapters", readOnly: true });
  });

  it("a group without adapters renders no LoRA flags and no sync", () => {
    const values = renderVllmValues(spec.selfHosted![0]!, undefined, facts);
    expect(values.lora).toBeUndefined();
    const pod = render("vllm-serving", [values]).find((o) => o.kind === "Deployment")!.spec.template.spec;
    expect(pod.initContainers).toBeUndefined();
    expect(pod.containers[0].args).not.toContain("--enable-lora");
  });

  it("the schema refuses LoRA on without adapters", () => {
    const values = renderVllmValues(spec.selfHosted![0]!, spec.fineTuning, facts);
    const r = helm("template", "ft", path.join(root, "charts", "vllm-serving"), "-f", valuesFile({ ...values, lora: { ...values.lora, adapters: [] } }));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("/lora/adapters");
  });
});

const awsFacts: FineTuningCloudFacts = {
  cloud: "aws",
  region: "us-east-1",
  logBucket: "ai-infra-log-bucket",
  modelBucket: "ai-infra-model-bucket",
  identity: "arn:aws:iam::123456789012:role/ft",
  workerImage: { repository: "123456789012.dkr.ecr.us-east-1.amazonaws.com/ai-infra-worker", tag: "0.1.0" },
};

describe("charts/fine-tuning with the values the kit renders from a spec", () => {
  it("schedules the export with the spec's filters and trains on the spec's GPU pool", () => {
    const spec = overflowSpec("http://127.0.0.1:1/v1");
    const base = spec.selfHosted!.find((s) => s.name === "llama-small")!;
    spec.fineTuning!.run = { id: "run-7", trainingSet: "2026-12-01T03-00-00-000Z", adapter: "llama-small-v2", baseModel: "llama-small", base };
    const values = renderFineTuningValues(spec.fineTuning!, {
      cloud: "gcp",
      region: "europe-west4",
      logBucket: "ai-infra-log-bucket",
      modelBucket: "ai-infra-model-bucket",
      identity: "vllm-ft@ai-infra-demo.iam.gserviceaccount.com",
      workerImage: { repository: "europe-west4-docker.pkg.dev/ai-infra-demo/worker/ai-infra-worker", tag: "1.4.0" },
      s3: { endpoint: "https://storage.googleapis.com", hmacSecret: "log-hmac" },
    });
    const objs = render("fine-tuning", [values]);
    schemaCheck(objs);
    const cron = objs.find((o) => o.kind === "CronJob")!;
    expect(cron.spec.schedule).toBe("0 3 * * *");
    const env = Object.fromEntries(cron.spec.jobTemplate.spec.template.spec.containers[0].env.map((e: Obj) => [e.name, e.value ?? e.valueFrom?.secretKeyRef?.name]));
    expect(env).toMatchObject({ EXPORT_SENSITIVE_TAGS: "sensitive", EXPORT_SENSITIVE_METADATA_KEYS: "contains_pii", EXPORT_S3_ENDPOINT: "https://storage.googleapis.com", AWS_ACCESS_KEY_ID: "log-hmac" });
    const job = objs.find((o) => o.kind === "Job")!.spec.template.spec;
    expect(job.nodeSelector).toEqual({ "ai-infra/workload": "gpu", "ai-infra/gpu-pool": "a10g", "ai-infra/accelerator": "nvidia-a10g" });
    expect(job.initContainers[0].args[0]).toContain('gcloud storage rsync --recursive --quiet "gs://ai-infra-model-bucket/meta-llama/Llama-3.1-8B-Instruct" /work/base');
    expect(job.initContainers[0].args[0]).toContain('"gs://ai-infra-model-bucket/training-sets/2026-12-01T03-00-00-000Z" /work/data');
    expect(objs.find((o) => o.kind === "Job")!.metadata.name).toBe("fine-tuning-train-run-7");
    expect(JSON.stringify(job.containers)).toContain("gs://ai-infra-model-bucket/adapters/llama-small-v2/run-7");
  });

  it("passes a fixed export window from the spec to the export as EXPORT_FROM/EXPORT_TO", () => {
    const spec = overflowSpec("http://127.0.0.1:1/v1");
    spec.fineTuning!.export.from = "2026-11-01";
    spec.fineTuning!.export.to = "2026-11-30";
    const values = renderFineTuningValues(spec.fineTuning!, awsFacts);
    const cron = render("fine-tuning", [values]).find((o) => o.kind === "CronJob")!;
    const env = Object.fromEntries(cron.spec.jobTemplate.spec.template.spec.containers[0].env.map((e: Obj) => [e.name, e.value]));
    expect(env).toMatchObject({ EXPORT_FROM: "2026-11-01", EXPORT_TO: "2026-11-30" });
  });

  // helm prints a number below 1e-4 as `1e-05`, which PyYAML (axolotl's reader) takes for a string.
  it.each([0.01, 0.0002, 0.0001, 0.00005, 0.00001, 0.0000015, 0.000001, 0.0000001, 0.000000001])(
    "writes trainer.learningRate %s into axolotl's config as a plain decimal",
    (lr) => {
      const spec = overflowSpec("http://127.0.0.1:1/v1");
      const base = spec.selfHosted!.find((s) => s.name === "llama-small")!;
      spec.fineTuning!.run = { id: "run-7", trainingSet: "2026-12-01T03-00-00-000Z", adapter: "llama-small-v2", baseModel: "llama-small", base };
      spec.fineTuning!.trainer.learningRate = lr;
      const config = render("fine-tuning", [renderFineTuningValues(spec.fineTuning!, awsFacts)]).find((o) => o.kind === "ConfigMap")!.data["axolotl.yaml"] as string;
      const line = /^learning_rate: (.*)$/m.exec(config)![1]!;
      expect(line).toMatch(/^0\.\d+$/);
      expect(Number(line)).toBe(lr);
    },
  );

  it("renders no training Job from a spec without a run", () => {
    const spec = overflowSpec("http://127.0.0.1:1/v1");
    const values = renderFineTuningValues(spec.fineTuning!, awsFacts);
    expect(render("fine-tuning", [values]).map((o) => o.kind).sort()).toEqual(["CronJob", "ServiceAccount"]);
  });
});
