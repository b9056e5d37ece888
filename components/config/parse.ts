import type {
  AwsApiConfig,
  AwsClusterConfig,
  AwsDatabaseConfig,
  AwsStack,
  ClusterConfig,
  GcpApiConfig,
  GcpClusterConfig,
  GcpDatabaseConfig,
  GcpStack,
  Stack,
  WorkerConfig,
} from "./model";
import { type ParseOptions, type Spec as ValidConfig, type SpecError, SpecValidationError, configNamespace, parseSpec } from "./validate";

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
  const result = parseSpec(raw, opts);
  return result.ok ? { ok: true, stack: toStack(result.spec) } : result;
}

/** `parseStack`, throwing `SpecValidationError` with every problem. */
export function parseStackOrThrow(raw: unknown, opts: ParseOptions = {}): Stack {
  const result = parseStack(raw, opts);
  if (!result.ok) throw new SpecValidationError(result.errors);
  return result.stack;
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
    // The schema requires at least one region.
    regions: c.regions as [string, ...string[]],
    primaryRegion: c.primaryRegion,
    jurisdiction: c.jurisdiction,
    providers: c.providers,
    providerKeys: c.providerKeys,
    models: c.models,
    budget: c.budget,
    traffic: c.traffic,
    tags: c.tags,
    network: c.network,
    gateway: c.gateway,
    deletionProtection: c.deletionProtection,
  };
  const { adminCidrs, dnsZoneName, ...apiCommon } = api;
  const clusterCommon = (k: NonNullable<typeof cluster>): ClusterConfig => ({ kubernetesVersion: k.kubernetesVersion, systemNodes: k.systemNodes, gpuPools: k.gpuPools });
  const growth = <W extends WorkerConfig>(w: W) => ({ cache: c.cache!, reliability: c.reliability!, queue: c.queue!, worker: w });
  const scale = <K extends ClusterConfig>(k: K) =>
    defined({ cluster: k, selfHosted: c.selfHosted!, routing: c.routing, semanticCache: c.semanticCache, batch: c.batch });

  if (c.cloud === "aws") {
    const { tier: _tier, ...awsDatabase } = database ?? { backupRetentionDays: 0, highAvailability: false };
    const base = {
      ...common,
      cloud: "aws" as const,
      logging: { ...logging, customerManagedKey: logging.customerManagedKey ?? false },
      api: defined({ ...apiCommon, dnsZoneName }) as AwsApiConfig,
      manageApiGatewayAccount: c.manageApiGatewayAccount,
      ...(c.failover ? { failover: c.failover } : {}),
    };
    if (c.stage === "prototype") return { ...base, stage: "prototype", api: base.api } satisfies AwsStack;
    const { imageTag: _imageTag, ...awsWorker } = worker!;
    const keys = { database: awsDatabase as AwsDatabaseConfig, access: c.access! };
    if (c.stage === "growth") return { ...base, ...growth(awsWorker), ...keys, stage: "growth" } satisfies AwsStack;
    const k = cluster!;
    const awsCluster: AwsClusterConfig = { ...clusterCommon(k), publicAccessCidrs: k.publicAccessCidrs ?? [], adminPrincipals: k.adminPrincipals ?? [] };
    if (c.stage === "scale") return { ...base, ...growth(awsWorker), ...keys, ...scale(awsCluster), stage: "scale" } satisfies AwsStack;
    return { ...base, ...growth(awsWorker), ...keys, ...scale(awsCluster), ...defined({ fineTuning: c.fineTuning }), stage: "enterprise" } satisfies AwsStack;
  }

  const { minCapacity: _min, maxCapacity: _max, ...gcpDatabase } = database!;
  const { customerManagedKey: _cmk, ...gcpLogging } = logging;
  const base = {
    ...common,
    cloud: "gcp" as const,
    gcpProject: c.gcpProject!,
    logging: gcpLogging,
    api: defined({ ...apiCommon, adminCidrs }) as GcpApiConfig,
    database: gcpDatabase as GcpDatabaseConfig,
    access: c.access!,
  };
  if (c.stage === "prototype") return { ...base, stage: "prototype" } satisfies GcpStack;
  const billing = { gcpBillingAccount: c.gcpBillingAccount! };
  if (c.stage === "growth") return { ...base, ...billing, ...growth(worker!), stage: "growth" } satisfies GcpStack;
  const k = cluster!;
  const gcpCluster: GcpClusterConfig = { ...clusterCommon(k), controlPlane: k.controlPlane! };
  if (c.stage === "scale") return { ...base, ...billing, ...growth(worker!), ...scale(gcpCluster), stage: "scale" } satisfies GcpStack;
  return { ...base, ...billing, ...growth(worker!), ...scale(gcpCluster), ...defined({ fineTuning: c.fineTuning }), stage: "enterprise" } satisfies GcpStack;
}
