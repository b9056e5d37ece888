import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { renamedFrom } from "../platform/renames";
import type { AwsPrototypeApiConfig } from "../config/model";
import { logRetentionDays, sha256 } from "./llm-gateway";
import { assumeRolePolicy } from "./iam";
import { type NameScope, shortName } from "./names";
import { bearerHeaderValue } from "./master-key";
import { adminPrefix, adminRoutes, callerRoutes, healthRoute } from "../gateway/routes";

/** `api` as the front door reads it: throttles and key names (a daily quota only at prototype). */
export type FrontDoorApi = Pick<AwsPrototypeApiConfig, "perKey" | "global" | "keys">;

/** The one stage of the REST API; part of every caller's URL, so it never changes. */
export const apiStageName = "v1";

export interface Throttle {
  rateLimit: number;
  burstLimit: number;
}

/**
 * The managed API's limits from the spec: the stage-wide throttle (all callers together, applied
 * to every method) and the per-key throttle and daily quota of the usage plan.
 */
export function apiThrottle(api: FrontDoorApi): { stage: Throttle; perKey: Throttle & { quotaPerDay?: number } } {
  const perKey = { rateLimit: api.perKey.ratePerSecond, burstLimit: api.perKey.burst };
  return {
    stage: { rateLimit: api.global.ratePerSecond, burstLimit: api.global.burst },
    perKey: api.perKey.quotaPerDay === undefined ? perKey : { ...perKey, quotaPerDay: api.perKey.quotaPerDay },
  };
}

/**
 * Integration timeout. Responses are streamed (`STREAM` transfer mode), which lifts REST API's
 * 29 s buffered limit to 15 minutes without a quota request: LLM answers routinely take longer
 * than 29 s, and streamed tokens reach the caller as they come.
 */
export function integrationTimeoutMs(timeoutSeconds: number): number {
  return Math.min(Math.max(timeoutSeconds * 1000, 50), 900_000);
}

/**
 * JSON access log line per request. It names the API key (not its value) so usage can be
 * attributed to callers; bodies are not in it (those are in the gateway's request log).
 */
export function accessLogFormat(): string {
  return JSON.stringify({
    requestId: "$context.requestId",
    requestTime: "$context.requestTimeEpoch",
    ip: "$context.identity.sourceIp",
    apiKeyId: "$context.identity.apiKeyId",
    method: "$context.httpMethod",
    path: "$context.path",
    status: "$context.status",
    protocol: "$context.protocol",
    responseLength: "$context.responseLength",
    responseLatency: "$context.responseLatency",
    integrationLatency: "$context.integration.latency",
    integrationStatus: "$context.integration.status",
    integrationError: "$context.integration.error",
    errorMessage: "$context.error.message",
  });
}

/**
 * What a deployment snapshot holds, as one string to hash into the Deployment's `triggers`: the
 * routes (path and method), each route's integration URI (the NLB's DNS name), VPC link, timeout and transfer mode, the
 * NLB behind the VPC link, and the request-parameter mapping with the gateway key it injects.
 * A change to any of them must publish a new deployment; Pulumi's docs for
 * aws.apigateway.Deployment say `triggers` should reference the upstream configuration
 * (https://www.pulumi.com/registry/packages/aws/api-docs/apigateway/deployment/, read 2026-11-30).
 */
export function deploymentFingerprint(i: {
  /** The routes the API exposes (path, method, who may call); adding, removing or re-securing one changes the snapshot. */
  routes: readonly { path: string; method: string; authorization?: string; apiKeyRequired?: boolean }[];
  /** Every integration's URI (one per route). */
  integrationUris: readonly string[];
  vpcLinkId: string;
  nlbArn: string;
  requestParameters: Record<string, string>;
  timeoutMs: number;
}): string {
  return sha256(
    JSON.stringify({
      routes: i.routes.map((r) => `${r.method} ${r.path} ${r.authorization ?? "NONE"}${r.apiKeyRequired === false ? "" : " key"}`),
      mode: "STREAM",
      uris: i.integrationUris,
      vpcLink: i.vpcLinkId,
      nlb: i.nlbArn,
      timeoutMs: i.timeoutMs,
      // Sorted so that the order keys were written in never redeploys by itself.
      parameters: Object.keys(i.requestParameters)
        .sort()
        .map((k) => [k, i.requestParameters[k]]),
    }),
  );
}

/**
 * Who may call a route of the REST API and how the request reaches LiteLLM.
 * - `caller`: the inference routes. Prototype (no keys database): an API Gateway key (`x-api-key`)
 *   is required and the integration replaces `Authorization` with the gateway's master key, so
 *   callers never hold it. From growth: no API Gateway key; the caller's own `Authorization:
 *   Bearer sk-...` (a LiteLLM virtual key) passes through untouched and LiteLLM checks it.
 * - `health`: `<apiUrl>/health` -> LiteLLM `/health/liveliness`, no key of any kind (Route 53 and
 *   load balancers probe it); it calls no model.
 * - `admin` (from growth): `<apiUrl>/admin/<route>` for exactly the `adminRoutes`, IAM-signed
 *   (`AWS_IAM`, SigV4: https://docs.aws.amazon.com/apigateway/latest/developerguide/permissions.html,
 *   read 2026-12-01), the master key sent by the operator in `x-litellm-api-key`.
 */
export type RouteKind = "caller" | "health" | "admin";

export interface ApiRoute {
  kind: RouteKind;
  /** Path relative to `apiUrl`. */
  path: string;
  method: "GET" | "POST";
  /** LiteLLM path the integration calls. */
  upstream: string;
  authorization: "NONE" | "AWS_IAM";
  apiKeyRequired: boolean;
  /** The integration sends the gateway's master key as `Authorization` (prototype caller routes). */
  injectMasterKey: boolean;
  /**
   * Headers API Gateway itself requires (a request validator answers 400 without them, before
   * anything reaches LiteLLM): the caller's `Authorization` from growth, the master-key header
   * on the admin path.
   */
  requiredHeaders: readonly string[];
}

/**
 * Method `operationName` of the health route: the one method without any key, recognised by the
 * `api-gateway-requires-auth` policy (Route 53 health checks cannot send headers).
 */
export const healthOperationName = "health";

/**
 * The header the keys command sends the master key in. The pinned LiteLLM (`litellmVersion`) reads it before
 * `Authorization` (litellm/proxy/auth/user_api_key_auth.py `get_api_key`), which on the admin path
 * carries the operator's SigV4 signature for API Gateway.
 */
export const adminKeyHeader = "x-litellm-api-key";

/** Every route of the REST API for a stack with (`keysDatabase`) or without LiteLLM's keys database. */
export function apiRoutes(keysDatabase: boolean): ApiRoute[] {
  const callers = callerRoutes.map(
    (r): ApiRoute => ({
      kind: "caller",
      path: r.path,
      method: r.method,
      upstream: `/v1${r.path}`,
      authorization: "NONE",
      apiKeyRequired: !keysDatabase,
      injectMasterKey: !keysDatabase,
      requiredHeaders: keysDatabase ? ["Authorization"] : [],
    }),
  );
  const health: ApiRoute = {
    kind: "health",
    path: healthRoute.path,
    method: healthRoute.method,
    upstream: healthRoute.upstream,
    authorization: "NONE",
    apiKeyRequired: false,
    injectMasterKey: false,
    requiredHeaders: [],
  };
  const admin = keysDatabase
    ? adminRoutes.map(
        (r): ApiRoute => ({
          kind: "admin",
          path: `${adminPrefix}${r.path}`,
          method: r.method,
          upstream: r.path,
          authorization: "AWS_IAM",
          apiKeyRequired: false,
          injectMasterKey: false,
          requiredHeaders: [adminKeyHeader],
        }),
      )
    : [];
  return [...callers, health, ...admin];
}

/**
 * Request-parameter mapping of a route's integration: the master key for prototype callers; on
 * the admin path the operator's `x-litellm-api-key` forwarded, and also put in `Authorization`
 * so the SigV4 signature (which names the operator's access key) never reaches LiteLLM's logs.
 */
export function integrationParameters(route: ApiRoute, masterKeyHeader: Record<string, string>): Record<string, string> {
  if (route.injectMasterKey) return masterKeyHeader;
  if (route.kind === "admin") {
    const from = `method.request.header.${adminKeyHeader}`;
    return { [`integration.request.header.${adminKeyHeader}`]: from, "integration.request.header.Authorization": from };
  }
  return {};
}

export interface FrontDoorArgs {
  api: FrontDoorApi;
  /**
   * LiteLLM's keys database is there (from growth): callers bring LiteLLM virtual keys, the API
   * Gateway keys are kept disabled, operators get the IAM-signed admin path. Default false.
   */
  keysDatabase?: boolean;
  /** Whether this stack owns the account's API Gateway CloudWatch role setting. Default false. */
  manageApiGatewayAccount?: boolean;
  /** The gateway's timeout (`gateway.timeoutSeconds`): the integrations' timeout. */
  timeoutSeconds: number;
  /** Days the access log is kept (rounded up to a CloudWatch retention). */
  retentionDays: number;
  /** Project, stack and region: the REST API's name. */
  names: NameScope;
  /** Internal NLB in front of the gateway. */
  nlbArn: pulumi.Input<string>;
  nlbDnsName: pulumi.Input<string>;
  /** The LLM gateway's key (a Pulumi secret), sent on prototype callers' requests (no keys database). */
  gatewayKey: pulumi.Input<string>;
}

/**
 * The account-and-region-wide API Gateway setting, owned by this stack (`manageApiGatewayAccount`).
 * The Account waits for the role's policy attachment, not only the role: API Gateway checks the
 * role's permissions when the setting is saved, and a role without its policy yet fails with "The
 * role ARN does not have required permissions". All three are kept on `pulumi destroy`
 * (`retainOnDelete`): other stacks' access logs in the account depend on the setting, so removing
 * this stack must not unset it or delete the role it names.
 */
function apiGatewayAccount(name: string, o: pulumi.CustomResourceOptions): aws.apigateway.Account {
  const keep = { ...o, retainOnDelete: true };
  const role = new aws.iam.Role(`${name}-cloudwatch-role`, { assumeRolePolicy: assumeRolePolicy("apigateway.amazonaws.com") }, keep);
  const attachment = new aws.iam.RolePolicyAttachment(
    `${name}-cloudwatch-managed`,
    { role: role.name, policyArn: "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs" },
    keep,
  );
  return new aws.apigateway.Account(`${name}-account`, { cloudwatchRoleArn: role.arn }, { ...keep, dependsOn: [attachment] });
}

/**
 * API Gateway REST API in front of the LLM gateway (it streams: `responseTransferMode: STREAM`),
 * stage throttling for everyone, JSON access logs. Only the routes of `apiRoutes` exist: the
 * inference routes (an OpenAI client with base URL `apiUrl` = `https://<api>/v1` calls
 * `<apiUrl>/chat/completions`, which reaches LiteLLM as `/v1/chat/completions`), the health
 * route, and from growth the operators' IAM-signed admin routes. Callers: API Gateway keys and a
 * usage plan at prototype; LiteLLM virtual keys from growth (see `RouteKind`).
 */
export class FrontDoor extends pulumi.ComponentResource {
  readonly restApiId: pulumi.Output<string>;
  readonly apiName: pulumi.Output<string>;
  readonly stageName: pulumi.Output<string>;
  readonly apiUrl: pulumi.Output<string>;
  readonly apiHost: pulumi.Output<string>;
  readonly accessLogGroupName: pulumi.Output<string>;
  /** The stage's ARN (what a WAF web ACL is associated with). */
  readonly stageArn: pulumi.Output<string>;
  /** From growth: `<apiUrl>/admin`, the operators' IAM-signed path to LiteLLM's admin routes. */
  readonly adminUrl?: pulumi.Output<string>;
  /** Key name → API key id (the value is read with `aws apigateway get-api-key --include-value`). */
  readonly apiKeyIds: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: FrontDoorArgs, opts: pulumi.ComponentResourceOptions) {
    // Formerly `ManagedApi`: the alias keeps every URN.
    super("ai-infra:aws:FrontDoor", name, {}, renamedFrom("ai-infra:aws:ManagedApi", opts));
    const o = { parent: this, provider: opts.provider };
    const region = args.names.region;
    const limits = apiThrottle(args.api);

    // Access logs need the account's API Gateway CloudWatch role: one setting per account and
    // region, shared by every REST API there (https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html).
    // The kit leaves it to the account by default (README "First deploy" sets it once); one stack
    // per account and region may own it with `manageApiGatewayAccount`.
    const account = args.manageApiGatewayAccount ? apiGatewayAccount(name, o) : undefined;

    const api = new aws.apigateway.RestApi(
      `${name}-rest-api`,
      {
        // Named, not auto-named: the name is the CloudWatch dimension dashboards and alarms use.
        name: shortName(args.names, "llm-api", 128),
        description: `ai-infra LLM API (${args.names.stack}, ${region})`,
        endpointConfiguration: { types: "REGIONAL" },
        apiKeySource: "HEADER",
      },
      o,
    );
    const vpcLink = new aws.apigateway.VpcLink(`${name}-vpc-link`, { targetArn: args.nlbArn }, o);
    const integrationTimeout = integrationTimeoutMs(args.timeoutSeconds);
    // Prototype: the gateway's key replaces whatever Authorization the caller sent (callers
    // authenticate with `x-api-key`); the value stays a Pulumi secret in state.
    const keysDatabase = args.keysDatabase ?? false;
    const routes = apiRoutes(keysDatabase);
    const masterKey = pulumi.secret(pulumi.output(args.gatewayKey).apply((key) => ({ "integration.request.header.Authorization": bearerHeaderValue(key) })));
    const { routed, integrations } = this.routes(name, { api, vpcLink, routes, masterKey, integrationTimeout, nlbDnsName: args.nlbDnsName }, o);
    const allParameters = (k: Record<string, string>) => Object.assign({}, ...routes.map((r) => integrationParameters(r, k))) as Record<string, string>;
    const authorization = keysDatabase ? pulumi.output(allParameters({})) : masterKey.apply(allParameters);

    // A deployment is a snapshot: redeploy whenever what the snapshot holds changes. The hash
    // covers the gateway key too, so it is a secret like the key.
    const redeployment = pulumi
      .all([pulumi.all(integrations.map((i) => i.uri)), vpcLink.id, args.nlbArn, authorization])
      .apply(([integrationUris, vpcLinkId, nlbArn, requestParameters]) =>
        deploymentFingerprint({ routes, integrationUris: integrationUris.map((u) => u ?? ""), vpcLinkId, nlbArn, requestParameters, timeoutMs: integrationTimeout }),
      );
    const deployment = new aws.apigateway.Deployment(
      `${name}-deployment`,
      { restApi: api.id, description: "ai-infra proxy", triggers: { redeployment } },
      { ...o, dependsOn: routed },
    );

    const { stage, accessLogs } = this.stage(name, { api, deployment, account, retentionDays: args.retentionDays, throttle: limits.stage }, o);

    this.apiKeyIds = this.apiKeys(name, { api, stage, perKey: limits.perKey, keys: args.api.keys, keysDatabase }, o);

    this.restApiId = api.id;
    this.apiName = api.name;
    this.stageName = stage.stageName;
    this.stageArn = stage.arn;
    this.apiHost = pulumi.interpolate`${api.id}.execute-api.${region}.amazonaws.com`;
    this.apiUrl = pulumi.interpolate`https://${this.apiHost}/${apiStageName}`;
    this.accessLogGroupName = accessLogs.name;
    this.adminUrl = keysDatabase ? pulumi.interpolate`${this.apiUrl}${adminPrefix}` : undefined;
    this.registerOutputs({
      restApiId: this.restApiId,
      apiUrl: this.apiUrl,
      apiHost: this.apiHost,
      apiKeyIds: this.apiKeyIds,
      stageArn: this.stageArn,
      adminUrl: this.adminUrl,
      accessLogGroupName: this.accessLogGroupName,
    });
  }

  /** One resource per path part, and per route its method and streamed VPC-link integration. */
  private routes(
    name: string,
    i: {
      api: aws.apigateway.RestApi;
      vpcLink: aws.apigateway.VpcLink;
      routes: ApiRoute[];
      /** The master key as the integrations' Authorization header (a secret). */
      masterKey: pulumi.Output<{ "integration.request.header.Authorization": string }>;
      integrationTimeout: number;
      nlbDnsName: pulumi.Input<string>;
    },
    o: pulumi.CustomResourceOptions,
  ) {
    const { api, vpcLink, routes, masterKey, integrationTimeout } = i;
    // Only the routes of `apiRoutes` exist (one resource per path part): any other path gets API
    // Gateway's own 403, so no caller reaches an admin route, and the master key the prototype's
    // integrations add goes to inference routes only.
    const parts = new Map<string, aws.apigateway.Resource>();
    const resourceFor = (path: string): aws.apigateway.Resource => {
      const segs = path.split("/").filter(Boolean);
      let parent: pulumi.Input<string> = api.rootResourceId;
      let at: aws.apigateway.Resource | undefined;
      for (let i = 0; i < segs.length; i++) {
        const key = segs.slice(0, i + 1).join("-");
        at = parts.get(key) ?? new aws.apigateway.Resource(`${name}-route-${key}`, { restApi: api.id, parentId: parent, pathPart: segs[i]! }, o);
        parts.set(key, at);
        parent = at.id;
      }
      return at!;
    };
    // Required request headers are enforced by a validator (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-request-validation.html,
    // read 2026-12-01); created only where a route needs it, so the prototype's resources stay as they were.
    let validator: aws.apigateway.RequestValidator | undefined;
    const headerValidator = () =>
      (validator ??= new aws.apigateway.RequestValidator(`${name}-header-validator`, { restApi: api.id, name: "required-headers", validateRequestParameters: true, validateRequestBody: false }, o));
    const routed: pulumi.Resource[] = [];
    const integrations: aws.apigateway.Integration[] = [];
    for (const route of routes) {
      const resource = resourceFor(route.path);
      const id = `${name}-route-${route.path.split("/").filter(Boolean).join("-")}-${route.method.toLowerCase()}`;
      const method = new aws.apigateway.Method(
        id,
        {
          restApi: api.id,
          resourceId: resource.id,
          httpMethod: route.method,
          authorization: route.authorization,
          apiKeyRequired: route.apiKeyRequired,
          ...(route.kind === "health" ? { operationName: healthOperationName } : {}),
          ...(route.requiredHeaders.length > 0
            ? {
                requestParameters: Object.fromEntries(route.requiredHeaders.map((h) => [`method.request.header.${h}`, true])),
                requestValidatorId: headerValidator().id,
              }
            : {}),
        },
        o,
      );
      const integration = new aws.apigateway.Integration(
        `${id}-integration`,
        {
          restApi: api.id,
          resourceId: resource.id,
          httpMethod: method.httpMethod,
          type: "HTTP_PROXY",
          integrationHttpMethod: route.method,
          uri: pulumi.interpolate`http://${i.nlbDnsName}${route.upstream}`,
          connectionType: "VPC_LINK",
          connectionId: vpcLink.id,
          // Only the prototype's inference routes carry the (secret) master key.
          requestParameters: route.injectMasterKey ? masterKey : integrationParameters(route, {}),
          responseTransferMode: "STREAM",
          timeoutMilliseconds: integrationTimeout,
        },
        o,
      );
      routed.push(method, integration);
      integrations.push(integration);
    }
    return { routed, integrations };
  }

  /** The `v1` stage with its JSON access log, and the stage-wide throttle. */
  private stage(
    name: string,
    i: { api: aws.apigateway.RestApi; deployment: aws.apigateway.Deployment; account: aws.apigateway.Account | undefined; retentionDays: number; throttle: Throttle },
    o: pulumi.CustomResourceOptions,
  ) {
    const { api, deployment, account } = i;
    const accessLogs = new aws.cloudwatch.LogGroup(`${name}-access-logs`, { retentionInDays: logRetentionDays(i.retentionDays) }, o);
    const stage = new aws.apigateway.Stage(
      `${name}-stage`,
      {
        restApi: api.id,
        deployment: deployment.id,
        stageName: apiStageName,
        accessLogSettings: { destinationArn: accessLogs.arn, format: accessLogFormat() },
      },
      { ...o, dependsOn: account ? [account] : [] },
    );
    new aws.apigateway.MethodSettings(
      `${name}-stage-throttle`,
      {
        restApi: api.id,
        stageName: stage.stageName,
        methodPath: "*/*",
        settings: {
          throttlingRateLimit: i.throttle.rateLimit,
          throttlingBurstLimit: i.throttle.burstLimit,
          // Stage-level Count/Latency/4XX/5XX metrics are free; per-method ones are billed as custom metrics.
          metricsEnabled: false,
          loggingLevel: "OFF",
          dataTraceEnabled: false,
        },
      },
      o,
    );
    return { stage, accessLogs };
  }

  /**
   * The usage plan and one API Gateway key per `api.keys` name. From growth the names are LiteLLM
   * virtual keys (`npm run keys -- <stack> sync`); the prototype's keys and plan stay, disabled:
   * promotion deletes nothing a caller holds (the promotion check counts API keys as state).
   */
  private apiKeys(
    name: string,
    i: { api: aws.apigateway.RestApi; stage: aws.apigateway.Stage; perKey: Throttle & { quotaPerDay?: number }; keys: string[]; keysDatabase: boolean },
    o: pulumi.CustomResourceOptions,
  ): Record<string, pulumi.Output<string>> {
    const { api, stage, keysDatabase, perKey } = i;
    const apiKeyIds: Record<string, pulumi.Output<string>> = {};
    const plan = new aws.apigateway.UsagePlan(
      `${name}-usage-plan`,
      {
        description: "Default per-key limits (ai-infra:api.perKey)",
        apiStages: [{ apiId: api.id, stage: stage.stageName }],
        throttleSettings: { rateLimit: perKey.rateLimit, burstLimit: perKey.burstLimit },
        ...(perKey.quotaPerDay === undefined ? {} : { quotaSettings: { limit: perKey.quotaPerDay, period: "DAY" } }),
      },
      o,
    );
    for (const keyName of [...new Set(i.keys)].sort()) {
      // No `value`: API Gateway generates it, so no key ever sits in config or in state inputs.
      const key = new aws.apigateway.ApiKey(
        `${name}-key-${keyName}`,
        { description: `ai-infra API key '${keyName}'${keysDatabase ? " (retired: callers use LiteLLM virtual keys)" : ""}`, enabled: !keysDatabase },
        o,
      );
      new aws.apigateway.UsagePlanKey(`${name}-key-${keyName}-plan`, { keyId: key.id, keyType: "API_KEY", usagePlanId: plan.id }, o);
      apiKeyIds[keyName] = key.id;
    }
    return apiKeyIds;
  }
}
