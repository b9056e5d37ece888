import * as gcp from "@pulumi/gcp";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { gpuNodeLabels, gpuTaint, kedaNamespace, kedaOperatorServiceAccount, vllmNamespace, vllmReleaseName } from "../kubernetes/naming";
import { Serving } from "../kubernetes/serving";
import type { VllmCloudFacts } from "../kubernetes/vllm-release";
import { type GpuShape, gpuTable, gpuZones } from "../config/gpus";
import type { FineTuning, GcpClusterConfig, GpuPoolConfig, SelfHostedGroup } from "../config/model";
import { SecureBucket } from "./bucket";
import { type ChildExtra, type GcpContext, childOpts, componentOpts } from "./context";
import { gcpName, nameLimits } from "./names";

/** Project roles of the nodes' own service account: write logs and metrics, read images. Nothing else. */
export const nodeRoles = [
  "roles/logging.logWriter",
  "roles/monitoring.metricWriter",
  "roles/monitoring.viewer",
  "roles/stackdriver.resourceMetadata.writer",
  "roles/artifactregistry.reader",
] as const;

/** A Kubernetes service account as a Workload Identity member. */
export function workloadIdentityMember(gcpProject: string, namespace: string, serviceAccount: string): string {
  return `serviceAccount:${gcpProject}.svc.id.goog[${namespace}/${serviceAccount}]`;
}

/** Node settings shared by every pool: own service account, metadata server, shielded boot. */
function baseNodeConfig(serviceAccount: pulumi.Input<string>) {
  return {
    serviceAccount,
    oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
    // Pods get their Google identity from Workload Identity, never the node's.
    workloadMetadataConfig: { mode: "GKE_METADATA" },
    shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
    diskType: "pd-balanced",
  };
}

/** What a GPU node pool is, as plain data; the tests read bounds, taint, labels and the driver from here. */
export interface GkeGpuPoolSettings {
  nodeLocations?: string[];
  autoscaling: { totalMinNodeCount: number; totalMaxNodeCount: number; locationPolicy: "ANY" };
  initialNodeCount: number;
  machineType: string;
  spot: boolean;
  guestAccelerator: { type: string; count: number; gpuDriverVersion: "LATEST" };
  taint: { key: string; value: string; effect: "NO_SCHEDULE" };
  labels: Record<string, string>;
  diskSizeGb: number;
}

/**
 * A GPU pool as a GKE node pool. GKE installs the NVIDIA driver (`gpuDriverInstallationConfig`)
 * and runs its own device plugin, so nothing else is installed for GPUs on GCP. The pool is pinned
 * to the zones of the region that have the GPU; total bounds (not per zone) keep `maxNodes` the
 * real ceiling of spend, and `ANY` lets the autoscaler take whichever zone has capacity — the
 * usual constraint for GPUs, spot ones above all.
 */
export function gkeGpuPoolSettings(pool: GpuPoolConfig, shape: GpuShape, region: string): GkeGpuPoolSettings {
  const offer = gpuTable.gcp[pool.accelerator];
  if (!offer?.cloudType) throw new Error(`gpu pool '${pool.name}': ${pool.accelerator} has no GKE accelerator type`);
  const zones = [...gpuZones("gcp", pool.accelerator, region)];
  return {
    ...(zones.length > 0 ? { nodeLocations: zones } : {}),
    autoscaling: { totalMinNodeCount: pool.minNodes, totalMaxNodeCount: pool.maxNodes, locationPolicy: "ANY" },
    // Per zone at creation; the autoscaler owns the count afterwards.
    initialNodeCount: pool.minNodes === 0 ? 0 : Math.ceil(pool.minNodes / Math.max(1, zones.length)),
    machineType: shape.type,
    spot: pool.spot,
    // LATEST: the newest driver GKE qualifies for the node version — current vLLM images need a
    // recent CUDA 12 driver, which DEFAULT lags behind.
    guestAccelerator: { type: offer.cloudType, count: shape.gpus, gpuDriverVersion: "LATEST" },
    // GKE adds this taint to GPU pools itself; stating it keeps the contract with the chart visible.
    taint: { key: gpuTaint.key, value: gpuTaint.value, effect: "NO_SCHEDULE" },
    labels: gpuNodeLabels(pool.name, pool.accelerator),
    diskSizeGb: 200,
  };
}

/** Kubeconfig for the cluster, authenticating with the gcloud auth plugin (no static credentials). */
export function gkeKubeconfig(clusterName: string, endpoint: string, caCertificate: string): string {
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: clusterName, cluster: { server: `https://${endpoint}`, "certificate-authority-data": caCertificate } }],
    contexts: [{ name: clusterName, context: { cluster: clusterName, user: clusterName } }],
    "current-context": clusterName,
    users: [
      {
        name: clusterName,
        user: {
          exec: {
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: "gke-gcloud-auth-plugin",
            provideClusterInfo: true,
            installHint: "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin",
          },
        },
      },
    ],
  });
}

/** Secondary range names of the cluster subnetwork. */
export const podsRange = "pods";
export const servicesRange = "services";

/**
 * The cluster's ranges in the region's /16, clear of what the base network uses (.0.0/20 for
 * serverless egress, .255.240/28 for the cache): nodes a /20, services a /20, pods a /18 (GKE
 * gives each node a /24, so 64 nodes).
 */
export function gkeSubnetPlan(regionCidr: string): { nodes: string; services: string; pods: string } {
  const m = /^(\d+)\.(\d+)\.0\.0\/16$/.exec(regionCidr);
  if (!m) throw new Error(`expected a /16 such as 10.40.0.0/16, got ${regionCidr}`);
  const p = `${m[1]}.${m[2]}`;
  return { nodes: `${p}.16.0/20`, services: `${p}.32.0/20`, pods: `${p}.64.0/18` };
}

/**
 * The reserved internal address of the n-th self-hosted group's balancer: counted down from the
 * top of the nodes' /20 (`.31.250`, `.31.249`, …), far from the addresses nodes take from its
 * bottom (64 nodes at most), and below the addresses Google keeps at the end of a range. Explicit,
 * so the gateway's URL is known at plan time.
 */
export function vllmEndpointAddress(regionCidr: string, index: number): string {
  if (index < 0 || index > 200) throw new Error(`self-hosted group index ${index} is outside 0–200`);
  const nodes = gkeSubnetPlan(regionCidr).nodes;
  const [a, b] = nodes.split(".");
  return `${a}.${b}.31.${250 - index}`;
}

/**
 * A region's GKE cluster and its serving layer. The cluster adds its own subnetwork and Cloud NAT
 * to `network`; not protected unless `protect`.
 */
export interface ClusterArgs {
  ctx: GcpContext;
  /** Version, system nodes, GPU pools and control-plane access (the stack's `cluster`). */
  cluster: GcpClusterConfig;
  /** The self-hosted model groups: one vLLM release, weights reader and internal balancer each. */
  selfHosted: SelfHostedGroup[];
  /** Enterprise: fine-tuning, whose adapters the vLLM releases serve. */
  fineTuning?: FineTuning;
  /** The region's VPC network (id or self link); the cluster adds its own subnetwork and Cloud NAT to it. */
  network: pulumi.Input<string>;
  /** The region's /16 (`regionCidr(network.cidr, index)`); the cluster carves its ranges from it. */
  regionCidr: string;
  /** The stack's work subscription, `projects/<p>/subscriptions/<s>`, which the releases scale on. */
  queueSubscription: pulumi.Input<string>;
  /** The stack's `deletionProtection`: the cluster and the model cache. Default: false. */
  protect?: boolean;
}

/** The GKE cluster (pure apart from the inputs it is handed). */
export function gkeClusterArgs(input: {
  project: string;
  name: string;
  region: string;
  network: pulumi.Input<string>;
  subnetwork: pulumi.Input<string>;
  nodeServiceAccount: pulumi.Input<string>;
  cluster: GcpClusterConfig;
  regionCidr: string;
  protect: boolean;
}): gcp.container.ClusterArgs {
  const { project, cluster } = input;
  const control = cluster.controlPlane;
  return {
    project,
    name: input.name,
    // Regional: the control plane survives a zone outage.
    location: input.region,
    network: input.network,
    subnetwork: input.subnetwork,
    networkingMode: "VPC_NATIVE",
    ipAllocationPolicy: { clusterSecondaryRangeName: podsRange, servicesSecondaryRangeName: servicesRange },
    // Pools are declared below with their own bounds; the default pool goes at once.
    removeDefaultNodePool: true,
    initialNodeCount: 1,
    nodeConfig: baseNodeConfig(input.nodeServiceAccount),
    minMasterVersion: cluster.kubernetesVersion,
    releaseChannel: { channel: "REGULAR" },
    // Nodes have no public IP; the control plane is reachable only from the authorized ranges
    // (and the VPC), or only privately (https://cloud.google.com/kubernetes-engine/docs/how-to/authorized-networks).
    privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: control.privateEndpoint },
    masterAuthorizedNetworksConfig: controlPlaneAccess(control, input.regionCidr),
    workloadIdentityConfig: { workloadPool: `${project}.svc.id.goog` },
    // Managed Prometheus collects vLLM's metrics for KEDA's latency trigger.
    monitoringConfig: { enableComponents: ["SYSTEM_COMPONENTS"], managedPrometheus: { enabled: true } },
    datapathProvider: "ADVANCED_DATAPATH",
    deletionProtection: input.protect,
  };
}

/** A GKE node pool of the cluster (pure): the system pool or a GPU pool's settings. */
export function nodePoolArgs(input: {
  project: string;
  cluster: pulumi.Input<string>;
  region: string;
  nodeServiceAccount: pulumi.Input<string>;
  pool: { kind: "system"; nodes: GcpClusterConfig["systemNodes"] } | { kind: "gpu"; settings: GkeGpuPoolSettings };
}): gcp.container.NodePoolArgs {
  const base = { project: input.project, cluster: input.cluster, location: input.region };
  const management = { autoRepair: true, autoUpgrade: true };
  if (input.pool.kind === "system") {
    const nodes = input.pool.nodes;
    return {
      ...base,
      autoscaling: { totalMinNodeCount: nodes.min, totalMaxNodeCount: nodes.max, locationPolicy: "BALANCED" },
      initialNodeCount: 1,
      management,
      nodeConfig: { ...baseNodeConfig(input.nodeServiceAccount), machineType: nodes.instanceType, diskSizeGb: 100, labels: { "ai-infra/workload": "system" } },
    };
  }
  const s = input.pool.settings;
  return {
    ...base,
    ...(s.nodeLocations ? { nodeLocations: s.nodeLocations } : {}),
    autoscaling: s.autoscaling,
    initialNodeCount: s.initialNodeCount,
    management,
    nodeConfig: {
      ...baseNodeConfig(input.nodeServiceAccount),
      machineType: s.machineType,
      spot: s.spot,
      diskSizeGb: s.diskSizeGb,
      guestAccelerators: [
        { type: s.guestAccelerator.type, count: s.guestAccelerator.count, gpuDriverInstallationConfig: { gpuDriverVersion: s.guestAccelerator.gpuDriverVersion } },
      ],
      taints: [s.taint],
      labels: s.labels,
    },
  };
}

/**
 * Authorized networks of the control plane: the configured ranges and the region's VPC range,
 * without Google Cloud's public IP ranges (any VM on Google Cloud would otherwise reach it).
 */
export function controlPlaneAccess(control: { authorizedCidrs: string[] }, regionCidr: string) {
  const cidrs = [...new Set([regionCidr, ...control.authorizedCidrs])];
  return {
    gcpPublicCidrsAccessEnabled: false,
    cidrBlocks: cidrs.map((cidrBlock) => ({ cidrBlock, displayName: cidrBlock === regionCidr ? "region VPC" : "authorized" })),
  };
}

/**
 * The region's GKE cluster at the scale stage: a regional cluster with private nodes and Workload
 * Identity, a CPU system pool, one GPU pool per `cluster.gpuPools` entry (driver installed by
 * GKE), the model-cache bucket, Google service accounts for vLLM (read the weights) and KEDA (read
 * Pub/Sub backlog and Managed Prometheus), and the serving layer (KEDA, then the vLLM releases).
 */
export class Cluster extends pulumi.ComponentResource {
  readonly clusterName: string;
  readonly kubeconfig: pulumi.Output<string>;
  readonly modelCacheBucket: pulumi.Output<string>;
  readonly vllmServiceAccount: pulumi.Output<string>;
  readonly kedaServiceAccount: pulumi.Output<string>;
  readonly serving: Serving;
  /** Self-hosted group → its internal load balancer's base URL (see `Serving.endpoints`). */
  readonly vllmEndpoints: Record<string, pulumi.Output<string>>;
  /** The GKE cluster: a Workload Identity grant waits for it (the project's identity pool exists once it does). */
  readonly gke: gcp.container.Cluster;
  /** Kubernetes provider of the cluster, for releases other components install in it. */
  readonly k8sProvider: k8s.Provider;
  /** The region's model-cache bucket (base weights; fine-tuning writes training sets and adapters under it). */
  readonly modelCache: SecureBucket;
  /** The node pools (system, then GPU): what a workload released into the cluster waits for. */
  readonly nodePools: gcp.container.NodePool[];

  private readonly ctx: GcpContext;
  private readonly co: (extra?: ChildExtra) => pulumi.CustomResourceOptions;

  constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ai-infra:gcp:Cluster", name, {}, opts);
    const { ctx, cluster } = args;
    const protect = args.protect ?? false;
    const project = ctx.gcpProject;
    this.ctx = ctx;
    this.co = (extra: ChildExtra = {}) => childOpts(this, ctx, extra);
    this.clusterName = gcpName(ctx.scope, "gpu", nameLimits.gkeCluster);

    const nodeSa = this.account(name, "nodes", "GKE nodes (logs, metrics, image pulls)");
    const nodeRoleGrants = nodeRoles.map(
      (role) =>
        new gcp.projects.IAMMember(
          `${name}-nodes-${role.replace(/^roles\//, "").replace(/[^a-zA-Z0-9]+/g, "-").toLowerCase()}`,
          { project, role, member: pulumi.interpolate`serviceAccount:${nodeSa.email}` },
          this.co(),
        ),
    );
    const subnet = this.clusterSubnet(name, args.network, args.regionCidr);
    const gke = new gcp.container.Cluster(
      `${name}-gke`,
      gkeClusterArgs({ project, name: this.clusterName, region: ctx.region, network: args.network, subnetwork: subnet.id, nodeServiceAccount: nodeSa.email, cluster, regionCidr: args.regionCidr, protect }),
      this.co({ dependsOn: nodeRoleGrants, protect }),
    );
    const pool = (role: string, p: Parameters<typeof nodePoolArgs>[0]["pool"]) =>
      new gcp.container.NodePool(`${name}-${role}`, nodePoolArgs({ project, cluster: gke.id, region: ctx.region, nodeServiceAccount: nodeSa.email, pool: p }), this.co({ ignoreChanges: ["initialNodeCount"] }));
    const systemPool = pool("system", { kind: "system", nodes: cluster.systemNodes });
    const gpuPools = cluster.gpuPools.map((p) => pool(`gpu-${p.name}`, { kind: "gpu", settings: gkeGpuPoolSettings(p, p.machine, ctx.region) }));

    this.kubeconfig = pulumi.secret(
      pulumi.all([gke.endpoint, gke.masterAuth]).apply(([endpoint, auth]) => gkeKubeconfig(this.clusterName, endpoint, auth.clusterCaCertificate ?? "")),
    );
    const k8sProvider = new k8s.Provider(`${name}-k8s`, { kubeconfig: this.kubeconfig, enableServerSideApply: true }, { parent: this });

    // Weights are pre-staged here once per region and read over Private Google Access.
    const modelCache = new SecureBucket(`${name}-model-cache`, { ctx, bucketName: gcpName(ctx.scope, "models", nameLimits.bucket), protect }, componentOpts(this, ctx));
    const { vllmSa, kedaSa } = this.workloadIdentities(name, gke, modelCache, args.selfHosted);
    const endpointAddresses = this.endpointAddresses(name, subnet, args.selfHosted, args.regionCidr);

    const facts: pulumi.Output<VllmCloudFacts> = pulumi.all([modelCache.name, vllmSa.email, args.queueSubscription]).apply(([modelBucket, identity, queue]) => ({
      cloud: "gcp" as const,
      region: ctx.region,
      modelBucket,
      identity,
      queue,
      prometheus: { serverAddress: `https://monitoring.googleapis.com/v1/projects/${project}/location/global/prometheus`, authentication: "podIdentity" as const, monitor: "gke-managed" as const },
    }));
    this.serving = new Serving(
      `${name}-serving`,
      {
        cloud: "gcp",
        selfHosted: args.selfHosted,
        ...(args.fineTuning ? { fineTuning: args.fineTuning } : {}),
        provider: k8sProvider,
        kedaIdentity: kedaSa.email,
        facts,
        dependsOn: [systemPool, ...gpuPools],
        // The region's /16, which holds the Cloud Run Direct VPC egress range the gateway sends from.
        endpointSourceRanges: [args.regionCidr],
        endpointAddresses,
      },
      { parent: this },
    );
    this.vllmEndpoints = this.serving.endpoints;
    this.gke = gke;
    this.k8sProvider = k8sProvider;
    this.modelCache = modelCache;
    this.nodePools = [systemPool, ...gpuPools];
    this.modelCacheBucket = modelCache.name;
    this.vllmServiceAccount = vllmSa.email;
    this.kedaServiceAccount = kedaSa.email;
    this.registerOutputs({
      clusterName: this.clusterName,
      kubeconfig: this.kubeconfig,
      modelCacheBucket: this.modelCacheBucket,
      vllmServiceAccount: this.vllmServiceAccount,
      kedaServiceAccount: this.kedaServiceAccount,
    });
  }

  private account(name: string, role: string, displayName: string): gcp.serviceaccount.Account {
    return new gcp.serviceaccount.Account(
      `${name}-${role}-sa`,
      { project: this.ctx.gcpProject, accountId: gcpName(this.ctx.scope, role, nameLimits.serviceAccount), displayName },
      this.co(),
    );
  }

  /**
   * The cluster's own subnetwork: VPC-native ranges for pods and services, Private Google Access
   * so weights come from GCS without NAT, and Cloud NAT for image pulls from public registries
   * (private nodes have no public IP).
   */
  private clusterSubnet(name: string, network: pulumi.Input<string>, regionCidr: string): gcp.compute.Subnetwork {
    const { ctx } = this;
    const project = ctx.gcpProject;
    const plan = gkeSubnetPlan(regionCidr);
    const subnet = new gcp.compute.Subnetwork(
      `${name}-subnet`,
      {
        project,
        name: gcpName(ctx.scope, "gke", nameLimits.network),
        region: ctx.region,
        network,
        ipCidrRange: plan.nodes,
        secondaryIpRanges: [
          { rangeName: podsRange, ipCidrRange: plan.pods },
          { rangeName: servicesRange, ipCidrRange: plan.services },
        ],
        privateIpGoogleAccess: true,
      },
      this.co(),
    );
    const router = new gcp.compute.Router(`${name}-router`, { project, name: gcpName(ctx.scope, "gke-router", nameLimits.network), region: ctx.region, network }, this.co());
    new gcp.compute.RouterNat(
      `${name}-nat`,
      {
        project,
        name: gcpName(ctx.scope, "gke-nat", nameLimits.network),
        router: router.name,
        region: ctx.region,
        natIpAllocateOption: "AUTO_ONLY",
        // Only this subnetwork: other subnets of the network keep their own egress design.
        sourceSubnetworkIpRangesToNat: "LIST_OF_SUBNETWORKS",
        subnetworks: [{ name: subnet.id, sourceIpRangesToNats: ["ALL_IP_RANGES"] }],
        logConfig: { enable: true, filter: "ERRORS_ONLY" },
      },
      this.co(),
    );
    return subnet;
  }

  /** The vLLM pods' identity (reads the weights) and KEDA's (reads Cloud Monitoring), each through Workload Identity. */
  private workloadIdentities(name: string, gke: gcp.container.Cluster, modelCache: SecureBucket, selfHosted: SelfHostedGroup[]) {
    const project = this.ctx.gcpProject;
    const vllmSa = this.account(name, "vllm", "vLLM pods (read model weights)");
    new gcp.storage.BucketIAMMember(
      `${name}-vllm-weights-reader`,
      { bucket: modelCache.name, role: "roles/storage.objectViewer", member: pulumi.interpolate`serviceAccount:${vllmSa.email}` },
      this.co(),
    );
    // A Workload Identity member names the project's identity pool, which exists only once the
    // first cluster with Workload Identity does: granting it earlier fails with "Identity Pool
    // does not exist" (https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity).
    for (const s of selfHosted) {
      new gcp.serviceaccount.IAMMember(
        `${name}-vllm-wi-${s.name}`,
        { serviceAccountId: vllmSa.name, role: "roles/iam.workloadIdentityUser", member: workloadIdentityMember(project, vllmNamespace, vllmReleaseName(s.name)) },
        this.co({ dependsOn: [gke] }),
      );
    }

    const kedaSa = this.account(name, "keda", "KEDA operator (Pub/Sub backlog, Managed Prometheus)");
    // The gcp-pubsub scaler and Managed Prometheus queries both read Cloud Monitoring.
    new gcp.projects.IAMMember(`${name}-keda-monitoring`, { project, role: "roles/monitoring.viewer", member: pulumi.interpolate`serviceAccount:${kedaSa.email}` }, this.co());
    new gcp.serviceaccount.IAMMember(
      `${name}-keda-wi`,
      { serviceAccountId: kedaSa.name, role: "roles/iam.workloadIdentityUser", member: workloadIdentityMember(project, kedaNamespace, kedaOperatorServiceAccount) },
      this.co({ dependsOn: [gke] }),
    );
    return { vllmSa, kedaSa };
  }

  /**
   * One reserved internal address per self-hosted group, in the cluster's subnetwork, for its
   * internal balancer: the gateway's URL is known without waiting for the Service (see
   * `skipAwaitAnnotation`), and it survives the Service being recreated.
   */
  private endpointAddresses(name: string, subnet: gcp.compute.Subnetwork, selfHosted: SelfHostedGroup[], regionCidr: string): Record<string, pulumi.Output<string>> {
    const { ctx } = this;
    return Object.fromEntries(
      selfHosted.map((s, i) => [
        s.name,
        new gcp.compute.Address(
          `${name}-vllm-ip-${s.name}`,
          {
            project: ctx.gcpProject,
            name: gcpName(ctx.scope, `vllm-${s.name}`, nameLimits.network),
            region: ctx.region,
            addressType: "INTERNAL",
            subnetwork: subnet.id,
            address: vllmEndpointAddress(regionCidr, i),
            description: `Internal load balancer of the self-hosted model group ${s.name}`,
          },
          this.co(),
        ).address,
      ]),
    );
  }
}
