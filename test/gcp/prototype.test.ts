import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { captured, installMocks, invokes, one, ofType, passwordOf, providers, resolve, settle, stackConfig } from "./harness";
import { plaintextLeaks, regionalViolations, unsecret } from "./checks";

// Mocks first: nothing that registers resources is imported before this line runs.
const stack = "prototype-gcp-europe-west4";
const region = "europe-west4";
installMocks({ stack });

let placeholders: string[];
let spec: import("../../components/config/model").GcpStack;
let platform: import("../../components/gcp/region").Region;
let outputs: { apiUrl: string; apiHost: string; requestLogBucket: string; dashboardUrl: string };

beforeAll(async () => {
  const { parseStack } = await import("../../components/config/parse");
  const { stackTags } = await import("../../components/platform/tags");
  const { Region } = await import("../../components/gcp/region");
  const cfg = stackConfig(stack);
  placeholders = cfg.placeholders;
  const parsed = parseStack(cfg.raw, { project: "ai-infra", stack, secretKeys: new Set(["providerKeys"]) });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  if (parsed.stack.cloud !== "gcp") throw new Error(`${stack} is not a GCP stack`);
  spec = parsed.stack;
  platform = new Region(`ai-infra-${region}`, { stack: spec, region, index: 0, tags: stackTags(spec) }, {});
  const [apiUrl, apiHost, requestLogBucket, dashboardUrl] = await resolve(
    pulumi.all([platform.apiUrl, platform.apiHost, platform.requestLogBucket, platform.dashboardUrl]),
  );
  outputs = { apiUrl, apiHost, requestLogBucket, dashboardUrl };
  await settle();
});

const env = (name: string) => {
  const svc = one("gcp:cloudrunv2/service:Service");
  const envs = svc.inputs.template.containers[0].envs as { name: string; value?: string; valueSource?: any }[];
  return envs.find((e) => e.name === name);
};
const gatewaySa = () => one("gcp:serviceaccount/account:Account", "-gateway-sa");
const email = (c: { inputs: Record<string, any> }) => `${c.inputs.accountId}@ai-infra-example.iam.gserviceaccount.com`;

describe("GCP prototype region (europe-west4) under mocks", () => {
  it("reads nothing from the cloud (no invokes)", () => {
    expect(invokes).toEqual([]);
  });

  it("exposes the front door's URL (https://<api.domain>/v1, no per-region endpoint), the log bucket and dashboard", () => {
    expect(spec.api.domain).toBe("llm-proto-eu.example.com");
    expect(outputs.apiHost).toBe("llm-proto-eu.example.com");
    // An OpenAI client appends `/chat/completions` to its base URL; the URL map routes only `/v1/...`.
    expect(outputs.apiUrl).toBe("https://llm-proto-eu.example.com/v1");
    expect(outputs.requestLogBucket).toBe(one("gcp:storage/bucket:Bucket", "-logs-bucket").inputs.name);
    expect(outputs.dashboardUrl).toMatch(/^https:\/\/console\.cloud\.google\.com\/monitoring\/dashboards\/builder\/[^/?]+\?project=ai-infra-example$/);
  });

  it("hardens the request log bucket: uniform access, public access prevention, versioning, lifecycle, no force-destroy", () => {
    const b = one("gcp:storage/bucket:Bucket", "-logs-bucket").inputs;
    expect(b.location).toBe("EUROPE-WEST4");
    expect(b.uniformBucketLevelAccess).toBe(true);
    expect(b.publicAccessPrevention).toBe("enforced");
    expect(b.versioning).toEqual({ enabled: true });
    expect(b.forceDestroy).toBe(false);
    const ageRule = b.lifecycleRules.find((r: any) => r.condition.age !== undefined);
    expect(ageRule).toEqual({ action: { type: "Delete" }, condition: { age: spec.logging.retentionDays, withState: "ANY" } });
    expect(spec.logging.retentionDays).toBe(30);
    // No CMEK configured: Google-managed encryption (the default) applies.
    expect(b.encryption).toBeUndefined();
    // The config bucket carries the same hardening.
    const c = one("gcp:storage/bucket:Bucket", "-gateway-config-bucket").inputs;
    expect([c.uniformBucketLevelAccess, c.publicAccessPrevention, c.versioning.enabled, c.forceDestroy]).toEqual([true, "enforced", true, false]);
  });

  it("keeps provider keys out of every plaintext input (only inside a Pulumi secret)", () => {
    expect(placeholders.length).toBe(1);
    expect(plaintextLeaks(captured, placeholders)).toEqual([]);
    // The key does reach the secret store, as a secret.
    const v = one("gcp:secretmanager/secretVersion:SecretVersion", "-secrets-openai-eu-version");
    expect(JSON.stringify(v.inputs.secretData)).toContain(placeholders[0]);
    // The rendered LiteLLM config refers to the key by env var only.
    const cfg = unsecret<string>(one("gcp:storage/bucketObject:BucketObject").inputs.content);
    expect(cfg).toContain("os.environ/AI_INFRA_KEY_OPENAI_EU");
  });

  it("replicates each secret only in the stack's region", () => {
    const secrets = ofType("gcp:secretmanager/secret:Secret");
    // One per provider key, the request log's HMAC secret, LiteLLM's master key and the keys database's password.
    expect(secrets.length).toBe(Object.keys(spec.providerKeys).length + 3);
    for (const s of secrets) expect(s.inputs.replication).toEqual({ userManaged: { replicas: [{ location: region }] } });
  });

  it("puts every resource in the region through the region's provider", () => {
    const [prov] = ofType("pulumi:providers:gcp");
    expect(prov!.inputs.region).toBe(region);
    expect(prov!.inputs.project).toBe("ai-infra-example");
    expect(JSON.parse(prov!.inputs.defaultLabels)).toMatchObject({ stage: "prototype", owner: "platform-team", "cost-center": "cc-2001" });
    expect(providers.size).toBe(1);
    expect(regionalViolations(captured, region)).toEqual([]);
  });

  it("admits callers only through the load balancer: ingress internal + Cloud Load Balancing, no invoker grant, no allUsers", () => {
    const svc = one("gcp:cloudrunv2/service:Service").inputs;
    expect(svc.ingress).toBe("INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER");
    // A serverless NEG cannot attach an ID token: the invoker check is off, ingress and LiteLLM's keys guard.
    expect(svc.invokerIamDisabled).toBe(true);
    const everyone = captured.filter((c) => /allUsers|allAuthenticatedUsers/.test(JSON.stringify(c.inputs)));
    expect(everyone.map((c) => c.name)).toEqual([]);
    expect(captured.filter((c) => /cloudrunv2\/service(Iam|IAM)/.test(c.type))).toEqual([]);
    // No API Gateway, no API keys on GCP any more.
    expect(captured.filter((c) => /apigateway|projects\/apiKey/.test(c.type))).toEqual([]);
  });

  it("gives LiteLLM a master key from Secret Manager (never a value in the Cloud Run spec or the config)", () => {
    const keySecret = one("gcp:secretmanager/secret:Secret", "-master-key-secret").inputs;
    expect(keySecret.replication).toEqual({ userManaged: { replicas: [{ location: region }] } });
    expect(env("AI_INFRA_GATEWAY_MASTER_KEY")).toEqual({
      name: "AI_INFRA_GATEWAY_MASTER_KEY",
      valueSource: { secretKeyRef: { secret: keySecret.secretId, version: "1" } },
    });
    const version = one("gcp:secretmanager/secretVersion:SecretVersion", "-master-key-secret-version");
    const fakeRandomPassword = passwordOf("-master-key-value");
    expect(unsecret(version.inputs.secretData)).toBe(`sk-${fakeRandomPassword}`);
    expect(plaintextLeaks(captured, [fakeRandomPassword])).toEqual([]);
    const cfg = parse(unsecret<string>(one("gcp:storage/bucketObject:BucketObject").inputs.content));
    expect(cfg.general_settings.master_key).toBe("os.environ/AI_INFRA_GATEWAY_MASTER_KEY");
    expect(cfg.general_settings.dangerously_permit_weak_or_unset_master_key).toBeUndefined();
  });

  it("tells the keys command where the admin path and the master key are", async () => {
    const { regionDetailsOutput } = await import("../../components/platform/platform");
    const details = await resolve(regionDetailsOutput(platform.details));
    expect(details.adminUrl).toBe("https://llm-proto-eu.example.com/v1/admin");
    expect(details.masterKeySecret).toBe(`projects/ai-infra-example/secrets/${one("gcp:secretmanager/secret:Secret", "-master-key-secret").inputs.secretId}`);
    expect(Object.keys(details)).not.toContain("apiGatewayRegion");
    expect(Object.keys(details)).not.toContain("apiKeyIds");
  });

  it("sizes Cloud Run from the spec and runs the pinned LiteLLM image through the regional mirror", () => {
    const t = one("gcp:cloudrunv2/service:Service").inputs.template;
    expect(t.scaling).toEqual({ minInstanceCount: 1, maxInstanceCount: 2 });
    expect(t.maxInstanceRequestConcurrency).toBe(20); // global burst 40 over 2 instances
    expect(t.containers[0].ports).toEqual({ containerPort: 4000 });
    expect(t.containers[0].resources.limits).toEqual({ cpu: "1", memory: "1024Mi" });
    // Request-based billing at prototype (gateway.billing preset): the warm instance idles cheaply.
    expect(t.containers[0].resources.cpuIdle).toBe(true);
    expect(t.containers[0].resources.startupCpuBoost).toBe(true);
    const repo = one("gcp:artifactregistry/repository:Repository").inputs;
    expect(repo.mode).toBe("REMOTE_REPOSITORY");
    expect(repo.location).toBe(region);
    expect(t.containers[0].image).toMatch(new RegExp(`^europe-west4-docker\\.pkg\\.dev/ai-infra-example/${repo.repositoryId}/berriai/litellm:v\\d+\\.\\d+\\.\\d+`));
    expect(t.serviceAccount).toBe(email(gatewaySa()));
  });

  it("wires the gateway to the log bucket, its config object and exactly its secrets", () => {
    const logBucket = one("gcp:storage/bucket:Bucket", "-logs-bucket").inputs.name;
    const configBucket = one("gcp:storage/bucket:Bucket", "-gateway-config-bucket").inputs.name;
    const obj = one("gcp:storage/bucketObject:BucketObject").inputs;
    expect(obj.bucket).toBe(configBucket);
    expect(env("LITELLM_CONFIG_BUCKET_TYPE")?.value).toBe("gcs");
    expect(env("LITELLM_CONFIG_BUCKET_NAME")?.value).toBe(configBucket);
    expect(env("LITELLM_CONFIG_BUCKET_OBJECT_KEY")?.value).toBe(obj.name);
    expect(env("AI_INFRA_LOG_BUCKET")?.value).toBe(logBucket);
    // Cloud SQL takes only TLS (ENCRYPTED_ONLY): LiteLLM must ask for it in the URL it assembles.
    expect(env("DATABASE_SSLMODE")).toEqual({ name: "DATABASE_SSLMODE", value: "require" });
    const secret = one("gcp:secretmanager/secret:Secret", "-secrets-openai-eu").inputs;
    const logKeySecret = one("gcp:secretmanager/secret:Secret", "-gateway-log-key-secret").inputs;
    const dbSecret = one("gcp:secretmanager/secret:Secret", "-database-password-secret").inputs;
    const masterKeySecret = one("gcp:secretmanager/secret:Secret", "-master-key-secret").inputs;
    expect(env("AI_INFRA_KEY_OPENAI_EU")).toEqual({ name: "AI_INFRA_KEY_OPENAI_EU", valueSource: { secretKeyRef: { secret: secret.secretId, version: "1" } } });

    const member = `serviceAccount:${email(gatewaySa())}`;
    const bucketGrants = ofType("gcp:storage/bucketIAMMember:BucketIAMMember").filter((g) => g.inputs.member === member);
    expect(bucketGrants.map((g) => [g.inputs.bucket, g.inputs.role]).sort()).toEqual(
      [[logBucket, "roles/storage.objectCreator"], [configBucket, "roles/storage.objectViewer"]].sort(),
    );
    const reader = bucketGrants.find((g) => g.inputs.bucket === configBucket)!;
    expect(reader.inputs.condition.expression).toBe(`resource.name == "projects/_/buckets/${configBucket}/objects/${obj.name}"`);
    const secretGrants = ofType("gcp:secretmanager/secretIamMember:SecretIamMember");
    expect(secretGrants.map((g) => [g.inputs.secretId, g.inputs.role, g.inputs.member]).sort()).toEqual(
      [
        [`projects/ai-infra-example/secrets/${logKeySecret.secretId}`, "roles/secretmanager.secretAccessor", member],
        [`projects/ai-infra-example/secrets/${secret.secretId}`, "roles/secretmanager.secretAccessor", member],
        [`projects/ai-infra-example/secrets/${dbSecret.secretId}`, "roles/secretmanager.secretAccessor", member],
        [`projects/ai-infra-example/secrets/${masterKeySecret.secretId}`, "roles/secretmanager.secretAccessor", member],
      ].sort(),
    );
  });

  describe("request log through LiteLLM's S3 logger (gcs_bucket needs an enterprise licence)", () => {
    const rendered = () => parse(unsecret<string>(one("gcp:storage/bucketObject:BucketObject").inputs.content));

    it("renders the s3_v2 callback against GCS's XML API with the HMAC key by env reference, and no gcs_bucket", () => {
      const cfg = rendered();
      const settings = cfg.litellm_settings;
      expect(settings.success_callback).toEqual(["s3_v2"]);
      expect(settings.failure_callback).toEqual(["s3_v2"]);
      expect(settings.s3_callback_params).toEqual({
        s3_bucket_name: "os.environ/AI_INFRA_LOG_BUCKET",
        s3_region_name: "os.environ/AI_INFRA_LOG_REGION",
        s3_path: "requests",
        s3_endpoint_url: "os.environ/AI_INFRA_LOG_ENDPOINT",
        s3_aws_access_key_id: "os.environ/AI_INFRA_LOG_ACCESS_KEY_ID",
        s3_aws_secret_access_key: "os.environ/AI_INFRA_LOG_SECRET_ACCESS_KEY",
      });
      expect(JSON.stringify(cfg)).not.toContain("gcs_bucket");
    });

    it("gives Cloud Run the endpoint, the access id, the secret only as a Secret Manager reference, and when_required checksums", () => {
      const hmac = one("gcp:storage/hmacKey:HmacKey");
      expect(hmac.inputs.serviceAccountEmail).toBe(email(gatewaySa()));
      expect(env("AI_INFRA_LOG_ENDPOINT")?.value).toBe("https://storage.googleapis.com");
      expect(env("AI_INFRA_LOG_ACCESS_KEY_ID")?.value).toBe(hmac.outputs.accessId);
      const logKeySecret = one("gcp:secretmanager/secret:Secret", "-gateway-log-key-secret");
      expect(logKeySecret.inputs.replication).toEqual({ userManaged: { replicas: [{ location: region }] } });
      expect(env("AI_INFRA_LOG_SECRET_ACCESS_KEY")).toEqual({
        name: "AI_INFRA_LOG_SECRET_ACCESS_KEY",
        valueSource: { secretKeyRef: { secret: logKeySecret.inputs.secretId, version: "1" } },
      });
      expect(env("AWS_REQUEST_CHECKSUM_CALCULATION")?.value).toBe("when_required");
      expect(env("AWS_RESPONSE_CHECKSUM_VALIDATION")?.value).toBe("when_required");
      // The gcs_bucket logger's variable is gone with it.
      expect(env("GCS_BUCKET_NAME")).toBeUndefined();
    });

    it("stores the HMAC secret only as a Pulumi secret, in Secret Manager, and nowhere in plaintext", () => {
      const version = one("gcp:secretmanager/secretVersion:SecretVersion", "-gateway-log-key-secret-version");
      const fakeHmacSecret = one("gcp:storage/hmacKey:HmacKey").outputs.secret;
      expect(JSON.stringify(version.inputs.secretData)).toContain("4dabf18193072939515e22adb298388d");
      expect(unsecret(version.inputs.secretData)).toBe(fakeHmacSecret);
      expect(plaintextLeaks(captured, [fakeHmacSecret])).toEqual([]);
      expect(unsecret<string>(one("gcp:storage/bucketObject:BucketObject").inputs.content)).not.toContain(fakeHmacSecret);
    });

    it("keeps loading the config from GCS (not licence-gated)", () => {
      expect(env("LITELLM_CONFIG_BUCKET_TYPE")?.value).toBe("gcs");
    });
  });

  it("tracks tokens and cost: BigQuery over the request log, a daily view, and a dashboard", async () => {
    const logBucket = one("gcp:storage/bucket:Bucket", "-logs-bucket").inputs.name;
    const ds = one("gcp:bigquery/dataset:Dataset").inputs;
    expect(ds.location).toBe(region);
    const ext = one("gcp:bigquery/table:Table", "-usage-requests").inputs;
    // The S3 logger's layout: requests/<yyyy-mm-dd>/time-<hh-mm-ss-ffffff>_<id>.json.
    expect(ext.externalDataConfiguration).toMatchObject({ sourceFormat: "NEWLINE_DELIMITED_JSON", sourceUris: [`gs://${logBucket}/requests/*.json`], ignoreUnknownValues: true });
    const fields = JSON.parse(ext.schema).map((f: any) => f.name);
    expect(fields).toEqual(expect.arrayContaining(["model", "prompt_tokens", "completion_tokens", "response_cost", "startTime"]));
    const view = one("gcp:bigquery/table:Table", "-usage-daily-usage").inputs;
    expect(view.view.query).toContain(`\`ai-infra-example.${ds.datasetId}.requests\``);
    expect(view.view.query).toMatch(/GROUP BY day, model_group, model/);
    expect(view.view.query).toMatch(/SUM\(response_cost\)/);

    const dash = JSON.parse(one("gcp:monitoring/dashboard:Dashboard").inputs.dashboardJson);
    const text = JSON.stringify(dash);
    expect(text).toContain(`resource.labels.service_name=\\"${one("gcp:cloudrunv2/service:Service").inputs.name}\\"`);
    const { frontDoorNames } = await import("../../components/gcp/front-door");
    const urlMap = frontDoorNames({ gcpProject: "ai-infra-example", project: "ai-infra", stack }).urlMap;
    expect(text).toContain(`resource.labels.url_map_name=\\"${urlMap}\\"`);
    const metric = one("gcp:logging/metric:Metric").inputs;
    expect(text).toContain(metric.name);
    // Cloud Armor's throttle refusals, from the load balancer's request log.
    expect(metric.filter).toBe(`resource.type="http_load_balancer" AND resource.labels.url_map_name="${urlMap}" AND jsonPayload.enforcedSecurityPolicy.configuredAction="THROTTLE" AND httpRequest.status=429`);
    const titles = dash.mosaicLayout.tiles.map((t: any) => t.widget.title);
    expect(titles).toEqual(expect.arrayContaining(["Front door requests by response code (all regions)", "Gateway errors (5xx)", "Gateway latency p95 (ms)"]));
  });

  it("keeps physical names inside GCP's limits", () => {
    const sa = ofType("gcp:serviceaccount/account:Account").map((c) => c.inputs.accountId as string);
    for (const id of sa) expect(id).toMatch(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/);
    expect(one("gcp:cloudrunv2/service:Service").inputs.name.length).toBeLessThanOrEqual(49);
    for (const b of ofType("gcp:storage/bucket:Bucket")) expect(b.inputs.name).toMatch(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/);
    expect(one("gcp:bigquery/dataset:Dataset").inputs.datasetId).toMatch(/^[a-z0-9_]+$/);
  });
});
