import { type LocalResource, Resources, str } from "./planned";

/**
 * What the plan says the cloud would run on the request path, read from the planned resources
 * themselves (task definitions, Cloud Run services, secret versions, API definitions), never from
 * the spec: a wiring mistake between resources must show up here as it would in the cloud.
 */

/** A container environment variable as the platform gives it: a value, or a secret store reference. */
export type EnvSource = { value: string } | { secret: string; from: string };

export interface ContainerPlan {
  /** The planned resource that runs it (for messages). */
  resource: string;
  /** Variables with their values resolved from the plan (secret references → planned secret version). */
  env: Record<string, string>;
  /** Where each variable came from: a plain value or a secret (its store reference). */
  sources: Record<string, EnvSource>;
  /** Container port and health path (gateway only). */
  port?: number;
  healthPath?: string;
}

export interface AwsFrontDoorPlan {
  kind: "aws-rest-api";
  stageName: string;
  /** Resource id → full path (`/{proxy+}`, `/chat/completions`). */
  resources: { id: string; path: string }[];
  /**
   * `requiredHeaders`: headers a request validator demands before the integration runs (API
   * Gateway answers 400 without them); `authorization`: `NONE` or `AWS_IAM` (SigV4).
   */
  methods: { resourceId: string; httpMethod: string; apiKeyRequired: boolean; authorization: string; requiredHeaders: string[] }[];
  integrations: { resourceId: string; httpMethod: string; type: string; uri: string; requestParameters: Record<string, string>; timeoutMs: number }[];
  stageThrottle?: { rateLimit: number; burstLimit: number };
  /**
   * The usage plan's per-key limits, each present only where the plan sets it: a throttle (steady
   * rate per second and burst, a token bucket) and a request quota per period. API Gateway applies
   * them independently: a throttle without a quota still throttles, a quota without a throttle
   * still counts.
   */
  usagePlan?: UsagePlanLimits;
  apiKeys: string[];
  /**
   * How callers authenticate: `api-key` (API Gateway keys in `x-api-key`, prototype) or `bearer`
   * (their own `Authorization: Bearer` passed through to LiteLLM, from growth), read from the
   * methods: a method without API key that requires the `Authorization` header means `bearer`.
   */
  callerAuth: "api-key" | "bearer";
}

export interface UsagePlanLimits {
  throttle?: { rateLimit: number; burstLimit: number };
  quota?: { limit: number; period: QuotaPeriod };
}

export type QuotaPeriod = "DAY" | "WEEK" | "MONTH";

/**
 * The per-key limits of a planned usage plan (`throttleSettings`, `quotaSettings`), each on its own;
 * undefined when the plan has no usage plan or it sets neither. A throttle without `burstLimit`
 * bursts to its rate, as the stage throttle here does.
 */
export function usagePlanLimits(plan: LocalResource | undefined): UsagePlanLimits | undefined {
  if (!plan) return undefined;
  const t = plan.inputs.throttleSettings as { rateLimit?: unknown; burstLimit?: unknown } | undefined;
  const q = plan.inputs.quotaSettings as { limit?: unknown; period?: unknown } | undefined;
  const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
  const rate = num(t?.rateLimit);
  const burst = num(t?.burstLimit);
  const limit = num(q?.limit);
  const period = String(q?.period ?? "").toUpperCase();
  if (q && limit !== undefined && !["DAY", "WEEK", "MONTH"].includes(period)) fail(`${plan.name}: quotaSettings.period ${JSON.stringify(q.period)} is not DAY, WEEK or MONTH`);
  const limits: UsagePlanLimits = {
    ...(rate !== undefined ? { throttle: { rateLimit: rate, burstLimit: burst ?? rate } } : {}),
    ...(limit !== undefined ? { quota: { limit, period: period as QuotaPeriod } } : {}),
  };
  return limits.throttle || limits.quota ? limits : undefined;
}

/** A Cloud Armor rule as planned (`gcp:compute/securityPolicy` rules). */
export interface PlannedArmorRule {
  priority: number;
  /** `allow`, `deny(403)`, `throttle`, ... */
  action: string;
  /** Advanced match (Cloud Armor's rules language). */
  expression?: string;
  /** Basic match: source ranges (`*` = every source). */
  srcIpRanges?: string[];
  rateLimit?: { enforceOnKey: string; enforceOnKeyName?: string; count: number; intervalSec: number; exceedAction: string; conformAction: string };
}

/**
 * The GCP front door as planned: the URL map (host, exact paths and their rewrites, the abort
 * answer for everything else), the Cloud Armor policy attached to the backend service, and the
 * Cloud Run service the serverless NEG points at with its request timeout.
 */
export interface GcpFrontDoorPlan {
  kind: "gcp-load-balancer";
  hosts: string[];
  routes: { path: string; rewrite?: string }[];
  /** Status the URL map's default route answers itself (fault-injection abort). */
  notFoundStatus: number;
  rules: PlannedArmorRule[];
  /** The Cloud Run URL the NEG's service has (the gateway address the local run maps). */
  backendUri: string;
  /** Cloud Run's request timeout: what bounds a request through a serverless NEG. */
  timeoutSeconds: number;
  /** LiteLLM's master key as the gateway container gets it (from the planned secret version). */
  masterKey: string;
}

export interface LocalPlan {
  cloud: "aws" | "gcp";
  stack: string;
  stage: string;
  region: string;
  gateway: ContainerPlan & { configText: string; configSource: string };
  worker?: ContainerPlan;
  /** GCP: the worker pool exists but reads Pub/Sub, which has no server here. */
  workerNotRun?: string;
  buckets: string[];
  queues: { name: string; url: string; attributes: Record<string, string> }[];
  cache?: { host: string; port: number; passwordFrom: string; tls: boolean };
  frontDoor: AwsFrontDoorPlan | GcpFrontDoorPlan;
  /** Generated values (RandomPassword results) the plan wires into other resources. */
  generated: { resource: string; value: string }[];
  /** Values unknown in the plan and the stand-ins used for them. */
  unknowns: { consumer: string; why: string; standIn: string }[];
  /** Provider-computed addresses: fake value in the plan → what it stands for. */
  addresses: { value: string; what: string; kind: "gateway" | "redis" | "vllm" }[];
}

export class PlanReadError extends Error {}

/** Values a plan cannot know (provider outputs the fakes leave unknown), replaced by stand-ins. */
let unknowns: { consumer: string; why: string; standIn: string }[] = [];
function unknownValue(consumer: string, why: string): string {
  const standIn = `local-stand-in-${unknowns.length + 1}`;
  unknowns.push({ consumer, why, standIn });
  return standIn;
}

function fail(msg: string): never {
  throw new PlanReadError(msg);
}

/** AWS: secret ARN → the secretString of the planned version of that secret. */
function awsSecretValue(res: Resources, arn: string, consumer: string): string {
  const secret = res.ofType("aws:secretsmanager/secret:Secret").find((s) => s.outputs.arn === arn || s.id === arn);
  if (!secret) fail(`${consumer}: secret ${arn} is not a secret of this plan`);
  const versions = res.ofType("aws:secretsmanager/secretVersion:SecretVersion").filter((v) => v.inputs.secretId === secret.id || v.inputs.secretId === arn);
  if (versions.length !== 1) fail(`${consumer}: secret ${secret.name} has ${versions.length} planned versions, expected one`);
  const v = str(versions[0]!.inputs.secretString);
  if (v === undefined || v === "[unknown]") return unknownValue(consumer, `secret ${secret.name} holds a provider output`);
  return v;
}

/** One key of a planned JSON secret value; an unknown value (a Pulumi secret or output) stays a stand-in. */
function jsonKeyOf(value: string, key: string, consumer: string): string {
  try {
    const v = (JSON.parse(value) as Record<string, unknown>)[key];
    if (typeof v === "string") return v;
  } catch {
    /* not JSON in the plan: an unknown or secret value */
  }
  return unknownValue(consumer, `key '${key}' of a secret whose value the plan does not hold`);
}

/** GCP: `secretKeyRef {secret: <secretId>, version}` → the secretData of that planned version. */
function gcpSecretValue(res: Resources, ref: { secret?: unknown; version?: unknown }, consumer: string): string {
  const secret = res.ofType("gcp:secretmanager/secret:Secret").find((s) => s.inputs.secretId === ref.secret || s.id === ref.secret);
  if (!secret) fail(`${consumer}: secret ${String(ref.secret)} is not a secret of this plan`);
  const versions = res
    .ofType("gcp:secretmanager/secretVersion:SecretVersion")
    .filter((v) => v.inputs.secret === secret.id && (ref.version === "latest" || String(v.outputs.version ?? "1") === String(ref.version)));
  if (versions.length !== 1) fail(`${consumer}: secret ${secret.name} version ${String(ref.version)} is not planned (found ${versions.length})`);
  const v = str(versions[0]!.inputs.secretData);
  // A provider-generated value (an HMAC key's secret) is unknown in a plan: a stand-in, listed.
  if (v === undefined || v === "[unknown]") return unknownValue(consumer, `secret ${secret.name} holds a provider output`);
  return v;
}

function ecsContainer(res: Resources, task: LocalResource): ContainerPlan & { command?: string[]; healthCheck?: string[] } {
  const defs = JSON.parse(String(task.inputs.containerDefinitions)) as {
    name: string;
    command?: string[];
    portMappings?: { containerPort: number }[];
    environment?: { name: string; value: string }[];
    secrets?: { name: string; valueFrom: string }[];
    healthCheck?: { command: string[] };
  }[];
  const c = defs[0]!;
  const env: Record<string, string> = {};
  const sources: Record<string, EnvSource> = {};
  for (const e of c.environment ?? []) {
    env[e.name] = e.value;
    sources[e.name] = { value: e.value };
  }
  for (const s of c.secrets ?? []) {
    // `<arn>:<json-key>::` names one key of a JSON secret (the keys database's `{username,
    // password}`): the planned value's key, or a listed stand-in while the value is unknown.
    const [secretArn, jsonKey] = [s.valueFrom.split(":").slice(0, 7).join(":"), s.valueFrom.split(":")[7]];
    const value = awsSecretValue(res, secretArn, `${task.name} secret ${s.name}`);
    env[s.name] = jsonKey ? jsonKeyOf(value, jsonKey, `${task.name} secret ${s.name}`) : value;
    sources[s.name] = { secret: s.valueFrom, from: "Secrets Manager (ECS task definition `secrets`)" };
  }
  const health = c.healthCheck?.command.join(" ") ?? "";
  const healthPath = /127\.0\.0\.1:\d+(\/[^'"\s)]+)/.exec(health)?.[1];
  return { resource: task.name, env, sources, port: c.portMappings?.[0]?.containerPort, ...(healthPath ? { healthPath } : {}), command: c.command };
}

function cloudRunContainer(res: Resources, svc: LocalResource, containers: unknown): ContainerPlan {
  const c = ((containers as Record<string, unknown>[]) ?? [])[0] ?? {};
  const env: Record<string, string> = {};
  const sources: Record<string, EnvSource> = {};
  for (const e of (c.envs as { name: string; value?: string; valueSource?: { secretKeyRef?: { secret: string; version: string } } }[]) ?? []) {
    const ref = e.valueSource?.secretKeyRef;
    if (ref) {
      env[e.name] = gcpSecretValue(res, ref, `${svc.name} env ${e.name}`);
      sources[e.name] = { secret: `${ref.secret}@${ref.version}`, from: "Secret Manager (Cloud Run secretKeyRef)" };
    } else {
      // A variable with no value is a provider output the fakes leave unknown (the HMAC access id).
      env[e.name] = e.value ?? unknownValue(`${svc.name} env ${e.name}`, "a provider output unknown in the plan");
      sources[e.name] = { value: e.value ?? "" };
    }
  }
  const ports = c.ports as { containerPort?: number } | undefined;
  const probe = (c.startupProbe ?? c.livenessProbe) as { httpGet?: { path?: string } } | undefined;
  return { resource: svc.name, env, sources, port: ports?.containerPort, ...(probe?.httpGet?.path ? { healthPath: probe.httpGet.path } : {}) };
}

function awsFrontDoor(res: Resources): AwsFrontDoorPlan {
  const api = res.one("aws:apigateway/restApi:RestApi");
  const root = str(api.outputs.rootResourceId);
  const byId = new Map<string, LocalResource>();
  for (const r of res.ofType("aws:apigateway/resource:Resource")) if (r.id) byId.set(r.id, r);
  const pathOf = (id: string, depth = 0): string => {
    if (id === root) return "";
    const r = byId.get(id);
    if (!r || depth > 20) fail(`API resource ${id} has no parent chain to the REST API's root`);
    return `${pathOf(String(r.inputs.parentId), depth + 1)}/${String(r.inputs.pathPart)}`;
  };
  const stage = res.one("aws:apigateway/stage:Stage");
  const settings = res.maybe("aws:apigateway/methodSettings:MethodSettings")?.inputs.settings as Record<string, number> | undefined;
  const usagePlan = usagePlanLimits(res.maybe("aws:apigateway/usagePlan:UsagePlan"));
  // Required headers count only where a validator that checks request parameters is attached.
  const validators = new Set(
    res
      .ofType("aws:apigateway/requestValidator:RequestValidator")
      .filter((v) => v.inputs.validateRequestParameters === true)
      .map((v) => v.id),
  );
  const methods = res.ofType("aws:apigateway/method:Method").map((m) => ({
    resourceId: String(m.inputs.resourceId),
    httpMethod: String(m.inputs.httpMethod),
    apiKeyRequired: m.inputs.apiKeyRequired === true,
    authorization: String(m.inputs.authorization ?? "NONE"),
    requiredHeaders: validators.has(String(m.inputs.requestValidatorId))
      ? Object.entries((m.inputs.requestParameters ?? {}) as Record<string, boolean>)
          .filter(([k, required]) => required === true && k.startsWith("method.request.header."))
          .map(([k]) => k.slice("method.request.header.".length))
      : [],
  }));
  const bearer = methods.some((m) => m.authorization === "NONE" && !m.apiKeyRequired && m.requiredHeaders.some((h) => h.toLowerCase() === "authorization"));
  return {
    kind: "aws-rest-api",
    stageName: String(stage.inputs.stageName),
    resources: [...byId.values()].map((r) => ({ id: r.id!, path: pathOf(r.id!) })),
    methods,
    integrations: res.ofType("aws:apigateway/integration:Integration").map((i) => ({
      resourceId: String(i.inputs.resourceId),
      httpMethod: String(i.inputs.httpMethod),
      type: String(i.inputs.type),
      uri: String(i.inputs.uri),
      requestParameters: (i.inputs.requestParameters ?? {}) as Record<string, string>,
      timeoutMs: Number(i.inputs.timeoutMilliseconds ?? 29_000),
    })),
    ...(settings?.throttlingRateLimit !== undefined ? { stageThrottle: { rateLimit: settings.throttlingRateLimit, burstLimit: settings.throttlingBurstLimit ?? settings.throttlingRateLimit } } : {}),
    ...(usagePlan ? { usagePlan } : {}),
    apiKeys: res.ofType("aws:apigateway/apiKey:ApiKey").map((k) => k.name),
    callerAuth: bearer ? "bearer" : "api-key",
  };
}

/**
 * Where the planned Cloud Run service is reached: its run.app URL, or, when that is disabled
 * (`defaultUriDisabled`, the gateway's case: the balancer reaches it only through its serverless
 * NEG), a stand-in naming the service, which the local run maps to the local gateway like a URL.
 */
export function cloudRunAddress(svc: LocalResource): string {
  const uri = String(svc.outputs.uri ?? "");
  return uri !== "" ? uri : `https://${String(svc.inputs.name)}.${String(svc.inputs.location)}.serverless-neg.invalid`;
}

function gcpFrontDoor(res: Resources, gatewayService: LocalResource, masterKey: string | undefined): GcpFrontDoorPlan {
  const map = res.one("gcp:compute/uRLMap:URLMap");
  const backend = res.one("gcp:compute/backendService:BackendService");
  const policy = res.one("gcp:compute/securityPolicy:SecurityPolicy");
  const neg = res.ofType("gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup").find((n) => (n.inputs.cloudRun as { service?: unknown } | undefined)?.service === gatewayService.inputs.name);
  // The wiring the cloud would use: backend → NEG → this service; backend → this policy.
  if (!neg) fail(`no serverless NEG points at ${gatewayService.name} (${String(gatewayService.inputs.name)})`);
  const groups = ((backend.inputs.backends as { group?: unknown }[] | undefined) ?? []).map((b) => b.group);
  if (!groups.includes(neg.id) && !groups.includes(neg.outputs.selfLink)) fail(`${backend.name} does not serve ${neg.name}`);
  if (backend.inputs.securityPolicy !== policy.outputs.selfLink && backend.inputs.securityPolicy !== policy.id) fail(`${backend.name} does not attach ${policy.name}`);
  type Rule = { priority: number; action: string; match?: { expr?: { expression?: string }; config?: { srcIpRanges?: string[] } }; rateLimitOptions?: Record<string, unknown> };
  const rules = ((policy.inputs.rules as Rule[] | undefined) ?? []).map((r): PlannedArmorRule => {
    const rl = r.rateLimitOptions as { enforceOnKey?: string; enforceOnKeyName?: string; exceedAction?: string; conformAction?: string; rateLimitThreshold?: { count?: number; intervalSec?: number } } | undefined;
    return {
      priority: Number(r.priority),
      action: r.action,
      ...(r.match?.expr?.expression ? { expression: r.match.expr.expression } : {}),
      ...(r.match?.config?.srcIpRanges ? { srcIpRanges: r.match.config.srcIpRanges } : {}),
      ...(rl
        ? { rateLimit: { enforceOnKey: rl.enforceOnKey ?? "ALL", ...(rl.enforceOnKeyName ? { enforceOnKeyName: rl.enforceOnKeyName } : {}), count: Number(rl.rateLimitThreshold?.count), intervalSec: Number(rl.rateLimitThreshold?.intervalSec), exceedAction: rl.exceedAction ?? "deny(429)", conformAction: rl.conformAction ?? "allow" } }
        : {}),
    };
  });
  type PathMatcher = { name: string; defaultRouteAction?: { faultInjectionPolicy?: { abort?: { httpStatus?: number; percentage?: number } } }; routeRules?: { matchRules?: { fullPathMatch?: string }[]; service?: unknown; routeAction?: { urlRewrite?: { pathPrefixRewrite?: string } } }[] };
  const hostRules = (map.inputs.hostRules as { hosts: string[]; pathMatcher: string }[] | undefined) ?? [];
  const matchers = (map.inputs.pathMatchers as PathMatcher[] | undefined) ?? [];
  if (hostRules.length !== 1 || matchers.length !== 1) fail(`${map.name}: the emulation reads one host rule and one path matcher (found ${hostRules.length} and ${matchers.length})`);
  const pm = matchers[0]!;
  const abort = pm.defaultRouteAction?.faultInjectionPolicy?.abort;
  if (!abort || abort.percentage !== 100) fail(`${map.name}: the default route does not abort every request (the emulation forwards only the planned routes)`);
  const routes = (pm.routeRules ?? []).map((r) => {
    if (r.service !== backend.id && r.service !== backend.outputs.selfLink) fail(`${map.name}: a route rule names another service than ${backend.name}`);
    const path = r.matchRules?.[0]?.fullPathMatch ?? fail(`${map.name}: a route rule without fullPathMatch`);
    const rewrite = r.routeAction?.urlRewrite?.pathPrefixRewrite;
    return rewrite ? { path, rewrite } : { path };
  });
  const timeout = String((gatewayService.inputs.template as { timeout?: unknown } | undefined)?.timeout ?? "300s");
  return {
    kind: "gcp-load-balancer",
    hosts: hostRules[0]!.hosts,
    routes,
    notFoundStatus: Number(abort.httpStatus),
    rules,
    backendUri: cloudRunAddress(gatewayService),
    timeoutSeconds: Number.parseInt(timeout, 10),
    masterKey: masterKey ?? fail(`${gatewayService.name} gets no AI_INFRA_GATEWAY_MASTER_KEY`),
  };
}

/** The request path of a planned stack, read from its resources. */
export function readLocalPlan(all: readonly LocalResource[], meta: { stack: string; stage: string; cloud: string; regions: string[] }): LocalPlan {
  const res = new Resources(all);
  unknowns = [];
  const region = meta.regions[0] ?? fail("the plan has no region");
  if (meta.regions.length > 1) fail(`${meta.stack} plans ${meta.regions.length} regions; a local run starts the primary region only (${region})`);
  const generated = res.ofType("random:index/randomPassword:RandomPassword").map((r) => ({ resource: r.name, value: String(r.outputs.result ?? "") }));
  const addresses: LocalPlan["addresses"] = [];

  if (meta.cloud === "aws") {
    const gwTask = res.one("aws:ecs/taskDefinition:TaskDefinition", "-gateway-task");
    const gateway = ecsContainer(res, gwTask);
    const bucket = gateway.env.LITELLM_CONFIG_BUCKET_NAME;
    const key = gateway.env.LITELLM_CONFIG_BUCKET_OBJECT_KEY;
    const object = res.ofType("aws:s3/bucketObjectv2:BucketObjectv2").find((o) => o.inputs.bucket === bucket && o.inputs.key === key);
    if (!object) fail(`${gwTask.name}: LITELLM_CONFIG_BUCKET_NAME/OBJECT_KEY (${bucket}/${key}) name no planned S3 object`);
    const nlb = res.one("aws:lb/loadBalancer:LoadBalancer", "-gateway-nlb");
    addresses.push({ value: String(nlb.outputs.dnsName), what: `${nlb.name} (internal NLB → ECS gateway task)`, kind: "gateway" });
    const cacheRg = res.maybe("aws:elasticache/replicationGroup:ReplicationGroup");
    let cache: LocalPlan["cache"];
    if (cacheRg) {
      const host = String(cacheRg.outputs.primaryEndpointAddress ?? "");
      addresses.push({ value: host, what: `${cacheRg.name} primary endpoint`, kind: "redis" });
      cache = { host, port: Number(cacheRg.inputs.port ?? 6379), passwordFrom: "authToken", tls: cacheRg.inputs.transitEncryptionEnabled !== false };
    }
    for (const svc of res.ofType("kubernetes:core/v1:Service")) {
      const ingress = ((svc.outputs.status as { loadBalancer?: { ingress?: { hostname?: string; ip?: string }[] } } | undefined)?.loadBalancer?.ingress ?? [])[0];
      const a = ingress?.hostname ?? ingress?.ip;
      if (a) addresses.push({ value: a, what: `${svc.name} (vLLM internal load balancer)`, kind: "vllm" });
    }
    const wTask = res.maybe("aws:ecs/taskDefinition:TaskDefinition", "-worker-task");
    return {
      cloud: "aws",
      stack: meta.stack,
      stage: meta.stage,
      region,
      gateway: { ...gateway, configText: String(object.inputs.content), configSource: `s3://${bucket}/${key} (${object.name})` },
      ...(wTask ? { worker: ecsContainer(res, wTask) } : {}),
      buckets: res.ofType("aws:s3/bucket:Bucket").map((b) => String(b.outputs.bucket ?? b.id)),
      queues: res.ofType("aws:sqs/queue:Queue").map((q) => {
        const attributes: Record<string, string> = {};
        for (const [k, a] of [["visibilityTimeoutSeconds", "VisibilityTimeout"], ["messageRetentionSeconds", "MessageRetentionPeriod"], ["redrivePolicy", "RedrivePolicy"]] as const) {
          if (q.inputs[k] !== undefined) attributes[a] = String(q.inputs[k]);
        }
        return { name: String(q.outputs.name), url: String(q.outputs.url), attributes };
      }),
      ...(cache ? { cache } : {}),
      frontDoor: awsFrontDoor(res),
      generated,
      addresses,
      unknowns,
    };
  }

  const svc = res.one("gcp:cloudrunv2/service:Service", "-gateway-service");
  const tmpl = svc.inputs.template as { containers?: unknown };
  const gateway = cloudRunContainer(res, svc, tmpl.containers);
  const bucket = gateway.env.LITELLM_CONFIG_BUCKET_NAME;
  const key = gateway.env.LITELLM_CONFIG_BUCKET_OBJECT_KEY;
  const object = res.ofType("gcp:storage/bucketObject:BucketObject").find((o) => o.inputs.bucket === bucket && o.inputs.name === key);
  if (!object) fail(`${svc.name}: LITELLM_CONFIG_BUCKET_NAME/OBJECT_KEY (${bucket}/${key}) name no planned GCS object`);
  addresses.push({ value: cloudRunAddress(svc), what: `${svc.name} (Cloud Run URL, or the NEG's target without one)`, kind: "gateway" });
  const redis = res.maybe("gcp:redis/instance:Instance");
  let cache: LocalPlan["cache"];
  if (redis) {
    addresses.push({ value: String(redis.outputs.host), what: `${redis.name} (Memorystore host)`, kind: "redis" });
    cache = { host: String(redis.outputs.host), port: Number(redis.outputs.port ?? 6379), passwordFrom: "authString", tls: redis.inputs.transitEncryptionMode === "SERVER_AUTHENTICATION" };
  }
  for (const s of res.ofType("kubernetes:core/v1:Service")) {
    const ingress = ((s.outputs.status as { loadBalancer?: { ingress?: { hostname?: string; ip?: string }[] } } | undefined)?.loadBalancer?.ingress ?? [])[0];
    // A balancer on a reserved internal address (GCP) is reached at that address, which the plan knows.
    const reserved = (s.inputs.spec as { loadBalancerIP?: unknown } | undefined)?.loadBalancerIP;
    const a = typeof reserved === "string" && reserved !== "" ? reserved : (ingress?.hostname ?? ingress?.ip);
    if (a) addresses.push({ value: a, what: `${s.name} (vLLM internal load balancer)`, kind: "vllm" });
  }
  const pool = res.maybe("gcp:cloudrunv2/workerPool:WorkerPool");
  return {
    cloud: "gcp",
    stack: meta.stack,
    stage: meta.stage,
    region,
    gateway: { ...gateway, configText: String(object.inputs.content), configSource: `gs://${bucket}/${key} (${object.name})` },
    ...(pool ? { workerNotRun: `${pool.name} reads Pub/Sub, which has no emulator here: the worker and the topic/subscription are not started (the AWS stacks run the worker against moto's SQS)` } : {}),
    buckets: res.ofType("gcp:storage/bucket:Bucket").map((b) => String(b.inputs.name ?? b.outputs.name)),
    queues: [],
    ...(cache ? { cache } : {}),
    frontDoor: gcpFrontDoor(res, svc, gateway.env.AI_INFRA_GATEWAY_MASTER_KEY),
    generated,
    addresses,
    unknowns,
  };
}
