/**
 * Fine-tuning on GCP under the planner's mocks: the enterprise-gcp example as its second `up` runs
 * it (the worker image pushed, `worker.imageTag` set), the whole program (both EU regions). What
 * the cloud would be asked for: the identity, its prefix-limited grants on the region's own
 * buckets, Workload Identity for the chart's ServiceAccount, the HMAC key of that identity as a
 * Kubernetes Secret, and the release — whose values the real helm renders and schema-checks.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { CronJob } from "kubernetes-models/batch/v1/CronJob";
import { Job } from "kubernetes-models/batch/v1/Job";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SecretValue } from "../../planner/capture";
import { parseStack } from "../../components/config/parse";
import { exampleRaw } from "../helpers/stacks";
import { pinnedHelm } from "../helpers/helm";
import { type ScaleMocks, installScaleMocks, plain, settle } from "../helpers/scale";

const stack = "enterprise-gcp-europe-west4";
const project = "ai-infra-example";
const regions = ["europe-west4", "europe-west1"] as const;
const imageTag = "0.1.0";
let mocks: ScaleMocks;
let details: Record<string, Record<string, unknown>>;
const hmac: Record<string, { accessId: string; secret: string }> = {};

beforeAll(async () => {
  mocks = await installScaleMocks({ stack, gcpRegion: "europe-west4", gcpProject: project });
  const { AiPlatform } = await import("../../components/platform/platform");
  const { Region } = await import("../../components/gcp/region");
  const { raw, secretKeys } = exampleRaw(stack);
  // The second `up` of the bootstrap: the worker image has been pushed and its tag set.
  raw.worker = { ...((raw.worker as object) ?? {}), imageTag };
  const parsed = parseStack(raw, { project: "ai-infra", stack, secretKeys });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const platform = new AiPlatform("ai-infra", { stack: parsed.stack });
  for (const r of platform.regions) {
    const key = r instanceof Region ? r.fineTuning?.hmacKey : undefined;
    if (!key) throw new Error(`region ${r.region}: no fine-tuning HMAC key`);
    hmac[r.region] = await new Promise((ok) => pulumi.all([key.accessId, key.secret]).apply(([accessId, secret]) => ok({ accessId, secret })));
  }
  details = await new Promise((ok) => platform.regionDetails.apply((d) => ok(d as any)));
  await settle(mocks);
}, 120_000);

const n = (region: string, role: string) => `ai-infra-${region}-${role}`;
const inputs = (type: string, name: string) => plain(mocks.one(type, name).inputs);
const bucketName = (name: string) => inputs("gcp:storage/bucket:Bucket", name).name as string;
const ftEmail = (region: string) => `${inputs("gcp:serviceaccount/account:Account", n(region, "fine-tuning-sa")).accountId}@${project}.iam.gserviceaccount.com`;
const releaseOf = (region: string) => inputs("kubernetes:helm.sh/v3:Release", n(region, "fine-tuning-chart-release"));
const urnOf = (type: string, name: string) => mocks.one(type, name).urn;

describe.each(regions)("fine-tuning in %s", (region) => {
  it("has its own Google service account, with an id inside the 6–30 character limit", () => {
    const sa = inputs("gcp:serviceaccount/account:Account", n(region, "fine-tuning-sa"));
    expect(sa.accountId).toMatch(/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/);
    expect(sa.project).toBe(project);
    const others = mocks.byType("gcp:serviceaccount/account:Account").filter((a) => a.name !== n(region, "fine-tuning-sa"));
    expect(others.map((a) => plain(a.inputs).accountId)).not.toContain(sa.accountId);
  });

  it("lets exactly the chart's ServiceAccount fine-tuning/fine-tuning act as it, once the cluster (and its identity pool) exists", () => {
    const wi = mocks.byType("gcp:serviceaccount/iAMMember:IAMMember").filter((m) => plain(m.inputs).member.includes("[fine-tuning/"));
    const mine = wi.filter((m) => m.name.startsWith(`ai-infra-${region}-`));
    expect(mine.map((m) => m.name)).toEqual([n(region, "fine-tuning-wi")]);
    expect(plain(mine[0]!.inputs)).toEqual({
      serviceAccountId: `projects/${project}/serviceAccounts/${ftEmail(region)}`,
      role: "roles/iam.workloadIdentityUser",
      member: `serviceAccount:${project}.svc.id.goog[fine-tuning/fine-tuning]`,
    });
    expect(mocks.dependencies.get(mine[0]!.urn)).toContain(urnOf("gcp:container/cluster:Cluster", n(region, "kubernetes-gke")));
  });

  it("grants read of requests/ on the region's log bucket, read of the base weights and read/write of training-sets/ and adapters/ on its model bucket, each limited by a condition", () => {
    const log = bucketName(n(region, "logs-bucket"));
    const models = bucketName(n(region, "kubernetes-model-cache-bucket"));
    const member = `serviceAccount:${ftEmail(region)}`;
    const grants = mocks
      .byType("gcp:storage/bucketIAMMember:BucketIAMMember")
      .map((g) => plain(g.inputs))
      .filter((g) => g.member === member)
      .map((g) => ({ bucket: g.bucket, role: g.role, expression: g.condition?.expression }))
      .sort((a, b) => a.expression.localeCompare(b.expression));
    const onPrefix = (bucket: string, dir: string) =>
      `resource.name == "projects/_/buckets/${bucket}/objects/${dir}" || resource.name.startsWith("projects/_/buckets/${bucket}/objects/${dir}/") || api.getAttribute("storage.googleapis.com/objectListPrefix", "").startsWith("${dir}")`;
    expect(grants).toEqual(
      [
        { bucket: log, role: "roles/storage.objectViewer", expression: onPrefix(log, "requests") },
        { bucket: models, role: "roles/storage.objectViewer", expression: onPrefix(models, "mistralai/Mistral-7B-Instruct-v0.3") },
        { bucket: models, role: "roles/storage.objectUser", expression: onPrefix(models, "training-sets") },
        { bucket: models, role: "roles/storage.objectUser", expression: onPrefix(models, "adapters") },
      ].sort((a, b) => a.expression.localeCompare(b.expression)),
    );
    // The region's own buckets: nothing of the other region's.
    const other = regions.find((r) => r !== region)!;
    expect(grants.map((g) => g.bucket)).not.toContain(bucketName(n(other, "logs-bucket")));
    expect(grants.map((g) => g.bucket)).not.toContain(bucketName(n(other, "kubernetes-model-cache-bucket")));
  });

  it("creates one HMAC key, of the fine-tuning service account, and hands it to the cluster only as secrets", () => {
    const keys = mocks.byType("gcp:storage/hmacKey:HmacKey").filter((k) => k.name.startsWith(`ai-infra-${region}-fine-tuning`));
    expect(keys.map((k) => k.name)).toEqual([n(region, "fine-tuning-hmac-key")]);
    expect(plain(keys[0]!.inputs)).toEqual({ project, serviceAccountEmail: ftEmail(region) });
    const secret = mocks.one("kubernetes:core/v1:Secret", n(region, "fine-tuning-chart-s3-credentials")).inputs as Record<string, any>;
    expect(secret.metadata).toEqual({ name: "fine-tuning-s3-hmac", namespace: "fine-tuning" });
    // The engine receives the whole map as one secret (a secret inside an object makes it one).
    expect(secret.stringData).toBeInstanceOf(SecretValue);
    expect(plain(secret.stringData)).toEqual({ accessKeyId: hmac[region]!.accessId, secretAccessKey: hmac[region]!.secret });
    expect(hmac[region]!.secret).toMatch(/^[A-Za-z0-9+/]{40}$/);
    expect(plaintextOccurrences(hmac[region]!.secret)).toEqual([]);
  });

  it("installs the release after the node pools, the Workload Identity grant and the bucket grants, with values naming the region's own buckets, identity and worker image", () => {
    const release = releaseOf(region);
    expect(release).toMatchObject({ name: "fine-tuning", namespace: "fine-tuning", atomic: true });
    const repositoryId = inputs("gcp:artifactregistry/repository:Repository", n(region, "worker-repository")).repositoryId;
    expect(release.values).toMatchObject({
      cloud: "gcp",
      region,
      serviceAccount: { name: "fine-tuning", gcp: { serviceAccountEmail: ftEmail(region) } },
      buckets: { log: bucketName(n(region, "logs-bucket")), logPrefix: "requests", model: bucketName(n(region, "kubernetes-model-cache-bucket")), s3Endpoint: "https://storage.googleapis.com" },
      export: { image: { repository: `${region}-docker.pkg.dev/${project}/${repositoryId}/ai-infra-worker`, tag: imageTag }, hmacSecret: "fine-tuning-s3-hmac", models: ["mistral-small"] },
    });
    const deps = mocks.dependencies.get(urnOf("kubernetes:helm.sh/v3:Release", n(region, "fine-tuning-chart-release"))) ?? [];
    for (const pool of ["kubernetes-system", "kubernetes-gpu-l4-spot"]) expect(deps, pool).toContain(urnOf("gcp:container/nodePool:NodePool", n(region, pool)));
    expect(deps).toContain(urnOf("gcp:serviceaccount/iAMMember:IAMMember", n(region, "fine-tuning-wi")));
    const grantUrns = mocks.byType("gcp:storage/bucketIAMMember:BucketIAMMember").filter((g) => g.name.startsWith(n(region, "fine-tuning-"))).map((g) => g.urn);
    expect(grantUrns.length).toBe(4);
    for (const g of grantUrns) expect(deps).toContain(g);
    expect(details[region]!.fineTuning).toBe("fine-tuning/fine-tuning");
  });
});

/** Where `value` shows up in a registered input outside a secret. */
function plaintextOccurrences(value: string): string[] {
  const out: string[] = [];
  const walk = (v: unknown, at: string) => {
    if (v instanceof SecretValue) return;
    if (typeof v === "string") {
      if (v.includes(value)) out.push(at);
      return;
    }
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${at}[${i}]`));
    if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, `${at}.${k}`);
  };
  for (const r of mocks.resources) walk(r.inputs, r.name);
  return out;
}

const helm = pinnedHelm();
afterAll(() => helm.cleanup());

describe("charts/fine-tuning with the values the program hands it (europe-west4)", () => {
  it("renders through the real helm (values.schema.json checked), and every manifest passes the Kubernetes schemas", () => {
    const release = releaseOf("europe-west4");
    const objs = helm.template(release.chart, [release.values], { release: release.name, namespace: release.namespace });
    // No `fineTuning.run` in the example: the export alone, no training Job.
    expect(objs.map((o) => o.kind).sort()).toEqual(["CronJob", "ServiceAccount"]);
    const check: Record<string, (o: any) => void> = {
      CronJob: (o) => new CronJob(o).validate(),
      Job: (o) => new Job(o).validate(),
      ConfigMap: (o) => new ConfigMap(o).validate(),
      ServiceAccount: (o) => new ServiceAccount(o).validate(),
    };
    for (const o of objs) check[o.kind]!(o);
    const sa = objs.find((o) => o.kind === "ServiceAccount")!;
    expect(sa.metadata.name).toBe("fine-tuning");
    expect(sa.metadata.annotations["iam.gke.io/gcp-service-account"]).toBe(ftEmail("europe-west4"));
    const container = objs.find((o) => o.kind === "CronJob")!.spec.jobTemplate.spec.template.spec.containers[0];
    const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
    expect(env.EXPORT_S3_ENDPOINT).toBe("https://storage.googleapis.com");
    expect(env.EXPORT_LOG_BUCKET).toBe(bucketName("ai-infra-europe-west4-logs-bucket"));
    expect(env.EXPORT_TRAINING_BUCKET).toBe(bucketName("ai-infra-europe-west4-kubernetes-model-cache-bucket"));
    expect(env.AWS_ACCESS_KEY_ID).toEqual({ secretKeyRef: { name: "fine-tuning-s3-hmac", key: "accessKeyId" } });
    expect(env.AWS_SECRET_ACCESS_KEY).toEqual({ secretKeyRef: { name: "fine-tuning-s3-hmac", key: "secretAccessKey" } });
    expect(container.image).toMatch(/^europe-west4-docker\.pkg\.dev\/ai-infra-example\/[a-z0-9-]+\/ai-infra-worker:0\.1\.0$/);
  });

  it("with a training run set, also renders the LoRA Job on the GPU pool, reading and writing the region's model bucket by gcloud", () => {
    const release = releaseOf("europe-west4");
    const run = { ...release.values, training: { ...release.values.training, runId: "run-1", trainingSet: "2026-12-01T03-00-00-000Z", adapter: "mistral-small-support", baseModel: "mistralai/Mistral-7B-Instruct-v0.3" } };
    const objs = helm.template(release.chart, [run], { release: release.name, namespace: release.namespace });
    const job = objs.find((o) => o.kind === "Job")!;
    new Job(job as any).validate();
    const models = bucketName("ai-infra-europe-west4-kubernetes-model-cache-bucket");
    const fetch = job.spec.template.spec.initContainers[0].args[0] as string;
    expect(fetch).toContain(`gcloud storage rsync --recursive --quiet "gs://${models}/mistralai/Mistral-7B-Instruct-v0.3" /work/base`);
    expect(fetch).toContain(`"gs://${models}/training-sets/2026-12-01T03-00-00-000Z" /work/data`);
    expect(job.spec.template.spec.containers[0].args[0]).toContain(`"gs://${models}/adapters/mistral-small-support/run-1"`);
    // It lands on the GPU pool the trainer names: every label it selects is one the GKE pool sets, and tolerates its taint.
    const pool = inputs("gcp:container/nodePool:NodePool", "ai-infra-europe-west4-kubernetes-gpu-l4-spot").nodeConfig;
    expect(pool.labels).toMatchObject(job.spec.template.spec.nodeSelector);
    expect(Object.keys(job.spec.template.spec.nodeSelector).length).toBeGreaterThanOrEqual(2);
    expect(job.spec.template.spec.tolerations).toContainEqual({ key: pool.taints[0].key, operator: "Equal", value: pool.taints[0].value, effect: "NoSchedule" });
    expect(pool.taints[0].effect).toBe("NO_SCHEDULE");
  });
});
