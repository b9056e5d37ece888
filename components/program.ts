import * as pulumi from "@pulumi/pulumi";
import { readStack } from "./config/config";
import { SpecValidationError } from "./config/validate";
import { AiPlatform, platformOutputs } from "./platform/platform";

/**
 * The kit's Pulumi program: parse the stack config once, build the platform, return the stack
 * outputs. `index.ts` runs it under the real engine; the offline planner runs the same function
 * under the mock runtime.
 */
export function program() {
  let stack;
  try {
    stack = readStack();
  } catch (e) {
    // A RunError is reported without a stack trace: the message already lists every problem.
    if (e instanceof SpecValidationError) throw new pulumi.RunError(e.message);
    throw e;
  }
  const platform = new AiPlatform(stack.project, { stack });
  return platformOutputs(stack, platform);
}
