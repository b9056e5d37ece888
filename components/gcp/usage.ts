import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { type ChildExtra, type GcpContext, childOpts } from "./context";
import { spendExceededText } from "./budgets";
import type { FrontDoorNames } from "./front-door";
import { requestLogPrefix } from "./llm-gateway";
import { gcpName, nameLimits } from "./names";

/**
 * The fields of LiteLLM's standard logging payload (one JSON object per GCS object) that the
 * usage views read. Other fields are ignored (`ignoreUnknownValues`), so a LiteLLM upgrade that
 * adds fields does not break the table.
 */
export const requestLogSchema = [
  { name: "id", type: "STRING", mode: "NULLABLE" },
  { name: "call_type", type: "STRING", mode: "NULLABLE" },
  { name: "status", type: "STRING", mode: "NULLABLE" },
  { name: "model", type: "STRING", mode: "NULLABLE" },
  { name: "model_group", type: "STRING", mode: "NULLABLE" },
  { name: "custom_llm_provider", type: "STRING", mode: "NULLABLE" },
  { name: "prompt_tokens", type: "INT64", mode: "NULLABLE" },
  { name: "completion_tokens", type: "INT64", mode: "NULLABLE" },
  { name: "total_tokens", type: "INT64", mode: "NULLABLE" },
  { name: "response_cost", type: "FLOAT64", mode: "NULLABLE" },
  { name: "cache_hit", type: "BOOL", mode: "NULLABLE" },
  { name: "startTime", type: "FLOAT64", mode: "NULLABLE" },
  { name: "endTime", type: "FLOAT64", mode: "NULLABLE" },
  { name: "request_tags", type: "STRING", mode: "REPEATED" },
] as const;

/**
 * The request log objects as LiteLLM's S3 logger writes them (the same layout as on AWS):
 * `requests/<yyyy-mm-dd>/time-<hh-mm-ss-ffffff>_<response id>.json`, one JSON payload each.
 * Only `.json`: the logger can also write `.jsonl` batch files and `batch_line_items/` objects
 * under the same prefix, which are not one request per object.
 */
export const requestLogObjects = `${requestLogPrefix}/*.json`;

/** Request tag that names the feature a request belongs to: `feature:<name>` (LiteLLM `tags`). */
export const featureTagPrefix = "feature:";

const table = (project: string, dataset: string, id: string) => `\`${project}.${dataset}.${id}\``;
const day = "DATE(TIMESTAMP_MICROS(CAST(startTime * 1000000 AS INT64)))";

/** Daily tokens and cost per model group and model: the prototype's cost report. */
export function dailyUsageQuery(project: string, dataset: string, requestsTable: string): string {
  return [
    `SELECT ${day} AS day, model_group, model,`,
    "  COUNT(*) AS requests,",
    "  COUNTIF(status != 'success') AS failed_requests,",
    "  COUNTIF(cache_hit) AS cache_hits,",
    "  SUM(prompt_tokens) AS input_tokens,",
    "  SUM(completion_tokens) AS output_tokens,",
    "  SUM(total_tokens) AS total_tokens,",
    "  ROUND(SUM(response_cost), 6) AS cost_usd",
    `FROM ${table(project, dataset, requestsTable)}`,
    "GROUP BY day, model_group, model",
  ].join("\n");
}

/** Daily cost per feature, from the `feature:<name>` request tag ("untagged" otherwise). */
export function dailyFeatureQuery(project: string, dataset: string, requestsTable: string): string {
  return [
    `SELECT ${day} AS day,`,
    `  IFNULL((SELECT SUBSTR(t, ${featureTagPrefix.length + 1}) FROM UNNEST(request_tags) AS t WHERE STARTS_WITH(t, '${featureTagPrefix}') LIMIT 1), 'untagged') AS feature,`,
    "  model_group,",
    "  COUNT(*) AS requests,",
    "  SUM(total_tokens) AS total_tokens,",
    "  ROUND(SUM(response_cost), 6) AS cost_usd",
    `FROM ${table(project, dataset, requestsTable)}`,
    "GROUP BY day, feature, model_group",
  ].join("\n");
}

export interface SpendLimits {
  /** The stack's daily share of its monthly budget (USD). */
  dailyUsd: number;
  /** Feature → its daily share (USD). */
  features: Record<string, number>;
}

/** Daily shares of the monthly budgets: a month counted as 30 days. */
export function dailySpendLimits(budget: { monthlyUsd: number; features: Record<string, number> }): SpendLimits {
  const share = (usd: number) => Math.round((usd / 30) * 100) / 100;
  return { dailyUsd: share(budget.monthlyUsd), features: Object.fromEntries(Object.entries(budget.features).map(([f, usd]) => [f, share(usd)])) };
}

const sqlString = (s: string) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

/**
 * Yesterday's AI spend (from the request log) against its daily share, for the stack and for
 * each feature. BigQuery's ERROR() fails the scheduled run when a share is exceeded; the failed
 * run is an ERROR entry in Cloud Logging, which a log-match alert policy turns into a
 * notification. Runs that pass append a row per scope to a history table.
 */
export function spendCheckQuery(project: string, dataset: string, usageView: string, featureView: string | undefined, limits: SpendLimits): string {
  const yesterday = "DATE_SUB(@run_date, INTERVAL 1 DAY)";
  const parts = [
    `  SELECT 'stack' AS scope, IFNULL(SUM(cost_usd), 0) AS spend_usd, ${limits.dailyUsd} AS limit_usd\n  FROM ${table(project, dataset, usageView)} WHERE day = ${yesterday}`,
  ];
  const features = Object.entries(limits.features).sort(([a], [b]) => a.localeCompare(b));
  if (featureView && features.length > 0) {
    const cases = features.map(([f, usd]) => `WHEN ${sqlString(f)} THEN ${usd}`).join(" ");
    parts.push(
      `  SELECT CONCAT('feature:', feature), IFNULL(SUM(cost_usd), 0), ANY_VALUE(CASE feature ${cases} END)\n  FROM ${table(project, dataset, featureView)} WHERE day = ${yesterday} AND feature IN (${features.map(([f]) => sqlString(f)).join(", ")}) GROUP BY feature`,
    );
  }
  return [
    "WITH spend AS (",
    parts.join("\n  UNION ALL\n"),
    ")",
    `SELECT @run_date AS run_date, scope, ROUND(spend_usd, 2) AS spend_usd, limit_usd,`,
    `  IF(spend_usd > limit_usd, ERROR(FORMAT('${spendExceededText}: %s spent %.2f USD on %t, above its daily share of %.2f USD', scope, spend_usd, ${yesterday}, limit_usd)), 'within budget') AS status`,
    "FROM spend",
  ].join("\n");
}

export interface DashboardInput {
  title: string;
  region: string;
  /** Cloud Run service name of the gateway. */
  serviceName: string;
  /** The stack's front door URL map (global: its tiles show every region's callers). */
  urlMapName: string;
  /** Log-based metric counting requests Cloud Armor's throttle refused (429). */
  quotaRejectionsMetric: string;
  /** BigQuery views holding tokens and cost (shown as text: Monitoring cannot chart BigQuery). */
  usageView: string;
  featureView?: string;
  /** Growth: Memorystore instance id (`projects/<p>/locations/<r>/instances/<name>`) for the hit ratio. */
  redisInstanceId?: string;
  /** Growth: job queue subscription id for backlog. */
  queueSubscription?: string;
}

type Widget = Record<string, unknown>;

const series = (title: string, filter: string, aligner: string, reducer?: string, groupBy: string[] = []): Widget => ({
  title,
  xyChart: {
    chartOptions: { mode: "COLOR" },
    dataSets: [
      {
        plotType: "LINE",
        targetAxis: "Y1",
        timeSeriesQuery: {
          timeSeriesFilter: {
            filter,
            aggregation: {
              alignmentPeriod: "60s",
              perSeriesAligner: aligner,
              ...(reducer ? { crossSeriesReducer: reducer, groupByFields: groupBy } : {}),
            },
          },
        },
      },
    ],
  },
});

/**
 * The region's Cloud Monitoring dashboard: what callers see at the load balancer (requests by response
 * code, latency, quota rejections), what the LLM gateway does on Cloud Run (requests, 5xx,
 * latency, instances), and — at growth — the cache hit ratio and the job backlog. Tokens and cost
 * per model and feature live in BigQuery (from the request log); Monitoring cannot chart a
 * BigQuery table, so a text tile names the views.
 */
export function renderDashboard(input: DashboardInput): string {
  const run = `resource.type="cloud_run_revision" AND resource.labels.service_name="${input.serviceName}" AND resource.labels.location="${input.region}"`;
  // Load balancer metrics: https://cloud.google.com/monitoring/api/metrics_gcp_i_o#gcp-loadbalancing (https_lb_rule).
  const lb = `resource.type="https_lb_rule" AND resource.labels.url_map_name="${input.urlMapName}"`;
  const widgets: Widget[] = [
    series("Front door requests by response code (all regions)", `metric.type="loadbalancing.googleapis.com/https/request_count" AND ${lb}`, "ALIGN_RATE", "REDUCE_SUM", ["metric.labels.response_code_class"]),
    series("Front door latency p95 (ms)", `metric.type="loadbalancing.googleapis.com/https/total_latencies" AND ${lb}`, "ALIGN_PERCENTILE_95"),
    series("Requests refused by the front door's throttle", `metric.type="logging.googleapis.com/user/${input.quotaRejectionsMetric}"`, "ALIGN_RATE", "REDUCE_SUM"),
    series("Gateway requests by response class", `metric.type="run.googleapis.com/request_count" AND ${run}`, "ALIGN_RATE", "REDUCE_SUM", ["metric.labels.response_code_class"]),
    series("Gateway errors (5xx)", `metric.type="run.googleapis.com/request_count" AND ${run} AND metric.labels.response_code_class="5xx"`, "ALIGN_RATE", "REDUCE_SUM"),
    series("Gateway latency p50 (ms)", `metric.type="run.googleapis.com/request_latencies" AND ${run}`, "ALIGN_PERCENTILE_50"),
    series("Gateway latency p95 (ms)", `metric.type="run.googleapis.com/request_latencies" AND ${run}`, "ALIGN_PERCENTILE_95"),
    series("Gateway instances", `metric.type="run.googleapis.com/container/instance_count" AND ${run}`, "ALIGN_MAX", "REDUCE_SUM", ["metric.labels.state"]),
  ];
  if (input.redisInstanceId) {
    const redis = `resource.type="redis_instance" AND resource.labels.instance_id="${input.redisInstanceId}"`;
    // Memorystore reports the keyspace hit ratio itself (hits / (hits + misses)).
    widgets.push(series("Response cache hit ratio", `metric.type="redis.googleapis.com/stats/cache_hit_ratio" AND ${redis}`, "ALIGN_MEAN", "REDUCE_MEAN"));
  }
  if (input.queueSubscription) {
    const sub = `resource.type="pubsub_subscription" AND resource.labels.subscription_id="${input.queueSubscription}"`;
    widgets.push(series("Async jobs waiting", `metric.type="pubsub.googleapis.com/subscription/num_undelivered_messages" AND ${sub}`, "ALIGN_MAX", "REDUCE_SUM"));
    widgets.push(series("Oldest waiting job (s)", `metric.type="pubsub.googleapis.com/subscription/oldest_unacked_message_age" AND ${sub}`, "ALIGN_MAX", "REDUCE_MAX"));
  }
  const views = [input.usageView, input.featureView].filter((v): v is string => !!v);
  widgets.push({
    title: "Tokens and cost",
    text: {
      format: "MARKDOWN",
      content: [
        "Tokens and cost per request are in the request log (GCS, written by LiteLLM's S3 logger).",
        "Daily aggregates per model" + (input.featureView ? " and per feature" : "") + " are BigQuery views:",
        ...views.map((v) => `- \`${v}\``),
      ].join("\n"),
    },
  });
  const tiles = widgets.map((widget, i) => ({ xPos: (i % 2) * 6, yPos: Math.floor(i / 2) * 4, width: 6, height: 4, widget }));
  return JSON.stringify({ displayName: input.title, mosaicLayout: { columns: 12, tiles } });
}

/** Console link of a dashboard from its resource id (`projects/<n>/dashboards/<id>`). */
export function dashboardConsoleUrl(dashboardId: string, gcpProject: string): string {
  const id = dashboardId.split("/").pop();
  return `https://console.cloud.google.com/monitoring/dashboards/builder/${id}?project=${gcpProject}`;
}

/**
 * Token and cost tracking over a request log bucket in the context's region. The per-feature
 * view, the daily spend check and the growth dashboard tiles exist only with `growth`.
 */
export interface UsageAnalyticsArgs {
  ctx: GcpContext;
  /** The Pulumi stack name, in descriptions and the dashboard's title. */
  stack: string;
  logBucket: pulumi.Input<string>;
  serviceName: pulumi.Input<string>;
  /** The front door's physical names (deterministic, see `frontDoorNames`). */
  frontDoor: Pick<FrontDoorNames, "urlMap">;
  /** Growth additions: dashboard tiles, the per-feature view and the daily spend check. */
  growth?: { redisInstanceId?: pulumi.Input<string>; queueSubscription?: pulumi.Input<string>; spendLimits: SpendLimits };
}

/**
 * Token and cost tracking: a BigQuery dataset in the region with an external table over the
 * request log objects (no copy of the data, so the bucket's lifecycle stays the only retention),
 * views aggregating per day and model (and feature), a log-based metric for quota rejections,
 * and the dashboard.
 */
export class UsageAnalytics extends pulumi.ComponentResource {
  readonly dataset: gcp.bigquery.Dataset;
  readonly requests: gcp.bigquery.Table;
  readonly dailyUsage: gcp.bigquery.Table;
  readonly dailyFeatures?: gcp.bigquery.Table;
  readonly quotaRejections: gcp.logging.Metric;
  /** Growth: the scheduled query that fails when yesterday's AI spend exceeded its daily share. */
  readonly spendCheck?: gcp.bigquery.DataTransferConfig;
  /** Its transfer config id, as Cloud Logging labels its run entries (`resource.labels.config_id`). */
  readonly spendCheckConfigId?: pulumi.Output<string>;
  readonly dashboard: gcp.monitoring.Dashboard;
  readonly dashboardUrl: pulumi.Output<string>;

  private readonly o: (extra?: ChildExtra) => pulumi.CustomResourceOptions;

  constructor(name: string, args: UsageAnalyticsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ai-infra:gcp:UsageAnalytics", name, {}, opts);
    const { ctx } = args;
    const o = (extra: ChildExtra = {}) => childOpts(this, ctx, extra);
    this.o = o;
    const datasetId = gcpName(ctx.scope, "usage", nameLimits.dataset, "_");

    this.dataset = new gcp.bigquery.Dataset(
      `${name}-dataset`,
      {
        datasetId,
        location: ctx.region,
        description: `ai-infra ${args.stack}: LLM requests, tokens and cost`,
        // Only views and an external table live here; the data stays in the log bucket.
        deleteContentsOnDestroy: false,
      },
      o(),
    );
    this.requests = new gcp.bigquery.Table(
      `${name}-requests`,
      {
        datasetId: this.dataset.datasetId,
        tableId: "requests",
        description: "One row per LLM request (LiteLLM standard logging payload in the request log bucket)",
        deletionProtection: false,
        schema: JSON.stringify(requestLogSchema),
        externalDataConfiguration: {
          autodetect: false,
          sourceFormat: "NEWLINE_DELIMITED_JSON",
          sourceUris: [pulumi.interpolate`gs://${args.logBucket}/${requestLogObjects}`],
          ignoreUnknownValues: true,
        },
      },
      o(),
    );
    this.dailyUsage = this.view(`${name}-daily-usage`, "daily_usage_by_model", "Daily requests, tokens and cost per model", ctx.gcpProject, dailyUsageQuery);
    if (args.growth) {
      this.dailyFeatures = this.view(`${name}-daily-features`, "daily_cost_by_feature", "Daily requests, tokens and cost per feature (request tag feature:<name>)", ctx.gcpProject, dailyFeatureQuery);
      this.spendCheck = this.dailySpendCheck(name, args, this.dailyFeatures, args.growth.spendLimits);
      this.spendCheckConfigId = this.spendCheck.name.apply((n) => n.split("/").pop() ?? n);
    }

    const metricName = gcpName(ctx.scope, "quota-rejections", nameLimits.metric);
    this.quotaRejections = new gcp.logging.Metric(
      `${name}-quota-rejections`,
      {
        name: metricName,
        // The load balancer's request log (logConfig on the backend service) records Cloud Armor's
        // decision: https://cloud.google.com/armor/docs/request-logging. Global: every region's metric counts the stack.
        description: "Requests Cloud Armor's throttle (per client address) refused with 429 (front door, all regions)",
        filter: `resource.type="http_load_balancer" AND resource.labels.url_map_name="${args.frontDoor.urlMap}" AND jsonPayload.enforcedSecurityPolicy.configuredAction="THROTTLE" AND httpRequest.status=429`,
        metricDescriptor: { metricKind: "DELTA", valueType: "INT64", unit: "1" },
      },
      o(),
    );

    const dashboardJson = pulumi
      .all([args.serviceName, args.frontDoor.urlMap, this.dataset.datasetId, this.dailyUsage.tableId, this.dailyFeatures?.tableId, args.growth?.redisInstanceId, args.growth?.queueSubscription])
      .apply(([serviceName, urlMapName, dataset, usage, features, redis, queue]) =>
        renderDashboard({
          title: `ai-infra ${args.stack} ${ctx.region}`,
          region: ctx.region,
          serviceName,
          urlMapName,
          quotaRejectionsMetric: metricName,
          usageView: `${ctx.gcpProject}.${dataset}.${usage}`,
          featureView: features ? `${ctx.gcpProject}.${dataset}.${features}` : undefined,
          redisInstanceId: redis,
          queueSubscription: queue,
        }),
      );
    this.dashboard = new gcp.monitoring.Dashboard(`${name}-dashboard`, { dashboardJson }, o({ dependsOn: [this.quotaRejections] }));
    this.dashboardUrl = this.dashboard.id.apply((id) => dashboardConsoleUrl(id, ctx.gcpProject));
    this.registerOutputs({ dashboardUrl: this.dashboardUrl, dataset: this.dataset.datasetId });
  }

  /** A view over the requests table. */
  private view(name: string, tableId: string, description: string, project: string, query: (project: string, dataset: string, table: string) => string): gcp.bigquery.Table {
    return new gcp.bigquery.Table(
      name,
      {
        datasetId: this.dataset.datasetId,
        tableId,
        description,
        deletionProtection: false,
        view: { useLegacySql: false, query: pulumi.all([this.dataset.datasetId, this.requests.tableId]).apply(([d, t]) => query(project, d, t)) },
      },
      this.o(),
    );
  }

  /** The scheduled query that fails when yesterday's AI spend exceeded its daily share, with its own identity. */
  private dailySpendCheck(name: string, args: UsageAnalyticsArgs, dailyFeatures: gcp.bigquery.Table, limits: SpendLimits): gcp.bigquery.DataTransferConfig {
    const { ctx } = args;
    const o = this.o;
    const sa = new gcp.serviceaccount.Account(
      `${name}-spend-check-sa`,
      { accountId: gcpName(ctx.scope, "spend-check", nameLimits.serviceAccount), displayName: `ai-infra daily spend check (${args.stack}, ${ctx.region})` },
      o(),
    );
    const member = pulumi.interpolate`serviceAccount:${sa.email}`;
    // Run query jobs, write its history table, read the request log the external table points at.
    const grants = [
      new gcp.projects.IAMMember(`${name}-spend-check-jobs`, { project: ctx.gcpProject, role: "roles/bigquery.jobUser", member }, o()),
      new gcp.bigquery.DatasetIamMember(`${name}-spend-check-data`, { datasetId: this.dataset.datasetId, role: "roles/bigquery.dataEditor", member }, o()),
      new gcp.storage.BucketIAMMember(`${name}-spend-check-logs`, { bucket: args.logBucket, role: "roles/storage.objectViewer", member }, o()),
    ];
    const query = pulumi
      .all([this.dataset.datasetId, this.dailyUsage.tableId, dailyFeatures.tableId])
      .apply(([d, usage, features]) => spendCheckQuery(ctx.gcpProject, d, usage, features, limits));
    return new gcp.bigquery.DataTransferConfig(
      `${name}-spend-check`,
      {
        displayName: `ai-infra daily spend check ${args.stack}`,
        dataSourceId: "scheduled_query",
        location: ctx.region,
        schedule: "every day 01:00",
        destinationDatasetId: this.dataset.datasetId,
        serviceAccountName: sa.email,
        params: { query, destination_table_name_template: "daily_spend_checks", write_disposition: "WRITE_APPEND" },
      },
      o({ dependsOn: grants }),
    );
  }
}
