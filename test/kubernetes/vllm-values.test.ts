import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { vllmUrlEnv } from "../../components/gateway/render";
import { renderVllmEndpoint, vllmEndpointUrl } from "../../components/kubernetes/endpoint";
import { vllmImage } from "../../components/kubernetes/versions";
import { type VllmCloudFacts, renderVllmValues, vllmChartPath } from "../../components/kubernetes/vllm-release";
import type { Stack } from "../../components/config";
import { exampleSpec, fakeAccount, helmBin, helmTemplate as template, scaleStacks } from "../helpers/scale";

/**
 * `renderVllmValues` output for each example scale stack, fed to the real `helm` (installed by
 * scripts/setup/30-helm.sh): `helm template` applies the chart's values.schema.json to the merged
 * values and renders the templates, so a key the chart does not accept, a malformed URI or role,
 * or a value out of range fails here — the contract between the Pulumi side and the chart.
 */
const chart = vllmChartPath();
const helmTemplate = (values: unknown, release: string) => template(chart, values, release);

/** Cloud facts shaped exactly like the ones the cluster components resolve from their resources. */
function factsFor(spec: Stack): VllmCloudFacts {
  const region = spec.primaryRegion;
  if (spec.cloud === "aws") {
    return {
      cloud: "aws",
      region,
      modelBucket: "ai-infra-us-east-1-kubernetes-model-cache-bucket-7f3a9c1",
      identity: `arn:aws:iam::${fakeAccount}:role/ai-infra-us-east-1-kubernetes-vllm-role-1a2b3c4`,
      queue: `https://sqs.${region}.amazonaws.com/${fakeAccount}/ai-infra-jobs-5d6e7f8`,
      prometheus: { serverAddress: "http://prometheus-operated.monitoring.svc:9090", authentication: "none", monitor: "prometheus-operator" },
    };
  }
  const project = spec.gcpProject!;
  return {
    cloud: "gcp",
    region,
    modelBucket: `${spec.stack}-models-a1b2c3`,
    identity: `scale-gcp-europe-vllm-1a2b3c@${project}.iam.gserviceaccount.com`,
    queue: `projects/${project}/subscriptions/scale-gcp-europe-west4-jobs-4d5e6f`,
    prometheus: { serverAddress: `https://monitoring.googleapis.com/v1/projects/${project}/location/global/prometheus`, authentication: "podIdentity", monitor: "gke-managed" },
  };
}

describe("vLLM chart values derived from the spec, checked by the real helm", () => {
  it("has the pinned helm from scripts/setup/30-helm.sh", () => {
    expect(existsSync(helmBin), `${helmBin} missing: run bash scripts/setup/30-helm.sh`).toBe(true);
  });

  describe.each(scaleStacks)("%s", (stack) => {
    const spec = exampleSpec(stack);

    it.each(spec.selfHosted!.map((s) => [s.name, s] as const))("%s: values pass the chart's schema and render what the spec asks for", (_n, s) => {
      const values = renderVllmValues(s, spec.fineTuning, factsFor(spec));
      const r = helmTemplate(values, `vllm-${s.name}`);
      if (!r.ok) throw new Error(r.stderr);
      const byKind = (kind: string) => r.docs.filter((d) => d.kind === kind);
      const deployment = byKind("Deployment")[0];
      expect(deployment.metadata.name).toBe(`vllm-${s.name}`);
      const pod = deployment.spec.template.spec;
      const vllm = pod.containers[0];
      expect(vllm.resources.limits["nvidia.com/gpu"]).toBe(s.gpusPerReplica);
      expect(pod.nodeSelector["ai-infra/gpu-pool"]).toBe(s.pool);
      expect(pod.tolerations).toContainEqual({ key: "nvidia.com/gpu", operator: "Equal", value: "present", effect: "NoSchedule" });
      // The Service the gateway addresses is the release's fullname, internal only.
      const service = byKind("Service")[0];
      expect(service.metadata.name).toBe(`vllm-${s.name}`);
      expect(service.spec.type).toBe("ClusterIP");
      const so = byKind("ScaledObject")[0];
      expect(so.spec.minReplicaCount).toBe(s.minReplicas);
      expect(so.spec.maxReplicaCount).toBe(s.maxReplicas);
      const triggerTypes = so.spec.triggers.map((t: { type: string }) => t.type);
      expect(triggerTypes).toEqual([spec.cloud === "aws" ? "aws-sqs-queue" : "gcp-pubsub", "prometheus"]);
      // The latency trigger needs something scraping vLLM: a PodMonitor (EKS) or PodMonitoring (GKE).
      expect(byKind(spec.cloud === "aws" ? "PodMonitor" : "PodMonitoring")).toHaveLength(1);
      const sa = byKind("ServiceAccount")[0];
      expect(Object.values(sa.metadata.annotations ?? {})).toContain(values.serviceAccount.aws?.roleArn ?? values.serviceAccount.gcp?.serviceAccountEmail);
    });
  });

  it("a value the chart does not accept is rejected by helm (the check bites)", () => {
    const spec = exampleSpec("scale-aws-us-east-1");
    const values = renderVllmValues(spec.selfHosted![0]!, spec.fineTuning, { ...factsFor(spec), modelBucket: "Not A Bucket" });
    const r = helmTemplate(values, "vllm-broken");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.stderr).toContain("/model/uri");
  });
});

describe("the vLLM image", () => {
  it("is set on every release, equal to the chart's pinned default, so previews and the image policy see it", async () => {
    const { readFileSync } = await import("node:fs");
    const { parse } = await import("yaml");
    const path = await import("node:path");
    const chartValues = parse(readFileSync(path.join(vllmChartPath(), "values.yaml"), "utf8")) as { image: { repository: string; tag: string } };
    expect(vllmImage).toEqual({ repository: chartValues.image.repository, tag: chartValues.image.tag });
    expect(vllmImage.tag).toMatch(/^v\d+\.\d+\.\d+$/);
  });
});

describe("the internal endpoint of a group", () => {
  it("is named by the env variable the gateway reads, and refuses to open without source ranges", () => {
    expect(vllmUrlEnv("llama-small")).toBe("AI_INFRA_VLLM_LLAMA_SMALL_URL");
    expect(vllmUrlEnv("mistral.7b")).toBe("AI_INFRA_VLLM_MISTRAL_7B_URL");
    expect(vllmEndpointUrl("10.40.16.7")).toBe("http://10.40.16.7:8000/v1");
    expect(() => renderVllmEndpoint("aws", "llama-small", [])).toThrow("sourceRanges must name the VPC range");
    // The AWS Load Balancer Controller's scheme annotation is not used: no controller runs to read it.
    expect(Object.keys(renderVllmEndpoint("aws", "x", ["10.0.0.0/16"]).metadata.annotations)).not.toContain("service.beta.kubernetes.io/aws-load-balancer-scheme");
  });
});
