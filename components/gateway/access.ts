import { type Stack, hasKeys } from "../config/model";

/**
 * What LiteLLM's keys, budgets and alerts need from the proxy config, read in the pinned release (`litellmVersion`, versions.ts).
 *
 * - Keys, teams and tags live in the keys database (`databaseEnv`); their rpm/tpm limits and
 *   budgets are checked by LiteLLM's auth on every request (litellm/proxy/auth/auth_checks.py:
 *   key, team and tag `max_budget`, `BudgetExceededError` -> HTTP 422 "Budget has been exceeded!", `litellm.budget_exceeded_status_code`).
 * - Spend per key, team and tag is written to their tables and to the daily aggregate tables
 *   (`LiteLLM_DailyTeamSpend`, `LiteLLM_DailyTagSpend`, ...) whether or not per-request spend logs
 *   are kept (litellm/proxy/db/db_spend_update_writer.py `_batch_database_updates`), so
 *   `disable_spend_logs: true` stays: one row per request in Postgres would duplicate the durable
 *   request log the stack already keeps in its bucket, and grow the database without bound.
 * - Alerts: LiteLLM's open-source alerting posts budget events (`soft_budget_crossed` at the
 *   soft budget, `threshold_crossed` at 85% and 95%, `budget_crossed` at the limit) for keys and
 *   teams to the URL in the `WEBHOOK_URL` variable (slack_alerting.py `send_webhook_alert`; the
 *   name is LiteLLM's own). Tag budgets are enforced but raise no alert in this version. E-mail
 *   alerts come from the `litellm_enterprise` package (proprietary licence), which the kit does
 *   not use: e-mails get the cloud budgets' alerts (infrastructure spend) only.
 */
export const accessEnv = {
  /** The stack's `budget.notify.webhookUrl`; the adapter sets it, the config never holds it. */
  webhookUrl: "WEBHOOK_URL",
} as const;

/** The `general_settings` entries of spend tracking, budgets and alerts. */
export function accessGeneralSettings(stack: Stack): Record<string, unknown> {
  const settings: Record<string, unknown> = { disable_spend_logs: true };
  if (!hasKeys(stack)) return settings;
  // A request whose key cannot be checked (database down) is refused, never let through
  // unchecked: a budget the gateway cannot read is not enforced otherwise.
  settings.allow_requests_on_db_unavailable = false;
  if (stack.budget?.notify.webhookUrl) {
    settings.alerting = ["webhook"];
    settings.alert_types = ["budget_alerts"];
  }
  return settings;
}

/** The plain variables the gateway container needs for access control (set by the cloud adapter). */
export function accessContainerEnv(stack: Stack): Record<string, string> {
  const webhookUrl = stack.budget?.notify.webhookUrl;
  return hasKeys(stack) && webhookUrl ? { [accessEnv.webhookUrl]: webhookUrl } : {};
}

/**
 * The request tag of a feature of `budget.features`: `feature:<name>`, the tag the usage views
 * already attribute cost by (`metadata.tags` in the body or the `x-litellm-tags` header). Its
 * LiteLLM tag carries the feature's monthly budget.
 */
export function featureTag(feature: string): string {
  return `feature:${feature}`;
}
