/**
 * LiteLLM reads its config with PyYAML, a YAML 1.1 reader. The rendered config must read back there
 * as the renderer meant it: an Azure GA api-version (`2024-10-21`) written plain is a date to
 * PyYAML, and LiteLLM then drops the deployment ("no healthy deployments"). Read with the pinned
 * LiteLLM venv's own PyYAML.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, it } from "vitest";
import { parseStack } from "../../components/config";
import { renderGatewayConfig } from "../../components/gateway/render";
import { repoRoot } from "../../planner/stack-file";
import { exampleRaw } from "../helpers/stacks";

it("an Azure api-version reads back as a string in PyYAML", () => {
  const { raw, secretKeys } = exampleRaw("prototype-aws-us-east-1");
  raw.providers = { azure: { kind: "azure", apiBase: "https://contoso-eastus.openai.azure.com", apiVersion: "2024-10-21", region: "eastus", deploymentType: "standard" } };
  raw.providerKeys = { azure: "placeholder" };
  raw.models = [{ name: "chat", provider: "azure", model: "gpt-4o-mini" }];
  const r = parseStack(raw, { project: "ai-infra", stack: "azure-yaml", secretKeys });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const text = renderGatewayConfig(r.stack);
  const python = path.join(repoRoot, ".tools/venv-litellm/bin/python");
  const read = execFileSync(python, ["-c", "import sys, yaml, json; c = yaml.safe_load(sys.stdin); p = c['model_list'][0]['litellm_params']; print(json.dumps([type(p['api_version']).__name__, str(p['api_version'])]))"], { input: text, encoding: "utf8" });
  expect(JSON.parse(read)).toEqual(["str", "2024-10-21"]);
});
