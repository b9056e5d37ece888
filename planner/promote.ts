import { type Commitment, commitmentsOutliving } from "./commitments";
import { Scalar, isAlias, isMap, isNode, isScalar, parseDocument } from "yaml";
import { type Stage, stages } from "../components/config/schema";
import { laterStageSections } from "../components/config/stage-sections";
import { type CallerDiff, callerChanges, callerView } from "./callers";
import { costOfPlan } from "./cost";
import { type PlanDiff, diffPlans, statefulLosses } from "./diff";
import { type PlanError, type PlanOptions, type PlanOutcome, exitCodes, planStack } from "./plan";
import type { Violation } from "./policy";
import { type StackFile, projectName } from "./stack-file";

/** The `--json` document of a promotion. */
export interface PromoteResult {
  stack: string;
  from: string | null;
  to: string;
  added: PlanDiff["added"];
  changed: PlanDiff["changed"];
  replaced: PlanDiff["replaced"];
  deleted: PlanDiff["deleted"];
  /** Stateful resources the promotion would delete or replace; any of them fails it (exit 3). */
  stateful: ReturnType<typeof statefulLosses>;
  /** Policy violations of the promoted stack. */
  policy: { violations: Violation[] };
  /** Config errors of either plan (the target stage may require settings the stack lacks). */
  errors: PlanError[];
  /**
   * Sections the stack file holds for the target stage that its own stage does not build (a
   * cluster prepared at growth, say): set aside for the plan at the current stage, where the
   * parser would refuse them.
   */
  prepared?: string[];
  /** What callers of the API see before → after (URL, auth header, key kind, limits, streaming, routes), with migration steps. */
  callers?: CallerDiff;
  /** Monthly cost of each plan (the cost model `npm run plan` prints), in USD. */
  cost?: { before: MonthlyCost; after: MonthlyCost; deltaMonthlyUsd: number };
  /** Capacity bought for a term the change buys, removes or replaces: a cost that outlives it. */
  commitments?: Commitment[];
}

export interface MonthlyCost {
  totalMonthlyUsd: number;
  fixedMonthlyUsd: number;
  usageMonthlyUsd: number;
  llmMonthlyUsd: number;
  /** False when the stack file states no traffic profile: fixed costs at rest only. */
  traffic: boolean;
}

export interface PromoteOutcome {
  result: PromoteResult;
  exitCode: number;
  from?: PlanOutcome;
  to?: PlanOutcome;
}

const stageKey = `${projectName}:stage`;

/** The same stack config with only the stage changed. */
export function withStage(file: StackFile, stage: string): StackFile {
  return { ...file, config: { ...file.config, [stageKey]: stage } };
}

/** `value` written in the same style as the scalar it replaces: plain, single- or double-quoted. */
function stageScalar(value: string, style: unknown): string {
  if (style === Scalar.QUOTE_SINGLE) return `'${value.replace(/'/g, "''")}'`;
  // Plain only when it reads back as the same string (not `true`, `null`, `1.0`).
  const read = parseDocument(value).contents;
  const plain = /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(value) && isScalar(read) && read.value === value;
  // A double-quoted JSON string is a valid YAML double-quoted scalar.
  return style === Scalar.QUOTE_DOUBLE || !plain ? JSON.stringify(value) : value;
}

/**
 * Set the stage in a stack file's text. Only the stage value's characters change (or one line is
 * added at the end of `config:` when the file has no stage): comments, spacing, key order, flow
 * lists, anchors and `secure:` values stay byte for byte. Files whose layout leaves no safe place
 * for a textual edit (a flow-style `config`, an empty stage value, a block scalar) go through the
 * YAML Document API instead.
 */
export function setStageInYaml(text: string, stage: string): string {
  const doc = parseDocument(text, { merge: true });
  const config = doc.get("config", true);
  const pairOf = (k: string) => (isMap(config) ? config.items.find((p) => isScalar(p.key) && p.key.value === k) : undefined);
  const pair = pairOf(stageKey) ?? pairOf("stage");
  if (doc.errors.length === 0 && isMap(config) && !config.flow) {
    const value = pair?.value;
    if (pair && (isScalar(value) || isAlias(value)) && value.range) {
      const [start, end] = value.range;
      const style = isScalar(value) ? value.type : Scalar.PLAIN;
      const blockScalar = style === Scalar.BLOCK_LITERAL || style === Scalar.BLOCK_FOLDED;
      if (end > start && !blockScalar) return text.slice(0, start) + stageScalar(stage, style) + text.slice(end);
    }
    const last = config.items[config.items.length - 1];
    const firstKey = config.items[0]?.key;
    if (!pair && last && isNode(firstKey) && firstKey.range) {
      const lastNode = isNode(last.value) ? last.value : isNode(last.key) ? last.key : null;
      if (lastNode?.range) {
        const lineStart = text.lastIndexOf("\n", firstKey.range[0] - 1) + 1;
        const indent = text.slice(lineStart, firstKey.range[0]);
        if (/^ *$/.test(indent)) {
          // After the line the last setting ends on (its value's end, trailing comment included).
          let at = lastNode.range[2];
          if (at > 0 && text[at - 1] !== "\n") {
            const nl = text.indexOf("\n", at);
            at = nl === -1 ? text.length : nl + 1;
          }
          const before = text.slice(0, at);
          const sep = before.length > 0 && !before.endsWith("\n") ? "\n" : "";
          return `${before}${sep}${indent}${stageKey}: ${stageScalar(stage, Scalar.PLAIN)}\n${text.slice(at)}`;
        }
      }
    }
  }
  doc.setIn(["config", pair && isScalar(pair.key) ? String(pair.key.value) : stageKey], stage);
  return doc.toString({ lineWidth: 0 });
}

/**
 * Plan the stack at its own stage and at `to`, and diff the two. Both plans run in this process
 * one after the other: each installs a fresh mock monitor, and the program keeps no state between
 * runs (a test guards that).
 */
export async function promoteStack(file: StackFile, to: string, opts: PlanOptions = {}): Promise<PromoteOutcome> {
  const current = typeof file.config[stageKey] === "string" ? (file.config[stageKey] as string) : null;
  const result: PromoteResult = {
    stack: file.stack,
    from: current,
    to,
    added: [],
    changed: [],
    replaced: [],
    deleted: [],
    stateful: [],
    policy: { violations: [] },
    errors: [],
  };
  const order = stages as readonly string[];
  if (!order.includes(to)) {
    result.errors.push({ path: "--to", message: `must be one of ${stages.join(", ")}` });
    return { result, exitCode: exitCodes.invalidConfig };
  }
  if (current !== null && order.includes(current) && order.indexOf(to) <= order.indexOf(current)) {
    result.errors.push({ path: "--to", message: `must be a later stage than ${current} (${stages.join(" → ")}); promotion only goes up` });
    return { result, exitCode: exitCodes.invalidConfig };
  }

  // A section prepared for the target stage is refused at the current one: plan without it there.
  const cloud = file.config[`${projectName}:cloud`];
  const prepared =
    current !== null && order.includes(current) && (cloud === "aws" || cloud === "gcp")
      ? laterStageSections(current as Stage, cloud).filter((s) => `${projectName}:${s}` in file.config)
      : [];
  if (prepared.length > 0) result.prepared = prepared;
  const currentFile = prepared.length > 0 ? { ...file, config: Object.fromEntries(Object.entries(file.config).filter(([k]) => !prepared.some((s) => k === `${projectName}:${s}`))) } : file;
  const from = await planStack(currentFile, opts);
  if (from.exitCode === exitCodes.invalidConfig || from.exitCode === exitCodes.programError) {
    result.errors.push(...from.result.errors);
    return { result, exitCode: from.exitCode, from };
  }
  const target = await planStack(withStage(file, to as Stage), opts);
  if (target.exitCode === exitCodes.invalidConfig || target.exitCode === exitCodes.programError) {
    // Settings a later stage requires (a cluster at scale) are the stack's to add before promoting.
    result.errors.push(...target.result.errors.map((e) => ({ path: e.path, message: `${e.message} (at stage ${to})` })));
    return { result, exitCode: target.exitCode, from, to: target };
  }

  const providersOf = (o: PlanOutcome) => new Map([...(o.details ?? new Map())].flatMap(([urn, d]) => (d.provider ? [[urn, d.provider] as [string, string]] : [])));
  const diff = diffPlans(from.result.resources, target.result.resources, { providers: { from: providersOf(from), to: providersOf(target) } });
  Object.assign(result, diff);
  result.stateful = statefulLosses(diff);
  const commitments = commitmentsOutliving(from.result.resources, target.result.resources);
  if (commitments.length > 0) result.commitments = commitments;
  result.policy.violations = target.result.policy.violations;
  const before = callerView(from);
  const after = callerView(target);
  if (before && after) result.callers = { before, after, changes: callerChanges(file.stack, before, after) };
  if (from.spec && target.spec) {
    const money = (f: StackFile, o: PlanOutcome): MonthlyCost => {
      const c = costOfPlan(f, o.spec!, o.result.resources);
      return { totalMonthlyUsd: c.totalMonthlyUsd, fixedMonthlyUsd: c.fixedMonthlyUsd, usageMonthlyUsd: c.usageMonthlyUsd, llmMonthlyUsd: c.llmMonthlyUsd, traffic: c.traffic !== null };
    };
    const b = money(currentFile, from);
    const a = money(file, target);
    result.cost = { before: b, after: a, deltaMonthlyUsd: Math.round((a.totalMonthlyUsd - b.totalMonthlyUsd) * 100) / 100 };
  }
  const exitCode =
    result.stateful.length > 0 ? exitCodes.statefulChange : target.exitCode === exitCodes.policy ? exitCodes.policy : exitCodes.ok;
  return { result, exitCode, from, to: target };
}
