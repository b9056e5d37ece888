/**
 * The scale stage as the planner sees the kit's whole program: the cluster wired into each region
 * (and only from scale), the internal load balancer in front of every self-hosted group, the
 * gateway pointed at it, the semantic cache URL passed only as a secret, and the policy packs
 * reading the cluster's resources (each check shown able to fail on this very plan).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { PlannedResource } from "../../planner/capture";
import { type PlanOutcome, exitCodes, planStack } from "../../planner/plan";
import { runPolicies } from "../../planner/policy";
import { renderGatewayConfig, semanticCacheUrlEnv, vllmUrlEnv } from "../../components/gateway/render";
import { regionCidr } from "../../components/platform/tags";
import { runner as guardrails } from "../../policies/guardrails/runner";
import { runner as residency } from "../../policies/residency/runner";
import { exampleFile } from "../helpers/stacks";

type Json = Record<string, any>;
const runners = [guardrails, residency];
const plans = new Map<string, PlanOutcome>();

beforeAll(async () => {
  // One at a time: the mock runtime is process-wide.
  for (const stack of ["scale-aws-us-east-1", "scale-gcp-europe-west4", "growth-aws-eu-west-1", "growth-gcp-us-central1"]) {
    plans.set(stack, await planStack(exampleFile(stack), { runners }));
  }
}, 120_000);

const planOf = (stack: string) => plans.get(stack)!;
const all = (stack: string, type: string) => planOf(stack).result.resources.filter((r) => r.type === type);
function one(stack: string, type: string, name: string): PlannedResource {
  const r = planOf(stack).result.resources.find((x) => x.type === type && x.name === name);
  if (!r) throw new Error(`${stack}: no ${type} ${name}; have ${all(stack, type).map((x) => x.name).join(", ") || "none of that type"}`);
  return r;
}

const cases = [
  { stack: "scale-aws-us-east-1", cloud: "aws", region: "us-east-1", group: "llama-small" },
  { stack: "scale-gcp-europe-west4", cloud: "gcp", region: "europe-west4", group: "mistral-small" },
] as const;

describe.each(cases)("$stack planned", ({ stack, cloud, region, group }) => {
  const r = `ai-infra-${region}`;
  const endpointName = `${r}-kubernetes-serving-${group}-endpoint`;

  it("plans with zero policy violations of either pack", () => {
    expect(planOf(stack).result.errors).toEqual([]);
    expect(planOf(stack).result.policy.violations).toEqual([]);
    expect(planOf(stack).exitCode).toBe(exitCodes.ok);
  });

  it("builds the region's Kubernetes cluster as `<region>-kubernetes`, beside (not instead of) the region's other children", () => {
    const cluster = one(stack, `ai-infra:${cloud}:Cluster`, `${r}-kubernetes`);
    expect(cluster.parent).toBe(one(stack, `ai-infra:${cloud}:Region`, r).urn);
    if (cloud === "aws") {
      // The ECS cluster keeps `-cluster`: the Kubernetes cluster must not take its URN.
      expect(one(stack, "aws:ecs/cluster:Cluster", `${r}-cluster`)).toBeDefined();
      expect(one(stack, "eks:index:Cluster", `${r}-kubernetes-eks`).inputs).toMatchObject({ deletionProtection: false, skipDefaultNodeGroup: true });
    } else {
      expect(one(stack, "gcp:container/cluster:Cluster", `${r}-kubernetes-gke`)).toBeDefined();
      const services = all(stack, "gcp:projects/service:Service").map((s) => s.inputs.service);
      expect(services).toEqual(expect.arrayContaining(["container.googleapis.com", "compute.googleapis.com"]));
    }
  });

  it("exposes each self-hosted group through an internal load balancer reachable only from the VPC", () => {
    const services = all(stack, "kubernetes:core/v1:Service").filter((s) => (s.inputs as Json).spec?.type === "LoadBalancer");
    expect(services.map((s) => s.name)).toEqual([endpointName]);
    // Placed where its cluster is, though its provider (a kubeconfig) has no region.
    expect(services[0]!.region).toBe(region);
    const svc = services[0]!.inputs as Json;
    expect(svc.metadata).toMatchObject({ name: `vllm-${group}-internal`, namespace: "vllm" });
    expect(svc.metadata.annotations).toEqual(
      cloud === "aws"
        ? {
            // The in-tree annotations: no AWS Load Balancer Controller runs in the cluster.
            "service.beta.kubernetes.io/aws-load-balancer-internal": "true",
            "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
            "service.beta.kubernetes.io/aws-load-balancer-cross-zone-load-balancing-enabled": "true",
          }
        : // GKE: a reserved address, so `up` does not wait for ready pods (skipAwait).
          { "networking.gke.io/load-balancer-type": "Internal", "pulumi.com/skipAwait": "true" },
    );
    expect(svc.spec).toEqual({
      type: "LoadBalancer",
      ...(cloud === "gcp" ? { loadBalancerIP: "10.40.31.250" } : {}),
      selector: { "app.kubernetes.io/name": "vllm-serving", "app.kubernetes.io/instance": `vllm-${group}` },
      ports: [{ name: "http", port: 8000, targetPort: "http", protocol: "TCP" }],
      loadBalancerSourceRanges: [regionCidr("10.40.0.0", 0)],
    });
  });

  it("gives the gateway the balancer's address in AI_INFRA_VLLM_<GROUP>_URL, and the rendered config reads it from there", () => {
    const env = vllmUrlEnv(group);
    let value: unknown;
    if (cloud === "aws") {
      const defs = JSON.parse(String(one(stack, "aws:ecs/taskDefinition:TaskDefinition", `${r}-gateway-task`).inputs.containerDefinitions)) as Json[];
      value = defs[0]!.environment.find((e: Json) => e.name === env)?.value;
      // ECS on Fargate runs in the VPC; its security group's egress reaches the in-VPC balancer.
      expect(value).toMatch(/^http:\/\/a[0-9a-f]{32}-[0-9a-f]{16}\.elb\.us-east-1\.amazonaws\.com:8000\/v1$/);
    } else {
      const svc = one(stack, "gcp:cloudrunv2/service:Service", `${r}-gateway-service`).inputs as Json;
      value = svc.template.containers[0].envs.find((e: Json) => e.name === env)?.value;
      // An internal address in the region's range, which Direct VPC egress (private ranges) reaches.
      expect(value).toMatch(/^http:\/\/10\.40\.\d+\.\d+:8000\/v1$/);
      expect(svc.template.vpcAccess.egress).toBe("PRIVATE_RANGES_ONLY");
    }
    // GCP's config object is a secret in the plan (redacted), so read what the renderer gives it.
    const config = parse(
      cloud === "aws"
        ? String(one(stack, "aws:s3/bucketObjectv2:BucketObjectv2", `${r}-gateway-config`).inputs.content)
        : renderGatewayConfig(planOf(stack).spec!, { logTarget: "gcs" }),
    ) as Json;
    const entry = (config.model_list as Json[]).find((m) => m.model_name === group)!;
    expect(entry.litellm_params.api_base).toBe(`os.environ/${env}`);
    expect(JSON.stringify(config)).not.toContain("svc.cluster.local");
  });

  it("passes the semantic cache URL (it embeds the AUTH token) to the gateway only as a secret (AWS; none on GCP)", () => {
    expect(semanticCacheUrlEnv).toBe("AI_INFRA_REDIS_URL");
    if (cloud === "aws") {
      const defs = JSON.parse(String(one(stack, "aws:ecs/taskDefinition:TaskDefinition", `${r}-gateway-task`).inputs.containerDefinitions)) as Json[];
      expect(defs[0]!.environment.map((e: Json) => e.name)).not.toContain(semanticCacheUrlEnv);
      const urlSecret = one(stack, "aws:secretsmanager/secret:Secret", `${r}-cache-url-secret`);
      const ref = defs[0]!.secrets.find((s: Json) => s.name === semanticCacheUrlEnv);
      expect(ref?.valueFrom).toMatch(/^arn:aws:secretsmanager:us-east-1:\d{12}:secret:ai-infra-us-east-1-cache-url-secret-/);
      expect(one(stack, "aws:secretsmanager/secretVersion:SecretVersion", `${r}-cache-url-secret-value`).inputs).toEqual({ secretId: ref.valueFrom, secretString: "[secret]" });
      expect(urlSecret).toBeDefined();
      // Vector search needs Valkey 8.2.
      expect(one(stack, "aws:elasticache/replicationGroup:ReplicationGroup", `${r}-cache-valkey`).inputs.engineVersion).toBe("8.2");
    } else {
      // No semantic cache on GCP (the spec refuses it): no URL secret, no variable.
      const envs = (one(stack, "gcp:cloudrunv2/service:Service", `${r}-gateway-service`).inputs as Json).template.containers[0].envs as Json[];
      expect(envs.map((e) => e.name)).not.toContain(semanticCacheUrlEnv);
      expect(planOf(stack).result.resources.filter((x) => x.type === "gcp:secretmanager/secret:Secret" && x.name === `${r}-cache-url`)).toEqual([]);
    }
  });

  // The empty violation list above means something only if the policies read these resources.
  describe("the policies read the cluster's resources: one property broken at a time", () => {
    const broken = (edit: (r: PlannedResource) => PlannedResource | undefined) =>
      runPolicies(planOf(stack).result.resources.map((x) => edit(x) ?? x), planOf(stack).spec!, runners, planOf(stack).details).map((v) => [v.policy, v.message]);
    const gpuPool = cloud === "aws" ? { type: "aws:eks/nodeGroup:NodeGroup", name: `${r}-kubernetes-gpu-a10g` } : { type: "gcp:container/nodePool:NodePool", name: `${r}-kubernetes-gpu-l4-spot` };

    it("a GPU pool without its taint", () => {
      const out = broken((x) => {
        if (x.name !== gpuPool.name) return undefined;
        const inputs = structuredClone(x.inputs) as Json;
        if (cloud === "aws") inputs.taints = [];
        else inputs.nodeConfig.taints = [];
        return { ...x, inputs };
      });
      expect(out).toEqual([
        ["gpu-node-pools-tainted-and-bounded", `${gpuPool.name} (${gpuPool.type}) is a GPU node pool without the nvidia.com/gpu NoSchedule taint, so ordinary pods can be scheduled on GPU nodes`],
      ]);
    });

    it("the vLLM release on a moving image tag", () => {
      const release = `${r}-kubernetes-serving-${group}-release`;
      const out = broken((x) => {
        if (x.name !== release) return undefined;
        const inputs = structuredClone(x.inputs) as Json;
        inputs.values.image.tag = "latest";
        return { ...x, inputs };
      });
      expect(out).toHaveLength(1);
      expect(out[0]![0]).toBe("container-images-pinned");
      expect(out[0]![1]).toContain(`${release} (kubernetes:helm.sh/v3:Release) runs image vllm/vllm-openai:latest (values.image)`);
    });

    it("the model's load balancer without its internal annotation", () => {
      const out = broken((x) => (x.name === endpointName ? { ...x, inputs: { ...x.inputs, metadata: { ...(x.inputs.metadata as Json), annotations: {} } } } : undefined));
      expect(out).toEqual([
        [
          "no-public-network-exposure",
          `${endpointName} (kubernetes:core/v1:Service) is a public LoadBalancer service; model servers and data stores stay private (use an internal load balancer annotation)`,
        ],
      ]);
    });
  });
});

describe.each(["growth-aws-eu-west-1", "growth-gcp-us-central1"])("%s planned", (stack) => {
  it("has no cluster, no Kubernetes resources, no model endpoints and no semantic cache URL", () => {
    const types = planOf(stack).result.resources.map((r) => r.type);
    // The ECS cluster runs the gateway and the Aurora cluster holds the keys (growth on); neither is Kubernetes.
    expect(types.filter((t) => /:Cluster$/.test(t) && t !== "aws:ecs/cluster:Cluster" && t !== "aws:rds/cluster:Cluster")).toEqual([]);
    expect(types.filter((t) => t.startsWith("kubernetes:") || t.startsWith("eks:") || t === "pulumi:providers:kubernetes")).toEqual([]);
    expect(JSON.stringify(planOf(stack).result.resources)).not.toMatch(/AI_INFRA_VLLM_|AI_INFRA_REDIS_URL/);
    expect(planOf(stack).result.policy.violations).toEqual([]);
  });
});
