import { stackPolicy } from "../lib/define";
import { arr, label, obj, ofType, str } from "../lib/resources";

/**
 * From the growth stage on, the stack defines at least one budget, and every budget alerts
 * someone: an AWS budget has a notification with an e-mail or SNS subscriber; a GCP billing budget
 * has threshold rules and a recipient (default billing recipients not disabled, a notification
 * channel or a Pub/Sub topic).
 *
 * Severity: medium. Enforcement: mandatory at growth and later (the config's `requireBudgets`).
 * Rationale: at growth the provider bill becomes a line item; a budget without an alert is a
 * report nobody reads.
 * Checkov / tfsec / CIS: none (CIS AWS asks for billing alarms only in older versions).
 */
export const budgetsPresent = stackPolicy("guardrails", {
  name: "budgets-present",
  description: "Stacks from growth on define a budget that alerts.",
  enforcementLevel: "mandatory",
  severity: "medium",
  mappings: [],
  validate: (resources, s, report) => {
    if (!s.requireBudgets) return;
    const aws = ofType(resources, "aws:budgets/budget:Budget");
    const gcp = ofType(resources, "gcp:billing/budget:Budget");
    if (aws.length + gcp.length === 0) {
      report(`the stack has no budget (aws:budgets/budget:Budget or gcp:billing/budget:Budget); budgets with alerts are required from the growth stage on (stack stage: ${s.stage})`);
      return;
    }
    for (const b of aws) {
      const alerts = arr(b.props.notifications).some((n) => arr(obj(n).subscriberEmailAddresses).length + arr(obj(n).subscriberSnsTopicArns).length > 0);
      if (!alerts) report(`${label(b)} sends no alert (no notification with an e-mail or SNS subscriber)`, b.urn);
    }
    for (const b of gcp) {
      const rule = obj(b.props.allUpdatesRule);
      const recipients = rule.disableDefaultIamRecipients !== true || arr(rule.monitoringNotificationChannels).length > 0 || str(rule.pubsubTopic) !== undefined;
      if (arr(b.props.thresholdRules).length === 0 || !recipients) {
        report(`${label(b)} sends no alert (needs thresholdRules and a recipient: default IAM recipients, notification channels or a Pub/Sub topic)`, b.urn);
      }
    }
  },
});
