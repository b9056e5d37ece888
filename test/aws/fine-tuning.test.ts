// Fine-tuning on AWS: the IRSA role's trust and prefix-scoped grants (pure), the per-region
// component in the enterprise example's plan (each region's own buckets, role and cluster), and
// the fine-tuning chart rendered by the pinned helm with the values that plan gives the release,
// its S3 paths checked against the role's grants.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { CronJob } from "kubernetes-models/batch/v1/CronJob";
import { Job } from "kubernetes-models/batch/v1/Job";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PlanOutcome, planStack } from "../../planner/plan";
import { fineTuningAccessPolicy, fineTuningExportCommand } from "../../components/aws/fine-tuning";
import { pinnedHelm } from "../helpers/helm";
import { exampleFile } from "../helpers/stacks";

type Obj = Record<string, any>;
const account = "123456789012";
const log = "arn:aws:s3:::log-bucket";
const model = "arn:aws:s3:::model-bucket";
const key = `arn:aws:kms:us-east-2:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const llama = "meta-llama/Llama-3.1-8B-Instruct";

describe("the fine-tuning role's grants (pure)", () => {
  const statements = (p: string): Obj[] => JSON.parse(p).Statement;

  it("reads only requests/ of the request log, and scopes the model bucket to training sets, adapters and the base weights", () => {
    expect(statements(fineTuningAccessPolicy({ region: "us-east-2", logBucketArn: log, modelBucketArn: model, baseModels: [llama] }))).toEqual([
      { Sid: "ListRequestLog", Effect: "Allow", Action: "s3:ListBucket", Resource: log, Condition: { StringLike: { "s3:prefix": "requests/*" } } },
      { Sid: "ReadRequestLog", Effect: "Allow", Action: "s3:GetObject", Resource: `${log}/requests/*` },
      {
        Sid: "ListModelBucket",
        Effect: "Allow",
        Action: "s3:ListBucket",
        Resource: model,
        Condition: { StringLike: { "s3:prefix": ["training-sets/*", "adapters/*", `${llama}/*`] } },
      },
      { Sid: "ReadBaseWeights", Effect: "Allow", Action: "s3:GetObject", Resource: [`${model}/${llama}/*`] },
      { Sid: "ReadWriteTrainingSets", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: `${model}/training-sets/*` },
      { Sid: "ReadWriteAdapters", Effect: "Allow", Action: ["s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"], Resource: `${model}/adapters/*` },
    ]);
  });

  it("grants no write, delete or wildcard anywhere on the request log, and no delete on the model bucket", () => {
    const all = statements(fineTuningAccessPolicy({ region: "us-east-2", logBucketArn: log, modelBucketArn: model, baseModels: [llama], logKeyArn: key }));
    const onLog = all.filter((s) => [s.Resource].flat().some((r: string) => r.startsWith(log)));
    expect(onLog.flatMap((s) => [s.Action].flat()).sort()).toEqual(["s3:GetObject", "s3:ListBucket"]);
    expect(all.flatMap((s) => [s.Action].flat()).filter((a: string) => /Delete|\*/.test(a))).toEqual([]);
    expect(all.flatMap((s) => [s.Resource].flat()).filter((r: string) => r === "*" || r === `${log}/*` || r === `${model}/*`)).toEqual([]);
  });

  it("decrypts with the request log's customer-managed key only when there is one, only through S3 in its region", () => {
    const without = statements(fineTuningAccessPolicy({ region: "us-east-2", logBucketArn: log, modelBucketArn: model, baseModels: [llama] }));
    expect(without.flatMap((s) => [s.Action].flat()).filter((a: string) => a.startsWith("kms:"))).toEqual([]);
    const withKey = statements(fineTuningAccessPolicy({ region: "us-east-2", logBucketArn: log, modelBucketArn: model, baseModels: [llama], logKeyArn: key }));
    expect(withKey.filter((s) => [s.Action].flat().some((a: string) => a.startsWith("kms:")))).toEqual([
      { Sid: "DecryptRequestLog", Effect: "Allow", Action: "kms:Decrypt", Resource: key, Condition: { StringEquals: { "kms:ViaService": "s3.us-east-2.amazonaws.com" } } },
    ]);
  });

  it("without a base model to train on, grants no weights at all", () => {
    const s = statements(fineTuningAccessPolicy({ region: "us-east-2", logBucketArn: log, modelBucketArn: model, baseModels: [] }));
    expect(s.map((x) => x.Sid)).not.toContain("ReadBaseWeights");
    expect(s.find((x) => x.Sid === "ListModelBucket")!.Condition.StringLike["s3:prefix"]).toEqual(["training-sets/*", "adapters/*"]);
  });

  it("starts an export by hand from the CronJob the chart renders", () => {
    expect(fineTuningExportCommand("us-west-2", "ai-infra-enterprise-usw2-gpu")).toBe(
      "aws eks update-kubeconfig --region us-west-2 --name ai-infra-enterprise-usw2-gpu && kubectl -n fine-tuning create job --from=cronjob/fine-tuning-export export-manual-$(date +%s)",
    );
  });
});

/** Whether an IAM pattern (`*` any run of characters) matches a value. */
const iamMatch = (pattern: string, value: string) => new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, "\\$&")).join(".*")}$`).test(value);

/** Whether the policy allows `action` on `resource` (with `prefix` for ListBucket), by its Allow statements. */
function allows(policy: Obj[], action: string, resource: string, prefix?: string): boolean {
  return policy.some((s) => {
    if (s.Effect !== "Allow" || ![s.Action].flat().includes(action)) return false;
    if (![s.Resource].flat().some((r: string) => iamMatch(r, resource))) return false;
    const like = s.Condition?.StringLike?.["s3:prefix"];
    if (like === undefined) return true;
    return prefix !== undefined && [like].flat().some((p: string) => iamMatch(p, prefix));
  });
}

const stack = "enterprise-aws-us-east-1";
const regions = ["us-east-1", "us-east-2", "us-west-2"];
const run = { id: "run-2", trainingSet: "2026-12-01T03-00-00-000Z", adapter: "llama-small-billing", baseModel: "llama-small" };

function withConfig(patch: Record<string, unknown>, drop: string[] = []) {
  const f = exampleFile(stack);
  const config = { ...f.config, ...patch };
  for (const k of drop) delete config[k];
  return { ...f, config };
}

describe(`fine-tuning in the ${stack} example's plan`, { timeout: 240_000 }, () => {
  let out: PlanOutcome;
  let cmkRun: PlanOutcome;
  const helm = pinnedHelm();
  afterAll(() => helm.cleanup());
  beforeAll(async () => {
    out = await planStack(exampleFile(stack));
    const file = exampleFile(stack);
    cmkRun = await planStack(
      withConfig({
        "ai-infra:logging": { ...(file.config["ai-infra:logging"] as object), customerManagedKey: true },
        "ai-infra:fineTuning": { ...(file.config["ai-infra:fineTuning"] as object), run },
      }),
    );
  }, 240_000);

  const find = (o: PlanOutcome, type: string, name: string) => {
    const r = o.result.resources.find((x) => x.type === type && x.name === name);
    if (!r) throw new Error(`no ${type} ${name} in the plan`);
    return r;
  };
  const capturedId = (o: PlanOutcome, type: string, name: string) => o.captured!.find((c) => c.type === type && c.name === name)!.id!;
  const details = (o: PlanOutcome, region: string) => (o.outputs!.regionDetails as Record<string, Obj>)[region]!;
  const logBucket = (o: PlanOutcome, region: string) => (o.outputs!.requestLogBuckets as Record<string, string>)[region]!;
  const release = (o: PlanOutcome, region: string) => find(o, "kubernetes:helm.sh/v3:Release", `ai-infra-${region}-fine-tuning-release-release`);
  const policyOf = (o: PlanOutcome, region: string): Obj[] => JSON.parse(String(find(o, "aws:iam/rolePolicy:RolePolicy", `ai-infra-${region}-fine-tuning-access`).inputs.policy)).Statement;

  it("plans with exit 0 and no policy violation", () => {
    expect([out.exitCode, out.result.errors, out.result.policy.violations]).toEqual([0, [], []]);
    expect([cmkRun.exitCode, cmkRun.result.errors, cmkRun.result.policy.violations]).toEqual([0, [], []]);
  });

  it("has one role per region, trusting exactly fine-tuning/fine-tuning through that region's cluster OIDC provider", () => {
    const roles = out.result.resources.filter((r) => r.type === "aws:iam/role:Role" && r.name.endsWith("-fine-tuning-role"));
    expect(roles.map((r) => r.region).sort()).toEqual(regions);
    for (const region of regions) {
      const trust = JSON.parse(String(find(out, "aws:iam/role:Role", `ai-infra-${region}-fine-tuning-role`).inputs.assumeRolePolicy));
      // The same OIDC provider the cluster's own vLLM role trusts.
      const vllm = JSON.parse(String(find(out, "aws:iam/role:Role", `ai-infra-${region}-kubernetes-vllm-role`).inputs.assumeRolePolicy));
      const federated = vllm.Statement[0].Principal.Federated as string;
      expect(federated).toContain(`oidc.eks.${region}.amazonaws.com/id/`);
      const host = federated.split("oidc-provider/")[1];
      expect(trust.Statement).toEqual([
        {
          Effect: "Allow",
          Principal: { Federated: federated },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: { StringEquals: { [`${host}:aud`]: "sts.amazonaws.com", [`${host}:sub`]: "system:serviceaccount:fine-tuning:fine-tuning" } },
        },
      ]);
    }
  });

  it("gives each region's release that region's own buckets, role, worker image and cluster, and no other region's", () => {
    for (const region of regions) {
      const r = release(out, region);
      const d = details(out, region);
      const roleArn = `arn:aws:iam::${account}:role/${capturedId(out, "aws:iam/role:Role", `ai-infra-${region}-fine-tuning-role`)}`;
      expect(r.region).toBe(region);
      expect(r.inputs).toMatchObject({ name: "fine-tuning", namespace: "fine-tuning" });
      const v = r.inputs.values as Obj;
      expect(v).toMatchObject({
        cloud: "aws",
        region,
        serviceAccount: { name: "fine-tuning", aws: { roleArn } },
        buckets: { log: logBucket(out, region), model: d.modelCacheBucket },
        export: { image: { repository: d.imageRepositoryUrl, tag: "0.1.0" } },
      });
      expect(d.fineTuningIdentity).toBe(roleArn);
      expect(d.fineTuningExportCommand).toBe(
        `aws eks update-kubeconfig --region ${region} --name ${d.clusterName} && kubectl -n fine-tuning create job --from=cronjob/fine-tuning-export export-manual-$(date +%s)`,
      );
      const text = JSON.stringify(v) + JSON.stringify(policyOf(out, region));
      for (const other of regions.filter((x) => x !== region)) {
        expect(text).not.toContain(logBucket(out, other));
        expect(text).not.toContain(details(out, other).modelCacheBucket);
        expect(text).not.toContain(other);
      }
    }
  });

  it("installs the release only after the system nodes, every GPU node group and the role's grants exist", () => {
    const urnOf = (type: string, name: string) => find(out, type, name).urn;
    for (const region of regions) {
      const deps = out.captured!.find((c) => c.type === "kubernetes:helm.sh/v3:Release" && c.name === `ai-infra-${region}-fine-tuning-release-release`)!.dependencies ?? [];
      expect(deps).toEqual(
        expect.arrayContaining([
          urnOf("aws:eks/nodeGroup:NodeGroup", `ai-infra-${region}-kubernetes-system`),
          urnOf("aws:eks/nodeGroup:NodeGroup", `ai-infra-${region}-kubernetes-gpu-a10g`),
          urnOf("aws:iam/rolePolicy:RolePolicy", `ai-infra-${region}-fine-tuning-access`),
        ]),
      );
    }
  });

  it("grants the region's customer-managed log key for decryption when the stack has one", () => {
    for (const region of regions) {
      const keyArn = `arn:aws:kms:${region}:${account}:key/${capturedId(cmkRun, "aws:kms/key:Key", `ai-infra-${region}-request-log-key`)}`;
      expect(policyOf(cmkRun, region).filter((s) => [s.Action].flat().some((a: string) => a.startsWith("kms:")))).toEqual([
        { Sid: "DecryptRequestLog", Effect: "Allow", Action: "kms:Decrypt", Resource: keyArn, Condition: { StringEquals: { "kms:ViaService": `s3.${region}.amazonaws.com` } } },
      ]);
      expect(policyOf(out, region).some((s) => [s.Action].flat().some((a: string) => a.startsWith("kms:")))).toBe(false);
    }
  });

  const validate: Record<string, (o: Obj) => void> = {
    CronJob: (o) => new CronJob(o as any).validate(),
    Job: (o) => new Job(o as any).validate(),
    ConfigMap: (o) => new ConfigMap(o as any).validate(),
    ServiceAccount: (o) => new ServiceAccount(o as any).validate(),
  };
  const renderRelease = (o: PlanOutcome, region: string) => {
    const objs = helm.template("fine-tuning", [release(o, region).inputs.values as Obj], { release: "fine-tuning", namespace: "fine-tuning" });
    for (const x of objs) {
      const check = validate[x.kind];
      if (!check) throw new Error(`no schema check for kind ${x.kind}`);
      check(x);
    }
    return objs;
  };

  it("renders (helm) the export CronJob the region's outputs tell operators to start, against the region's buckets as the role", () => {
    const region = "us-east-2";
    const objs = renderRelease(out, region);
    expect(objs.map((o) => o.kind).sort()).toEqual(["CronJob", "ServiceAccount"]);
    const sa = objs.find((o) => o.kind === "ServiceAccount")!;
    expect([sa.metadata.name, sa.metadata.annotations["eks.amazonaws.com/role-arn"]]).toEqual(["fine-tuning", details(out, region).fineTuningIdentity]);
    const cron = objs.find((o) => o.kind === "CronJob")!;
    expect(cron.metadata.name).toBe("fine-tuning-export");
    expect(details(out, region).fineTuningExportCommand).toContain(`--from=cronjob/${cron.metadata.name} `);
    const pod = cron.spec.jobTemplate.spec.template.spec;
    expect(pod.serviceAccountName).toBe("fine-tuning");
    const c = pod.containers[0];
    expect(c.image).toBe(`${details(out, region).imageRepositoryUrl}:0.1.0`);
    const env = Object.fromEntries(c.env.map((e: Obj) => [e.name, e.value]));
    expect(env).toMatchObject({ AWS_REGION: region, EXPORT_LOG_BUCKET: logBucket(out, region), EXPORT_LOG_PREFIX: "requests", EXPORT_TRAINING_BUCKET: details(out, region).modelCacheBucket, EXPORT_TRAINING_PREFIX: "training-sets" });
    expect(env.EXPORT_S3_ENDPOINT).toBeUndefined();
    // What worker/export.ts does with these settings is allowed by the role, and nothing beyond.
    const policy = policyOf(out, region);
    const logArn = `arn:aws:s3:::${env.EXPORT_LOG_BUCKET}`;
    const modelArn = `arn:aws:s3:::${env.EXPORT_TRAINING_BUCKET}`;
    expect(allows(policy, "s3:ListBucket", logArn, "requests/2026-12-01/")).toBe(true);
    expect(allows(policy, "s3:GetObject", `${logArn}/requests/2026-12-01/abc.json`)).toBe(true);
    expect(allows(policy, "s3:PutObject", `${modelArn}/training-sets/run/train-00000.jsonl`)).toBe(true);
    expect(allows(policy, "s3:ListBucket", logArn, "config/")).toBe(false);
    expect(allows(policy, "s3:GetObject", `${logArn}/config/litellm.yaml`)).toBe(false);
    expect(allows(policy, "s3:PutObject", `${logArn}/requests/2026-12-01/abc.json`)).toBe(false);
  });

  it("renders (helm) the training Job of fineTuning.run on the GPU pool, its S3 paths within the role's grants", () => {
    const region = "us-west-2";
    const objs = renderRelease(cmkRun, region);
    expect(objs.map((o) => o.kind).sort()).toEqual(["ConfigMap", "CronJob", "Job", "ServiceAccount"]);
    const job = objs.find((o) => o.kind === "Job")!;
    expect(job.metadata.name).toBe("fine-tuning-train-run-2");
    const pod = job.spec.template.spec;
    expect(pod.serviceAccountName).toBe("fine-tuning");
    expect(pod.nodeSelector).toMatchObject({ "ai-infra/gpu-pool": "a10g", "ai-infra/workload": "gpu" });
    const model = details(cmkRun, region).modelCacheBucket as string;
    const script = [...pod.initContainers, ...pod.containers].map((x: Obj) => String(x.args?.[0] ?? "")).join("\n");
    const uris = [...script.matchAll(/"s3:\/\/([^/"]+)\/([^"]+)"/g)].map((m) => ({ bucket: m[1]!, key: m[2]! }));
    expect(uris).toEqual([
      { bucket: model, key: llama },
      { bucket: model, key: `training-sets/${run.trainingSet}` },
      { bucket: model, key: `adapters/${run.adapter}/${run.id}` },
    ]);
    const policy = policyOf(cmkRun, region);
    const arn = `arn:aws:s3:::${model}`;
    // `aws s3 sync` lists under `<key>/` and reads (fetch) or writes (upload) each object there.
    for (const u of uris) expect(allows(policy, "s3:ListBucket", arn, `${u.key}/`)).toBe(true);
    expect(allows(policy, "s3:GetObject", `${arn}/${llama}/model-00001-of-00004.safetensors`)).toBe(true);
    expect(allows(policy, "s3:GetObject", `${arn}/training-sets/${run.trainingSet}/train-00000.jsonl`)).toBe(true);
    expect(allows(policy, "s3:PutObject", `${arn}/adapters/${run.adapter}/${run.id}/adapter_model.safetensors`)).toBe(true);
    expect(allows(policy, "s3:PutObject", `${arn}/${llama}/config.json`)).toBe(false);
  });
});

describe("fine-tuning is registered only where the spec has it", { timeout: 240_000 }, () => {
  const fineTuningOf = (o: PlanOutcome) =>
    o.result.resources.filter((r) => r.type.includes("FineTuning") || r.name.includes("-fine-tuning") || (r.type === "kubernetes:core/v1:Namespace" && (r.inputs.metadata as Obj)?.name === "fine-tuning"));

  it("not at scale", async () => {
    const scale = await planStack(exampleFile("scale-aws-us-east-1"));
    expect(scale.exitCode).toBe(0);
    expect(scale.result.resources.length).toBeGreaterThan(100);
    expect(fineTuningOf(scale)).toEqual([]);
    expect(Object.values(scale.outputs!.regionDetails as Record<string, Obj>).map((d) => d.fineTuningIdentity)).toEqual([undefined]);
  });

  it("not at enterprise without a fineTuning section", async () => {
    const o = await planStack(withConfig({}, ["ai-infra:fineTuning"]));
    expect(o.exitCode).toBe(0);
    expect(o.result.resources.length).toBeGreaterThan(600);
    expect(fineTuningOf(o)).toEqual([]);
  });
});

describe("the worker image", () => {
  it("builds dist/export.js (the CronJob's entry point) with the Dockerfile's own build and copies dist into the image", () => {
    const worker = path.resolve(__dirname, "..", "..", "worker");
    const dockerfile = fs.readFileSync(path.join(worker, "Dockerfile"), "utf8");
    // The build stage compiles every top-level .ts with tsconfig.build.json; the runtime stage takes dist/.
    expect(dockerfile).toMatch(/^COPY \*\.ts \.\/$/m);
    expect(dockerfile).toMatch(/^RUN npx tsc -p tsconfig\.build\.json$/m);
    expect(dockerfile).toMatch(/^COPY --from=build \/app\/dist \.\/dist$/m);
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "worker-dist-"));
    try {
      const tsc = path.resolve(__dirname, "..", "..", "node_modules", ".bin", "tsc");
      const r = spawnSync(tsc, ["-p", "tsconfig.build.json", "--outDir", outDir], { cwd: worker, encoding: "utf8", timeout: 120_000 });
      expect(r.status, r.stdout + r.stderr).toBe(0);
      expect(fs.existsSync(path.join(outDir, "export.js"))).toBe(true);
      expect(fs.readFileSync(path.join(outDir, "export.js"), "utf8")).toContain("require.main === module");
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  }, 120_000);
});
