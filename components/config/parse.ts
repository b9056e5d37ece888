import type {
  AwsApiConfig,
  AwsClusterConfig,
  AwsDatabaseConfig,
  AwsStack,
  BedrockDedicated,
  ClusterConfig,
  FineTuning,
  GcpApiConfig,
  GcpClusterConfig,
  GcpDatabaseConfig,
  GcpStack,
  GpuPool,
  Model,
  Routing,
  SelfHostedGroup,
  Stack,
  VertexDedicated,
  WorkerConfig,
} from "./model";
import { poolGpusPerNode, shapeFor } from "./gpus";
import { type ParseOptions, type SpecError, SpecValidationError, type ValidConfig, configNamespace, validateConfig } from "./validate";

export type StackParseResult = { ok: true; stack: Stack } | { ok: false; errors: SpecError[] };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Parse a stack's raw settings once, at the program boundary: fill in the stage preset, check every
 * field and every relation (`rules/`), and build the typed stack of its cloud and stage. Every
 * problem is reported together, each with its property path; nothing downstream sees raw config.
 */
export function parseStack(raw: unknown, opts: ParseOptions = {}): StackParseResult {
  if (!isPlainObject(raw)) {
    return { ok: false, errors: [{ path: configNamespace, message: "must be a mapping of settings (ai-infra:<key>: <value>)", value: raw }] };
  }
  const result = validateConfig(raw, opts);
  return result.ok ? { ok: true, stack: toStack(result.config) } : result;
}

/** `parseStack`, throwing `SpecValidationError` with every problem. */
export function parseStackOrThrow(raw: unknown, opts: ParseOptions = {}): Stack {
  const result = parseStack(raw, opts);
  if (!result.ok) throw new SpecValidationError(result.errors);
  return result.stack;
}

/** The first group of a routing tier; self-hosted groups first, because their marginal cost is nil. */
export function tierGroup(c: { models: readonly { name: string; tier?: string }[]; selfHosted?: readonly { name: string; tier?: string }[] }, tier: "small" | "strong"): string | undefined {
  return (c.selfHosted ?? []).find((s) => s.tier === tier)?.name ?? c.models.find((m) => m.tier === tier)?.name;
}

/** A value the stage preset or the rules guarantee; its absence is a defect of the parser itself. */
function present<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`config parser defect: ${what} passed the rules but is missing`);
  return value;
}

/** Drops the keys whose value is `undefined`, keeping the order of the others. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The typed stack of a validated config. The rules have refused every setting its cloud or stage
 * does not read, so this only moves sections to where their type says they live; sections keep
 * the stack file's key order (the gateway config and tags are rendered from them).
 */
export function toStack(c: ValidConfig): Stack {
  const { api, logging, database, cluster, worker } = c;
  const common = {
    project: c.project,
    stack: c.stack,
    // The schema requires at least one region and one model.
    regions: c.regions as [string, ...string[]],
    primaryRegion: c.primaryRegion,
    jurisdiction: c.jurisdiction,
    providers: c.providers,
    providerKeys: c.providerKeys,
    models: c.models.map((m) => ({ ...m, providerConfig: present(c.providers[m.provider], `provider '${m.provider}'`) })) as [Model, ...Model[]],
    traffic: c.traffic,
    tags: c.tags,
    network: c.network,
    gateway: c.gateway,
    deletionProtection: c.deletionProtection,
  };
  const { adminCidrs, dnsZoneName, ...apiCommon } = api;
  // References by name are resolved once, here: the rules proved every one of them resolves.
  const gpuPools: GpuPool[] = (cluster?.gpuPools ?? []).map((p) => ({
    ...p,
    machine: present(shapeFor(c.cloud, p.accelerator, poolGpusPerNode(p.name, c.selfHosted)), `a machine for GPU pool '${p.name}'`),
  }));
  const poolNamed = (name: string) => present(gpuPools.find((p) => p.name === name), `GPU pool '${name}'`);
  const selfHosted: SelfHostedGroup[] = (c.selfHosted ?? []).map((s) => ({ ...s, gpuPool: poolNamed(s.pool) }));
  const fineTuning = (): FineTuning | undefined => {
    const ft = c.fineTuning;
    if (!ft) return undefined;
    const { run, ...rest } = ft;
    const base = run && present(selfHosted.find((s) => s.name === run.baseModel), `self-hosted group '${run.baseModel}'`);
    return { ...rest, trainerPool: poolNamed(ft.trainer.pool), ...(run && base ? { run: { ...run, base } } : {}) };
  };
  const clusterCommon = (k: NonNullable<typeof cluster>): ClusterConfig => ({ kubernetesVersion: k.kubernetesVersion, systemNodes: k.systemNodes, gpuPools });
  const growth = <W extends WorkerConfig>(w: W) => ({
    budget: present(c.budget, "budget"),
    cache: present(c.cache, "cache"),
    reliability: present(c.reliability, "reliability"),
    queue: present(c.queue, "queue"),
    worker: w,
    ...defined({ prompts: c.prompts }),
  });
  const routing = (): Routing | undefined =>
    c.routing && {
      ...c.routing,
      tiers: { small: present(tierGroup(c, "small"), "a small routing tier"), strong: present(tierGroup(c, "strong"), "a strong routing tier") },
    };
  const scale = <K extends ClusterConfig>(k: K) => defined({ cluster: k, selfHosted, routing: routing(), semanticCache: c.semanticCache });
  // The rules proved each entry carries exactly its cloud's block (`dedicated-cloud-block`).
  const bedrockDedicated = (): { dedicated?: BedrockDedicated[] } =>
    c.dedicated ? { dedicated: c.dedicated.map((d) => ({ group: d.group, ...present(d.bedrock, `dedicated '${d.group}'.bedrock`) })) } : {};
  const vertexDedicated = (): { dedicated?: VertexDedicated[] } =>
    c.dedicated ? { dedicated: c.dedicated.map((d) => ({ group: d.group, ...present(d.vertex, `dedicated '${d.group}'.vertex`) })) } : {};

  if (c.cloud === "aws") {
    const base = {
      ...common,
      cloud: "aws" as const,
      logging: { ...logging, customerManagedKey: logging.customerManagedKey ?? false },
      api: defined({ ...apiCommon, dnsZoneName }) as AwsApiConfig,
      manageApiGatewayAccount: c.manageApiGatewayAccount ?? false,
      // The rules require two regions or more with failover.
      ...(c.failover ? { failover: { ...c.failover, regions: c.regions as [string, string, ...string[]] } } : {}),
    };
    if (c.stage === "prototype") return { ...base, stage: "prototype", api: base.api } satisfies AwsStack;
    const { tier: _tier, ...awsDatabase } = present(database, "database");
    const { imageTag: _imageTag, ...awsWorker } = present(worker, "worker");
    const keys = { database: awsDatabase as AwsDatabaseConfig, access: present(c.access, "access") };
    if (c.stage === "growth") return { ...base, ...growth(awsWorker), ...keys, stage: "growth" } satisfies AwsStack;
    const k = present(cluster, "cluster");
    const awsCluster: AwsClusterConfig = { ...clusterCommon(k), publicAccessCidrs: k.publicAccessCidrs ?? [], adminPrincipals: k.adminPrincipals ?? [] };
    if (c.stage === "scale") return { ...base, ...growth(awsWorker), ...keys, ...scale(awsCluster), ...bedrockDedicated(), stage: "scale" } satisfies AwsStack;
    return { ...base, ...growth(awsWorker), ...keys, ...scale(awsCluster), ...bedrockDedicated(), ...defined({ fineTuning: fineTuning() }), stage: "enterprise" } satisfies AwsStack;
  }

  const { minCapacity: _min, maxCapacity: _max, ...gcpDatabase } = present(database, "database");
  const { customerManagedKey: _cmk, ...gcpLogging } = logging;
  const base = {
    ...common,
    cloud: "gcp" as const,
    gcpProject: present(c.gcpProject, "gcpProject"),
    logging: gcpLogging,
    api: defined({ ...apiCommon, adminCidrs }) as GcpApiConfig,
    database: gcpDatabase as GcpDatabaseConfig,
    access: present(c.access, "access"),
  };
  if (c.stage === "prototype") return { ...base, stage: "prototype" } satisfies GcpStack;
  const billing = { gcpBillingAccount: present(c.gcpBillingAccount, "gcpBillingAccount") };
  const gcpWorker = present(worker, "worker");
  if (c.stage === "growth") return { ...base, ...billing, ...growth(gcpWorker), stage: "growth" } satisfies GcpStack;
  const k = present(cluster, "cluster");
  const gcpCluster: GcpClusterConfig = { ...clusterCommon(k), controlPlane: present(k.controlPlane, "cluster.controlPlane") };
  if (c.stage === "scale") return { ...base, ...billing, ...growth(gcpWorker), ...scale(gcpCluster), ...vertexDedicated(), stage: "scale" } satisfies GcpStack;
  return { ...base, ...billing, ...growth(gcpWorker), ...scale(gcpCluster), ...vertexDedicated(), ...defined({ fineTuning: fineTuning() }), stage: "enterprise" } satisfies GcpStack;
}
