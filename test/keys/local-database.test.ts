import { describe, expect, it } from "vitest";
import { withoutKeysDatabase } from "../../cli/lib/local/run";

describe("npm run local: the keys database's variables", () => {
  it("are removed from the gateway's environment and reported as not started, with the reason", () => {
    const env: Record<string, string> = {
      DATABASE_HOST: "10.1.2.3",
      DATABASE_PORT: "5432",
      DATABASE_NAME: "litellm",
      DATABASE_USERNAME: "litellm",
      DATABASE_PASSWORD: "from-the-secret-store",
      AI_INFRA_GATEWAY_MASTER_KEY: "sk-master",
    };
    const r = withoutKeysDatabase(env);
    expect(env).toEqual({ AI_INFRA_GATEWAY_MASTER_KEY: "sk-master" });
    expect(r?.mapping).toEqual({
      planned: "DATABASE_HOST, DATABASE_PORT, DATABASE_NAME, DATABASE_USERNAME, DATABASE_PASSWORD",
      local: "(unset)",
      why: "keys database: not started (Prisma's engines cannot be downloaded here); LiteLLM runs without a database",
    });
    expect(r?.notStarted).toContain("binaries.prisma.sh");
  });

  it("a plan without them is left as it is", () => {
    const env = { AI_INFRA_GATEWAY_MASTER_KEY: "sk-master" };
    expect(withoutKeysDatabase(env)).toBeUndefined();
    expect(env).toEqual({ AI_INFRA_GATEWAY_MASTER_KEY: "sk-master" });
  });
});
