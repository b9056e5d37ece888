/**
 * Prompt A/B from the gateway's request log: one row per template variant (and version), read
 * from the lines LiteLLM's S3 logger writes (its StandardLoggingPayload), where the kit's prompt
 * hook names the template, variant and version in `metadata.spend_logs_metadata`.
 *
 * Sample size: how many requests per variant answered by the model (not the cache) it takes for
 * the difference in mean input tokens per request against the control to be trusted. Method: a
 * two-sample comparison of means, normal approximation with each variant's own sample variance
 * (Welch), two-sided significance 0.05 and power 0.8:
 *   n = (z(0.975) + z(0.8))² · (s_control² + s_variant²) / (mean_variant − mean_control)²,
 * rounded up and at least 2 (a variance needs two values).
 */

/** z(0.975) + z(0.8), the normal quantiles of a two-sided 0.05 test with power 0.8. */
export const Z_ALPHA = 1.959963984540054;
export const Z_POWER = 0.8416212335729143;

export interface LogLine {
  status?: string;
  cache_hit?: boolean | null;
  prompt_tokens?: number;
  completion_tokens?: number;
  response_cost?: number;
  startTime?: number;
  endTime?: number;
  metadata?: { spend_logs_metadata?: Record<string, unknown> | null } | null;
}

export interface VariantRow {
  template: string;
  version: number;
  variant: string;
  control: boolean;
  requests: number;
  errors: number;
  errorRate: number;
  cacheHits: number;
  cacheHitRate: number;
  /** Requests the model answered (successes that were not cache hits): what tokens are paid on. */
  modelAnswered: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** Latency of successful requests, nearest-rank percentiles, milliseconds. */
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  meanInputTokens: number | null;
  /** 1 − mean input tokens of this variant / of the control; null for the control or without data. */
  tokenSavingVsControl: number | null;
  /** Model-answered requests per variant needed for the token difference to be trusted (see above). */
  sampleSizeNeeded: number | null;
  /** Whether both this variant and the control have that many model-answered requests. */
  trusted: boolean | null;
}

/** Nearest-rank percentile (the smallest value with at least p% of the values at or below it). */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function mean(xs: readonly number[]): number | null {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}

/** Sample variance (n − 1); 0 for fewer than two values. */
function variance(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs)!;
  return xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1);
}

/** Requests per variant for a difference of means to be trusted (method in the module comment). */
export function sampleSizeForMeans(control: readonly number[], variant: readonly number[]): number | null {
  const mc = mean(control);
  const mv = mean(variant);
  if (mc === null || mv === null || mc === mv) return null;
  const n = ((Z_ALPHA + Z_POWER) ** 2 * (variance(control) + variance(variant))) / (mv - mc) ** 2;
  return Math.max(2, Math.ceil(n));
}

interface Acc {
  template: string;
  version: number;
  variant: string;
  lines: LogLine[];
}

/**
 * The report rows, grouped by template, version and variant, in the order first seen per
 * template with the control first. `controls` names each template's control variant (the first
 * in the stack's spec); a template not in it has `control` as its control.
 */
export function promptAbReport(lines: readonly LogLine[], controls: Readonly<Record<string, string>> = {}): VariantRow[] {
  const groups = new Map<string, Acc>();
  for (const line of lines) {
    const m = line.metadata?.spend_logs_metadata;
    if (!m || typeof m.prompt_template !== "string" || typeof m.prompt_variant !== "string") continue;
    const version = Number(m.prompt_version);
    const key = `${m.prompt_template}\u0000${version}\u0000${m.prompt_variant}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { template: m.prompt_template, version, variant: m.prompt_variant, lines: [] }));
    g.lines.push(line);
  }
  const answered = (g: Acc) => g.lines.filter((l) => l.status === "success" && l.cache_hit !== true);
  const inputs = (g: Acc) => answered(g).map((l) => l.prompt_tokens ?? 0);
  const controlOf = (template: string) => controls[template] ?? "control";
  const all = [...groups.values()];
  const rows = all.map((g): VariantRow => {
    const isControl = g.variant === controlOf(g.template);
    const control = all.find((c) => c.template === g.template && c.version === g.version && c.variant === controlOf(g.template));
    const ok = g.lines.filter((l) => l.status === "success");
    const errors = g.lines.length - ok.length;
    const hits = ok.filter((l) => l.cache_hit === true).length;
    const paid = answered(g);
    const latencies = ok.map((l) => ((l.endTime ?? 0) - (l.startTime ?? 0)) * 1000);
    const meanIn = mean(inputs(g));
    const meanControl = control ? mean(inputs(control)) : null;
    const sampleSizeNeeded = !isControl && control ? sampleSizeForMeans(inputs(control), inputs(g)) : null;
    return {
      template: g.template,
      version: g.version,
      variant: g.variant,
      control: isControl,
      requests: g.lines.length,
      errors,
      errorRate: errors / g.lines.length,
      cacheHits: hits,
      cacheHitRate: hits / g.lines.length,
      modelAnswered: paid.length,
      inputTokens: paid.reduce((a, l) => a + (l.prompt_tokens ?? 0), 0),
      outputTokens: paid.reduce((a, l) => a + (l.completion_tokens ?? 0), 0),
      costUsd: g.lines.reduce((a, l) => a + (l.response_cost ?? 0), 0),
      latencyP50Ms: percentile(latencies, 50),
      latencyP95Ms: percentile(latencies, 95),
      meanInputTokens: meanIn,
      tokenSavingVsControl: !isControl && meanIn !== null && meanControl ? 1 - meanIn / meanControl : null,
      sampleSizeNeeded,
      trusted: sampleSizeNeeded === null || !control ? null : paid.length >= sampleSizeNeeded && answered(control).length >= sampleSizeNeeded,
    };
  });
  return rows.sort((a, b) => a.template.localeCompare(b.template) || a.version - b.version || Number(b.control) - Number(a.control));
}
