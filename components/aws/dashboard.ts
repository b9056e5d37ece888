import type { ModelConfig, ReliabilityConfig, TrafficConfig } from "../config/model";
import { dailyFeatureQueryName, dailyUsageQueryName } from "./usage";

/**
 * What a region's CloudWatch dashboard can and cannot show.
 *
 * It can show what AWS services publish as metrics for free: API Gateway requests, latency and
 * 4xx/5xx per stage; gateway CPU and memory per ECS service; at growth, the cache's hit rate, the
 * queue and dead-letter depths, and an *estimate* of spend (requests × the spec's expected cost
 * of a request).
 *
 * It cannot show tokens and true cost per model or per feature: LiteLLM records those per
 * request in the request log (S3), not as CloudWatch metrics, and CloudWatch cannot query S3.
 * Those numbers come from the saved Athena queries the dashboard links to, which read the same
 * log the bill is reconciled against. Publishing them as metrics would need code in the request
 * path or a log-processing function, which the prototype avoids on purpose.
 */
export interface DashboardInputs {
  region: string;
  apiName: string;
  stageName: string;
  clusterName: string;
  gatewayServiceName: string;
  athena: { workgroup: string; database: string };
  growth?: {
    /** Member cluster ids of the cache replication group (`<group>-001`, ...). */
    cacheClusterIds: string[];
    queueName: string;
    dlqName: string;
    workerServiceName: string;
    /** USD per request for the estimated spend line; absent when no model has prices. */
    costPerRequestUsd?: number;
  };
}

type Widget = Record<string, unknown>;

const W = 12;
const H = 6;

function metricWidget(title: string, metrics: unknown[][], region: string, extra: Record<string, unknown> = {}): Widget {
  return {
    type: "metric",
    width: W,
    height: H,
    properties: { title, region, view: "timeSeries", stacked: false, period: 300, metrics, ...extra },
  };
}

/** The console link to the region's Athena query editor (saved queries live there). */
export function athenaConsoleUrl(region: string): string {
  return `https://${region}.console.aws.amazon.com/athena/home?region=${region}#/query-editor`;
}

export function dashboardConsoleUrl(region: string, dashboardName: string): string {
  return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards/dashboard/${dashboardName}`;
}

/**
 * Expected USD cost of one request from the spec's traffic profile and model prices: the mean
 * over the deployments that take first-choice traffic (fallback-only groups excluded, weights
 * honoured). Undefined when none of them has prices.
 */
export function estimatedCostPerRequest(spec: { models: ModelConfig[]; traffic: TrafficConfig; reliability?: ReliabilityConfig | undefined }): number | undefined {
  const fallbackOnly = new Set(Object.values(spec.reliability?.fallbacks ?? {}).flat());
  for (const group of Object.keys(spec.reliability?.fallbacks ?? {})) fallbackOnly.delete(group);
  const primary = spec.models.flatMap((m) =>
    !fallbackOnly.has(m.name) && m.inputCostPerMillionTokens !== undefined && m.outputCostPerMillionTokens !== undefined
      ? [{ weight: m.weight, input: m.inputCostPerMillionTokens, output: m.outputCostPerMillionTokens }]
      : [],
  );
  if (primary.length === 0) return undefined;
  const weightOf = (m: (typeof primary)[number]) => m.weight ?? 100;
  const total = primary.reduce((s, m) => s + weightOf(m), 0);
  const t = spec.traffic;
  return primary.reduce(
    (s, m) =>
      s + (weightOf(m) / total) * ((t.inputTokensPerRequest * m.input + t.outputTokensPerRequest * m.output) / 1e6),
    0,
  );
}

/** The dashboard JSON (CloudWatch dashboard body). Pure: same inputs, same text. */
export function renderDashboardBody(i: DashboardInputs): string {
  const api = ["ApiName", i.apiName, "Stage", i.stageName];
  const ecs = (service: string) => ["ClusterName", i.clusterName, "ServiceName", service];
  const widgets: Widget[] = [
    {
      type: "text",
      width: 24,
      height: 4,
      properties: {
        markdown: [
          `## LLM API (${i.region})`,
          "Requests, latency and errors come from API Gateway; CPU and memory from the gateway's ECS service.",
          `**Tokens and cost per model${i.growth ? " and feature" : ""}** are in the request log, not in CloudWatch: run the saved queries`,
          `*${dailyUsageQueryName}*${i.growth ? ` and *${dailyFeatureQueryName}*` : ""} in Athena workgroup \`${i.athena.workgroup}\``,
          `(database \`${i.athena.database}\`): [open Athena](${athenaConsoleUrl(i.region)}).`,
        ].join("\n"),
      },
    },
    metricWidget("API requests", [["AWS/ApiGateway", "Count", ...api, { stat: "Sum", label: "requests" }]], i.region),
    metricWidget(
      "API latency (ms)",
      [
        ["AWS/ApiGateway", "Latency", ...api, { stat: "p50", label: "p50" }],
        ["AWS/ApiGateway", "Latency", ...api, { stat: "p99", label: "p99" }],
        ["AWS/ApiGateway", "IntegrationLatency", ...api, { stat: "p50", label: "gateway+provider p50" }],
      ],
      i.region,
    ),
    metricWidget(
      "API errors",
      [
        ["AWS/ApiGateway", "4XXError", ...api, { stat: "Sum", label: "4xx (keys, quotas, throttling)" }],
        ["AWS/ApiGateway", "5XXError", ...api, { stat: "Sum", label: "5xx (gateway or provider)" }],
      ],
      i.region,
    ),
    metricWidget(
      "Gateway CPU and memory (%)",
      [
        ["AWS/ECS", "CPUUtilization", ...ecs(i.gatewayServiceName), { stat: "Average", label: "CPU" }],
        ["AWS/ECS", "MemoryUtilization", ...ecs(i.gatewayServiceName), { stat: "Average", label: "memory" }],
      ],
      i.region,
      { yAxis: { left: { min: 0, max: 100 } } },
    ),
  ];

  const g = i.growth;
  if (g) {
    widgets.push(
      metricWidget(
        "Error rate (%)",
        [
          ["AWS/ApiGateway", "Count", ...api, { stat: "Sum", id: "requests", visible: false }],
          ["AWS/ApiGateway", "5XXError", ...api, { stat: "Sum", id: "errors", visible: false }],
          [{ expression: "IF(requests > 0, 100 * errors / requests, 0)", label: "5xx rate", id: "rate" }],
        ],
        i.region,
      ),
      metricWidget(
        "Cache hit rate (%)",
        g.cacheClusterIds.map((id) => ["AWS/ElastiCache", "CacheHitRate", "CacheClusterId", id, { stat: "Average", label: id }]),
        i.region,
        { yAxis: { left: { min: 0, max: 100 } } },
      ),
      metricWidget(
        "Async jobs",
        [
          ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", g.queueName, { stat: "Maximum", label: "waiting" }],
          ["AWS/SQS", "ApproximateNumberOfMessagesNotVisible", "QueueName", g.queueName, { stat: "Maximum", label: "in progress" }],
          ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", g.dlqName, { stat: "Maximum", label: "dead-lettered" }],
          ["AWS/ECS", "CPUUtilization", ...ecs(g.workerServiceName), { stat: "Average", label: "worker CPU %", yAxis: "right" }],
        ],
        i.region,
      ),
    );
    if (g.costPerRequestUsd !== undefined) {
      widgets.push(
        metricWidget(
          "Estimated AI spend per day (USD)",
          [
            ["AWS/ApiGateway", "Count", ...api, { stat: "Sum", id: "requests", visible: false, period: 86400 }],
            [{ expression: `requests * ${g.costPerRequestUsd}`, label: "requests × expected cost per request", id: "spend" }],
          ],
          i.region,
          { period: 86400 },
        ),
      );
    }
  }
  return JSON.stringify({ widgets });
}
