import { describe, expect, it } from "vitest";
import { type RawConfig, parseExample } from "../helpers/stacks";

/**
 * Endpoints the gateway or the budget alerts call (issue 20, "Endpoints"): an `apiBase` or a
 * `webhookUrl` with credentials in it, plain http to a host that is not loopback, and a
 * link-local or cloud metadata address are refused with the path and the reason; each form has
 * its exact error.
 */
const base = "prototype-aws-us-east-1";
// An openai-kind provider at an endpoint the kit does not know: declares where it keeps data, so
// the only problem is the URL's.
const withApiBase = (apiBase: string) => (r: RawConfig) => {
  r.providers.openai = { kind: "openai", apiBase, dataJurisdiction: "us" };
};
const apiBasePath = "ai-infra:providers.openai.apiBase";

const creds = "must not carry credentials (user:password@ in the URL): they would be stored in plaintext; put a provider's key in providerKeys (a Pulumi secret)";
const http = (host: string) => `must use https:// for host ${host}: plain http sends prompts and API keys unencrypted; http:// is allowed only to loopback (localhost, 127.0.0.0/8, ::1)`;
const meta = (host: string, why: string) => `must not point at ${host}: it ${why}, which hands out the runtime's cloud credentials; use the provider's public or private endpoint`;
const v4ll = "is in 169.254.0.0/16 (link-local, the cloud metadata services)";

const refused: { name: string; url: string; messages: string[] }[] = [
  { name: "user and password", url: "https://user:secret@llm.example.com/v1", messages: [creds] },
  { name: "user only", url: "https://sk-abc@llm.example.com/v1", messages: [creds] },
  { name: "plain http to a public host", url: "http://llm.example.com/v1", messages: [http("llm.example.com")] },
  { name: "plain http to a private address", url: "http://10.0.0.5:8000/v1", messages: [http("10.0.0.5")] },
  { name: "EC2/GCE metadata IPv4", url: "https://169.254.169.254/latest", messages: [meta("169.254.169.254", v4ll)] },
  { name: "ECS task metadata", url: "https://169.254.170.2/v2", messages: [meta("169.254.170.2", v4ll)] },
  { name: "metadata IPv4 in hex (the URL parser normalises it)", url: "https://0xA9FEA9FE/", messages: [meta("169.254.169.254", v4ll)] },
  { name: "metadata IPv4 mapped into IPv6", url: "https://[::ffff:169.254.169.254]/", messages: [meta("[::ffff:a9fe:a9fe]", v4ll)] },
  { name: "EC2 metadata IPv6", url: "https://[fd00:ec2::254]/latest", messages: [meta("[fd00:ec2::254]", "is fd00:ec2::254 (the EC2 instance metadata service)")] },
  { name: "IPv6 link-local", url: "https://[fe80::1]/v1", messages: [meta("[fe80::1]", "is in fe80::/10 (IPv6 link-local)")] },
  { name: "GCE metadata name", url: "https://metadata.google.internal/computeMetadata/v1", messages: [meta("metadata.google.internal", "is the Compute Engine metadata server")] },
  { name: "GCE metadata short name", url: "https://metadata/computeMetadata/v1", messages: [meta("metadata", "is the Compute Engine metadata server")] },
  {
    name: "plain http to the metadata server with credentials: every reason",
    url: "http://a:b@169.254.169.254/",
    messages: [creds, http("169.254.169.254"), meta("169.254.169.254", v4ll)],
  },
];

describe("provider apiBase: refused endpoint forms", () => {
  it.each(refused)("$name", ({ url, messages }) => {
    const r = parseExample(base, withApiBase(url));
    if (r.ok) throw new Error(`${url} was accepted`);
    expect(r.errors.map((e) => [e.path, e.message])).toEqual(messages.map((m) => [apiBasePath, m]));
  });

  it("no error echoes the password", () => {
    const r = parseExample(base, withApiBase("https://user:hunter2@llm.example.com/v1"));
    if (r.ok) throw new Error("accepted");
    expect(JSON.stringify(r.errors)).not.toContain("hunter2");
  });
});

describe("provider apiBase: accepted endpoint forms", () => {
  it.each(["https://llm.example.com/v1", "http://127.0.0.1:4010/v1", "http://localhost:8000/v1", "http://[::1]:8000/v1", "https://169.255.0.1/v1", "https://metadata.example.com/v1"])(
    "%s",
    (url) => {
      const r = parseExample(base, withApiBase(url));
      expect(r.ok ? [] : r.errors).toEqual([]);
    },
  );
});

describe("budget webhook URL", () => {
  it("is judged like an apiBase", () => {
    const r = parseExample("growth-aws-eu-west-1", (c) => (c.budget.notify.webhookUrl = "http://hooks.example.com/x"));
    if (r.ok) throw new Error("accepted");
    expect(r.errors.map((e) => [e.path, e.message])).toEqual([["ai-infra:budget.notify.webhookUrl", http("hooks.example.com")]]);
  });
});
