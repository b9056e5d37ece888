import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import { gcpLabels } from "../platform/tags";
import type { BudgetConfig } from "../config/model";
import { moneyUnitsNanos } from "../config/numbers";
import { HealthAlerts, type HealthAlertsArgs } from "./alerts";
import { renamedFrom } from "../platform/renames";
import { shortHash } from "./names";

/** One threshold rule per configured percentage: actual spend, then forecast spend. */
export function thresholdRules(budget: Pick<BudgetConfig, "actualThresholds" | "forecastThresholds">): gcp.types.input.billing.BudgetThresholdRule[] {
  const rule = (percent: number, spendBasis: "CURRENT_SPEND" | "FORECASTED_SPEND") => ({ thresholdPercent: percent / 100, spendBasis });
  return [
    ...[...new Set(budget.actualThresholds)].sort((a, b) => a - b).map((p) => rule(p, "CURRENT_SPEND")),
    ...[...new Set(budget.forecastThresholds)].sort((a, b) => a - b).map((p) => rule(p, "FORECASTED_SPEND")),
  ];
}

/** Whole dollars and nanos, as the Budget API wants money (`moneyUnitsNanos`: no exponent, nanos below 1e9). */
export function budgetAmount(usd: number): gcp.types.input.billing.BudgetAmount {
  return { specifiedAmount: { currencyCode: "USD", ...moneyUnitsNanos(usd) } };
}

/** The text the spend check's `ERROR()` raises (see `spendCheckQuery`); the alert matches only it. */
export const spendExceededText = "ai-infra daily AI spend exceeded";

/**
 * Cloud Logging filter matching a spend check that failed because spend was above its share. A
 * run can also fail for other reasons — on a new stack the request log bucket has no objects yet
 * and BigQuery cannot read the external table — which is not spend and must not page anyone; the
 * bare string term matches the message in any field of the entry.
 */
export function spendAlertFilter(configIds: string[]): string {
  const ids = configIds.map((id) => `"${id}"`).join(" OR ");
  return `resource.type="bigquery_dts_config" AND severity>=ERROR AND resource.labels.config_id=(${ids}) AND "${spendExceededText}"`;
}

/**
 * The stack's budget and alerts. The budget is created only with a `billingAccount`; the spend
 * alert only with `spendCheckConfigIds`; health policies per entry of `health`.
 */
/** The policy alerting on a failed daily spend check (see `spendAlertFilter`). */
export function spendAlertPolicyArgs(stackName: string, spendCheckConfigIds: pulumi.Input<string>[], channels: pulumi.Input<string>[]): gcp.monitoring.AlertPolicyArgs {
  return {
    displayName: `ai-infra ${stackName}: daily AI spend above its share of the budget`,
    combiner: "OR",
    conditions: [
      {
        displayName: "A daily spend check failed (spend above monthly budget / 30, or a feature above its share)",
        conditionMatchedLog: { filter: pulumi.all(spendCheckConfigIds).apply(spendAlertFilter) },
      },
    ],
    alertStrategy: { notificationRateLimit: { period: "3600s" }, autoClose: "86400s" },
    notificationChannels: channels,
    documentation: {
      mimeType: "text/markdown",
      content: "Yesterday's LLM spend (from the request log, BigQuery view `daily_usage_by_model` / `daily_cost_by_feature`) exceeded its daily share. The failed scheduled query's error names the scope and amount.",
    },
  };
}

export interface BudgetAlertsArgs {
  /** The project the channels and policies live in, and the quota project of the Budget API calls. */
  gcpProject: string;
  /** Region of the component's own provider (the primary region). */
  region: string;
  /** The Pulumi stack name, in display names. */
  stackName: string;
  budget: BudgetConfig;
  tags: Record<string, string>;
  /** The billing account the budget is created in (`ai-infra:gcpBillingAccount`): budgets live on a billing account, not in a project. */
  billingAccount?: string;
  /** Transfer config ids of the regions' daily spend checks (see `UsageAnalytics`). */
  spendCheckConfigIds: pulumi.Output<string>[];
  /** The enabled APIs (the primary region's `ProjectServices`, which enables the Budget API). */
  servicesReady?: pulumi.Resource[];
  /** Per region, what its health alert policies watch (see `HealthAlerts`). */
  health?: Omit<HealthAlertsArgs, "channels">[];
}

/**
 * Stack-wide cost controls. The billing budget is for infrastructure spend: it watches what Google
 * bills for the stack's own resources (filtered by the `stack` label every resource carries), with
 * alerts at each actual and forecast threshold. Per-feature budgets are not billing budgets: no
 * resource carries a feature label (a feature is a request tag), so such a budget would read $0
 * forever; feature spend is tracked per request and enforced by LiteLLM (virtual keys, teams and
 * budgets in the keys database), and the daily spend check below alerts on it. Hosted LLM
 * providers (OpenAI, Anthropic) bill elsewhere: their spend is known only from the request log,
 * so the regions' daily spend checks compare it with the budget's daily share and this
 * component alerts on a failed check. Each region's request path gets health alert policies
 * (`HealthAlerts`; Cloud Monitoring is project-wide, so every region's, unlike AWS where only the
 * primary region's alarms exist). All alerts go to one e-mail channel per address and an
 * optional webhook.
 */
export class BudgetAlerts extends pulumi.ComponentResource {
  readonly channels: gcp.monitoring.NotificationChannel[];
  readonly budgets: gcp.billing.Budget[];
  readonly spendAlert?: gcp.monitoring.AlertPolicy;
  /** The notification channel ids every alert goes to; absent without any e-mail or webhook. */
  readonly channelIds?: pulumi.Output<string[]>;

  constructor(name: string, args: BudgetAlertsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("ai-infra:gcp:BudgetAlerts", name, {}, renamedFrom("ai-infra:gcp:Budgets", opts));
    const { budget, stackName } = args;
    const labels = gcpLabels(args.tags);
    // Project-wide resources still get an explicit provider, in the primary region.
    // The Budget API is called on a billing account, not a project: with user credentials (gcloud
    // application-default login) Google needs a quota project to bill the call to, or it refuses
    // it. `userProjectOverride` + `billingProject` send the stack's project as that quota project
    // (https://cloud.google.com/billing/docs/how-to/budget-api-overview; the caller needs
    // `serviceusage.services.use` on it, which Owner and Editor have).
    const provider = new gcp.Provider(
      `${name}-provider`,
      { project: args.gcpProject, region: args.region, defaultLabels: labels, userProjectOverride: true, billingProject: args.gcpProject },
      { parent: this },
    );
    const o = (extra: pulumi.CustomResourceOptions = {}) => ({ ...extra, parent: this, provider });
    // A budget created before `billingbudgets.googleapis.com` is enabled fails with SERVICE_DISABLED.
    const afterApis = (extra: pulumi.CustomResourceOptions = {}) => o({ ...extra, dependsOn: args.servicesReady ?? [] });

    this.channels = budget.notify.emails.map(
      (email) =>
        new gcp.monitoring.NotificationChannel(
          `${name}-email-${shortHash(email.toLowerCase(), 8)}`,
          { type: "email", displayName: `ai-infra ${stackName}: ${email}`, labels: { email_address: email } },
          o(),
        ),
    );
    if (budget.notify.webhookUrl) {
      this.channels.push(
        new gcp.monitoring.NotificationChannel(
          `${name}-webhook`,
          { type: "webhook_tokenauth", displayName: `ai-infra ${stackName}: webhook`, labels: { url: budget.notify.webhookUrl } },
          o(),
        ),
      );
    }
    const channelIds = this.channels.map((c) => c.id);
    const notify = { monitoringNotificationChannels: channelIds, disableDefaultIamRecipients: channelIds.length > 0 };

    this.budgets = [];
    if (args.billingAccount) {
      const rules = thresholdRules(budget);
      this.budgets.push(
        new gcp.billing.Budget(
          `${name}-budget`,
          {
            billingAccount: args.billingAccount,
            // Infrastructure spend only: LLM provider spend is not on the Google bill (see above).
            displayName: `ai-infra ${stackName} infrastructure`.slice(0, 60),
            amount: budgetAmount(budget.monthlyUsd),
            budgetFilter: { labels: { stack: labels.stack! }, calendarPeriod: "MONTH", creditTypesTreatment: "INCLUDE_ALL_CREDITS" },
            thresholdRules: rules,
            allUpdatesRule: notify,
          },
          afterApis(),
        ),
      );
    }

    if (args.spendCheckConfigIds.length > 0) {
      this.spendAlert = new gcp.monitoring.AlertPolicy(`${name}-daily-spend`, spendAlertPolicyArgs(stackName, args.spendCheckConfigIds, channelIds), o());
    }
    for (const target of args.health ?? []) {
      new HealthAlerts(`${name}-health-${target.region}`, { ...target, channels: channelIds }, { parent: this, provider });
    }
    if (channelIds.length > 0) this.channelIds = pulumi.all(channelIds);
    this.registerOutputs({ channels: channelIds, budgets: this.budgets.map((b) => b.name) });
  }
}
