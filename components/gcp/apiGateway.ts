import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { stringify } from "yaml";
import type { Spec } from "../spec/validate";
import { type ChildExtra, type GcpContext, childOpts } from "./context";
import { gcpName, nameLimits } from "./names";

/** The OpenAI-compatible routes of the LiteLLM proxy that callers may use. */
export const apiRoutes: readonly { path: string; method: "get" | "post"; operationId: string }[] = [
  { path: "/v1/chat/completions", method: "post", operationId: "chatCompletions" },
  { path: "/v1/completions", method: "post", operationId: "completions" },
  { path: "/v1/embeddings", method: "post", operationId: "embeddings" },
  { path: "/v1/models", method: "get", operationId: "listModels" },
];

/** Prefix every route shares; part of `apiUrl`, so that a client's base URL reaches the routes. */
export const apiBasePath = "/v1";

/** Header that carries the API key (the same header AWS API Gateway uses, so clients port). */
export const apiKeyHeader = "x-api-key";
export const quotaMetric = "llm-requests";
export const quotaLimitName = "llm-requests-per-minute";

/**
 * The per-key limit API Gateway can enforce. Its quotas (Service Infrastructure) know exactly one
 * unit, `1/min/{project}`: requests per minute per consumer project. There is no per-second
 * rate, no burst and no daily window. The spec's per-key rate becomes a per-minute limit, capped
 * by the daily quota so that one minute can never spend more than a whole day's allowance.
 */
export function perKeyLimitPerMinute(api: Spec["api"]): number {
  return Math.min(api.perKey.ratePerSecond * 60, api.perKey.quotaPerDay ?? Number.POSITIVE_INFINITY);
}

export interface OpenApiInput {
  title: string;
  /** The Cloud Run URL; also the audience of the ID token API Gateway sends. */
  backendUrl: string;
  /** Seconds API Gateway waits for the backend (its default of 15 s is too short for LLM calls). */
  deadlineSeconds: number;
  perKeyPerMinute: number;
}

/**
 * The API Gateway config (OpenAPI 2.0, the version API Gateway accepts). Every route needs an
 * API key and costs one unit of the per-minute quota; the backend is called with an ID token of
 * the config's service account (`x-google-backend` + `jwt_audience`), which is what lets Cloud
 * Run refuse everyone else.
 */
export function renderOpenApi(input: OpenApiInput): string {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of apiRoutes) {
    paths[r.path] = {
      ...(paths[r.path] ?? {}),
      [r.method]: {
        operationId: r.operationId,
        security: [{ api_key: [] }],
        "x-google-quota": { metricCosts: { [quotaMetric]: 1 } },
        responses: { "200": { description: "OK" } },
        ...(r.method === "post" ? { consumes: ["application/json"], parameters: [{ in: "body", name: "body", required: true, schema: { type: "object" } }] } : {}),
      },
    };
  }
  const doc = {
    swagger: "2.0",
    info: { title: input.title, description: "OpenAI-compatible LLM gateway (LiteLLM) behind API Gateway", version: "1.0.0" },
    schemes: ["https"],
    produces: ["application/json"],
    "x-google-backend": {
      address: input.backendUrl,
      jwt_audience: input.backendUrl,
      path_translation: "APPEND_PATH_TO_ADDRESS",
      deadline: input.deadlineSeconds,
    },
    securityDefinitions: { api_key: { type: "apiKey", name: apiKeyHeader, in: "header" } },
    "x-google-management": {
      metrics: [{ name: quotaMetric, displayName: "LLM requests", valueType: "INT64", metricKind: "DELTA" }],
      quota: {
        limits: [{ name: quotaLimitName, metric: quotaMetric, unit: "1/min/{project}", values: { STANDARD: input.perKeyPerMinute } }],
      },
    },
    paths,
  };
  return stringify(doc, { lineWidth: 0 });
}

export interface ManagedApiArgs {
  ctx: GcpContext;
  spec: Spec;
  backendUrl: pulumi.Input<string>;
  /** Cloud Run service the API gateway may invoke (name, in `ctx.region`). */
  backendService: pulumi.Input<string>;
  deadlineSeconds: number;
  /** Keys besides `spec.api.keys` (e.g. the async worker's). */
  extraKeys?: string[];
  /**
   * Region of the gateway (the proxy callers reach): `ctx.region` where API Gateway is offered,
   * otherwise `api.gatewayRegion` (see `apiGatewayRegionFor`). The backend stays in `ctx.region`.
   */
  gatewayRegion: string;
}

/**
 * API Gateway in front of the LLM gateway: API keys restricted to this API, a per-minute quota,
 * access logs in Cloud Logging (API Gateway writes one entry per request on its own), and the
 * only identity allowed to invoke the Cloud Run service.
 */
export class ManagedApi extends pulumi.ComponentResource {
  readonly serviceAccount: gcp.serviceaccount.Account;
  readonly api: gcp.apigateway.Api;
  readonly config: gcp.apigateway.ApiConfig;
  readonly gateway: gcp.apigateway.Gateway;
  readonly keys: Record<string, gcp.projects.ApiKey>;
  readonly url: pulumi.Output<string>;
  readonly host: pulumi.Output<string>;
  readonly managedService: pulumi.Output<string>;

  constructor(name: string, args: ManagedApiArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ai-infra:gcp:ManagedApi", name, {}, opts);
    const { ctx, spec } = args;
    const o = (extra: ChildExtra = {}) => childOpts(this, ctx, extra);

    this.serviceAccount = new gcp.serviceaccount.Account(
      `${name}-sa`,
      { accountId: gcpName(ctx.scope, "api", nameLimits.serviceAccount), displayName: `ai-infra API gateway (${spec.stack}, ${ctx.region})` },
      o(),
    );
    const invoker = new gcp.cloudrunv2.ServiceIamMember(
      `${name}-invoker`,
      {
        name: args.backendService,
        location: ctx.region,
        role: "roles/run.invoker",
        member: pulumi.interpolate`serviceAccount:${this.serviceAccount.email}`,
      },
      o(),
    );

    this.api = new gcp.apigateway.Api(
      `${name}-api`,
      { apiId: gcpName(ctx.scope, "api", nameLimits.apiId), displayName: `ai-infra ${spec.stack}` },
      o(),
    );
    const document = pulumi.output(args.backendUrl).apply((backendUrl) =>
      renderOpenApi({ title: `ai-infra ${spec.stack}`, backendUrl, deadlineSeconds: args.deadlineSeconds, perKeyPerMinute: perKeyLimitPerMinute(spec.api) }),
    );
    this.config = new gcp.apigateway.ApiConfig(
      `${name}-config`,
      {
        api: this.api.apiId,
        // A config is immutable: a changed document is a new config (fresh id from the prefix),
        // created before the old one is deleted so the gateway never points at nothing.
        apiConfigIdPrefix: `${gcpName(ctx.scope, "cfg", nameLimits.apiConfigPrefix)}-`,
        openapiDocuments: [{ document: { path: "openapi.yaml", contents: document.apply((d) => Buffer.from(d).toString("base64")) } }],
        gatewayConfig: { backendConfig: { googleServiceAccount: this.serviceAccount.email } },
      },
      o({ dependsOn: [invoker] }),
    );
    this.gateway = new gcp.apigateway.Gateway(
      `${name}-gateway`,
      { gatewayId: gcpName(ctx.scope, "gw", nameLimits.gatewayId), region: args.gatewayRegion, apiConfig: this.config.id, displayName: `ai-infra ${spec.stack}` },
      o(),
    );
    this.managedService = this.api.managedService;

    // API keys are checked against the API's managed service, which must be enabled in the
    // project that owns the keys.
    const enabled = new gcp.projects.Service(
      `${name}-managed-service`,
      { project: ctx.gcpProject, service: this.api.managedService, disableOnDestroy: false },
      o(),
    );
    this.keys = {};
    for (const key of [...new Set([...spec.api.keys, ...(args.extraKeys ?? [])])]) {
      this.keys[key] = new gcp.projects.ApiKey(
        `${name}-key-${key}`,
        {
          name: gcpName(ctx.scope, `key-${key}`, nameLimits.apiKey),
          displayName: `ai-infra ${spec.stack} ${key}`.slice(0, 63),
          restrictions: { apiTargets: [{ service: this.api.managedService }] },
        },
        o({ dependsOn: [enabled] }),
      );
    }

    this.host = this.gateway.defaultHostname;
    // The OpenAI base URL: the config routes only `/v1/*`, and an OpenAI client appends
    // `/chat/completions` to its base URL (as on AWS, where the stage name is that `/v1`).
    this.url = pulumi.interpolate`https://${this.gateway.defaultHostname}${apiBasePath}`;
    this.registerOutputs({ url: this.url, host: this.host, managedService: this.managedService });
  }
}
