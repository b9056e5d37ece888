import { createHash } from "node:crypto";
import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { gpuNodeLabels, gpuTaint, kedaNamespace, kedaOperatorServiceAccount, vllmNamespace, vllmReleaseName } from "../kubernetes/naming";
import { InClusterPrometheus } from "../kubernetes/prometheus";
import { Serving, type ServingArgs } from "../kubernetes/serving";
import { clusterAutoscalerChart, clusterAutoscalerImageTag, nvidiaDevicePluginChart } from "../kubernetes/versions";
import type { VllmCloudFacts } from "../kubernetes/vllm-release";
import type { GpuShape } from "../config/gpus";
import type { AwsClusterConfig, GpuPoolConfig, SelfHostedConfig } from "../config/model";
import { SecureBucket } from "./bucket";
import { type Statement, assumeRolePolicy, policyDocument } from "./iam";
import { type NameScope, shortName } from "./names";
import { zonesOf } from "./network";
import { eksClusterAdminPolicyArn } from "../config/facts/aws";

/**
 * EKS access entries for the stack's admin principals (IAM role or user ARNs): each gets the
 * cluster-admin access policy on the whole cluster. The identity running `pulumi up` is admitted by
 * EKS's own bootstrap entry (`bootstrapClusterCreatorAdminPermissions`), not listed here: an entry
 * for it as well would collide with the bootstrap one. Keys are stable per principal, so adding one
 * does not touch the others. https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html
 */
export function clusterAccessEntries(adminPrincipals: readonly string[]): Record<string, { principalArn: string; accessPolicies: Record<string, { policyArn: string; accessScope: { type: string } }> }> {
  return Object.fromEntries(
    [...new Set(adminPrincipals)].sort().map((arn) => [
      `admin-${createHash("sha256").update(arn).digest("hex").slice(0, 8)}`,
      { principalArn: arn, accessPolicies: { admin: { policyArn: eksClusterAdminPolicyArn, accessScope: { type: "cluster" } } } },
    ]),
  );
}

/** Where a self-hosted model's weights must be staged: `s3://<model cache>/<model id>/` (the chart reads model.uri). */
export function modelWeightsUri(bucket: string, modelId: string): string {
  return `s3://${bucket}/${modelId}/`;
}

/** Namespace and ServiceAccount of the cluster autoscaler; its IRSA role trusts exactly this. */
export const autoscalerNamespace = "kube-system";
export const autoscalerServiceAccount = "cluster-autoscaler";

/** Managed policies every EKS node role needs (join the cluster, run the VPC CNI, pull from ECR). */
export const nodeManagedPolicies = {
  worker: "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
  cni: "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
  ecr: "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
} as const;

/** A Kubernetes service account, as an IRSA `sub` claim names it. */
export interface ServiceAccountRef {
  namespace: string;
  name: string;
}

/**
 * Trust policy of an IRSA role: only tokens the cluster's OIDC issuer minted for exactly these
 * service accounts, for STS, may assume it. `issuer` is the issuer URL with or without `https://`.
 */
export function irsaTrustPolicy(oidcProviderArn: string, issuer: string, subjects: readonly ServiceAccountRef[]): string {
  const host = issuer.replace(/^https:\/\//, "");
  const subs = subjects.map((s) => `system:serviceaccount:${s.namespace}:${s.name}`).sort();
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: oidcProviderArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: { StringEquals: { [`${host}:aud`]: "sts.amazonaws.com", [`${host}:sub`]: subs.length === 1 ? subs[0]! : subs } },
      },
    ],
  });
}

/**
 * What the vLLM pods (and KEDA acting as them, `identityOwner: workload`) may do: read the
 * pre-staged weights, and read the queue's depth. Nothing else — no writes, no other bucket.
 */
export function vllmAccessPolicy(bucketArn: string, queueArn: string): string {
  const statements: Statement[] = [
    { Sid: "ListModelCache", Effect: "Allow", Action: "s3:ListBucket", Resource: bucketArn },
    { Sid: "ReadModelWeights", Effect: "Allow", Action: "s3:GetObject", Resource: `${bucketArn}/*` },
    { Sid: "ReadQueueDepth", Effect: "Allow", Action: ["sqs:GetQueueAttributes", "sqs:GetQueueUrl"], Resource: queueArn },
  ];
  return policyDocument(statements);
}

/**
 * The cluster autoscaler's permissions: describe freely (the API has no resource scoping for
 * Describe*), change sizes only of groups tagged as owned by this cluster (managed node groups
 * tag their Auto Scaling groups `k8s.io/cluster-autoscaler/<cluster>=owned`), and read managed
 * node groups — which is how it learns the labels, taints and instance type of a group at zero
 * nodes, i.e. how a GPU pool scales up from zero.
 */
export function autoscalerPolicy(clusterName: string): string {
  return policyDocument([
    {
      Sid: "Describe",
      Effect: "Allow",
      Action: [
        "autoscaling:DescribeAutoScalingGroups",
        "autoscaling:DescribeAutoScalingInstances",
        "autoscaling:DescribeLaunchConfigurations",
        "autoscaling:DescribeScalingActivities",
        "autoscaling:DescribeTags",
        "ec2:DescribeImages",
        "ec2:DescribeInstanceTypes",
        "ec2:DescribeLaunchTemplateVersions",
        "ec2:GetInstanceTypesFromInstanceRequirements",
        "eks:DescribeNodegroup",
      ],
      Resource: "*",
    },
    {
      Sid: "ScaleOwnedGroups",
      Effect: "Allow",
      Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
      Resource: "*",
      Condition: { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: "owned" } },
    },
  ]);
}

/**
 * The cluster's own subnets in the region's /16: two /19s (zones a and b) in the range the base
 * network leaves free (it uses .0–.31 public and .128–.159 private). /19 because the VPC CNI gives
 * every pod a VPC address.
 */
export function clusterSubnetCidrs(regionCidr: string): [string, string] {
  const m = /^(\d+)\.(\d+)\.0\.0\/16$/.exec(regionCidr);
  if (!m) throw new Error(`expected a /16 such as 10.40.0.0/16, got ${regionCidr}`);
  return [`${m[1]}.${m[2]}.64.0/19`, `${m[1]}.${m[2]}.96.0/19`];
}

/** The node-group settings of one GPU pool; pure so tests read bounds, taints and labels directly. */
export interface GpuNodeGroupSettings {
  instanceTypes: string[];
  amiType: string;
  capacityType: "SPOT" | "ON_DEMAND";
  scalingConfig: { minSize: number; maxSize: number; desiredSize: number };
  taints: { key: string; value: string; effect: "NO_SCHEDULE" }[];
  labels: Record<string, string>;
  diskSize: number;
}

/**
 * A GPU pool as an EKS managed node group. The EKS accelerated AL2023 AMI brings the NVIDIA driver
 * and container toolkit; the device plugin comes from its chart. `minSize` is the spec's (0 =
 * scale to zero: the autoscaler adds a node when a GPU pod is pending and removes it when idle).
 */
export function gpuNodeGroupSettings(pool: GpuPoolConfig, shape: GpuShape): GpuNodeGroupSettings {
  return {
    instanceTypes: [shape.type],
    amiType: "AL2023_x86_64_NVIDIA",
    capacityType: pool.spot ? "SPOT" : "ON_DEMAND",
    scalingConfig: { minSize: pool.minNodes, maxSize: pool.maxNodes, desiredSize: pool.minNodes },
    taints: [{ key: gpuTaint.key, value: gpuTaint.value, effect: "NO_SCHEDULE" }],
    labels: {
      ...gpuNodeLabels(pool.name, pool.accelerator),
      // The device plugin chart's default node affinity selects on this label (no NFD needed).
      "nvidia.com/gpu.present": "true",
    },
    // The vLLM image alone is ~10 GB; `copy` model-cache mode puts the weights on this disk too.
    diskSize: 200,
  };
}

/** Values of the NVIDIA device plugin chart: only on kit GPU nodes, tolerating their taint. */
export function renderDevicePluginValues(): Record<string, unknown> {
  return {
    tolerations: [{ key: gpuTaint.key, operator: "Exists", effect: gpuTaint.effect }],
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: "ai-infra/workload", operator: "In", values: ["gpu"] }] }],
        },
      },
    },
    priorityClassName: "system-node-critical",
  };
}

/** Values of the cluster autoscaler chart for this cluster. */
export function renderAutoscalerValues(args: { clusterName: string; region: string; kubernetesVersion: string; roleArn: string }): Record<string, unknown> {
  return {
    cloudProvider: "aws",
    awsRegion: args.region,
    autoDiscovery: { clusterName: args.clusterName },
    image: { tag: clusterAutoscalerImageTag(args.kubernetesVersion) },
    rbac: { serviceAccount: { name: autoscalerServiceAccount, annotations: { "eks.amazonaws.com/role-arn": args.roleArn } } },
    extraArgs: {
      // Picks the group that wastes least capacity, so a 1-GPU pod does not wake an 8-GPU node.
      expander: "least-waste",
      "balance-similar-node-groups": true,
      "skip-nodes-with-system-pods": false,
      // GPU nodes are expensive: give up an idle one after 10 minutes.
      "scale-down-unneeded-time": "10m",
    },
    nodeSelector: { "ai-infra/workload": "system" },
  };
}

/** What the serving layer renders from, beside what the cluster supplies (provider, identities, facts, dependencies). */
export type ServingConfig = Omit<ServingArgs, "provider" | "kedaIdentity" | "facts" | "dependsOn" | "endpointSourceRanges" | "endpointAddresses">;

export interface ClusterArgs {
  /** Version, system nodes, GPU pools and who may reach the API (`cluster`). */
  cluster: AwsClusterConfig;
  /** The self-hosted model groups (`selfHosted`): the GPUs per node, the vLLM role's subjects, the weights' URIs. */
  selfHosted: SelfHostedConfig[];
  /** What the serving layer renders its releases from (beside the cloud facts this cluster supplies). */
  serving: ServingConfig;
  /** EKS deletion protection and Pulumi `protect` on the control plane and the model cache. Default false. */
  deletionProtection?: boolean;
  /** Project, stack and region: the cluster's physical name. */
  scope: NameScope;
  /** Stack tags; the region's provider applies them as default tags, node groups pass them to their instances. */
  tags: Record<string, string>;
  vpcId: pulumi.Input<string>;
  /** The region's /16 (`regionCidr(spec.network.cidr, index)`); the cluster carves its subnets from it. */
  regionCidr: string;
  /** The network's NAT gateway of each zone, in zone order: the nodes' way out to public registries. */
  natGatewayIds: [pulumi.Input<string>, pulumi.Input<string>];
  /** The stack's job queue, which the vLLM releases scale on. */
  queue: { arn: pulumi.Input<string>; url: pulumi.Input<string> };
}

/**
 * The region's EKS cluster at the scale stage: the control plane from `@pulumi/eks` (OIDC
 * provider, access entries, core add-ons, kubeconfig), a CPU system node group, one GPU managed
 * node group per `spec.cluster.gpuPools` entry, the NVIDIA device plugin and the cluster
 * autoscaler, the model-cache bucket, the IRSA roles of KEDA and vLLM, and the serving layer
 * (KEDA, then one vLLM release per self-hosted model group).
 *
 * Managed node groups rather than Karpenter: each pool is one AWS resource whose bounds, taints,
 * labels and capacity type are plain inputs (visible in `pulumi preview`, in the offline plan and
 * to policy packs), with no controller, CRDs or interruption queue to run. The cluster
 * autoscaler scales them, from zero, by reading the groups' labels and taints from the EKS API.
 */
export class Cluster extends pulumi.ComponentResource {
  readonly clusterName: string;
  readonly kubeconfig: pulumi.Output<string>;
  readonly modelCacheBucket: pulumi.Output<string>;
  /** Self-hosted group → the S3 URI its weights must be staged under before its first replica starts. */
  readonly modelWeightsUris: pulumi.Output<Record<string, string>>;
  readonly vllmRoleArn: pulumi.Output<string>;
  readonly kedaRoleArn: pulumi.Output<string>;
  readonly serving: Serving;
  /** Self-hosted group → its internal load balancer's base URL (see `Serving.endpoints`). */
  readonly vllmEndpoints: Record<string, pulumi.Output<string>>;
  /** The cluster's Kubernetes provider: other components' releases install through it. */
  readonly k8sProvider: k8s.Provider;
  /** The cluster's IAM OIDC provider and issuer URL, for the IRSA roles of other components (`irsaTrustPolicy`). */
  readonly oidc: { providerArn: pulumi.Output<string>; issuerUrl: pulumi.Output<string> };
  readonly modelCacheBucketArn: pulumi.Output<string>;
  /** What a workload of another component waits for: the system nodes, the GPU node groups and their device plugin. */
  readonly workloadDependencies: pulumi.Resource[];

  constructor(name: string, args: ClusterArgs, opts: pulumi.ComponentResourceOptions) {
    super("ai-infra:aws:Cluster", name, {}, opts);
    const { selfHosted, scope } = args;
    const keep = args.deletionProtection ?? false;
    const provider = opts.provider as aws.Provider | undefined;
    const o = { parent: this, provider };
    // A fixed physical name: node groups, the autoscaler and IAM conditions name the cluster
    // before it exists, and the name never depends on the stage.
    this.clusterName = shortName(scope, "gpu", 100);
    const subnetIds = this.nodeSubnets(name, args, o);

    const eksCluster = this.controlPlane(name, args, subnetIds, provider);

    const { systemNodes, gpuGroups } = this.nodeGroups(name, args, { eksCluster, subnetIds }, o);

    this.kubeconfig = pulumi.secret(eksCluster.kubeconfigJson);
    const k8sProvider = new k8s.Provider(`${name}-k8s`, { kubeconfig: this.kubeconfig, enableServerSideApply: true }, { parent: this });
    const k = { parent: this, provider: k8sProvider };

    const oidc = pulumi.all([eksCluster.oidcProviderArn, eksCluster.oidcProviderUrl]);
    const irsaRole = (role: string, subjects: ServiceAccountRef[]) =>
      new aws.iam.Role(`${name}-${role}`, { assumeRolePolicy: oidc.apply(([arn, url]) => irsaTrustPolicy(arn, url, subjects)) }, o);

    const devicePlugin = this.addons(name, args, { irsaRole, k8s: k, systemNodes }, o);

    // Weights are pre-staged here once per region; pods stream them over the S3 gateway endpoint.
    const modelCache = new SecureBucket(
      `${name}-model-cache`,
      {
        // Weights are kept until someone removes them; only superseded versions and failed uploads expire.
        lifecycleRules: [{ id: "old-weight-versions", prefix: "", noncurrentDays: 7 }],
        protect: keep,
      },
      o,
    );

    const kedaSubject: ServiceAccountRef = { namespace: kedaNamespace, name: kedaOperatorServiceAccount };
    const kedaRole = irsaRole("keda-role", [kedaSubject]);
    // KEDA reads the queue as the workload (`identityOwner: workload`), so the vLLM role trusts the
    // KEDA operator beside the releases' own service accounts.
    const vllmRole = irsaRole("vllm-role", [
      ...selfHosted.map((s) => ({ namespace: vllmNamespace, name: vllmReleaseName(s.name) })),
      kedaSubject,
    ]);
    new aws.iam.RolePolicy(
      `${name}-vllm-access`,
      { role: vllmRole.id, policy: pulumi.all([modelCache.arn, args.queue.arn]).apply(([b, q]) => vllmAccessPolicy(b, q)) },
      o,
    );

    this.serving = this.servingLayer(name, args, { k8sProvider, modelCache, vllmRole, kedaRole, dependsOn: [systemNodes, ...gpuGroups, devicePlugin], systemNodes });
    this.vllmEndpoints = this.serving.endpoints;

    this.k8sProvider = k8sProvider;
    this.oidc = { providerArn: eksCluster.oidcProviderArn, issuerUrl: eksCluster.oidcProviderUrl };
    this.workloadDependencies = [systemNodes, ...gpuGroups, devicePlugin];
    this.modelCacheBucket = modelCache.bucket;
    this.modelCacheBucketArn = modelCache.arn;
    this.modelWeightsUris = modelCache.bucket.apply((b) => Object.fromEntries(selfHosted.map((m) => [m.name, modelWeightsUri(b, m.model)])));
    this.vllmRoleArn = vllmRole.arn;
    this.kedaRoleArn = kedaRole.arn;
    this.registerOutputs({
      clusterName: this.clusterName,
      kubeconfig: this.kubeconfig,
      modelCacheBucket: this.modelCacheBucket,
      modelWeightsUris: this.modelWeightsUris,
      vllmRoleArn: this.vllmRoleArn,
      kedaRoleArn: this.kedaRoleArn,
    });
  }

  /**
   * Nodes live in private subnets of their own and reach public registries (vLLM from Docker Hub,
   * KEDA, the autoscaler, the device plugin) through the network's NAT gateway; weights take the
   * S3 gateway endpoint, never NAT.
   */
  private nodeSubnets(name: string, args: ClusterArgs, o: pulumi.CustomResourceOptions): pulumi.Output<string>[] {
    const region = args.scope.region;
    // Each zone's nodes leave through their own zone's NAT gateway (`Network`), so a lost zone does
    // not cut the other zone's image pulls; zone `a` keeps the route table's first name.
    const [natA, natB] = args.natGatewayIds;
    const routeVia = (nat: pulumi.Input<string>, suffix: string) =>
      new aws.ec2.RouteTable(`${name}-nodes-rt${suffix}`, { vpcId: args.vpcId, routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat }], tags: { Name: `${name}-nodes${suffix}` } }, o);
    const routesA = routeVia(natA, "");
    const zoneRoutes = [routesA, natB === natA ? routesA : routeVia(natB, "-1")];
    const zones = zonesOf(region);
    const subnets = clusterSubnetCidrs(args.regionCidr).map((cidrBlock, i) => {
      const subnet = new aws.ec2.Subnet(
        `${name}-nodes-${i}`,
        {
          vpcId: args.vpcId,
          cidrBlock,
          availabilityZone: zones[i]!,
          mapPublicIpOnLaunch: false,
          // Internal load balancers only; the cluster never gets an internet-facing one.
          tags: { Name: `${name}-nodes-${zones[i]}`, "kubernetes.io/role/internal-elb": "1" },
        },
        o,
      );
      new aws.ec2.RouteTableAssociation(`${name}-nodes-${i}-rta`, { subnetId: subnet.id, routeTableId: zoneRoutes[i]!.id }, o);
      return subnet;
    });
    new aws.ec2.VpcEndpoint(
      `${name}-s3-endpoint`,
      { vpcId: args.vpcId, serviceName: `com.amazonaws.${region}.s3`, vpcEndpointType: "Gateway", routeTableIds: [...new Set(zoneRoutes)].map((rt) => rt.id) },
      o,
    );
    const subnetIds = subnets.map((x) => x.id);
    return subnetIds;
  }

  /** The EKS control plane (`@pulumi/eks`): OIDC provider, access entries, logs; no default node group. */
  private controlPlane(name: string, args: ClusterArgs, subnetIds: pulumi.Output<string>[], provider: aws.Provider | undefined): eks.Cluster {
    const { cluster } = args;
    const keep = args.deletionProtection ?? false;
    // `cluster.publicAccessCidrs` has no default: the stack says who may reach the API endpoint
    // (`[]`: private endpoint only; then run `pulumi up` from inside the VPC).
    const publicCidrs = cluster.publicAccessCidrs;
    const eksCluster = new eks.Cluster(
      `${name}-eks`,
      {
        name: this.clusterName,
        version: cluster.kubernetesVersion,
        vpcId: args.vpcId,
        privateSubnetIds: subnetIds,
        // Node groups are declared below, each with its own bounds; no default group.
        skipDefaultNodeGroup: true,
        // Access entries instead of the aws-auth ConfigMap: managed node groups register themselves.
        authenticationMode: eks.AuthenticationMode.Api,
        createOidcProvider: true,
        endpointPrivateAccess: true,
        endpointPublicAccess: publicCidrs.length > 0,
        ...(publicCidrs.length > 0 ? { publicAccessCidrs: publicCidrs } : {}),
        // The identity running `pulumi up` gets cluster admin from EKS itself
        // (`accessConfig.bootstrapClusterCreatorAdminPermissions` defaults to true,
        // https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAccessConfigRequest.html), so
        // the charts below install; the stack's admin principals get entries of their own.
        accessEntries: clusterAccessEntries(cluster.adminPrincipals),
        nodeAssociatePublicIpAddress: false,
        // With no default node group the CoreDNS add-on would sit DEGRADED until timeout; the
        // self-managed CoreDNS EKS bootstraps schedules as soon as the system nodes join.
        corednsAddonOptions: { enabled: false },
        enabledClusterLogTypes: ["api", "audit", "authenticator"],
        deletionProtection: keep,
        tags: args.tags,
      },
      { parent: this, providers: provider ? [provider] : undefined, protect: keep },
    );
    return eksCluster;
  }

  /** The CPU system node group and one GPU managed node group per pool, the autoscaler owning their sizes. */
  private nodeGroups(name: string, args: ClusterArgs, i: { eksCluster: eks.Cluster; subnetIds: pulumi.Output<string>[] }, o: pulumi.CustomResourceOptions) {
    const { cluster } = args;
    const { eksCluster, subnetIds } = i;
    const nodeRole = new aws.iam.Role(`${name}-node-role`, { assumeRolePolicy: assumeRolePolicy("ec2.amazonaws.com") }, o);
    const nodePolicies = Object.entries(nodeManagedPolicies).map(
      ([role, arn]) => new aws.iam.RolePolicyAttachment(`${name}-node-${role}`, { role: nodeRole.name, policyArn: arn }, o),
    );
    const afterCluster = { ...o, dependsOn: [eksCluster, ...nodePolicies] };

    const systemNodes = new aws.eks.NodeGroup(
      `${name}-system`,
      {
        clusterName: this.clusterName,
        nodeRoleArn: nodeRole.arn,
        subnetIds,
        instanceTypes: [cluster.systemNodes.instanceType],
        amiType: "AL2023_x86_64_STANDARD",
        capacityType: "ON_DEMAND",
        scalingConfig: { minSize: cluster.systemNodes.min, maxSize: cluster.systemNodes.max, desiredSize: cluster.systemNodes.min },
        labels: { "ai-infra/workload": "system" },
        updateConfig: { maxUnavailable: 1 },
        tags: args.tags,
      },
      // The autoscaler owns the desired size once the group exists.
      { ...afterCluster, ignoreChanges: ["scalingConfig.desiredSize"] },
    );

    const gpuGroups = cluster.gpuPools.map((pool) => {
      const shape = pool.machine;
      return new aws.eks.NodeGroup(
        `${name}-gpu-${pool.name}`,
        {
          clusterName: this.clusterName,
          nodeRoleArn: nodeRole.arn,
          subnetIds,
          ...gpuNodeGroupSettings(pool, shape),
          updateConfig: { maxUnavailable: 1 },
          tags: args.tags,
        },
        { ...afterCluster, ignoreChanges: ["scalingConfig.desiredSize"] },
      );
    });
    return { systemNodes, gpuGroups };
  }

  /** The NVIDIA device plugin and the cluster autoscaler (its IRSA role scoped to this cluster's groups). */
  private addons(
    name: string,
    args: ClusterArgs,
    i: { irsaRole: (role: string, subjects: ServiceAccountRef[]) => aws.iam.Role; k8s: pulumi.CustomResourceOptions; systemNodes: aws.eks.NodeGroup },
    o: pulumi.CustomResourceOptions,
  ): k8s.helm.v3.Release {
    const { irsaRole, systemNodes } = i;
    const k = i.k8s;
    const region = args.scope.region;
    const { cluster } = args;
    const devicePlugin = new k8s.helm.v3.Release(
      `${name}-nvidia-device-plugin`,
      {
        name: "nvidia-device-plugin",
        chart: nvidiaDevicePluginChart.chart,
        version: nvidiaDevicePluginChart.version,
        repositoryOpts: { repo: nvidiaDevicePluginChart.repo },
        namespace: "kube-system",
        values: renderDevicePluginValues(),
      },
      { ...k, dependsOn: [systemNodes] },
    );

    const autoscalerRole = irsaRole("autoscaler-role", [{ namespace: autoscalerNamespace, name: autoscalerServiceAccount }]);
    new aws.iam.RolePolicy(`${name}-autoscaler-policy`, { role: autoscalerRole.id, policy: autoscalerPolicy(this.clusterName) }, o);
    new k8s.helm.v3.Release(
      `${name}-cluster-autoscaler`,
      {
        name: "cluster-autoscaler",
        chart: clusterAutoscalerChart.chart,
        version: clusterAutoscalerChart.version,
        repositoryOpts: { repo: clusterAutoscalerChart.repo },
        namespace: autoscalerNamespace,
        values: autoscalerRole.arn.apply((roleArn) =>
          renderAutoscalerValues({ clusterName: this.clusterName, region, kubernetesVersion: cluster.kubernetesVersion, roleArn }),
        ),
      },
      { ...k, dependsOn: [systemNodes] },
    );
    return devicePlugin;
  }

  /** KEDA and one vLLM release per self-hosted group, with an in-cluster Prometheus for KEDA's latency trigger. */
  private servingLayer(
    name: string,
    args: ClusterArgs,
    i: { k8sProvider: k8s.Provider; modelCache: SecureBucket; vllmRole: aws.iam.Role; kedaRole: aws.iam.Role; dependsOn: pulumi.Resource[]; systemNodes: aws.eks.NodeGroup },
  ): Serving {
    const { k8sProvider, modelCache, vllmRole, kedaRole, systemNodes } = i;
    const region = args.scope.region;
    // EKS has no managed collection on by default; an in-cluster Prometheus holds vLLM's
    // waiting-requests metric for KEDA's latency trigger (the chart's PodMonitor feeds it).
    const prometheus = new InClusterPrometheus(`${name}-prometheus`, { provider: k8sProvider, dependsOn: [systemNodes] }, { parent: this });

    const facts: pulumi.Output<VllmCloudFacts> = pulumi
      .all([modelCache.bucket, vllmRole.arn, args.queue.url])
      .apply(([modelBucket, identity, queue]) => ({
        cloud: "aws" as const,
        region,
        modelBucket,
        identity,
        queue,
        prometheus: { serverAddress: prometheus.url, authentication: "none" as const, monitor: "prometheus-operator" as const },
      }));

    const serving = new Serving(
      `${name}-serving`,
      {
        ...args.serving,
        provider: k8sProvider,
        kedaIdentity: kedaRole.arn,
        facts,
        dependsOn: [...i.dependsOn, prometheus],
        // The region's VPC: the gateway's tasks (and nothing outside the VPC) reach the models.
        endpointSourceRanges: [args.regionCidr],
      },
      { parent: this },
    );
    return serving;
  }
}
