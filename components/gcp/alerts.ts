import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";

/** What one region's health alert policies watch (plain names, as Cloud Monitoring labels them). */
export interface HealthTarget {
  region: string;
  /** The LLM gateway's Cloud Run service name. */
  serviceName: string;
  /** Short name (`subscription_id`) of the dead-letter subscription (growth and later). */
  deadLetterSubscription?: string;
  /** Name of the region's serverless NEG behind the global load balancer (the front door). */
  frontDoorBackend?: string;
}

/** Share of gateway responses that are 5xx above which the policy fires (as the AWS alarm). */
export const gatewayErrorRateThreshold = 0.05;

export interface HealthPolicySpec {
  role: string;
  displayName: string;
  condition: gcp.types.input.monitoring.AlertPolicyCondition;
  documentation: string;
}

/**
 * A region's health alert policies, as plain arguments (tested without Pulumi); the GCP
 * counterpart of the AWS `healthAlarmSpecs`:
 * - the gateway's 5xx rate: `run.googleapis.com/request_count` with `response_code_class="5xx"`
 *   over all requests of the service, a metric-ratio condition
 *   (https://cloud.google.com/monitoring/api/metrics_gcp_p_z#gcp-run,
 *   https://cloud.google.com/monitoring/alerts/types-of-conditions#metric-ratio), above 5% for two
 *   consecutive five-minute windows (AWS: 2 of 3 five-minute periods);
 * - any message on the dead-letter subscription:
 *   `pubsub.googleapis.com/subscription/num_undelivered_messages` > 0
 *   (https://cloud.google.com/monitoring/api/metrics_gcp_p_z#gcp-pubsub).
 * - the region's backend failing behind the global load balancer:
 *   `loadbalancing.googleapis.com/https/request_count` (the `https/` metrics are the global external
 *   Application Load Balancer's, monitored resource `https_lb_rule`,
 *   https://cloud.google.com/load-balancing/docs/metrics) of the region's serverless NEG
 *   (`resource.labels.backend_name`, https://cloud.google.com/monitoring/api/resources#tag_https_lb_rule)
 *   with `response_code_class` 500 (an INT64 label: 500 is every 5xx) over all of that backend's
 *   requests, above 5% for two five-minute windows. It sees what the Cloud Run metric cannot: a
 *   region whose service does not answer at all (the balancer's own 502/503, which never reach
 *   Cloud Run), each time outlier detection lets the ejected backend back in;
 * No policy on unhealthy instances: Cloud Run has no gauge of unhealthy instances like the NLB's
 * `UnHealthyHostCount` — a failed liveness probe restarts the instance — and the probe metric
 * (`container/completed_probe_count`) could not be checked against its documented labels here.
 */
export function healthPolicySpecs(t: HealthTarget): HealthPolicySpec[] {
  const run = `resource.type="cloud_run_revision" AND resource.labels.service_name="${t.serviceName}" AND resource.labels.location="${t.region}"`;
  const perService = { alignmentPeriod: "300s", perSeriesAligner: "ALIGN_DELTA", crossSeriesReducer: "REDUCE_SUM", groupByFields: ["resource.labels.service_name"] };
  const specs: HealthPolicySpec[] = [
    {
      role: "gateway-5xx-rate",
      displayName: `LLM gateway ${t.region}: more than ${gatewayErrorRateThreshold * 100}% of responses 5xx`,
      condition: {
        displayName: `5xx share of run.googleapis.com/request_count above ${gatewayErrorRateThreshold}`,
        conditionThreshold: {
          filter: `metric.type="run.googleapis.com/request_count" AND ${run} AND metric.labels.response_code_class="5xx"`,
          aggregations: [perService],
          denominatorFilter: `metric.type="run.googleapis.com/request_count" AND ${run}`,
          denominatorAggregations: [perService],
          comparison: "COMPARISON_GT",
          thresholdValue: gatewayErrorRateThreshold,
          duration: "600s",
          trigger: { count: 1 },
        },
      },
      documentation: "The LLM gateway (LiteLLM on Cloud Run) answers more than 5% of requests with 5xx: the gateway or its providers are failing. Check the service's logs and the providers' status.",
    },
  ];
  if (t.frontDoorBackend) {
    const lb = `metric.type="loadbalancing.googleapis.com/https/request_count" AND resource.type="https_lb_rule" AND resource.labels.backend_name="${t.frontDoorBackend}"`;
    const perBackend = { alignmentPeriod: "300s", perSeriesAligner: "ALIGN_DELTA", crossSeriesReducer: "REDUCE_SUM", groupByFields: ["resource.labels.backend_name"] };
    specs.push({
      role: "frontdoor-backend-5xx-rate",
      displayName: `Front door ${t.region}: more than ${gatewayErrorRateThreshold * 100}% of the region's backend responses 5xx`,
      condition: {
        displayName: `5xx share of loadbalancing.googleapis.com/https/request_count for backend ${t.frontDoorBackend} above ${gatewayErrorRateThreshold}`,
        conditionThreshold: {
          filter: `${lb} AND metric.labels.response_code_class=500`,
          aggregations: [perBackend],
          denominatorFilter: lb,
          denominatorAggregations: [perBackend],
          comparison: "COMPARISON_GT",
          thresholdValue: gatewayErrorRateThreshold,
          duration: "600s",
          trigger: { count: 1 },
        },
      },
      documentation: `The global load balancer answers more than 5% of the requests it sends to the ${t.region} gateway with 5xx: the region's Cloud Run service is failing or unreachable, and outlier detection is moving callers to the other regions. Check the service's revisions and logs in ${t.region}.`,
    });
  }
  if (t.deadLetterSubscription) {
    specs.push({
      role: "dlq-depth",
      displayName: `Async jobs ${t.region}: jobs in the dead-letter subscription`,
      condition: {
        displayName: "pubsub.googleapis.com/subscription/num_undelivered_messages of the dead-letter subscription above 0",
        conditionThreshold: {
          filter: `metric.type="pubsub.googleapis.com/subscription/num_undelivered_messages" AND resource.type="pubsub_subscription" AND resource.labels.subscription_id="${t.deadLetterSubscription}"`,
          aggregations: [{ alignmentPeriod: "300s", perSeriesAligner: "ALIGN_MAX" }],
          comparison: "COMPARISON_GT",
          thresholdValue: 0,
          duration: "0s",
          trigger: { count: 1 },
        },
      },
      documentation: "Jobs failed every delivery attempt and wait in the dead-letter subscription: inspect them and republish to the job topic.",
    });
  }
  return specs;
}

export interface HealthAlertsArgs {
  region: string;
  serviceName: pulumi.Input<string>;
  deadLetterSubscription?: pulumi.Input<string>;
  /** The region's serverless NEG name behind the front door (see `HealthTarget`). */
  frontDoorBackend?: pulumi.Input<string>;
  /** Notification channel ids (the stack's e-mail and webhook channels). */
  channels: pulumi.Input<string>[];
}

/** One region's health alert policies, notifying the stack's channels (see `healthPolicySpecs`). */
export class HealthAlerts extends pulumi.ComponentResource {
  readonly policies: gcp.monitoring.AlertPolicy[];

  constructor(name: string, args: HealthAlertsArgs, opts: pulumi.ComponentResourceOptions) {
    super("ai-infra:gcp:HealthAlerts", name, {}, opts);
    // Which policies exist is known before the names resolve; only the filters wait for them.
    const present = (v: unknown) => (v ? "-" : undefined);
    const shape = healthPolicySpecs({ region: args.region, serviceName: "", deadLetterSubscription: present(args.deadLetterSubscription), frontDoorBackend: present(args.frontDoorBackend) });
    const resolved = pulumi
      .all([args.serviceName, args.deadLetterSubscription, args.frontDoorBackend])
      .apply(([serviceName, deadLetterSubscription, frontDoorBackend]) => healthPolicySpecs({ region: args.region, serviceName, deadLetterSubscription, frontDoorBackend }));
    this.policies = shape.map(
      (s, i) =>
        new gcp.monitoring.AlertPolicy(
          `${name}-${s.role}`,
          {
            displayName: s.displayName,
            combiner: "OR",
            conditions: [resolved.apply((r) => r[i]!.condition)],
            notificationChannels: args.channels,
            alertStrategy: { autoClose: "86400s" },
            documentation: { mimeType: "text/markdown", content: s.documentation },
          },
          { parent: this, provider: opts.provider },
        ),
    );
    this.registerOutputs({ policies: this.policies.map((p) => p.name) });
  }
}
