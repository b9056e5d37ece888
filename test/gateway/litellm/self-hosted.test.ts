/**
 * The self-hosted group as the real LiteLLM proxy (the pinned release in .tools/venv-litellm)
 * reads it: the rendered entry's `api_base: os.environ/AI_INFRA_VLLM_<GROUP>_URL` is resolved from
 * the environment the adapter sets (the internal load balancer's URL), and requests for the group
 * reach that address. A fake OpenAI-compatible server on loopback stands in for vLLM. The rest of
 * the scale config (semantic cache on a vector-capable Redis, the request log) is left out: no
 * vector-capable Redis runs here, so this checks the endpoint wiring only.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { renderGatewayConfig, vllmUrlEnv } from "../../../components/gateway/render";
import { LOCAL_MASTER_KEY, chatOnce } from "./harness/gateway";
import { type TestProxy, startProxy } from "./harness/proxy";
import { type FakeUpstream, startFakeUpstream } from "./harness/upstream";
import { exampleSpec } from "../../helpers/scale";

const spec = exampleSpec("scale-aws-us-east-1");
const group = spec.selfHosted![0]!.name;
let vllm: FakeUpstream;
let proxy: TestProxy;

beforeAll(async () => {
  vllm = await startFakeUpstream("vllm");
  const rendered = parse(renderGatewayConfig(spec)) as { model_list: { model_name: string }[] };
  const config = { model_list: rendered.model_list.filter((m) => m.model_name === group), general_settings: { master_key: LOCAL_MASTER_KEY } };
  proxy = await startProxy(stringify(config), { [vllmUrlEnv(group)]: vllm.apiBase });
}, 180_000);

afterAll(async () => {
  await proxy?.stop();
  await vllm?.close();
});

describe(`self-hosted group '${group}' through the real LiteLLM proxy`, () => {
  it("reaches the address in its URL variable", async () => {
    const r = await chatOnce(proxy.url, group, "self-hosted endpoint check");
    expect(r.status).toBe(200);
    expect(vllm.calls.map((c) => [c.model, c.prompt])).toEqual([[group, "self-hosted endpoint check"]]);
  }, 60_000);
});
