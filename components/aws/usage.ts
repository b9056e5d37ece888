import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { TrafficConfig } from "../config/model";
import { logPrefixes } from "./bucket";
import { type NameScope, sqlName } from "./names";

/**
 * Columns read from LiteLLM's standard logging payload, one JSON object per request. Only the
 * fields the usage queries need are mapped; the JSON SerDe ignores the rest (messages and
 * responses stay in the objects, out of the table).
 */
export function requestLogColumns(): { name: string; type: string; comment: string }[] {
  return [
    { name: "id", type: "string", comment: "LiteLLM call id" },
    { name: "call_type", type: "string", comment: "completion, embedding, ..." },
    { name: "status", type: "string", comment: "success or failure" },
    { name: "model", type: "string", comment: "provider model id" },
    { name: "model_group", type: "string", comment: "model group the caller asked for" },
    { name: "model_id", type: "string", comment: "deployment id (model_info.id)" },
    { name: "custom_llm_provider", type: "string", comment: "provider kind" },
    { name: "api_base", type: "string", comment: "provider endpoint" },
    { name: "response_cost", type: "double", comment: "USD, from LiteLLM's price table or the spec's prices" },
    { name: "prompt_tokens", type: "bigint", comment: "input tokens" },
    { name: "completion_tokens", type: "bigint", comment: "output tokens" },
    { name: "total_tokens", type: "bigint", comment: "input + output tokens" },
    { name: "starttime", type: "double", comment: "epoch seconds" },
    { name: "endtime", type: "double", comment: "epoch seconds" },
    { name: "cache_hit", type: "boolean", comment: "answered from the response cache" },
    { name: "request_tags", type: "array<string>", comment: "tags sent by the caller, e.g. feature:<name>" },
    { name: "error_str", type: "string", comment: "error of a failed call" },
  ];
}

/**
 * Table parameters: partition projection over the date folders LiteLLM's S3 logger writes
 * (`requests/<yyyy-mm-dd>/...`), so no crawler and no partition maintenance are needed and a
 * query for a date range reads only those days.
 */
export function requestLogTableParameters(bucket: string): Record<string, string> {
  return {
    classification: "json",
    EXTERNAL: "TRUE",
    "projection.enabled": "true",
    "projection.dt.type": "date",
    "projection.dt.format": "yyyy-MM-dd",
    "projection.dt.range": "2024-01-01,NOW",
    "projection.dt.interval": "1",
    "projection.dt.interval.unit": "DAYS",
    "storage.location.template": `s3://${bucket}/${logPrefixes.requests}\${dt}/`,
  };
}

/** Athena SQL: requests, tokens and cost per day and model over the last 30 days. */
export function dailyUsageQuery(database: string, table: string): string {
  return [
    "SELECT dt AS day,",
    "       coalesce(model_group, model) AS model_group,",
    "       model,",
    "       count(*) AS requests,",
    "       count_if(status = 'failure') AS failures,",
    "       count_if(cache_hit) AS cache_hits,",
    "       sum(prompt_tokens) AS input_tokens,",
    "       sum(completion_tokens) AS output_tokens,",
    "       sum(total_tokens) AS total_tokens,",
    "       round(sum(response_cost), 4) AS cost_usd",
    `FROM "${database}"."${table}"`,
    "WHERE dt >= date_format(current_date - interval '30' day, '%Y-%m-%d')",
    "GROUP BY 1, 2, 3",
    "ORDER BY 1 DESC, cost_usd DESC",
  ].join("\n");
}

/**
 * Athena SQL: cost per day and feature. Callers name the feature of a request with the LiteLLM
 * request tag `feature:<name>` (`metadata.tags` in the request body); untagged requests are
 * reported as `(untagged)` so the sum still equals the bill.
 */
export function dailyFeatureCostQuery(database: string, table: string): string {
  return [
    "WITH tagged AS (",
    "  SELECT dt, response_cost, total_tokens,",
    "         coalesce(element_at(filter(request_tags, t -> t LIKE 'feature:%'), 1), 'feature:(untagged)') AS tag",
    `  FROM "${database}"."${table}"`,
    "  WHERE dt >= date_format(current_date - interval '30' day, '%Y-%m-%d')",
    ")",
    "SELECT dt AS day, substr(tag, 9) AS feature, count(*) AS requests, sum(total_tokens) AS total_tokens,",
    "       round(sum(response_cost), 4) AS cost_usd",
    "FROM tagged",
    "GROUP BY 1, 2",
    "ORDER BY 1 DESC, cost_usd DESC",
  ].join("\n");
}

/**
 * Most bytes one query may scan: about a month of request logs at the spec's traffic, at ~16 KiB
 * per logged request (prompt and answer included), within 1 GiB..1 TiB. It stops a runaway query
 * over years of logs from costing more than the month it was meant to read.
 */
export function bytesScannedCutoff(traffic: TrafficConfig): number {
  const gib = 1024 ** 3;
  const estimate = traffic.requestsPerDay * 31 * 16 * 1024;
  return Math.min(Math.max(Math.ceil(estimate / gib) * gib, gib), 1024 * gib);
}

export const dailyUsageQueryName = "daily tokens and cost per model";
export const dailyFeatureQueryName = "daily cost per feature";

export interface UsageAnalyticsArgs {
  /** Project, stack and region: the Glue database's name. */
  scope: NameScope;
  /** The traffic profile: the per-query scan limit. */
  traffic: TrafficConfig;
  logBucket: { bucket: pulumi.Input<string> };
}

/**
 * Token and cost aggregation over the request log: a Glue table over `requests/`, an Athena
 * workgroup with encrypted results and a scan limit, and the saved daily queries.
 */
export class UsageAnalytics extends pulumi.ComponentResource {
  readonly databaseName: pulumi.Output<string>;
  readonly tableName: pulumi.Output<string>;
  readonly workgroupName: pulumi.Output<string>;
  readonly dailyUsageQueryId: pulumi.Output<string>;

  constructor(name: string, args: UsageAnalyticsArgs, opts: pulumi.ComponentResourceOptions) {
    super("ai-infra:aws:UsageAnalytics", name, {}, opts);
    const o = { parent: this, provider: opts.provider };
    const { scope, traffic } = args;
    const dbName = sqlName(scope.project, scope.stack, scope.region);

    const db = new aws.glue.CatalogDatabase(`${name}-db`, { name: dbName, description: `ai-infra request log of ${scope.stack} in ${scope.region}` }, o);
    const table = new aws.glue.CatalogTable(
      `${name}-requests-table`,
      {
        name: "requests",
        databaseName: db.name,
        tableType: "EXTERNAL_TABLE",
        parameters: pulumi.output(args.logBucket.bucket).apply(requestLogTableParameters),
        partitionKeys: [{ name: "dt", type: "string", comment: "request date (UTC), yyyy-MM-dd" }],
        storageDescriptor: {
          location: pulumi.interpolate`s3://${args.logBucket.bucket}/${logPrefixes.requests}`,
          inputFormat: "org.apache.hadoop.mapred.TextInputFormat",
          outputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
          serDeInfo: {
            serializationLibrary: "org.openx.data.jsonserde.JsonSerDe",
            // LiteLLM writes camelCase keys (startTime); a stray non-JSON object must not fail a query.
            parameters: { "ignore.malformed.json": "true", "case.insensitive": "true" },
          },
          columns: requestLogColumns(),
        },
      },
      o,
    );
    const workgroup = new aws.athena.Workgroup(
      `${name}-workgroup`,
      {
        description: "ai-infra usage queries",
        // Only saved queries and history live in a workgroup; the data is in the log bucket.
        forceDestroy: true,
        configuration: {
          enforceWorkgroupConfiguration: true,
          publishCloudwatchMetricsEnabled: false,
          bytesScannedCutoffPerQuery: bytesScannedCutoff(traffic),
          resultConfiguration: {
            outputLocation: pulumi.interpolate`s3://${args.logBucket.bucket}/${logPrefixes.athena}`,
            encryptionConfiguration: { encryptionOption: "SSE_S3" },
          },
        },
      },
      o,
    );
    const daily = this.savedQueries(name, { db, table, workgroup }, o);

    this.databaseName = db.name;
    this.tableName = table.name;
    this.workgroupName = workgroup.name;
    this.dailyUsageQueryId = daily.id;
    this.registerOutputs({
      databaseName: this.databaseName,
      tableName: this.tableName,
      workgroupName: this.workgroupName,
      dailyUsageQueryId: this.dailyUsageQueryId,
    });
  }

  /** The saved daily queries: tokens and cost per model, cost per feature. */
  private savedQueries(
    name: string,
    i: { db: aws.glue.CatalogDatabase; table: aws.glue.CatalogTable; workgroup: aws.athena.Workgroup },
    o: pulumi.CustomResourceOptions,
  ): aws.athena.NamedQuery {
    const { db, table, workgroup } = i;
    const daily = new aws.athena.NamedQuery(
      `${name}-daily-usage`,
      {
        name: dailyUsageQueryName,
        description: "Requests, tokens and cost per day and model (last 30 days)",
        database: db.name,
        workgroup: workgroup.name,
        query: pulumi.all([db.name, table.name]).apply(([d, t]) => dailyUsageQuery(d, t)),
      },
      o,
    );
    new aws.athena.NamedQuery(
      `${name}-daily-feature-cost`,
      {
        name: dailyFeatureQueryName,
        description: "Cost per day and feature (request tag feature:<name>), last 30 days",
        database: db.name,
        workgroup: workgroup.name,
        query: pulumi.all([db.name, table.name]).apply(([d, t]) => dailyFeatureCostQuery(d, t)),
      },
      o,
    );
    return daily;
  }
}
