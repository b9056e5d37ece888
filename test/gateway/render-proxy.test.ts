/**
 * What the real LiteLLM proxy (test/gateway/litellm) showed the renderer had to change, pinned down
 * as fast pure checks. Each case names the failure the proxy showed without the fix.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { gatewayEnv, renderGatewayConfig } from "../../components/gateway/render";
import { litellmVersion } from "../../components/gateway/versions";
import { type Stack, parseStack } from "../../components/config";
import { GROWTH_STACK, growthStackRaw } from "./litellm/harness/spec";

function growthSpec(edit: (raw: Record<string, any>) => void = () => undefined): Stack {
  const raw = structuredClone(growthStackRaw()) as Record<string, any>;
  edit(raw);
  const r = parseStack(raw, { project: "ai-infra", stack: GROWTH_STACK, secretKeys: new Set(["providerKeys"]) });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.stack;
}

const render = (spec: Stack) => parse(renderGatewayConfig(spec, { logTarget: "s3", logEndpointOverride: true }));

describe("gateway config: what the real proxy requires", () => {
  it("sets a master key, read from the environment (the proxy refuses to start without one)", () => {
    const config = render(growthSpec());
    expect(config.general_settings.master_key).toBe(`os.environ/${gatewayEnv.masterKey}`);
  });

  it("gives the router's Redis client TLS like the cache's (else the counters' client cannot reach a TLS-only Redis)", () => {
    const config = render(growthSpec());
    expect(config.litellm_settings.cache_params.ssl).toBe(true);
    expect(config.router_settings.redis_host).toBeDefined();
    expect(config.router_settings.cache_kwargs).toEqual({ ssl: true });
  });

  it("never puts a spec tier in model_info.tier, which LiteLLM allows only as free/paid (the deployment was dropped)", () => {
    const spec = growthSpec((raw) => {
      raw.models[0].tier = "small";
      raw.models[1].tier = "strong";
    });
    const config = render(spec);
    expect(config.model_list.map((m: any) => m.model_info?.tier)).toEqual([undefined, undefined]);
    expect(config.model_list.map((m: any) => m.model_info.routing_tier)).toEqual(["small", "strong"]);
  });

  it("turns on pre-call checks whenever a deployment has rpm/tpm (simple-shuffle alone sent traffic past the rpm)", () => {
    expect(render(growthSpec()).router_settings.enable_pre_call_checks).toBe(true);
    const unlimited = growthSpec((raw) => {
      for (const m of raw.models) {
        delete m.rpm;
        delete m.tpm;
      }
    });
    expect(render(unlimited).router_settings.enable_pre_call_checks).toBeUndefined();
  });

  it("logs successes and failures with s3_v2 (the s3 logger recorded no failed request)", () => {
    const settings = render(growthSpec()).litellm_settings;
    expect(settings.success_callback).toEqual(["s3_v2"]);
    expect(settings.failure_callback).toEqual(["s3_v2"]);
    expect(settings.s3_callback_params.s3_endpoint_url).toBe(`os.environ/${gatewayEnv.logEndpoint}`);
  });

  it("pins a release that installs with the proxy extra and is not the compromised 1.107.0", () => {
    expect(litellmVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(litellmVersion).not.toBe("1.107.0");
    // The integration tests install requirements/litellm.txt: it must be the release the kit deploys.
    const reqs = readFileSync(path.join(__dirname, "../../requirements/litellm.txt"), "utf8");
    expect(reqs.split("\n").filter((l) => /^litellm==/.test(l)).map((l) => l.split(" ")[0])).toEqual([`litellm==${litellmVersion}`]);
  });
});
