import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { accessContainerEnv, accessEnv } from "../../components/gateway/access";
import { renderGatewayConfig } from "../../components/gateway/render";
import { type Stack, parseStack } from "../../components/config";
import { exampleRaw } from "../helpers/stacks";

function exampleSpec(stack: string, edit: (raw: Record<string, any>) => void = () => undefined): Stack {
  const { raw, secretKeys } = exampleRaw(stack);
  const r0 = JSON.parse(JSON.stringify(raw));
  edit(r0);
  const r = parseStack(r0, { project: "ai-infra", stack, secretKeys });
  if (!r.ok) throw new Error(`${stack}: ${JSON.stringify(r.errors)}`);
  return r.stack;
}

describe("gateway config: spend tracking, keys checks and budget alerts", () => {
  it("with the keys database and a webhook: budget alerts to the webhook (URL from the environment), requests refused when keys cannot be checked", () => {
    const spec = exampleSpec("growth-aws-eu-west-1");
    const text = renderGatewayConfig(spec);
    const general = parse(text).general_settings;
    expect(general).toMatchObject({ disable_spend_logs: true, allow_requests_on_db_unavailable: false, alerting: ["webhook"], alert_types: ["budget_alerts"] });
    // The URL never appears in the config: LiteLLM reads it from WEBHOOK_URL, which the adapter sets.
    expect(text).not.toContain("hooks.example.com");
    expect(accessContainerEnv(spec)).toEqual({ [accessEnv.webhookUrl]: "https://hooks.example.com/ai-budget" });
    expect(accessEnv.webhookUrl).toBe("WEBHOOK_URL");
  });

  it("with the keys database and no webhook: no alerting configured (nothing to post to)", () => {
    const spec = exampleSpec("prototype-gcp-europe-west4");
    expect(spec.budget).toBeUndefined();
    const general = parse(renderGatewayConfig(spec)).general_settings;
    expect(general).toMatchObject({ disable_spend_logs: true, allow_requests_on_db_unavailable: false });
    expect(general.alerting).toBeUndefined();
    expect(accessContainerEnv(spec)).toEqual({});
  });

  it("without the keys database (AWS prototype): only the spend-log setting, even with a webhook", () => {
    const spec = exampleSpec("prototype-aws-us-east-1", (r) => (r.budget = { ...r.budget, notify: { emails: [], webhookUrl: "https://hooks.example.com/x" } }));
    const general = parse(renderGatewayConfig(spec)).general_settings;
    expect(Object.keys(general).sort()).toEqual(["disable_spend_logs", "master_key"]);
    expect(accessContainerEnv(spec)).toEqual({});
  });
});
