// Surviving mutants that no test can detect because the mutated code behaves the same, each with
// why. `npm run mutate:report` marks them in its list; docs/testing.md explains the rule. A mutant
// is listed here only when no input tells the two versions apart.
import type { Equivalent } from "./scope";

export const equivalents: Equivalent[] = [
  // components/cost
  { at: "components/cost/advice.ts:34:47 EqualityOperator", why: "for two equal stages either one is returned, and they are the same value" },
  { at: "components/cost/advice.ts:44:16 MethodExpression", why: "no caller passes `exclude`, so the filter keeps every model" },
  { at: "components/cost/advice.ts:44:37 ConditionalExpression", why: "no caller passes `exclude`, so the filter keeps every model" },
  { at: "components/cost/advice.ts:45:7 ConditionalExpression", why: "the only caller returns earlier when the stack has no model" },
  { at: "components/cost/advice.ts:113:9 ConditionalExpression", why: "every first shape of the GPU table has a machine price (rates.ts), so no offer is skipped" },
  { at: "components/cost/advice.ts:116:10 MethodExpression", why: "the GPU table lists each region's offers cheapest first, so the first is the cheapest unsorted too" },
  { at: "components/cost/advice.ts:116:23 ArrowFunction", why: "the GPU table lists each region's offers cheapest first, so the first is the cheapest unsorted too" },
  { at: "components/cost/advice.ts:116:33 ArithmeticOperator", why: "the GPU table lists each region's offers cheapest first, so the first is the cheapest unsorted too" },
  { at: "components/cost/audit.ts:10:45 StringLiteral", why: "a missing date fails the date pattern whatever the placeholder" },
  { at: "components/cost/llm.ts:161:44 ArrayDeclaration", why: "a placeholder entry has no tier, so no self-hosted small model is found either way" },
  { at: "components/cost/model.ts:62:40 ArrayDeclaration", why: "a placeholder pool has no name any self-hosted model's pool equals, so it is skipped" },
  { at: "components/cost/model.ts:63:41 ArrayDeclaration", why: "a placeholder model has no pool, so no pool counts it" },
  { at: "components/cost/model.ts:81:24 ConditionalExpression", why: "an unlabelled pool looks up no GPU nodes (`get(undefined)`), which counts as 0 as before" },
  // components/gateway
  { at: "components/gateway/adapters.ts:14:39 ArrayDeclaration", why: "a placeholder self-hosted entry has no name, so no adapter finds a base in it" },
  { at: "components/gateway/adapters.ts:43:39 ArrayDeclaration", why: "a placeholder self-hosted entry has no name, so no adapter finds a base in it" },
  { at: "components/gateway/overflow.ts:67:39 ArrayDeclaration", why: "a placeholder self-hosted entry has no overflow, so it adds no entry" },
  { at: "components/gateway/overflow.ts:90:39 ArrayDeclaration", why: "a placeholder self-hosted entry has no overflow, so it adds no retry policy or fallback" },
  { at: "components/gateway/render.ts:54:72 StringLiteral", why: "only the value `gcs` is tested, so any other default means S3" },
  { at: "components/gateway/render.ts:152:20 LogicalOperator", why: "`Number.isFinite` is false for every value that is not a number" },
  { at: "components/gateway/render.ts:152:20 ConditionalExpression", why: "`Number.isFinite` is false for every value that is not a number" },
  // planner/diff.ts
  { at: "planner/diff.ts:180:11 BlockStatement", why: "an empty catch block falls through to the end of the function, which returns undefined as well" },
  { at: "planner/diff.ts:219:77 ArrayDeclaration", why: "a placeholder exception matches only an input path spelled like Stryker's placeholder text" },
  { at: "planner/diff.ts:241:34 ConditionalExpression", why: "`jsonIn` returns undefined for a value that is not a string, so `?? v` gives the value back either way" },
  { at: "planner/diff.ts:296:9 ConditionalExpression", why: "with unchanged default tags every resource's merged tags are unchanged too, so the loop adds nothing" },
  { at: "planner/diff.ts:316:7 CallExpression", why: "a resource has one provider, so no later provider's loop looks its entry up again" },
  // worker/export.ts
  { at: "worker/export.ts:44:65 MethodExpression", why: "tags are only compared with the config's strings, which a non-string never equals" },
  { at: "worker/export.ts:44:94 ConditionalExpression", why: "tags are only compared with the config's strings, which a non-string never equals" },
  { at: "worker/export.ts:44:119 ArrayDeclaration", why: "a non-list of tags becomes one placeholder tag, which only a tag filter naming Stryker's placeholder text would match" },
  { at: "worker/export.ts:56:35 ConditionalExpression", why: "an empty answer is dropped by the caller's `!answer` all the same" },
  { at: "worker/export.ts:56:35 EqualityOperator", why: "an empty answer is dropped by the caller's `!answer` all the same" },
];
