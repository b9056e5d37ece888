import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { plaintextLeaks, regionalViolations, unsecret } from "./checks";
import { captured, installMocks, invokes, one, ofType, resolve, settle, stackConfig } from "./harness";

// Mocks first: nothing that registers resources is imported before this line runs.
const stack = "growth-gcp-us-central1";
const region = "us-central1";
installMocks({ stack });

// The example id in the stack file (ai-infra:gcpBillingAccount).
const billingAccount = "012345-6789AB-CDEF01";
let placeholders: string[];
let spec: import("../../components/config/model").Stack;
let queueName: string;
let details: Record<string, any>;
let alertTopic: string | undefined;

beforeAll(async () => {
  const { parseStack } = await import("../../components/config/parse");
  const { AiPlatform } = await import("../../components/platform/platform");
  const cfg = stackConfig(stack);
  placeholders = cfg.placeholders;
  // The second `up` of the bootstrap: the worker image has been pushed and its tag set.
  cfg.raw.worker = { ...((cfg.raw.worker as object) ?? {}), imageTag: "0.1.0" };
  const parsed = parseStack(cfg.raw, { project: "ai-infra", stack, secretKeys: new Set(["providerKeys"]) });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  spec = parsed.stack;
  const platform = new AiPlatform("ai-infra", { stack: spec });
  details = (await resolve(platform.regionDetails))[region]!;
  const queues = await resolve(platform.queues);
  queueName = queues[region]!;
  await resolve(pulumi.all([platform.apiUrl, platform.dashboards]));
  alertTopic = platform.alertTopic ? await resolve(platform.alertTopic) : undefined;
  await settle();
});

const gatewayEnv = () => one("gcp:cloudrunv2/service:Service", "-gateway-service").inputs.template.containers[0].envs as { name: string; value?: string; valueSource?: any }[];
const workerEnv = () => one("gcp:cloudrunv2/workerPool:WorkerPool").inputs.template.containers[0].envs as { name: string; value?: string; valueSource?: any }[];
const envOf = (envs: { name: string }[], name: string) => envs.find((e) => e.name === name) as { name: string; value?: string; valueSource?: any } | undefined;
const saEmail = (suffix: string) => `${one("gcp:serviceaccount/account:Account", suffix).inputs.accountId}@ai-infra-example.iam.gserviceaccount.com`;

describe("GCP growth stack (us-central1) under mocks", () => {
  it("reads nothing from the cloud and leaks no provider key", () => {
    expect(invokes).toEqual([]);
    expect(placeholders.length).toBe(2);
    expect(plaintextLeaks(captured, placeholders)).toEqual([]);
  });

  it("puts every regional resource in us-central1 through the region's provider", () => {
    const regional = captured.filter((c) => !c.name.startsWith("ai-infra-global"));
    expect(regionalViolations(regional, region)).toEqual([]);
    // The stack-wide budgets have their own explicit provider; the front door's global resources
    // use the primary region's (its project; they have no region of their own).
    const budgets = captured.filter((c) => c.name.startsWith("ai-infra-global") && !c.name.startsWith("ai-infra-global-frontdoor") && c.custom && !c.type.startsWith("pulumi:providers"));
    // 1 e-mail channel + 1 billing budget + 1 daily-spend policy + 3 health policies for us-central1
    // (gateway 5xx, front-door backend 5xx, dead-letter depth) = 6.
    expect(budgets).toHaveLength(6);
    for (const g of budgets) expect(g.provider).toMatch(/ai-infra-global-provider/);
    const frontDoor = captured.filter((c) => c.name.startsWith("ai-infra-global-frontdoor") && c.custom);
    // The global load balancer: address, Cloud Armor policy, certificate, one serverless NEG per region
    // (us-central1 only), backend service, URL map, HTTPS proxy and forwarding rule.
    expect(frontDoor.map((g) => g.name).sort()).toEqual(
      ["ip", "armor", "cert", "neg-us-central1", "backend", "urlmap", "proxy", "https"].map((s) => `ai-infra-global-frontdoor-${s}`).sort(),
    );
    for (const g of frontDoor) expect(g.provider).toMatch(/ai-infra-us-central1-provider/);
  });

  it("outputs what an operator needs: image repositories, admin URL and master key secret, queue and dead-letter names, results bucket, worker pool", () => {
    // Caller keys are LiteLLM virtual keys (`npm run keys`): no cloud key resources, no key ids.
    expect(ofType("gcp:projects/apiKey:ApiKey")).toEqual([]);
    expect(details.apiKeyIds).toBeUndefined();
    expect(details.adminUrl).toBe("https://llm-growth-us.example.com/v1/admin");
    expect(details.masterKeySecret).toBe(`projects/ai-infra-example/secrets/${one("gcp:secretmanager/secret:Secret", "-master-key-secret").inputs.secretId}`);
    expect(details.gatewayImage).toMatch(/^us-central1-docker\.pkg\.dev\/ai-infra-example\/[a-z0-9-]+\/berriai\/litellm/);
    const workerRepo = one("gcp:artifactregistry/repository:Repository", "-worker-repository").inputs.repositoryId;
    expect(details.workerRepository).toBe(`us-central1-docker.pkg.dev/ai-infra-example/${workerRepo}`);
    expect(details.queueTopic).toBe(`projects/ai-infra-example/topics/${one("gcp:pubsub/topic:Topic", "-queue-jobs").inputs.name}`);
    expect(details.deadLetterSubscription).toBe(`projects/ai-infra-example/subscriptions/${one("gcp:pubsub/subscription:Subscription", "-queue-dead-letters-sub").inputs.name}`);
    expect(details.resultsBucket).toBe(one("gcp:storage/bucket:Bucket", "-worker-results-bucket").inputs.name);
    expect(details.workerPool).toBe(`projects/ai-infra-example/locations/${region}/workerpools/${one("gcp:cloudrunv2/workerPool:WorkerPool").inputs.name}`);
    expect(details.clusterName).toBeUndefined();
  });

  describe("response cache", () => {
    it("is Memorystore standard tier (replica in another zone) with TLS, AUTH and a private network", () => {
      const r = one("gcp:redis/instance:Instance").inputs;
      expect(r.tier).toBe("STANDARD_HA");
      expect(r.replicaCount).toBe(1);
      expect(r.transitEncryptionMode).toBe("SERVER_AUTHENTICATION");
      expect(r.authEnabled).toBe(true);
      expect(r.connectMode).toBe("DIRECT_PEERING");
      expect(r.region).toBe(region);
      const vpc = one("gcp:compute/network:Network");
      expect(r.authorizedNetwork).toBe(`projects/ai-infra-example/global/networks/${vpc.inputs.name}`);
      expect(vpc.inputs.autoCreateSubnetworks).toBe(false);
      const subnet = one("gcp:compute/subnetwork:Subnetwork").inputs;
      expect(subnet.ipCidrRange).toBe("10.40.0.0/20");
      expect(subnet.region).toBe(region);
      expect(r.reservedIpRange).toBe("10.40.255.240/28");
    });

    it("stores the AUTH string in Secret Manager (as a secret) and hands it to the gateway by reference", () => {
      const secret = one("gcp:secretmanager/secret:Secret", "-cache-auth");
      expect(secret.inputs.replication).toEqual({ userManaged: { replicas: [{ location: region }] } });
      const version = one("gcp:secretmanager/secretVersion:SecretVersion", "-cache-auth-version");
      expect(JSON.stringify(version.inputs.secretData)).toContain("4dabf18193072939515e22adb298388d");
      const redis = one("gcp:redis/instance:Instance");
      const authString = unsecret<string>(redis.outputs.authString);
      expect(unsecret(version.inputs.secretData)).toBe(authString);
      expect(plaintextLeaks(captured, [authString])).toEqual([]);
      const envs = gatewayEnv();
      expect(envOf(envs, "AI_INFRA_REDIS_PASSWORD")).toEqual({ name: "AI_INFRA_REDIS_PASSWORD", valueSource: { secretKeyRef: { secret: secret.inputs.secretId, version: "1" } } });
      expect(envOf(envs, "AI_INFRA_REDIS_HOST")?.value).toBe(redis.outputs.host);
      expect(envOf(envs, "AI_INFRA_REDIS_PORT")?.value).toBe("6379");
      const grants = ofType("gcp:secretmanager/secretIamMember:SecretIamMember").filter((g) => g.inputs.member === `serviceAccount:${saEmail("-gateway-sa")}`);
      expect(grants.map((g) => g.inputs.secretId).sort()).toEqual(
        ofType("gcp:secretmanager/secret:Secret")
          .filter((s) => /-secrets-|-cache-auth$|-gateway-log-key-secret$|-master-key-secret$|-database-password-secret$/.test(s.name))
          .map((s) => `projects/ai-infra-example/secrets/${s.inputs.secretId}`)
          .sort(),
      );
    });

    it("routes the gateway's private traffic into the VPC subnet (Direct VPC egress)", () => {
      const t = one("gcp:cloudrunv2/service:Service", "-gateway-service").inputs.template;
      // Instance-based billing from growth (gateway.billing preset): request-log flushes run at any time.
      expect(t.containers[0].resources.cpuIdle).toBe(false);
      const subnet = one("gcp:compute/subnetwork:Subnetwork").inputs;
      expect(t.vpcAccess).toEqual({
        egress: "PRIVATE_RANGES_ONLY",
        networkInterfaces: [{ network: `projects/ai-infra-example/global/networks/${one("gcp:compute/network:Network").inputs.name}`, subnetwork: `projects/ai-infra-example/regions/${region}/subnetworks/${subnet.name}` }],
      });
      const cfg = unsecret<string>(one("gcp:storage/bucketObject:BucketObject").inputs.content);
      const rendered = parse(cfg);
      expect(rendered.litellm_settings.cache_params).toMatchObject({ type: "redis", host: "os.environ/AI_INFRA_REDIS_HOST", password: "os.environ/AI_INFRA_REDIS_PASSWORD", ttl: 1800 });
    });

    it("verifies Memorystore's private CA: the PEM in the gateway's env, referenced by cache and router alike", () => {
      const rendered = parse(unsecret<string>(one("gcp:storage/bucketObject:BucketObject").inputs.content));
      // redis-py's `ssl_ca_data` takes the PEM itself; LiteLLM resolves os.environ/ for every redis kwarg.
      expect(rendered.litellm_settings.cache_params).toMatchObject({ ssl: true, ssl_ca_data: "os.environ/AI_INFRA_REDIS_CA_CERT" });
      // The router opens its own Redis connection for the rpm/tpm counters.
      expect(rendered.router_settings.cache_kwargs).toEqual({ ssl: true, ssl_ca_data: "os.environ/AI_INFRA_REDIS_CA_CERT" });
      expect(envOf(gatewayEnv(), "AI_INFRA_REDIS_CA_CERT")?.value).toBe("-----BEGIN CERTIFICATE-----\nfake\n-----END CERTIFICATE-----");
    });
  });

  describe("queue", () => {
    it("dead-letters after maxReceiveCount deliveries and keeps messages in the region", () => {
      const jobs = one("gcp:pubsub/topic:Topic", "-queue-jobs");
      const dlq = one("gcp:pubsub/topic:Topic", "-queue-dead-letters");
      for (const t of [jobs, dlq]) expect(t.inputs.messageStoragePolicy).toEqual({ allowedPersistenceRegions: [region], enforceInTransit: true });
      const sub = one("gcp:pubsub/subscription:Subscription", "-queue-jobs-sub").inputs;
      expect(sub.topic).toBe(`projects/ai-infra-example/topics/${jobs.inputs.name}`);
      expect(sub.deadLetterPolicy).toEqual({ deadLetterTopic: `projects/ai-infra-example/topics/${dlq.inputs.name}`, maxDeliveryAttempts: spec.queue!.maxReceiveCount });
      expect(spec.queue!.maxReceiveCount).toBe(5);
      expect(sub.ackDeadlineSeconds).toBe(120);
      expect(sub.messageRetentionDuration).toBe("345600s");
      // Dead letters are kept by a subscription of their own (a topic alone drops them).
      expect(one("gcp:pubsub/subscription:Subscription", "-queue-dead-letters-sub").inputs.topic).toBe(`projects/ai-infra-example/topics/${dlq.inputs.name}`);
      expect(queueName).toBe(jobs.inputs.name);
    });

    it("lets the Pub/Sub service agent publish dead letters and ack the source subscription", () => {
      const agent = `serviceAccount:service-314159265358@gcp-sa-pubsub.iam.gserviceaccount.com`;
      const dlq = one("gcp:pubsub/topic:Topic", "-queue-dead-letters").inputs.name;
      const sub = one("gcp:pubsub/subscription:Subscription", "-queue-jobs-sub").inputs.name;
      expect(one("gcp:pubsub/topicIAMMember:TopicIAMMember").inputs).toMatchObject({ topic: dlq, role: "roles/pubsub.publisher", member: agent });
      const subGrants = ofType("gcp:pubsub/subscriptionIAMMember:SubscriptionIAMMember");
      expect(subGrants.find((g) => g.inputs.member === agent)?.inputs).toMatchObject({ subscription: sub, role: "roles/pubsub.subscriber" });
    });

    it("runs the worker as a Cloud Run worker pool from 0 instances, wired per worker/config.ts", () => {
      const pool = one("gcp:cloudrunv2/workerPool:WorkerPool").inputs;
      expect(pool.location).toBe(region);
      expect(pool.scaling).toEqual({ scalingMode: "MANUAL", manualInstanceCount: 0 });
      const repo = one("gcp:artifactregistry/repository:Repository", "-worker-repository").inputs;
      expect(repo.dockerConfig).toEqual({ immutableTags: true });
      expect(repo.location).toBe(region);
      expect(pool.template.containers[0].image).toBe(`us-central1-docker.pkg.dev/ai-infra-example/${repo.repositoryId}/ai-infra-worker:0.1.0`);
      const env = workerEnv();
      const sub = one("gcp:pubsub/subscription:Subscription", "-queue-jobs-sub").inputs.name;
      const results = one("gcp:storage/bucket:Bucket", "-worker-results-bucket").inputs;
      expect(envOf(env, "WORKER_CLOUD")?.value).toBe("gcp");
      expect(envOf(env, "PUBSUB_SUBSCRIPTION")?.value).toBe(`projects/ai-infra-example/subscriptions/${sub}`);
      expect(envOf(env, "RESULTS_BUCKET")?.value).toBe(results.name);
      // Through the front door, like a caller: Cloud Run's ingress admits only the load balancer.
      expect(envOf(env, "GATEWAY_URL")?.value).toBe("https://llm-growth-us.example.com/v1");
      expect(envOf(env, "CONCURRENCY")?.value).toBe("20");
      // The worker authenticates with LiteLLM's master key, read from the region's secret (no key of its own).
      const masterKey = one("gcp:secretmanager/secret:Secret", "-master-key-secret");
      expect(envOf(env, "GATEWAY_API_KEY")?.valueSource.secretKeyRef).toEqual({ secret: masterKey.inputs.secretId, version: "1" });
      // `Authorization: Bearer`: what LiteLLM reads and what Cloud Armor requires of a caller request.
      expect(envOf(env, "GATEWAY_API_KEY_HEADER")?.value).toBe("authorization");
      const workerSa = `serviceAccount:${saEmail("-worker-sa")}`;
      expect(ofType("gcp:secretmanager/secretIamMember:SecretIamMember").filter((g) => g.inputs.member === workerSa).map((g) => g.inputs.secretId)).toEqual([
        `projects/ai-infra-example/secrets/${masterKey.inputs.secretId}`,
      ]);
      expect(captured.filter((c) => c.name.includes("worker-api-key"))).toEqual([]);
      // The worker's environment is exactly what its config schema accepts.
      expect(env.map((e) => e.name).every((n) => /^(WORKER_CLOUD|PUBSUB_SUBSCRIPTION|RESULTS_BUCKET|RESULTS_PREFIX|GATEWAY_[A-Z_]+|CONCURRENCY|VISIBILITY_TIMEOUT_SECONDS|SHUTDOWN_GRACE_SECONDS|LOG_LEVEL)$/.test(n))).toBe(true);
      expect([results.uniformBucketLevelAccess, results.publicAccessPrevention, results.versioning.enabled, results.forceDestroy]).toEqual([true, "enforced", true, false]);
    });

    it("scales the pool on the subscription backlog through CREMA", () => {
      const version = one("gcp:parametermanager/parameterVersion:ParameterVersion").inputs;
      // Deployed as Google documents it: a global parameter (CREMA's client calls the global
      // endpoint) named in full in CREMA_CONFIG, and the Java base image its FROM-scratch image needs.
      expect(version.parameter).toMatch(/^projects\/ai-infra-example\/locations\/global\/parameters\//);
      const crema = one("gcp:cloudrunv2/service:Service", "-scaler-service").inputs.template.containers[0];
      expect(crema.image).toBe("us-central1-docker.pkg.dev/cloud-run-oss-images/crema-v1/autoscaler:1.0");
      expect(crema.baseImageUri).toBe("us-central1-docker.pkg.dev/serverless-runtimes/google-24/runtimes/java25");
      expect(crema.envs).toEqual(expect.arrayContaining([{ name: "CREMA_CONFIG", value: `${version.parameter}/versions/${version.parameterVersionId}` }]));
      const cfg = parse(unsecret<string>(version.parameterData));
      const so = cfg.spec.scaledObjects[0].spec;
      const pool = one("gcp:cloudrunv2/workerPool:WorkerPool").inputs.name;
      const sub = one("gcp:pubsub/subscription:Subscription", "-queue-jobs-sub").inputs.name;
      expect(so.scaleTargetRef.name).toBe(`projects/ai-infra-example/locations/${region}/workerpools/${pool}`);
      expect([so.minReplicaCount, so.maxReplicaCount]).toEqual([0, 4]);
      expect(so.triggers[0]).toMatchObject({ type: "gcp-pubsub", metadata: { subscriptionName: `projects/ai-infra-example/subscriptions/${sub}`, mode: "SubscriptionSize", value: "20" } });
      expect(one("gcp:cloudscheduler/job:Job").inputs.schedule).toBe("* * * * *");
      expect(one("gcp:cloudrunv2/workerPoolIamMember:WorkerPoolIamMember").inputs).toMatchObject({ name: pool, role: "roles/run.developer", member: `serviceAccount:${saEmail("-scaler-sa")}` });
    });
  });

  describe("budgets and alerts", () => {
    it("creates a monthly budget with every actual and forecast threshold, notifying the configured channels", () => {
      const channels = ofType("gcp:monitoring/notificationChannel:NotificationChannel");
      expect(channels.map((c) => [c.inputs.type, c.inputs.labels])).toEqual([["email", { email_address: "ai-platform@example.com" }]]);
      const budget = one("gcp:billing/budget:Budget", "-global-budget").inputs;
      expect(spec.gcpBillingAccount).toBe(billingAccount);
      expect(budget.billingAccount).toBe(billingAccount);
      expect(budget.amount).toEqual({ specifiedAmount: { currencyCode: "USD", units: "2500", nanos: 0 } });
      expect(budget.thresholdRules).toEqual([
        { thresholdPercent: 0.5, spendBasis: "CURRENT_SPEND" },
        { thresholdPercent: 0.8, spendBasis: "CURRENT_SPEND" },
        { thresholdPercent: 1, spendBasis: "CURRENT_SPEND" },
        { thresholdPercent: 0.9, spendBasis: "FORECASTED_SPEND" },
        { thresholdPercent: 1, spendBasis: "FORECASTED_SPEND" },
      ]);
      expect(budget.budgetFilter.labels).toEqual({ stack: stack });
      expect(budget.allUpdatesRule.monitoringNotificationChannels).toEqual(channels.map((c) => c.id));
    });

    it("keeps one billing budget, for infrastructure: no per-feature budget filters on a label no resource carries", () => {
      // The example's budget.features.
      expect(Object.keys(spec.budget!.features)).toEqual(["code-review", "chat-widget"]);
      const budgets = ofType("gcp:billing/budget:Budget");
      expect(budgets.map((b) => b.name)).toEqual(["ai-infra-global-budget"]);
      expect(budgets[0]!.inputs.displayName).toBe(`ai-infra ${stack} infrastructure`);
      for (const b of budgets) expect(Object.keys(b.inputs.budgetFilter.labels)).toEqual(["stack"]);
    });

    it("outputs the alert channel ids as the stack's alertTopic", () => {
      const channels = ofType("gcp:monitoring/notificationChannel:NotificationChannel");
      expect(channels.length).toBe(1);
      expect(alertTopic).toBe(channels.map((c) => c.id).join(","));
    });

    it("alerts when yesterday's AI spend exceeded monthly/30 (scheduled query + log-match alert)", () => {
      const dts = one("gcp:bigquery/dataTransferConfig:DataTransferConfig").inputs;
      expect(dts.location).toBe(region);
      expect(dts.params.query).toContain("83.33 AS limit_usd");
      expect(dts.params.query).toContain("WHEN 'code-review' THEN 40");
      expect(dts.params.query).toContain("ERROR(FORMAT(");
      const policy = one("gcp:monitoring/alertPolicy:AlertPolicy", "-daily-spend").inputs;
      expect(policy.conditions[0].conditionMatchedLog.filter).toBe(
        `resource.type="bigquery_dts_config" AND severity>=ERROR AND resource.labels.config_id=("${one("gcp:bigquery/dataTransferConfig:DataTransferConfig").outputs.name.split("/").pop()}") AND "ai-infra daily AI spend exceeded"`,
      );
      expect(policy.notificationChannels).toEqual(ofType("gcp:monitoring/notificationChannel:NotificationChannel").map((c) => c.id));
    });

    it("adds cache hit ratio, backlog and the per-feature view to the dashboard", () => {
      const dash = JSON.parse(one("gcp:monitoring/dashboard:Dashboard").inputs.dashboardJson);
      const titles = dash.mosaicLayout.tiles.map((t: any) => t.widget.title);
      expect(titles).toEqual(expect.arrayContaining(["Response cache hit ratio", "Async jobs waiting", "Gateway errors (5xx)", "Gateway latency p95 (ms)", "Front door requests by response code (all regions)"]));
      expect(JSON.stringify(dash)).toContain("daily_cost_by_feature");
    });
  });
});
