import type { StackConfig } from "../schema";

/**
 * The merged raw input a rule reads: the stack file with the stage preset under it, before the
 * schema has accepted it. Any field may be missing or of the wrong type (that is the schema's to
 * report), so a rule reads a field only when it is well-formed (`read.ts`).
 */
export type RawStack = Partial<StackConfig>;

/** What a rule may know besides the config. */
export interface RuleContext {
  /** Config keys (short, e.g. `providerKeys`) that were set as Pulumi secrets. */
  secretKeys: ReadonlySet<string>;
  /** The Pulumi project name (`Pulumi.yaml`), part of every auto-generated name. */
  project: string;
}

/** One problem: config path (after `ai-infra:`), message with the allowed values, the value given. */
export interface Issue {
  path: PropertyKey[];
  message: string;
  /** The value given; absent when the key is missing. */
  value?: unknown;
}

/**
 * A relational rule of a stack config: fields that are each well-formed but do not fit together,
 * or that the cloud would refuse. One rule per file in this directory, composed in `index.ts`.
 */
export interface Rule {
  /** The rule's file name without `.ts`. */
  id: string;
  /** What it checks, one line. */
  doc: string;
  check(c: RawStack, ctx: RuleContext): Issue[];
}
