// charts/vllm-serving rendered and linted by the real helm (pinned, built by
// scripts/setup/30-helm.sh), every rendered manifest validated against the Kubernetes schemas,
// and the promises the chart README makes asserted on what helm actually rendered.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse, parseAllDocuments, parseDocument, isMap, isPair, isScalar } from "yaml";
import type { Node as YamlNode, YAMLMap } from "yaml";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { Service } from "kubernetes-models/v1/Service";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { ScaledObject } from "@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject";
import { TriggerAuthentication } from "@kubernetes-models/keda/keda.sh/v1alpha1/TriggerAuthentication";

const root = path.resolve(__dirname, "..", "..");
const chartDir = path.join(root, "charts", "vllm-serving");
const ciDir = path.join(chartDir, "ci");
const helmBin = path.join(root, ".tools", "bin", "helm");
const setupScript = path.join(root, "scripts", "setup", "30-helm.sh");
const RELEASE = "llm";
const NAMESPACE = "inference";
// Render for a current cluster rather than helm's compiled-in default, so API deprecations
// are judged against what the kit's clusters run.
const KUBE_VERSION = "1.33.0";

type Obj = Record<string, any>;

// Helm reads and writes its own config/cache dirs; keep the test off the user's.
const helmHome = fs.mkdtempSync(path.join(os.tmpdir(), "vllm-serving-helm-"));
afterAll(() => fs.rmSync(helmHome, { recursive: true, force: true }));

function pinnedHelmVersion(): string {
  const m = /^HELM_VERSION="(v\d+\.\d+\.\d+)"$/m.exec(fs.readFileSync(setupScript, "utf8"));
  if (!m) throw new Error(`no HELM_VERSION="vX.Y.Z" line in ${setupScript}`);
  return m[1];
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function helm(...args: string[]): Run {
  if (!fs.existsSync(helmBin)) {
    throw new Error(
      `helm is missing at ${path.relative(root, helmBin)}: run \`npm test\` ` +
        "(scripts/setup/30-helm.sh builds it), not vitest alone",
    );
  }
  const r = spawnSync(helmBin, args, {
    encoding: "utf8",
    env: {
      ...process.env,
      HELM_CONFIG_HOME: path.join(helmHome, "config"),
      HELM_CACHE_HOME: path.join(helmHome, "cache"),
      HELM_DATA_HOME: path.join(helmHome, "data"),
    },
    timeout: 60_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function template(valueFiles: string[], ...extra: string[]): Run {
  return helm(
    "template", RELEASE, chartDir,
    "--namespace", NAMESPACE,
    "--kube-version", KUBE_VERSION,
    ...valueFiles.flatMap((f) => ["-f", f]),
    ...extra,
  );
}

function render(valueFiles: string[], ...extra: string[]): Obj[] {
  const r = template(valueFiles, ...extra);
  if (r.code !== 0) throw new Error(`helm template failed (${r.code}):\n${r.stderr}`);
  return parseAllDocuments(r.stdout)
    .map((d) => {
      if (d.errors.length) throw new Error(`rendered YAML does not parse: ${d.errors[0].message}`);
      return d.toJS() as Obj | null;
    })
    .filter((o): o is Obj => o !== null);
}

const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "vllm-serving-values-"));
afterAll(() => fs.rmSync(tmpDir, { recursive: true, force: true }));
let overrideCount = 0;
function overrideFile(values: Obj): string {
  const f = path.join(tmpDir, `override-${++overrideCount}.yaml`);
  fs.writeFileSync(f, JSON.stringify(values));
  return f;
}

// --- schema checks for the custom resources ------------------------------------------------------
// KEDA's kinds validate against their CRD schemas (@kubernetes-models/keda); on top of that, the
// rules KEDA's admission webhook enforces beyond the schema. The monitoring CRDs have no models
// package that runs on Node 20: their required fields and declared types are checked by hand.

function fail(kind: string, msg: string): never {
  throw new Error(`${kind}: ${msg}`);
}
function isStringMap(v: unknown): boolean {
  return typeof v === "object" && v !== null && !Array.isArray(v) &&
    Object.values(v).every((x) => typeof x === "string");
}
function checkMetadata(o: Obj): void {
  if (typeof o.metadata?.name !== "string" || !/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(o.metadata.name)) {
    fail(o.kind, `metadata.name ${JSON.stringify(o.metadata?.name)} is not a DNS subdomain`);
  }
  if (o.metadata.labels !== undefined && !isStringMap(o.metadata.labels)) fail(o.kind, "labels must be strings");
}

function validateScaledObject(o: Obj): void {
  new ScaledObject(o as any).validate();
  checkMetadata(o);
  const s = o.spec ?? fail(o.kind, "spec missing");
  if (typeof s.scaleTargetRef?.name !== "string") fail(o.kind, "spec.scaleTargetRef.name must be a string");
  for (const k of ["minReplicaCount", "maxReplicaCount", "idleReplicaCount", "pollingInterval", "cooldownPeriod", "initialCooldownPeriod"]) {
    if (s[k] !== undefined && !Number.isInteger(s[k])) fail(o.kind, `spec.${k} must be an integer, got ${JSON.stringify(s[k])}`);
  }
  if (s.idleReplicaCount !== undefined && !(s.idleReplicaCount < (s.minReplicaCount ?? 0))) {
    fail(o.kind, "spec.idleReplicaCount must be less than minReplicaCount");
  }
  if (!Array.isArray(s.triggers) || s.triggers.length === 0) fail(o.kind, "spec.triggers must be a non-empty array");
  for (const t of s.triggers) {
    if (typeof t.type !== "string") fail(o.kind, "trigger.type must be a string");
    // KEDA's CRD types trigger metadata as map[string]string: a bare number is rejected.
    if (!isStringMap(t.metadata)) fail(o.kind, `trigger ${t.type}: metadata values must all be strings`);
    if (t.authenticationRef !== undefined && typeof t.authenticationRef.name !== "string") {
      fail(o.kind, `trigger ${t.type}: authenticationRef.name must be a string`);
    }
  }
  // The behavior block is passed verbatim to the HPA KEDA creates: validate it as one.
  const behavior = s.advanced?.horizontalPodAutoscalerConfig?.behavior;
  if (behavior !== undefined) {
    new HorizontalPodAutoscaler({
      metadata: { name: "behavior-check" },
      spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "x" }, maxReplicas: 1, behavior },
    }).validate();
  }
}

function validateTriggerAuthentication(o: Obj): void {
  new TriggerAuthentication(o as any).validate();
  checkMetadata(o);
  const s = o.spec ?? fail(o.kind, "spec missing");
  if (s.podIdentity !== undefined && typeof s.podIdentity?.provider !== "string") {
    fail(o.kind, "spec.podIdentity.provider must be a string");
  }
}

function validatePodMonitor(o: Obj): void {
  checkMetadata(o);
  const endpoints = o.kind === "PodMonitor" ? o.spec?.podMetricsEndpoints : o.spec?.endpoints;
  if (!isStringMap(o.spec?.selector?.matchLabels)) fail(o.kind, "spec.selector.matchLabels must be a string map");
  if (!Array.isArray(endpoints) || endpoints.length === 0) fail(o.kind, "scrape endpoints must be a non-empty array");
}

const validators: Record<string, (o: Obj) => void> = {
  "apps/v1/Deployment": (o) => new Deployment(o as any).validate(),
  "v1/Service": (o) => new Service(o as any).validate(),
  "v1/ServiceAccount": (o) => new ServiceAccount(o as any).validate(),
  "policy/v1/PodDisruptionBudget": (o) => new PodDisruptionBudget(o as any).validate(),
  "keda.sh/v1alpha1/ScaledObject": validateScaledObject,
  "keda.sh/v1alpha1/TriggerAuthentication": validateTriggerAuthentication,
  "monitoring.coreos.com/v1/PodMonitor": validatePodMonitor,
  "monitoring.googleapis.com/v1/PodMonitoring": validatePodMonitor,
};

function validateManifest(o: Obj): void {
  const key = `${o.apiVersion}/${o.kind}`;
  const v = validators[key];
  // A new template must come with a validator, or it would ship unchecked.
  if (!v) throw new Error(`no schema validator for rendered ${key}`);
  v(o);
}

// --- helpers over rendered manifests ----------------------------------------------------------

function one(objs: Obj[], kind: string): Obj {
  const found = objs.filter((o) => o.kind === kind);
  expect(found, `exactly one ${kind}`).toHaveLength(1);
  return found[0];
}
function podSpec(objs: Obj[]): Obj {
  return one(objs, "Deployment").spec.template.spec;
}
function vllmContainer(objs: Obj[]): Obj {
  const c = podSpec(objs).containers.find((x: Obj) => x.name === "vllm");
  expect(c, "vllm container").toBeDefined();
  return c;
}
function envOf(c: Obj): Record<string, string> {
  return Object.fromEntries((c.env ?? []).map((e: Obj) => [e.name, e.value]));
}
function allContainers(objs: Obj[]): Obj[] {
  return objs
    .filter((o) => o.kind === "Deployment")
    .flatMap((d) => [...(d.spec.template.spec.initContainers ?? []), ...d.spec.template.spec.containers]);
}

const chart = parse(fs.readFileSync(path.join(chartDir, "Chart.yaml"), "utf8")) as Obj;
const defaults = parse(fs.readFileSync(path.join(chartDir, "values.yaml"), "utf8")) as Obj;

interface Stack {
  file: string;
  cloud: "aws" | "gcp";
  region: string;
  accelerator: [string, string];
  cacheMode: "stream" | "copy";
  queueTrigger: string;
  min: number;
  max: number;
  idleToZero: boolean;
}
const stacks: Stack[] = [
  {
    file: "aws-scale-us-east-1-values.yaml", cloud: "aws", region: "us-east-1",
    accelerator: ["ai-infra/accelerator", "nvidia-a10g"], cacheMode: "stream",
    queueTrigger: "aws-sqs-queue", min: 0, max: 4, idleToZero: false,
  },
  {
    file: "gcp-scale-europe-west4-values.yaml", cloud: "gcp", region: "europe-west4",
    accelerator: ["cloud.google.com/gke-accelerator", "nvidia-l4"], cacheMode: "copy",
    queueTrigger: "gcp-pubsub", min: 1, max: 3, idleToZero: true,
  },
];

describe("helm binary", () => {
  it("is the pinned helm built by scripts/setup/30-helm.sh", () => {
    const r = helm("version", "--template", "{{ .Version }}");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(pinnedHelmVersion());
  });
});

describe("chart metadata and values file", () => {
  it("pins chart 0.1.0 and appVersion to the vLLM image tag", () => {
    expect(chart.version).toBe("0.1.0");
    expect(chart.appVersion).toBe(defaults.image.tag);
    expect(defaults.image.tag).toMatch(/^v\d+\.\d+\.\d+$/);
  });

  it("ships exactly the two scale-stack ci values files", () => {
    expect(fs.readdirSync(ciDir).sort()).toEqual(stacks.map((s) => s.file).sort());
  });

  it("comments every key in values.yaml", () => {
    // Values that are Kubernetes API objects passed through as they are: their own key is
    // commented, their inner keys are the API's fields (documented upstream), not chart keys.
    const verbatim = new Set([
      "resources", "modelCache.copy.resources", "gpu.nodeSelector", "podSecurityContext",
      "containerSecurityContext", "updateStrategy", "autoscaling.behavior", "affinity",
      "serviceAccount.annotations", "podAnnotations", "podLabels",
      "probes.startup", "probes.readiness", "probes.liveness",
    ]);
    const doc = parseDocument(fs.readFileSync(path.join(chartDir, "values.yaml"), "utf8"));
    const uncommented: string[] = [];
    // A key's comment is attached to the key, except for a map's first key, whose comment the
    // parser attaches to the map itself (or to the document, for the file's first key).
    const walk = (map: YAMLMap, prefix: string, firstKeyCommented: boolean) => {
      map.items.forEach((pair, i) => {
        if (!isPair(pair) || !isScalar(pair.key)) return;
        const name = prefix + String(pair.key.value);
        const key = pair.key as YamlNode;
        if (!(key.commentBefore || key.comment || (i === 0 && firstKeyCommented))) uncommented.push(name);
        if (isMap(pair.value) && !verbatim.has(name)) {
          walk(pair.value, `${name}.`, Boolean((pair.value as YamlNode).commentBefore));
        }
      });
    };
    expect(isMap(doc.contents)).toBe(true);
    walk(doc.contents as YAMLMap, "", Boolean(doc.commentBefore));
    expect(uncommented).toEqual([]);
  });

  it("has a draft-07 values schema", () => {
    const schema = JSON.parse(fs.readFileSync(path.join(chartDir, "values.schema.json"), "utf8"));
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(schema.additionalProperties).toBe(false);
  });
});

describe("helm lint", () => {
  for (const s of stacks) {
    it(`passes --strict with ci/${s.file}`, () => {
      const r = helm("lint", "--strict", chartDir, "--kube-version", KUBE_VERSION, "-f", path.join(ciDir, s.file));
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toContain("1 chart(s) linted, 0 chart(s) failed");
      expect(r.stdout).not.toMatch(/\[(WARNING|ERROR)\]/);
    });
  }

  it("fails on the bare defaults, naming the keys every stack must set", () => {
    const r = helm("lint", "--strict", chartDir, "--kube-version", KUBE_VERSION);
    const out = r.stdout + r.stderr;
    expect(r.code).not.toBe(0);
    for (const p of ["/cloud", "/region", "/model/servedName", "/model/uri"]) expect(out).toContain(`at '${p}'`);
  });
});

for (const s of stacks) {
  describe(`helm template with ci/${s.file}`, () => {
    let objs: Obj[];
    beforeAll(() => {
      objs = render([path.join(ciDir, s.file)]);
    });

    it("renders the expected manifests, each valid against its schema", () => {
      const kinds = objs.map((o) => o.kind).sort();
      expect(kinds).toEqual(
        [
          "Deployment", "PodDisruptionBudget", "ScaledObject", "Service", "ServiceAccount",
          "TriggerAuthentication", s.cloud === "aws" ? "PodMonitor" : "PodMonitoring",
        ].sort(),
      );
      for (const o of objs) expect(() => validateManifest(o), `${o.kind} ${o.metadata?.name}`).not.toThrow();
    });

    it("the schema checks can fail: a ScaledObject or TriggerAuthentication off its CRD schema is refused", () => {
      const so = structuredClone(one(objs, "ScaledObject"));
      delete so.spec.scaleTargetRef;
      expect(() => validateManifest(so)).toThrow(/scaleTargetRef/);
      const ta = structuredClone(one(objs, "TriggerAuthentication"));
      ta.spec.podIdentity = { provider: 42 };
      expect(() => validateManifest(ta)).toThrow(/provider/);
      const dep = structuredClone(one(objs, "Deployment"));
      dep.spec.replicas = "one";
      expect(() => validateManifest(dep)).toThrow(/replicas/);
    });

    it("requests and limits the GPU and sizes tensor parallelism to it", () => {
      const c = vllmContainer(objs);
      expect(c.resources.limits["nvidia.com/gpu"]).toBe(1);
      expect(c.resources.requests["nvidia.com/gpu"]).toBe(1);
      expect(c.args).toContain("--tensor-parallel-size=1");
    });

    it("tolerates the GPU taint and selects the GPU pool of the right accelerator", () => {
      const spec = podSpec(objs);
      expect(spec.tolerations).toContainEqual({
        key: "nvidia.com/gpu", operator: "Equal", value: "present", effect: "NoSchedule",
      });
      expect(spec.nodeSelector["ai-infra/workload"]).toBe("gpu");
      expect(spec.nodeSelector[s.accelerator[0]]).toBe(s.accelerator[1]);
    });

    it("probes /health with a startup budget sized for model load (20-30 min)", () => {
      const c = vllmContainer(objs);
      for (const p of ["startupProbe", "readinessProbe", "livenessProbe"]) {
        expect(c[p].httpGet, p).toEqual({ path: "/health", port: "http" });
      }
      const budget = c.startupProbe.periodSeconds * c.startupProbe.failureThreshold;
      expect(budget).toBeGreaterThanOrEqual(20 * 60);
      expect(budget).toBeLessThanOrEqual(30 * 60);
      expect(c.ports).toContainEqual({ name: "http", containerPort: 8000, protocol: "TCP" });
    });

    it("scales on the stack's queue and on vLLM's waiting requests, within bounds", () => {
      const so = one(objs, "ScaledObject");
      const deployment = one(objs, "Deployment");
      expect(so.spec.scaleTargetRef).toEqual({ apiVersion: "apps/v1", kind: "Deployment", name: deployment.metadata.name });
      expect(so.spec.minReplicaCount).toBe(s.min);
      expect(so.spec.maxReplicaCount).toBe(s.max);
      if (s.idleToZero) expect(so.spec.idleReplicaCount).toBe(0);
      else expect(so.spec).not.toHaveProperty("idleReplicaCount");
      // Scale to zero either way: min 0, or idle -> 0 below a warm floor.
      expect(s.min === 0 || so.spec.idleReplicaCount === 0).toBe(true);
      // The chart's default (values.yaml `autoscaling.cooldownPeriod`): the kit sets none of its own.
      expect(so.spec.cooldownPeriod).toBe(900);
      // KEDA owns the replica count; a rendered one would be re-applied on every upgrade.
      expect(deployment.spec).not.toHaveProperty("replicas");

      expect(so.spec.triggers.map((t: Obj) => t.type)).toEqual([s.queueTrigger, "prometheus"]);
      const [queue, prom] = so.spec.triggers;
      if (s.cloud === "aws") {
        expect(queue.metadata.queueURL).toBe("https://sqs.us-east-1.amazonaws.com/123456789012/ai-infra-scale-aws-us-east-1-work");
        expect(queue.metadata.awsRegion).toBe("us-east-1");
        expect(queue.metadata.queueLength).toBe("20");
      } else {
        expect(queue.metadata.subscriptionName).toBe(
          "projects/ai-infra-scale-demo/subscriptions/ai-infra-scale-gcp-europe-west4-work",
        );
        expect(queue.metadata.mode).toBe("SubscriptionSize");
        expect(queue.metadata.value).toBe("20");
      }
      expect(prom.metadata.query).toBe(
        `sum(vllm:num_requests_waiting{namespace="${NAMESPACE}",model_name="llama-3.1-8b-instruct"})`,
      );
      expect(prom.metadata.threshold).toBe("4");
      expect(prom.metadata.ignoreNullValues).toBe("true");
    });

    it("authenticates KEDA by pod identity, never with static credentials", () => {
      const ta = one(objs, "TriggerAuthentication");
      const so = one(objs, "ScaledObject");
      expect(so.spec.triggers[0].authenticationRef).toEqual({ name: ta.metadata.name });
      expect(ta.spec.podIdentity.provider).toBe(s.cloud);
      if (s.cloud === "aws") expect(ta.spec.podIdentity.identityOwner).toBe("workload");
      expect(Object.keys(ta.spec)).toEqual(["podIdentity"]);
      if (s.cloud === "gcp") expect(so.spec.triggers[1].authenticationRef).toEqual({ name: ta.metadata.name });
    });

    it("annotates the ServiceAccount with the cloud identity the pods use", () => {
      const sa = one(objs, "ServiceAccount");
      expect(podSpec(objs).serviceAccountName).toBe(sa.metadata.name);
      if (s.cloud === "aws") {
        expect(sa.metadata.annotations["eks.amazonaws.com/role-arn"]).toBe(
          "arn:aws:iam::123456789012:role/ai-infra-scale-aws-us-east-1-vllm",
        );
      } else {
        expect(sa.metadata.annotations["iam.gke.io/gcp-service-account"]).toBe(
          "ai-infra-vllm@ai-infra-scale-demo.iam.gserviceaccount.com",
        );
      }
      expect(sa.automountServiceAccountToken).toBe(false);
    });

    it(`loads weights from the in-region bucket (${s.cacheMode} mode), never from the Hub`, () => {
      const spec = podSpec(objs);
      const c = vllmContainer(objs);
      const env = envOf(c);
      expect(env.HF_HUB_OFFLINE).toBe("1");
      expect(env.TRANSFORMERS_OFFLINE).toBe("1");
      if (s.cacheMode === "stream") {
        expect(c.args[0]).toBe("s3://ai-infra-scale-aws-us-east-1-models/meta-llama/Llama-3.1-8B-Instruct");
        expect(c.args).toContain("--load-format=runai_streamer");
        const extra = c.args.find((a: string) => a.startsWith("--model-loader-extra-config="));
        expect(JSON.parse(extra.slice("--model-loader-extra-config=".length))).toEqual({
          concurrency: 16, memory_limit: 4096 * 1024 * 1024,
        });
        expect(env.AWS_REGION).toBe("us-east-1");
        expect(spec.initContainers).toBeUndefined();
        expect(spec.volumes.map((v: Obj) => v.name)).not.toContain("model-cache");
      } else {
        const init = spec.initContainers.find((x: Obj) => x.name === "model-copy");
        expect(envOf(init).MODEL_URI).toBe("gs://ai-infra-scale-gcp-europe-west4-models/meta-llama/Llama-3.1-8B-Instruct");
        expect(envOf(init).MODEL_DIR).toBe("/models/model");
        expect(init.args[0]).toContain('gcloud storage rsync --recursive --quiet "$MODEL_URI" "$MODEL_DIR"');
        expect(init.volumeMounts).toContainEqual({ name: "model-cache", mountPath: "/models" });
        expect(spec.volumes).toContainEqual({ name: "model-cache", emptyDir: { sizeLimit: "40Gi" } });
        expect(c.volumeMounts).toContainEqual({ name: "model-cache", mountPath: "/models", readOnly: true });
        expect(c.args[0]).toBe("/models/model");
        expect(c.args.some((a: string) => a.includes("runai_streamer"))).toBe(false);
      }
      expect(c.args).toContain("--served-model-name=llama-3.1-8b-instruct");
    });

    it("pins every image to an exact tag; none is latest", () => {
      const containers = allContainers(objs);
      // One Deployment: the vllm container, plus the model-copy init container when the model is
      // copied rather than streamed (LoRA adapters, the other init container, are off in these values).
      expect(containers.map((c) => c.name)).toEqual(s.cacheMode === "copy" ? ["model-copy", "vllm"] : ["vllm"]);
      const images = containers.map((c) => c.image as string);
      for (const image of images) {
        const ref = image.split("@")[0];
        const tag = ref.slice(ref.lastIndexOf(":") + 1);
        expect(ref.lastIndexOf(":"), `${image} has a tag`).toBeGreaterThan(ref.lastIndexOf("/"));
        expect(tag, image).not.toBe("latest");
        expect(tag, image).toMatch(/^v?\d+\.\d+\.\d+/);
      }
      expect(vllmContainer(objs).image).toBe(`vllm/vllm-openai:${chart.appVersion}`);
      expect(JSON.stringify(objs)).not.toMatch(/:latest\b/);
    });

    it("runs every container non-root without privilege escalation", () => {
      const spec = podSpec(objs);
      expect(spec.securityContext.runAsNonRoot).toBe(true);
      expect(spec.securityContext.runAsUser).toBe(1000);
      for (const c of allContainers(objs)) {
        expect(c.securityContext.allowPrivilegeEscalation, c.name).toBe(false);
        expect(c.securityContext.privileged, c.name).toBe(false);
        expect(c.securityContext.capabilities.drop, c.name).toEqual(["ALL"]);
      }
    });

    it("exposes the model only inside the cluster, and the Service and PDB select the pods", () => {
      const svc = one(objs, "Service");
      const pdb = one(objs, "PodDisruptionBudget");
      const podLabels = one(objs, "Deployment").spec.template.metadata.labels;
      expect(svc.spec.type).toBe("ClusterIP");
      expect(svc.spec.ports).toEqual([{ name: "http", port: 8000, targetPort: "http", protocol: "TCP" }]);
      for (const sel of [svc.spec.selector, pdb.spec.selector.matchLabels]) {
        for (const [k, v] of Object.entries(sel)) expect(podLabels[k], k).toBe(v);
      }
      expect(pdb.spec.maxUnavailable).toBe(1);
    });
  });
}

describe("value switches render what they promise", () => {
  const aws = path.join(ciDir, "aws-scale-us-east-1-values.yaml");
  const gcp = path.join(ciDir, "gcp-scale-europe-west4-values.yaml");

  it("copy mode on AWS copies with aws s3 sync into the node-local volume", () => {
    const objs = render([aws, overrideFile({ modelCache: { mode: "copy" } })]);
    objs.forEach(validateManifest);
    const init = podSpec(objs).initContainers[0];
    expect(init.image).toBe("amazon/aws-cli:2.37.5");
    expect(init.args[0]).toContain('aws s3 sync --only-show-errors --no-progress "$MODEL_URI" "$MODEL_DIR"');
    expect(envOf(init).AWS_REGION).toBe("us-east-1");
    expect(vllmContainer(objs).args[0]).toBe("/models/model");
  });

  it("stream mode on GCP streams from gs://", () => {
    const objs = render([gcp, overrideFile({ modelCache: { mode: "stream" } })]);
    const c = vllmContainer(objs);
    expect(c.args[0]).toBe("gs://ai-infra-scale-gcp-europe-west4-models/meta-llama/Llama-3.1-8B-Instruct");
    expect(c.args).toContain("--load-format=runai_streamer");
    expect(podSpec(objs).initContainers).toBeUndefined();
  });

  it("pulls by digest when one is set", () => {
    const digest = `sha256:${"ab".repeat(32)}`;
    const objs = render([aws, overrideFile({ image: { digest } })]);
    expect(vllmContainer(objs).image).toBe(`vllm/vllm-openai:${chart.appVersion}@${digest}`);
  });

  it("uses a dedicated KEDA role when kedaRoleArn is set", () => {
    const roleArn = "arn:aws:iam::123456789012:role/keda-sqs-reader";
    const objs = render([aws, overrideFile({ autoscaling: { queue: { aws: { kedaRoleArn: roleArn } } } })]);
    expect(one(objs, "TriggerAuthentication").spec.podIdentity).toEqual({ provider: "aws", roleArn });
  });

  it("renders a fixed replica count and no KEDA objects when autoscaling is off", () => {
    const objs = render([aws, overrideFile({ autoscaling: { enabled: false }, replicaCount: 2 })]);
    objs.forEach(validateManifest);
    expect(one(objs, "Deployment").spec.replicas).toBe(2);
    expect(objs.filter((o) => o.apiVersion === "keda.sh/v1alpha1")).toEqual([]);
  });
});

describe("values that break the schema are rejected by helm template and helm lint", () => {
  const aws = path.join(ciDir, "aws-scale-us-east-1-values.yaml");
  const cases: Array<{ name: string; values: Obj; error: string }> = [
    { name: "latest image tag", values: { image: { tag: "latest" } }, error: "at '/image/tag': 'latest' does not match pattern" },
    { name: "empty image tag", values: { image: { tag: "" } }, error: "at '/image/tag': '' does not match pattern" },
    { name: "malformed digest", values: { image: { digest: "sha256:abc" } }, error: "at '/image/digest'" },
    { name: "LoadBalancer service", values: { service: { type: "LoadBalancer" } }, error: "at '/service/type': value must be 'ClusterIP'" },
    { name: "NodePort service", values: { service: { type: "NodePort" } }, error: "at '/service/type': value must be 'ClusterIP'" },
    { name: "missing model", values: { model: { uri: "" } }, error: "at '/model/uri': '' does not match pattern" },
    { name: "missing served name", values: { model: { servedName: "" } }, error: "at '/model/servedName'" },
    { name: "gs:// weights on AWS", values: { model: { uri: "gs://bucket-x/m" } }, error: "at '/model/uri': 'gs://bucket-x/m' does not match pattern '^s3://'" },
    { name: "unknown cloud", values: { cloud: "azure" }, error: "at '/cloud': value must be one of 'aws', 'gcp'" },
    { name: "maxReplicas < 1", values: { autoscaling: { maxReplicas: 0 } }, error: "at '/autoscaling/maxReplicas': minimum: got 0, want 1" },
    { name: "unbounded maxReplicas", values: { autoscaling: { maxReplicas: 1000 } }, error: "at '/autoscaling/maxReplicas': maximum: got 1,000, want 64" },
    { name: "max < min", values: { autoscaling: { minReplicas: 5, maxReplicas: 2 } }, error: "at '/autoscaling/maxReplicas': minimum: got 2, want 5" },
    { name: "idle-to-zero with min 0", values: { autoscaling: { idleScaleToZero: true } }, error: "at '/autoscaling/minReplicas': minimum: got 0, want 1" },
    { name: "no trigger at all", values: { autoscaling: { queue: { enabled: false }, prometheus: { enabled: false } } }, error: "at '/autoscaling': 'anyOf' failed" },
    { name: "missing SQS queue URL", values: { autoscaling: { queue: { aws: { queueUrl: "" } } } }, error: "at '/autoscaling/queue/aws/queueUrl': minLength: got 0, want 1" },
    { name: "missing IRSA role", values: { serviceAccount: { aws: { roleArn: "" } } }, error: "at '/serviceAccount/aws/roleArn'" },
    { name: "short startup budget", values: { probes: { startup: { periodSeconds: 10, failureThreshold: 10 } } }, error: "at '/probes/startup/failureThreshold': minimum: got 10, want 30" },
    { name: "privilege escalation", values: { containerSecurityContext: { allowPrivilegeEscalation: true } }, error: "at '/containerSecurityContext/allowPrivilegeEscalation': value must be false" },
    { name: "misspelt key", values: { autoscaling: { maxReplica: 3 } }, error: "at '/autoscaling': additional properties 'maxReplica' not allowed" },
    { name: "empty GPU node selector", values: { gpu: { nodeSelector: null } }, error: "at '/gpu'" },
  ];

  for (const c of cases) {
    it(`rejects ${c.name}`, () => {
      const bad = overrideFile(c.values);
      const t = template([aws, bad]);
      expect(t.code, "helm template must fail").not.toBe(0);
      expect(t.stderr).toContain(c.error);
      const l = helm("lint", "--strict", chartDir, "--kube-version", KUBE_VERSION, "-f", aws, "-f", bad);
      expect(l.code, "helm lint must fail").not.toBe(0);
      expect(l.stdout + l.stderr).toContain(c.error);
    });
  }
});
