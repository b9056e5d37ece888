/**
 * Google Cloud label rules, for the spec's tag check (written on the AWS side because the generic
 * tag check needs them; the GCP facts proper are in the other `facts/gcp*.ts` files).
 * Source: https://cloud.google.com/resource-manager/docs/labels-overview#requirements (read
 * 2026-11-30): at most 64 labels per resource; keys 1–63 characters, values 0–63; lower-case
 * letters, digits, `_` and `-` (international lower-case letters allowed); keys start with a
 * lower-case letter.
 */
export const gcpLabelRules = {
  maxLabelsPerResource: 64,
  maxKeyLength: 63,
  maxValueLength: 63,
  key: /^\p{Ll}[\p{Ll}\p{Lo}\p{N}_-]*$/u,
  value: /^[\p{Ll}\p{Lo}\p{N}_-]*$/u,
  allowedDescription: "lower-case letters, digits, _ and - (keys start with a lower-case letter), at most 63 characters",
} as const;
