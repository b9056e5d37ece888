import { resourcePolicy } from "../lib/define";
import { label, str } from "../lib/resources";

/**
 * SQS queues (jobs and dead letters carry prompts) declare encryption at rest: SQS-managed SSE or a
 * KMS key. SQS endpoints are HTTPS; Pub/Sub always encrypts at rest and in transit, so it has
 * nothing to check here (its residency is checked by the residency pack).
 *
 * Severity: high. Enforcement: mandatory.
 * Rationale: a queue is a data store for as long as its retention period.
 * Checkov: CKV_AWS_27. tfsec: aws-sqs-enable-queue-encryption.
 */
export const queueEncrypted = resourcePolicy("guardrails", {
  name: "queue-encrypted",
  description: "Queues encrypt messages at rest.",
  enforcementLevel: "mandatory",
  severity: "high",
  mappings: ["CKV_AWS_27", "tfsec:aws-sqs-enable-queue-encryption"],
  validate: (r, _s, report) => {
    if (r.type !== "aws:sqs/queue:Queue") return;
    if (str(r.props.kmsMasterKeyId)) return;
    if (r.props.sqsManagedSseEnabled === true || r.props.sqsManagedSseEnabled === "true") return;
    report(`${label(r)} does not declare encryption at rest (set sqsManagedSseEnabled: true or kmsMasterKeyId)`);
  },
});
