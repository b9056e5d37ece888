/**
 * The same front door over two regions with a Cloud DNS zone: one NEG per region (each through its
 * region's provider), one backend service, one URL; the certificate is authorized by DNS in the
 * zone and the kit writes the records; every region stores the one master key.
 */
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { unsecret } from "./checks";
import { captured, installMocks, one, ofType, providers, resolve, settle, stackConfig } from "./harness";

const stack = "prototype-gcp-europe-west4";
const regions = ["europe-west4", "europe-west1"];
installMocks({ stack });

let out: { apiUrl: string; apiUrls: Record<string, string>; dnsRecords: unknown[] };

beforeAll(async () => {
  const { parseStack } = await import("../../components/config/parse");
  const { AiPlatform } = await import("../../components/platform/platform");
  const cfg = stackConfig(stack);
  cfg.raw.regions = regions;
  (cfg.raw.api as Record<string, unknown>).dnsZone = "llm-zone";
  const parsed = parseStack(cfg.raw, { project: "ai-infra", stack, secretKeys: new Set(["providerKeys"]) });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const platform = new AiPlatform("ai-infra", { stack: parsed.stack });
  const [apiUrl, apiUrls, dnsRecords] = await resolve(pulumi.all([platform.apiUrl, platform.apiUrls, platform.dnsRecords!]));
  out = { apiUrl, apiUrls, dnsRecords };
  await settle();
});

describe("GCP front door over two regions with a DNS zone", () => {
  it("keeps one URL for the stack and for each region", () => {
    expect(out.apiUrl).toBe("https://llm-proto-eu.example.com/v1");
    expect(out.apiUrls).toEqual(Object.fromEntries(regions.map((r) => [r, "https://llm-proto-eu.example.com/v1"])));
  });

  it("adds one serverless NEG per region, each in its region through that region's provider, all behind one backend service", () => {
    const negs = ofType("gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup");
    expect(negs.map((n) => n.inputs.region)).toEqual(regions);
    for (const n of negs) {
      const prov = providers.get(n.provider!.split("::").pop()!);
      expect(prov?.region, n.name).toBe(n.inputs.region);
      const service = one("gcp:cloudrunv2/service:Service", `ai-infra-${n.inputs.region}-gateway-service`).inputs.name;
      expect(n.inputs.cloudRun).toEqual({ service });
    }
    const backends = ofType("gcp:compute/backendService:BackendService");
    expect(backends).toHaveLength(1);
    expect(backends[0]!.inputs.backends.map((b: any) => b.group)).toEqual(negs.map((n) => `projects/ai-infra-example/regions/${n.inputs.region}/networkEndpointGroups/${n.inputs.name}`));
    expect(ofType("gcp:compute/globalForwardingRule:GlobalForwardingRule")).toHaveLength(1);
    // The front door's anycast address (the other global address is the keys database's private services access range).
    expect(ofType("gcp:compute/globalAddress:GlobalAddress").filter((a) => a.inputs.addressType === "EXTERNAL")).toHaveLength(1);
  });

  it("authorizes a Certificate Manager certificate by DNS in the zone and writes the A record itself", () => {
    const auth = one("gcp:certificatemanager/dnsAuthorization:DnsAuthorization").inputs;
    expect(auth.domain).toBe("llm-proto-eu.example.com");
    const cert = one("gcp:certificatemanager/certificate:Certificate").inputs;
    expect(cert.managed.domains).toEqual(["llm-proto-eu.example.com"]);
    expect(cert.managed.dnsAuthorizations).toEqual([`projects/ai-infra-example/locations/global/dnsAuthorizations/${auth.name}`]);
    const records = ofType("gcp:dns/recordSet:RecordSet").map((r) => [r.inputs.managedZone, r.inputs.name, r.inputs.type, r.inputs.rrdatas]);
    expect(records.sort((a, b) => String(a[2]).localeCompare(String(b[2])))).toEqual([
      ["llm-zone", "llm-proto-eu.example.com.", "A", [ofType("gcp:compute/globalAddress:GlobalAddress").find((a) => a.inputs.addressType === "EXTERNAL")!.outputs.address]],
      ["llm-zone", "_acme-challenge.llm-proto-eu.example.com.", "CNAME", [one("gcp:certificatemanager/dnsAuthorization:DnsAuthorization").outputs.dnsResourceRecords[0].data]],
    ]);
    const entry = one("gcp:certificatemanager/certificateMapEntry:CertificateMapEntry").inputs;
    expect(entry.hostname).toBe("llm-proto-eu.example.com");
    const proxy = one("gcp:compute/targetHttpsProxy:TargetHttpsProxy").inputs;
    expect(proxy.certificateMap).toBe(`//certificatemanager.googleapis.com/projects/ai-infra-example/locations/global/certificateMaps/${one("gcp:certificatemanager/certificateMap:CertificateMap").inputs.name}`);
    expect(proxy.sslCertificates).toBeUndefined();
    expect(ofType("gcp:compute/managedSslCertificate:ManagedSslCertificate")).toEqual([]);
    // Nothing left for the operator to create.
    expect(out.dnsRecords).toEqual([]);
    expect(ofType("gcp:projects/service:Service").map((s) => s.inputs.service)).toEqual(expect.arrayContaining(["certificatemanager.googleapis.com", "dns.googleapis.com"]));
  });

  it("generates one master key for the stack and stores it in each region's own secret (an admin call may land in any region)", () => {
    // One master key (the other generated password is the keys database's).
    expect(ofType("random:index/randomPassword:RandomPassword").filter((p) => p.name.includes("-master-key"))).toHaveLength(1);
    const secrets = ofType("gcp:secretmanager/secret:Secret").filter((s) => s.name.endsWith("-master-key-secret"));
    expect(secrets.map((s) => s.inputs.replication.userManaged.replicas[0].location)).toEqual(regions);
    const values = ofType("gcp:secretmanager/secretVersion:SecretVersion")
      .filter((v) => v.name.endsWith("-master-key-secret-version"))
      .map((v) => unsecret<string>(v.inputs.secretData));
    expect(values).toHaveLength(2);
    expect(values[0]).toMatch(/^sk-/);
    expect(values[1]).toBe(values[0]);
    expect(captured.filter((c) => c.name.startsWith("ai-infra-global-frontdoor") && JSON.stringify(c.inputs).includes(values[0]!))).toEqual([]);
  });
});
