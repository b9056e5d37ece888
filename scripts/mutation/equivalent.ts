// Surviving mutants that no test can detect because the mutated code behaves the same, each with
// why. `npm run mutate:report` marks them in its list; docs/testing.md explains the rule. A mutant
// is listed here only when no input tells the two versions apart.
import type { Equivalent } from "./scope";

export const equivalents: Equivalent[] = [
  // planner/diff.ts
  { at: "planner/diff.ts:296:9 ConditionalExpression", why: "with unchanged default tags every resource's merged tags are unchanged too, so the loop adds nothing" },
  { at: "planner/diff.ts:316:7 CallExpression", why: "a resource has one provider, so no later provider's loop looks its entry up again" },
  // worker/export.ts
  { at: "worker/export.ts:44:65 MethodExpression", why: "tags are only compared with the config's strings, which a non-string never equals" },
  { at: "worker/export.ts:44:94 ConditionalExpression", why: "tags are only compared with the config's strings, which a non-string never equals" },
  { at: "worker/export.ts:44:119 ArrayDeclaration", why: "a non-list of tags becomes one placeholder tag, which only a tag filter naming Stryker's placeholder text would match" },
  { at: "worker/export.ts:56:35 ConditionalExpression", why: "an empty answer is dropped by the caller's `!answer` all the same" },
  { at: "worker/export.ts:56:35 EqualityOperator", why: "an empty answer is dropped by the caller's `!answer` all the same" },
];
