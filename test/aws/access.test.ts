/**
 * The AWS access design as pure functions: which routes the REST API has per stage and who may
 * call them, the keys database's capacity and secret references, the WAF's per-key limit, and the
 * spec refusing a daily per-key quota where nothing would enforce it.
 */
import { describe, expect, it } from "vitest";
import { adminKeyHeader, apiRoutes, integrationParameters } from "../../components/aws/front-door";
import { databaseCapacity, databaseInstanceZones, secretArnOfRef, secretJsonKeyRef } from "../../components/aws/database";
import { perKeyRateLimit } from "../../components/aws/waf";
import { adminRoutes, callerRoutes } from "../../components/gateway/routes";
import { parseStack } from "../../components/config/parse";
import { readStackFile } from "./harness";

describe("REST API routes per stage", () => {
  it("prototype: inference routes with API keys and the injected master key, the key-less health route, no admin path", () => {
    const routes = apiRoutes(false);
    expect(routes.map((r) => `${r.kind} ${r.method} ${r.path} -> ${r.upstream}`)).toEqual([
      "caller POST /chat/completions -> /v1/chat/completions",
      "caller POST /completions -> /v1/completions",
      "caller POST /embeddings -> /v1/embeddings",
      "caller GET /models -> /v1/models",
      "health GET /health -> /health/liveliness",
    ]);
    for (const r of routes.filter((x) => x.kind === "caller")) expect(r).toMatchObject({ apiKeyRequired: true, injectMasterKey: true, authorization: "NONE", requiredHeaders: [] });
    expect(routes.find((r) => r.kind === "health")).toMatchObject({ apiKeyRequired: false, injectMasterKey: false, requiredHeaders: [] });
  });
  it("growth: callers bring their own bearer token, operators the master key over IAM-signed admin routes", () => {
    const routes = apiRoutes(true);
    const callers = routes.filter((r) => r.kind === "caller");
    expect(callers).toHaveLength(callerRoutes.length);
    for (const r of callers) expect(r).toMatchObject({ apiKeyRequired: false, injectMasterKey: false, authorization: "NONE", requiredHeaders: ["Authorization"] });
    const admin = routes.filter((r) => r.kind === "admin");
    expect(admin.map((r) => `${r.method} ${r.path} -> ${r.upstream}`)).toEqual(adminRoutes.map((r) => `${r.method} /admin${r.path} -> ${r.path}`));
    for (const r of admin) expect(r).toMatchObject({ authorization: "AWS_IAM", injectMasterKey: false, requiredHeaders: [adminKeyHeader] });
    expect(routes.filter((r) => r.injectMasterKey)).toEqual([]);
  });
  it("maps the master key only where asked: prototype callers get it injected, admin routes forward the operator's header", () => {
    const master = { "integration.request.header.Authorization": "'Bearer sk-x'" };
    const [protoCaller] = apiRoutes(false);
    const growthRoutes = apiRoutes(true);
    expect(integrationParameters(protoCaller!, master)).toEqual(master);
    expect(integrationParameters(growthRoutes[0]!, master)).toEqual({});
    expect(integrationParameters(growthRoutes.find((r) => r.kind === "health")!, master)).toEqual({});
    expect(integrationParameters(growthRoutes.find((r) => r.kind === "admin")!, master)).toEqual({
      "integration.request.header.x-litellm-api-key": "method.request.header.x-litellm-api-key",
      "integration.request.header.Authorization": "method.request.header.x-litellm-api-key",
    });
  });
});

describe("keys database", () => {
  it("defaults to 0.5-4 ACU and takes the stack's range", () => {
    expect(databaseCapacity(undefined)).toEqual({ minCapacity: 0.5, maxCapacity: 4 });
    expect(databaseCapacity({ backupRetentionDays: 7, highAvailability: false, minCapacity: 2 })).toEqual({ minCapacity: 2, maxCapacity: 4 });
    expect(databaseCapacity({ backupRetentionDays: 7, highAvailability: false, minCapacity: 6 })).toEqual({ minCapacity: 6, maxCapacity: 6 });
    expect(databaseCapacity({ backupRetentionDays: 7, highAvailability: false, minCapacity: 1, maxCapacity: 16 })).toEqual({ minCapacity: 1, maxCapacity: 16 });
  });
  it("puts a reader in the second zone only with high availability", () => {
    expect(databaseInstanceZones("eu-west-1", false)).toEqual(["eu-west-1a"]);
    expect(databaseInstanceZones("eu-west-1", true)).toEqual(["eu-west-1a", "eu-west-1b"]);
  });
  it("references one JSON key of a secret for ECS and grants IAM on the secret itself", () => {
    const arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-0a1b2c3d-AbCdEf";
    expect(secretJsonKeyRef(arn, "password")).toBe(`${arn}:password::`);
    expect(secretArnOfRef(`${arn}:password::`)).toBe(arn);
    expect(secretArnOfRef(arn)).toBe(arn);
  });
});

describe("WAF per-key limit", () => {
  it("is a minute of the steady per-key rate plus the burst, never below WAF's minimum of 10", () => {
    expect(perKeyRateLimit({ ratePerSecond: 10, burst: 20 })).toBe(620);
    expect(perKeyRateLimit({ ratePerSecond: 1, burst: 1 })).toBe(61);
  });
});

describe("spec: a daily per-key quota only where the prototype's usage plan enforces it", () => {
  const parse = (stage: string) => {
    const f = readStackFile("growth-aws-eu-west-1", { stage, api: { perKey: { ratePerSecond: 10, burst: 20, quotaPerDay: 500 }, global: { ratePerSecond: 200, burst: 400 }, keys: ["web-app"] } });
    return parseStack(f.raw, { secretKeys: f.secretKeys, stack: f.stack, project: f.project });
  };
  it("refuses api.perKey.quotaPerDay on AWS from growth, naming the alternative", () => {
    const result = parse("growth");
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors).toEqual([expect.objectContaining({ path: "ai-infra:api.perKey.quotaPerDay", value: 500, message: expect.stringContaining("access.keyDefaults") })]);
  });
  it("accepts it at prototype", () => {
    const result = parse("prototype");
    expect(result.ok ? [] : result.errors.filter((e) => e.path.startsWith("ai-infra:api"))).toEqual([]);
  });
});
