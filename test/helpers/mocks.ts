/**
 * The planner's mock runtime, for component tests that want what `npm run plan` sees: realistic
 * fake outputs (`planner/fakes.ts`), every registration captured with parent, provider and
 * inputs (secrets as `SecretValue`), invokes limited to `invokeTable`, `Resource.get` refused.
 *
 *   const mocks = await installMocks({ stack: "t", defaults: { awsRegion: "eu-west-1" } });
 *   const { MyComponent } = await import("../../components/...");   // after the mocks
 *   new MyComponent(...);
 *   await settle(mocks);
 *   const { resources } = toPlanned(mocks.resources, { aws: "eu-west-1" }, []);
 *
 * Or plan a whole program against a stack file: `planStack(file, { program })` (`planner/plan.ts`).
 */
export { PlanMocks, UnmockedInvokeError, awaitOutput, installMocks, invokeTable, settle } from "../../planner/mocks";
export { SecretValue, redact, resolveRegions, toPlanned } from "../../planner/capture";
export { planStack } from "../../planner/plan";
