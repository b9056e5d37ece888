import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { readRawConfig } from "../../components/config/config";
import { parseStack } from "../../components/config";
import { type StackFile, encodeConfig, listStacks, loadStackFile, stacksDir } from "../../planner/stack-file";

/** Every example stack in `stacks/`. */
export const exampleStacks = listStacks();

export function exampleFile(stack: string): StackFile {
  const loaded = loadStackFile(path.join(stacksDir, `Pulumi.${stack}.yaml`), stack);
  if (!loaded.ok) throw new Error(`example stack ${stack} does not load: ${JSON.stringify(loaded.errors)}`);
  return loaded.file;
}

/**
 * The raw `ai-infra:*` settings exactly as the program reads them under the engine: the stack file
 * through the engine's string encoding into the runtime config, then the kit's own `readRawConfig`.
 */
export function rawConfigOf(file: StackFile): { raw: Record<string, unknown>; secretKeys: Set<string> } {
  pulumi.runtime.setAllConfig(encodeConfig(file.config), file.secretKeys);
  return readRawConfig();
}

export function exampleRaw(stack: string): { raw: Record<string, unknown>; secretKeys: Set<string> } {
  return rawConfigOf(exampleFile(stack));
}

export type RawConfig = Record<string, any>;

/** One broken property of a valid example stack, and the error it must give. */
export interface SpecCase {
  name: string;
  base: string;
  mutate: (r: RawConfig) => void;
  /** Every error path expected, exactly. */
  paths: string[];
  /** A part of the first error's message. */
  message: string;
}

/** Parses a copy of an example stack's config after `mutate` changed it. */
export function parseExample(stack: string, mutate: (r: RawConfig) => void = () => undefined) {
  const { raw, secretKeys } = exampleRaw(stack);
  const copy = JSON.parse(JSON.stringify(raw)) as RawConfig;
  mutate(copy);
  return parseStack(copy, { secretKeys });
}
