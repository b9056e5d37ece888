import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { healthPolicySpecs } from "../../components/gcp/alerts";
import { installMocks, ofType, resolve, settle, stackConfig } from "./harness";

describe("GCP health alert policies (plain arguments)", () => {
  const specs = healthPolicySpecs({ region: "us-central1", serviceName: "gw-svc", deadLetterSubscription: "jobs-dead-letters-sub" });
  const byRole = Object.fromEntries(specs.map((s) => [s.role, s]));

  it("alerts when more than 5% of the gateway's responses are 5xx for two five-minute windows", () => {
    const run = 'resource.type="cloud_run_revision" AND resource.labels.service_name="gw-svc" AND resource.labels.location="us-central1"';
    const agg = { alignmentPeriod: "300s", perSeriesAligner: "ALIGN_DELTA", crossSeriesReducer: "REDUCE_SUM", groupByFields: ["resource.labels.service_name"] };
    expect(byRole["gateway-5xx-rate"]!.condition.conditionThreshold).toEqual({
      filter: `metric.type="run.googleapis.com/request_count" AND ${run} AND metric.labels.response_code_class="5xx"`,
      aggregations: [agg],
      denominatorFilter: `metric.type="run.googleapis.com/request_count" AND ${run}`,
      denominatorAggregations: [agg],
      comparison: "COMPARISON_GT",
      thresholdValue: 0.05,
      duration: "600s",
      trigger: { count: 1 },
    });
  });

  it("alerts on any message in the dead-letter subscription", () => {
    expect(byRole["dlq-depth"]!.condition.conditionThreshold).toEqual({
      filter:
        'metric.type="pubsub.googleapis.com/subscription/num_undelivered_messages" AND resource.type="pubsub_subscription" AND resource.labels.subscription_id="jobs-dead-letters-sub"',
      aggregations: [{ alignmentPeriod: "300s", perSeriesAligner: "ALIGN_MAX" }],
      comparison: "COMPARISON_GT",
      thresholdValue: 0,
      duration: "0s",
      trigger: { count: 1 },
    });
  });

  it("alerts when more than 5% of the load balancer's responses from the region's backend (its serverless NEG) are 5xx", () => {
    const lb = 'metric.type="loadbalancing.googleapis.com/https/request_count" AND resource.type="https_lb_rule" AND resource.labels.backend_name="gw-neg-us-central1"';
    const agg = { alignmentPeriod: "300s", perSeriesAligner: "ALIGN_DELTA", crossSeriesReducer: "REDUCE_SUM", groupByFields: ["resource.labels.backend_name"] };
    const lbSpecs = healthPolicySpecs({ region: "us-central1", serviceName: "gw-svc", frontDoorBackend: "gw-neg-us-central1" });
    expect(lbSpecs.map((s) => s.role)).toEqual(["gateway-5xx-rate", "frontdoor-backend-5xx-rate"]);
    expect(lbSpecs[1]!.condition.conditionThreshold).toEqual({
      filter: `${lb} AND metric.labels.response_code_class=500`,
      aggregations: [agg],
      denominatorFilter: lb,
      denominatorAggregations: [agg],
      comparison: "COMPARISON_GT",
      thresholdValue: 0.05,
      duration: "600s",
      trigger: { count: 1 },
    });
  });

  it("has no dead-letter policy without a queue (prototype region)", () => {
    expect(healthPolicySpecs({ region: "us-central1", serviceName: "gw-svc" }).map((s) => s.role)).toEqual(["gateway-5xx-rate"]);
  });
});

// Mocks first: nothing that registers resources is imported before this line runs.
const stack = "growth-gcp-us-central1";
installMocks({ stack });

describe("GCP growth stack: health alert policies under mocks", () => {
  beforeAll(async () => {
    const { parseStack } = await import("../../components/config/parse");
    const { AiPlatform } = await import("../../components/platform/platform");
    const cfg = stackConfig(stack);
    const parsed = parseStack(cfg.raw, { project: "ai-infra", stack, secretKeys: new Set(["providerKeys"]) });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const platform = new AiPlatform("ai-infra", { stack: parsed.stack });
    await resolve(pulumi.all([platform.apiUrl, platform.dashboards]));
    await settle();
  });

  const policies = () => ofType("gcp:monitoring/alertPolicy:AlertPolicy");
  const policy = (suffix: string) => {
    const found = policies().filter((p) => p.name.endsWith(suffix));
    expect(found).toHaveLength(1);
    return found[0]!;
  };

  it("creates the 5xx and dead-letter policies for the region, notifying every channel of the stack", () => {
    const channels = ofType("gcp:monitoring/notificationChannel:NotificationChannel");
    // budget.notify in the example: 1 e-mail, no webhook = 1 channel.
    expect(channels).toHaveLength(1);
    for (const suffix of ["-health-us-central1-gateway-5xx-rate", "-health-us-central1-frontdoor-backend-5xx-rate", "-health-us-central1-dlq-depth"]) {
      const p = policy(suffix);
      expect((p.inputs.notificationChannels as string[]).length).toBe(channels.length);
    }
  });

  it("watches the region's own gateway service and dead-letter subscription", () => {
    const service = ofType("gcp:cloudrunv2/service:Service").find((s) => s.name.endsWith("-gateway-service"))!;
    const dlq = ofType("gcp:pubsub/subscription:Subscription").find((s) => s.name.endsWith("-dead-letters-sub"))!;
    const rate = policy("-gateway-5xx-rate").inputs.conditions[0].conditionThreshold;
    expect(rate.filter).toContain(`resource.labels.service_name="${service.inputs.name}"`);
    expect(rate.thresholdValue).toBe(0.05);
    const depth = policy("-dlq-depth").inputs.conditions[0].conditionThreshold;
    expect(depth.filter).toContain(`resource.labels.subscription_id="${dlq.inputs.name}"`);
    expect(depth.thresholdValue).toBe(0);
  });

  it("watches the region's own serverless NEG behind the front door", () => {
    const neg = ofType("gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup").find((n) => n.name.endsWith("-neg-us-central1"))!;
    expect(neg.inputs.name).toMatch(/^growth-gcp-us-central1-api-neg-[0-9a-f]{6}$/);
    const lb = policy("-frontdoor-backend-5xx-rate").inputs.conditions[0].conditionThreshold;
    expect(lb.filter).toContain(`resource.labels.backend_name="${neg.inputs.name}"`);
    expect(lb.denominatorFilter).toContain(`resource.labels.backend_name="${neg.inputs.name}"`);
  });
});
