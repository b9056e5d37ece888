import { beforeAll, describe, expect, it } from "vitest";
import { toStack } from "../../components/config/parse";
import { type ScaleMocks, exampleSpec, helmTemplate, installScaleMocks, plain, settle } from "../helpers/scale";

// Mocks first: the components below register resources when constructed.
const stack = "scale-gcp-europe-west4";
const region = "europe-west4";
const project = "ai-infra-example";
const subscription = `projects/${project}/subscriptions/ai-infra-jobs-sub`;
let mocks: ScaleMocks;
let clusterName: string;
const spec = toStack(exampleSpec(stack));
const name = "ai-infra-europe-west4-kubernetes";

beforeAll(async () => {
  mocks = await installScaleMocks({ stack, gcpRegion: region, gcpProject: project });
  const gcp = await import("@pulumi/gcp");
  const { Cluster } = await import("../../components/gcp/cluster");
  const provider = new gcp.Provider("region-provider", { project, region });
  if (spec.cloud !== "gcp" || spec.stage !== "scale") throw new Error(`${stack} is not a GCP scale stack`);
  const cluster = new Cluster(
    name,
    {
      ctx: {
        provider,
        scope: { gcpProject: project, project: "ai-infra", stack, region },
        gcpProject: project,
        region,
        labels: { owner: "platform-team" },
      },
      cluster: spec.cluster,
      selfHosted: spec.selfHosted,
      network: "projects/ai-infra-example/global/networks/ai-infra",
      regionCidr: "10.41.0.0/16",
      queueSubscription: subscription,
    },
    { providers: [provider] },
  );
  clusterName = cluster.clusterName;
  await settle(mocks);
});

const inputsOf = (type: string, n: string) => plain(mocks.one(type, n).inputs);

describe("Cluster under mocks (scale-gcp-europe-west4)", () => {
  it("is a regional GKE cluster in the stack's region with private nodes and Workload Identity", () => {
    const gke = inputsOf("gcp:container/cluster:Cluster", `${name}-gke`);
    expect(gke).toMatchObject({
      name: clusterName,
      project,
      location: region,
      minMasterVersion: "1.35",
      removeDefaultNodePool: true,
      privateClusterConfig: { enablePrivateNodes: true },
      workloadIdentityConfig: { workloadPool: `${project}.svc.id.goog` },
      networkingMode: "VPC_NATIVE",
    });
    expect(clusterName.length).toBeLessThanOrEqual(40);
  });

  it("lets only the configured ranges and the region's VPC reach the control plane (not all of Google Cloud)", () => {
    const gke = inputsOf("gcp:container/cluster:Cluster", `${name}-gke`);
    expect(gke.masterAuthorizedNetworksConfig).toEqual({
      gcpPublicCidrsAccessEnabled: false,
      cidrBlocks: [
        { cidrBlock: "10.41.0.0/16", displayName: "region VPC" },
        { cidrBlock: "203.0.113.0/24", displayName: "authorized" },
      ],
    });
    expect(gke.privateClusterConfig).toMatchObject({ enablePrivateNodes: true, enablePrivateEndpoint: false });
  });

  it("gives the nodes their own subnetwork (VPC-native ranges, Private Google Access) with Cloud NAT for image pulls", () => {
    const subnet = inputsOf("gcp:compute/subnetwork:Subnetwork", `${name}-subnet`);
    expect(subnet).toMatchObject({
      region,
      network: "projects/ai-infra-example/global/networks/ai-infra",
      ipCidrRange: "10.41.16.0/20",
      secondaryIpRanges: [
        { rangeName: "pods", ipCidrRange: "10.41.64.0/18" },
        { rangeName: "services", ipCidrRange: "10.41.32.0/20" },
      ],
      privateIpGoogleAccess: true,
    });
    const gke = inputsOf("gcp:container/cluster:Cluster", `${name}-gke`);
    expect(gke.subnetwork).toBe(mocks.idOf("gcp:compute/subnetwork:Subnetwork", `${name}-subnet`));
    expect(gke.ipAllocationPolicy).toEqual({ clusterSecondaryRangeName: "pods", servicesSecondaryRangeName: "services" });
    const nat = inputsOf("gcp:compute/routerNat:RouterNat", `${name}-nat`);
    expect(nat).toMatchObject({ region, sourceSubnetworkIpRangesToNat: "LIST_OF_SUBNETWORKS" });
    expect(nat.subnetworks).toEqual([{ name: gke.subnetwork, sourceIpRangesToNats: ["ALL_IP_RANGES"] }]);
  });

  it("puts every GCP resource on the region's provider", () => {
    const provider = mocks.byType("pulumi:providers:gcp").find((p) => p.name === "region-provider")!;
    const gcpResources = mocks.resources.filter((r) => r.custom && r.type.startsWith("gcp:"));
    expect(gcpResources.length).toBeGreaterThan(8);
    for (const r of gcpResources) expect(r.provider?.startsWith(provider.urn), `${r.type} ${r.name}`).toBe(true);
  });

  it("has a system pool with the spec's bounds on the nodes' own service account", () => {
    const pool = inputsOf("gcp:container/nodePool:NodePool", `${name}-system`);
    expect(pool).toMatchObject({
      location: region,
      autoscaling: { totalMinNodeCount: 1, totalMaxNodeCount: 3 },
      nodeConfig: { machineType: "e2-standard-4", labels: { "ai-infra/workload": "system" }, workloadMetadataConfig: { mode: "GKE_METADATA" } },
    });
    expect(pool.nodeConfig.guestAccelerators).toBeUndefined();
  });

  it("has one GPU pool per spec pool: L4 machine, GKE-installed driver, spot, min 0, bounded max, taint and labels, GPU zones", () => {
    const pools = mocks.byType("gcp:container/nodePool:NodePool").filter((p) => p.name.includes("-gpu-"));
    expect(pools.map((p) => p.name)).toEqual([`${name}-gpu-l4-spot`]);
    const pool = plain(pools[0]!.inputs);
    expect(pool).toMatchObject({
      location: region,
      nodeLocations: ["europe-west4-a", "europe-west4-b", "europe-west4-c"],
      autoscaling: { totalMinNodeCount: 0, totalMaxNodeCount: 3, locationPolicy: "ANY" },
      initialNodeCount: 0,
      nodeConfig: {
        machineType: "g2-standard-8",
        spot: true,
        guestAccelerators: [{ type: "nvidia-l4", count: 1, gpuDriverInstallationConfig: { gpuDriverVersion: "LATEST" } }],
        taints: [{ key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" }],
        labels: { "ai-infra/workload": "gpu", "ai-infra/gpu-pool": "l4-spot", "ai-infra/accelerator": "nvidia-l4" },
      },
    });
  });

  it("installs no device plugin of its own (GKE runs it) but KEDA from its pinned chart with Workload Identity", () => {
    expect(mocks.byType("kubernetes:helm.sh/v3:Release").map((r) => r.name).sort()).toEqual([
      `${name}-serving-keda-release`,
      `${name}-serving-mistral-small-release`,
    ]);
    const keda = inputsOf("kubernetes:helm.sh/v3:Release", `${name}-serving-keda-release`);
    expect(keda).toMatchObject({ chart: "keda", version: "2.18.1", namespace: "keda" });
    expect(keda.values.podIdentity.gcp).toEqual({ enabled: true, gcpIAMServiceAccount: expect.stringMatching(/@ai-infra-example\.iam\.gserviceaccount\.com$/) });
  });

  it("deploys the kit's chart with values derived from the spec: GCS weights, Workload Identity, Pub/Sub and Managed Prometheus triggers", () => {
    const release = inputsOf("kubernetes:helm.sh/v3:Release", `${name}-serving-mistral-small-release`);
    expect(release.chart).toMatch(/charts\/vllm-serving$/);
    expect(release.values).toMatchObject({
      cloud: "gcp",
      region,
      model: { servedName: "mistral-small", uri: expect.stringMatching(/^gs:\/\/scale-gcp-europe-west4-models-[0-9a-f]{6}\/mistralai\/Mistral-7B-Instruct-v0\.3$/) },
      gpu: { count: 1, nodeSelector: { "ai-infra/gpu-pool": "l4-spot", "ai-infra/accelerator": "nvidia-l4" } },
      resources: { requests: { cpu: "6", memory: "24Gi" } },
      serviceAccount: { name: "vllm-mistral-small", gcp: { serviceAccountEmail: expect.stringMatching(/@ai-infra-example\.iam\.gserviceaccount\.com$/) } },
      autoscaling: {
        minReplicas: 1,
        maxReplicas: 3,
        idleScaleToZero: true,
        queue: { enabled: true, gcp: { subscription } },
        prometheus: {
          enabled: true,
          serverAddress: `https://monitoring.googleapis.com/v1/projects/${project}/location/global/prometheus`,
          authentication: "podIdentity",
        },
      },
      metrics: { monitor: "gke-managed" },
    });
  });

  it("installs KEDA before the chart", () => {
    const kedaUrn = mocks.one("kubernetes:helm.sh/v3:Release", `${name}-serving-keda-release`).urn;
    const releaseUrn = mocks.one("kubernetes:helm.sh/v3:Release", `${name}-serving-mistral-small-release`).urn;
    expect(mocks.dependencies.get(releaseUrn)).toContain(kedaUrn);
  });

  it("binds the release's and KEDA's Kubernetes service accounts to their Google service accounts, and lets vLLM read only the weights", () => {
    expect(inputsOf("gcp:serviceaccount/iAMMember:IAMMember", `${name}-vllm-wi-mistral-small`)).toMatchObject({
      role: "roles/iam.workloadIdentityUser",
      member: `serviceAccount:${project}.svc.id.goog[vllm/vllm-mistral-small]`,
    });
    expect(inputsOf("gcp:serviceaccount/iAMMember:IAMMember", `${name}-keda-wi`)).toMatchObject({
      member: `serviceAccount:${project}.svc.id.goog[keda/keda-operator]`,
    });
    expect(inputsOf("gcp:storage/bucketIAMMember:BucketIAMMember", `${name}-vllm-weights-reader`)).toMatchObject({ role: "roles/storage.objectViewer" });
    expect(inputsOf("gcp:projects/iAMMember:IAMMember", `${name}-keda-monitoring`)).toMatchObject({ role: "roles/monitoring.viewer" });
  });

  it("grants Workload Identity only after the cluster exists (its identity pool does not exist before)", () => {
    const gkeUrn = mocks.one("gcp:container/cluster:Cluster", `${name}-gke`).urn;
    for (const wi of [`${name}-vllm-wi-mistral-small`, `${name}-keda-wi`]) {
      expect(mocks.dependencies.get(mocks.one("gcp:serviceaccount/iAMMember:IAMMember", wi).urn), wi).toContain(gkeUrn);
    }
  });

  it("gives each group's internal balancer a reserved address in the cluster subnetwork and does not make `up` wait for ready pods", () => {
    const address = inputsOf("gcp:compute/address:Address", `${name}-vllm-ip-mistral-small`);
    expect(address).toMatchObject({ addressType: "INTERNAL", region });
    const subnetUrn = mocks.one("gcp:compute/subnetwork:Subnetwork", `${name}-subnet`).urn;
    expect(mocks.dependencies.get(mocks.one("gcp:compute/address:Address", `${name}-vllm-ip-mistral-small`).urn)).toContain(subnetUrn);
    const svc = inputsOf("kubernetes:core/v1:Service", `${name}-serving-mistral-small-endpoint`);
    expect(svc.metadata.annotations).toMatchObject({ "pulumi.com/skipAwait": "true", "networking.gke.io/load-balancer-type": "Internal" });
    // An explicit address at the top of the nodes' /20 (10.41.16.0/20 here), not a status read later.
    expect(address.address).toBe("10.41.31.250");
    expect(svc.spec.loadBalancerIP).toBe("10.41.31.250");
  });

  it("keeps the model cache in the region, private and uniform-access", () => {
    const bucket = inputsOf("gcp:storage/bucket:Bucket", `${name}-model-cache-bucket`);
    expect(bucket).toMatchObject({ location: "EUROPE-WEST4", uniformBucketLevelAccess: true, publicAccessPrevention: "enforced" });
  });

  it("hands the chart values that the real helm accepts (schema) and renders", () => {
    const release = plain(mocks.one("kubernetes:helm.sh/v3:Release", `${name}-serving-mistral-small-release`).inputs);
    const r = helmTemplate(release.chart, release.values, release.name);
    if (!r.ok) throw new Error(r.stderr);
    expect(r.docs.map((d) => d.kind)).toEqual(expect.arrayContaining(["Deployment", "Service", "ScaledObject", "TriggerAuthentication"]));
    expect(r.docs.find((d) => d.kind === "Service").metadata.name).toBe("vllm-mistral-small");
  });
});
