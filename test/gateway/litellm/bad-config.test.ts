/**
 * A config the proxy rejects must fail loudly with LiteLLM's own words, not as a timeout or a
 * vague "not ready": the harness carries the proxy's output into the thrown error.
 */
import { describe, expect, it } from "vitest";
import { startGateway } from "./harness/gateway";
import { ProxyStartError } from "./harness/proxy";

async function startError(mutate: (text: string) => string): Promise<ProxyStartError> {
  const g = await startGateway({ mutateConfig: mutate }).catch((e: unknown) => e);
  if (!(g instanceof Error)) {
    await (g as { stop(): Promise<void> }).stop();
    throw new Error("the proxy accepted a config it should have rejected");
  }
  expect(g).toBeInstanceOf(ProxyStartError);
  return g as ProxyStartError;
}

describe("a config LiteLLM rejects", () => {
  it("without the master key the renderer now emits, the proxy refuses to start and says why", async () => {
    const e = await startError((t) => t.replace(/^\s*master_key: .*\n/m, ""));
    expect(e.message).toContain("LiteLLM proxy refused to start: no master key is set");
  }, 120_000);

  it("an unknown router setting in the wrong section names the setting", async () => {
    const e = await startError((t) => t.replace("router_settings:\n", "router_settings:\n  health_check_interval: 30\n"));
    expect(e.message).toContain("'health_check_interval' is NOT a valid router_settings parameter");
  }, 120_000);
});
