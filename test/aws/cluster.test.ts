import { beforeAll, describe, expect, it } from "vitest";
import { fromStage } from "../../components/config/model";
import { type ScaleMocks, exampleSpec, helmTemplate, fakeAccount, installScaleMocks, plain, settle } from "../helpers/scale";

// Mocks first: the components below register resources when constructed.
const stack = "scale-aws-us-east-1";
const region = "us-east-1";
let mocks: ScaleMocks;
let clusterName: string;
let cluster: import("../../components/aws/cluster").Cluster;
const spec = exampleSpec(stack);
if (spec.cloud !== "aws" || !fromStage(spec, "scale")) throw new Error(`${stack} is an AWS stack at scale`);
const scaled = spec;

beforeAll(async () => {
  mocks = await installScaleMocks({ stack, awsRegion: region });
  const aws = await import("@pulumi/aws");
  const { Cluster } = await import("../../components/aws/cluster");
  const provider = new aws.Provider("region-provider", { region });
  cluster = new Cluster(
    "ai-infra-us-east-1-kubernetes",
    {
      cluster: scaled.cluster,
      selfHosted: scaled.selfHosted,
      serving: { cloud: "aws", selfHosted: scaled.selfHosted },
      deletionProtection: scaled.deletionProtection,
      scope: { project: scaled.project, stack: scaled.stack, region },
      tags: { owner: "platform-team" },
      vpcId: "vpc-0abc",
      regionCidr: "10.40.0.0/16",
      natGatewayIds: ["nat-0abc", "nat-0def"],
      queue: {
        arn: `arn:aws:sqs:${region}:${fakeAccount}:ai-infra-jobs`,
        url: `https://sqs.${region}.amazonaws.com/${fakeAccount}/ai-infra-jobs`,
      },
    },
    { provider },
  );
  clusterName = cluster.clusterName;
  await settle(mocks);
});

const inputsOf = (type: string, name: string) => plain(mocks.one(type, name).inputs);
/** Ids the fakes gave the cluster's own node subnets, in zone order. */
const nodeSubnetIds = () =>
  ["ai-infra-us-east-1-kubernetes-nodes-0", "ai-infra-us-east-1-kubernetes-nodes-1"].map((n) => mocks.idOf("aws:ec2/subnet:Subnet", n));

describe("Cluster under mocks (scale-aws-us-east-1)", () => {
  it("builds the control plane with @pulumi/eks: pinned version, private endpoint, no default node group, OIDC for IRSA", () => {
    const eks = inputsOf("eks:index:Cluster", "ai-infra-us-east-1-kubernetes-eks");
    expect(eks).toMatchObject({
      name: clusterName,
      version: "1.35",
      vpcId: "vpc-0abc",
      privateSubnetIds: nodeSubnetIds(),
      skipDefaultNodeGroup: true,
      authenticationMode: "API",
      createOidcProvider: true,
      endpointPrivateAccess: true,
      nodeAssociatePublicIpAddress: false,
    });
    expect(clusterName.length).toBeLessThanOrEqual(100);
  });

  it("opens the public API endpoint only to the stack's publicAccessCidrs and admits its admin principals", async () => {
    const eks = inputsOf("eks:index:Cluster", "ai-infra-us-east-1-kubernetes-eks");
    expect(spec.cluster!.publicAccessCidrs).toEqual(["203.0.113.0/24"]);
    expect(eks.endpointPublicAccess).toBe(true);
    expect(eks.publicAccessCidrs).toEqual(["203.0.113.0/24"]);
    // The example names no extra admins; the identity running `pulumi up` is EKS's bootstrap admin.
    expect(eks.accessEntries).toEqual({});
    const { clusterAccessEntries } = await import("../../components/aws/cluster");
    const role = "arn:aws:iam::123456789012:role/platform-admins";
    const entries = Object.values(clusterAccessEntries([role, role]));
    expect(entries).toEqual([
      {
        principalArn: role,
        accessPolicies: { admin: { policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", accessScope: { type: "cluster" } } },
      },
    ]);
  });

  it("names where each self-hosted model's weights must be staged", async () => {
    const uris = await new Promise<Record<string, string>>((r) => cluster.modelWeightsUris.apply(r));
    const bucket = await new Promise<string>((r) => cluster.modelCacheBucket.apply(r));
    expect(uris).toEqual({ "llama-small": `s3://${bucket}/meta-llama/Llama-3.1-8B-Instruct/` });
  });

  it("puts every AWS resource in the stack's region through the region's provider", () => {
    const provider = mocks.byType("pulumi:providers:aws").find((p) => p.name === "region-provider")!;
    const awsResources = mocks.resources.filter((r) => r.custom && r.type.startsWith("aws:"));
    expect(awsResources.length).toBeGreaterThan(10);
    for (const r of awsResources) expect(r.provider?.startsWith(provider.urn), `${r.type} ${r.name}`).toBe(true);
    // The remote eks component receives the same provider for its own AWS children.
    expect(plain(provider.inputs).region).toBe(region);
  });

  it("puts nodes in private subnets of its own, with egress through the network's NAT gateway and weights through the S3 gateway endpoint", () => {
    expect(["ai-infra-us-east-1-kubernetes-nodes-0", "ai-infra-us-east-1-kubernetes-nodes-1"].map((n) => inputsOf("aws:ec2/subnet:Subnet", n))).toEqual([
      expect.objectContaining({ vpcId: "vpc-0abc", cidrBlock: "10.40.64.0/19", availabilityZone: "us-east-1a", mapPublicIpOnLaunch: false }),
      expect.objectContaining({ vpcId: "vpc-0abc", cidrBlock: "10.40.96.0/19", availabilityZone: "us-east-1b", mapPublicIpOnLaunch: false }),
    ]);
    // Each zone's nodes through that zone's NAT gateway.
    const rtA = mocks.one("aws:ec2/routeTable:RouteTable", "ai-infra-us-east-1-kubernetes-nodes-rt");
    const rtB = mocks.one("aws:ec2/routeTable:RouteTable", "ai-infra-us-east-1-kubernetes-nodes-rt-1");
    expect(plain(rtA.inputs).routes).toEqual([expect.objectContaining({ cidrBlock: "0.0.0.0/0", natGatewayId: "nat-0abc" })]);
    expect(plain(rtB.inputs).routes).toEqual([expect.objectContaining({ cidrBlock: "0.0.0.0/0", natGatewayId: "nat-0def" })]);
    expect([0, 1].map((i) => inputsOf("aws:ec2/routeTableAssociation:RouteTableAssociation", `ai-infra-us-east-1-kubernetes-nodes-${i}-rta`).routeTableId)).toEqual([
      mocks.idOf("aws:ec2/routeTable:RouteTable", "ai-infra-us-east-1-kubernetes-nodes-rt"),
      mocks.idOf("aws:ec2/routeTable:RouteTable", "ai-infra-us-east-1-kubernetes-nodes-rt-1"),
    ]);
    expect(inputsOf("aws:ec2/vpcEndpoint:VpcEndpoint", "ai-infra-us-east-1-kubernetes-s3-endpoint")).toMatchObject({
      serviceName: "com.amazonaws.us-east-1.s3",
      vpcEndpointType: "Gateway",
    });
  });

  it("has a CPU system node group with the spec's bounds", () => {
    const system = inputsOf("aws:eks/nodeGroup:NodeGroup", "ai-infra-us-east-1-kubernetes-system");
    expect(system).toMatchObject({
      clusterName,
      instanceTypes: ["m7i.xlarge"],
      amiType: "AL2023_x86_64_STANDARD",
      capacityType: "ON_DEMAND",
      scalingConfig: { minSize: 2, maxSize: 4, desiredSize: 2 },
      labels: { "ai-infra/workload": "system" },
    });
    expect(system.taints).toBeUndefined();
  });

  it("has one GPU node group per pool: instance from the GPU table, min 0, bounded max, on-demand, tainted and labelled", () => {
    const groups = mocks.byType("aws:eks/nodeGroup:NodeGroup").filter((g) => g.name.includes("-gpu-"));
    expect(groups.map((g) => g.name)).toEqual(["ai-infra-us-east-1-kubernetes-gpu-a10g"]);
    const gpu = plain(groups[0]!.inputs);
    expect(gpu).toMatchObject({
      clusterName,
      instanceTypes: ["g5.2xlarge"],
      amiType: "AL2023_x86_64_NVIDIA",
      capacityType: "ON_DEMAND",
      scalingConfig: { minSize: 0, maxSize: 4, desiredSize: 0 },
      taints: [{ key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" }],
      labels: { "ai-infra/workload": "gpu", "ai-infra/gpu-pool": "a10g", "ai-infra/accelerator": "nvidia-a10g", "nvidia.com/gpu.present": "true" },
      subnetIds: nodeSubnetIds(),
    });
  });

  it("installs the NVIDIA device plugin and the cluster autoscaler from pinned charts, on the cluster's provider", () => {
    const k8sProvider = mocks.byType("pulumi:providers:kubernetes").find((p) => p.name === "ai-infra-us-east-1-kubernetes-k8s")!;
    const plugin = mocks.one("kubernetes:helm.sh/v3:Release", "ai-infra-us-east-1-kubernetes-nvidia-device-plugin");
    expect(plain(plugin.inputs)).toMatchObject({
      chart: "nvidia-device-plugin",
      version: "0.17.1",
      repositoryOpts: { repo: "https://nvidia.github.io/k8s-device-plugin" },
      values: { tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }] },
    });
    expect(plugin.provider?.startsWith(k8sProvider.urn)).toBe(true);
    const ca = plain(mocks.one("kubernetes:helm.sh/v3:Release", "ai-infra-us-east-1-kubernetes-cluster-autoscaler").inputs);
    expect(ca).toMatchObject({ chart: "cluster-autoscaler", version: "9.46.6", values: { autoDiscovery: { clusterName }, awsRegion: region, image: { tag: "v1.35.0" } } });
    expect(ca.values.rbac.serviceAccount.annotations["eks.amazonaws.com/role-arn"]).toMatch(/^arn:aws:iam::123456789012:role\//);
  });

  it("installs an in-cluster Prometheus (pinned) that picks up the chart's PodMonitor, before the chart", () => {
    const prom = mocks.one("kubernetes:helm.sh/v3:Release", "ai-infra-us-east-1-kubernetes-prometheus-release");
    expect(plain(prom.inputs)).toMatchObject({
      chart: "kube-prometheus-stack",
      version: "72.0.0",
      namespace: "monitoring",
      values: { prometheus: { prometheusSpec: { podMonitorSelectorNilUsesHelmValues: false } }, grafana: { enabled: false } },
    });
    const releaseUrn = mocks.one("kubernetes:helm.sh/v3:Release", "ai-infra-us-east-1-kubernetes-serving-llama-small-release").urn;
    expect(mocks.dependencies.get(releaseUrn)).toContain(prom.urn);
  });

  it("installs KEDA from its pinned chart with the operator's IRSA role", () => {
    const keda = plain(mocks.one("kubernetes:helm.sh/v3:Release", "ai-infra-us-east-1-kubernetes-serving-keda-release").inputs);
    expect(keda).toMatchObject({ name: "keda", chart: "keda", version: "2.18.1", namespace: "keda", repositoryOpts: { repo: "https://kedacore.github.io/charts" } });
    expect(keda.values.podIdentity.aws.irsa).toEqual({ enabled: true, roleArn: expect.stringMatching(/^arn:aws:iam::123456789012:role\//) });
  });

  it("deploys the kit's chart from the local path with values derived from the spec", () => {
    const release = plain(mocks.one("kubernetes:helm.sh/v3:Release", "ai-infra-us-east-1-kubernetes-serving-llama-small-release").inputs);
    expect(release.chart).toMatch(/charts\/vllm-serving$/);
    expect(release.name).toBe("vllm-llama-small");
    expect(release.namespace).toBe("vllm");
    const v = release.values;
    expect(v).toMatchObject({
      cloud: "aws",
      region,
      fullnameOverride: "vllm-llama-small",
      model: { servedName: "llama-small" },
      gpu: {
        count: 1,
        nodeSelector: { "ai-infra/workload": "gpu", "ai-infra/gpu-pool": "a10g", "ai-infra/accelerator": "nvidia-a10g" },
        tolerations: [{ key: "nvidia.com/gpu", operator: "Equal", value: "present", effect: "NoSchedule" }],
      },
      // g5.2xlarge (8 vCPU, 32 GiB) for one GPU: 6 vCPU, 24 GiB requested.
      resources: { requests: { cpu: "6", memory: "24Gi" }, limits: { memory: "27Gi" } },
      serviceAccount: { create: true, name: "vllm-llama-small", aws: { roleArn: expect.stringMatching(/^arn:aws:iam::123456789012:role\/ai-infra-us-east-1-kubernetes-vllm-role-/) } },
      modelCache: { mode: "stream" },
      autoscaling: {
        enabled: true,
        minReplicas: 0,
        maxReplicas: 4,
        idleScaleToZero: false,
        queue: { enabled: true, aws: { queueUrl: `https://sqs.${region}.amazonaws.com/${fakeAccount}/ai-infra-jobs` } },
        prometheus: { enabled: true, serverAddress: "http://prometheus-operated.monitoring.svc:9090", authentication: "none" },
      },
      metrics: { monitor: "prometheus-operator" },
    });
    // The weights come from this region's model-cache bucket, under the model id.
    expect(v.model.uri).toMatch(/^s3:\/\/ai-infra-us-east-1-kubernetes-model-cache-bucket-[0-9a-f]+\/meta-llama\/Llama-3\.1-8B-Instruct$/);
  });

  it("installs KEDA before the chart (the release depends on the KEDA release)", () => {
    const kedaUrn = mocks.one("kubernetes:helm.sh/v3:Release", "ai-infra-us-east-1-kubernetes-serving-keda-release").urn;
    const releaseUrn = mocks.one("kubernetes:helm.sh/v3:Release", "ai-infra-us-east-1-kubernetes-serving-llama-small-release").urn;
    const deps = mocks.dependencies.get(releaseUrn) ?? [];
    // dependsOn on the KEDA component reaches the engine as its release: the chart's ScaledObject
    // and TriggerAuthentication need KEDA's CRDs in place.
    expect(deps, JSON.stringify(deps)).toContain(kedaUrn);
    // And KEDA itself waits for the nodes and the device plugin.
    const kedaDeps = mocks.dependencies.get(kedaUrn) ?? [];
    const gpuGroup = mocks.one("aws:eks/nodeGroup:NodeGroup", "ai-infra-us-east-1-kubernetes-gpu-a10g").urn;
    expect(kedaDeps, JSON.stringify(kedaDeps)).toContain(gpuGroup);
  });

  it("gives vLLM read access to the weights and the queue depth only, trusted by its service account and KEDA's", () => {
    const role = plain(mocks.one("aws:iam/role:Role", "ai-infra-us-east-1-kubernetes-vllm-role").inputs);
    const trust = JSON.parse(role.assumeRolePolicy);
    const cond = trust.Statement[0].Condition.StringEquals;
    const issuer = Object.keys(cond).find((k) => k.endsWith(":sub"))!;
    expect(issuer).toMatch(/^oidc\.eks\.us-east-1\.amazonaws\.com\/id\/[0-9A-F]+:sub$/);
    expect(cond[issuer]).toEqual(["system:serviceaccount:keda:keda-operator", "system:serviceaccount:vllm:vllm-llama-small"]);
    expect(trust.Statement[0].Action).toBe("sts:AssumeRoleWithWebIdentity");
    const policy = JSON.parse(plain(mocks.one("aws:iam/rolePolicy:RolePolicy", "ai-infra-us-east-1-kubernetes-vllm-access").inputs).policy);
    const actions = policy.Statement.flatMap((s: { Action: string | string[] }) => s.Action);
    expect(actions.sort()).toEqual(["s3:GetObject", "s3:ListBucket", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"]);
    expect(policy.Statement.find((s: { Sid: string }) => s.Sid === "ReadQueueDepth").Resource).toBe(`arn:aws:sqs:${region}:${fakeAccount}:ai-infra-jobs`);
  });

  it("keeps the model cache bucket private and encrypted (the kit's hardened bucket)", () => {
    const pab = plain(mocks.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "ai-infra-us-east-1-kubernetes-model-cache-public-access").inputs);
    expect(pab).toMatchObject({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    mocks.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "ai-infra-us-east-1-kubernetes-model-cache-encryption");
  });

  it("names children `${name}-<role>` and registers its component type", () => {
    mocks.one("ai-infra:aws:Cluster", "ai-infra-us-east-1-kubernetes");
    for (const r of mocks.resources.filter((x) => x.parent === mocks.one("ai-infra:aws:Cluster", "ai-infra-us-east-1-kubernetes").urn)) {
      expect(r.name.startsWith("ai-infra-us-east-1-kubernetes-"), r.name).toBe(true);
    }
  });

  it("hands the chart values that the real helm accepts (schema) and renders", () => {
    const release = plain(mocks.one("kubernetes:helm.sh/v3:Release", `ai-infra-us-east-1-kubernetes-serving-llama-small-release`).inputs);
    const r = helmTemplate(release.chart, release.values, release.name);
    if (!r.ok) throw new Error(r.stderr);
    expect(r.docs.map((d) => d.kind)).toEqual(expect.arrayContaining(["Deployment", "Service", "ScaledObject", "TriggerAuthentication"]));
    expect(r.docs.find((d) => d.kind === "Service").metadata.name).toBe("vllm-llama-small");
  });
});
