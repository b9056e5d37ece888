/**
 * Mock runtime for the GCP adapter tests: every registration is captured with its inputs and
 * provider; fake outputs are realistic enough for the components' wiring (run.app URLs, gateway
 * host names, service account e-mails, secret ids); any invoke throws, so a data source that
 * would need a cloud cannot slip in. The capture and its look-ups are shared with the AWS harness
 * (`test/helpers/captured.ts`); this file holds the GCP fakes and fixtures.
 *
 * Call `installMocks()` BEFORE importing a module that registers resources.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { installCapturingMocks, untilQuiet } from "../helpers/captured";

export { type Captured, captured, invokes, ofType, one, resetCaptured, resolve } from "../helpers/captured";

export const fakeProjectNumber = "123456789012";
/** The HMAC secret the mocked `storage.HmacKey` returns: it must never show up in plaintext. */
/** What every RandomPassword resolves to under these mocks. */
export const fakeRandomPassword = "Fake0Random1Password2Value3For4Tests5Only6789ab";
export const fakeHmacSecret = "fake-hmac-secret-value-0123456789abcdef";

/** Provider id → its project and region. */
export const providers = new Map<string, { project: string; region: string }>();

const regionCode: Record<string, string> = { "europe-west4": "ez", "us-central1": "uc" };

function fakeState(type: string, name: string, inputs: Record<string, any>, id: string, project: string, region: string): { id: string; state: Record<string, any> } {
  const base = { ...inputs };
  const s = (extra: Record<string, any>, newId = id) => ({ id: newId, state: { ...base, ...extra } });
  switch (type) {
    case "gcp:storage/bucket:Bucket":
      return s({ url: `gs://${inputs.name}`, selfLink: `https://www.googleapis.com/storage/v1/b/${inputs.name}` }, inputs.name);
    case "gcp:storage/bucketObject:BucketObject":
      return s({ selfLink: `https://www.googleapis.com/storage/v1/b/${inputs.bucket}/o/${encodeURIComponent(inputs.name)}`, md5hash: "fakemd5==" });
    case "gcp:cloudrunv2/service:Service":
      return s({ uri: `https://${inputs.name}-x7k2m9q4ra-${regionCode[region] ?? "xx"}.a.run.app` }, `projects/${project}/locations/${region}/services/${inputs.name}`);
    case "gcp:cloudrunv2/workerPool:WorkerPool":
      return s({}, `projects/${project}/locations/${region}/workerPools/${inputs.name}`);
    case "gcp:compute/globalAddress:GlobalAddress":
      return s({ address: "34.120.7.42", selfLink: `https://www.googleapis.com/compute/v1/projects/${project}/global/addresses/${inputs.name}` }, `projects/${project}/global/addresses/${inputs.name}`);
    case "gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup":
      return s({ selfLink: `https://www.googleapis.com/compute/v1/projects/${project}/regions/${inputs.region}/networkEndpointGroups/${inputs.name}` }, `projects/${project}/regions/${inputs.region}/networkEndpointGroups/${inputs.name}`);
    case "gcp:compute/securityPolicy:SecurityPolicy":
      return s({ selfLink: `https://www.googleapis.com/compute/v1/projects/${project}/global/securityPolicies/${inputs.name}` }, `projects/${project}/global/securityPolicies/${inputs.name}`);
    case "gcp:compute/backendService:BackendService":
      return s({ selfLink: `https://www.googleapis.com/compute/v1/projects/${project}/global/backendServices/${inputs.name}` }, `projects/${project}/global/backendServices/${inputs.name}`);
    case "gcp:compute/uRLMap:URLMap":
      return s({}, `projects/${project}/global/urlMaps/${inputs.name}`);
    case "gcp:certificatemanager/dnsAuthorization:DnsAuthorization":
      return s(
        { dnsResourceRecords: [{ name: `_acme-challenge.${inputs.domain}.`, type: "CNAME", data: `7a1b2c3d-4e5f.9.authorize.certificatemanager.goog.` }] },
        `projects/${project}/locations/global/dnsAuthorizations/${inputs.name}`,
      );
    case "gcp:certificatemanager/certificateMap:CertificateMap":
      return s({}, `projects/${project}/locations/global/certificateMaps/${inputs.name}`);
    case "random:index/randomPassword:RandomPassword":
      return s({ result: pulumi.secret(fakeRandomPassword) });
    case "gcp:secretmanager/secret:Secret":
      return s({ name: `projects/${fakeProjectNumber}/secrets/${inputs.secretId}` }, `projects/${project}/secrets/${inputs.secretId}`);
    case "gcp:secretmanager/secretVersion:SecretVersion":
      return s({ version: "1", name: `${inputs.secret}/versions/1` }, `${inputs.secret}/versions/1`);
    case "gcp:serviceaccount/account:Account": {
      const email = `${inputs.accountId}@${project}.iam.gserviceaccount.com`;
      return s({ email, member: `serviceAccount:${email}`, name: `projects/${project}/serviceAccounts/${email}` }, `projects/${project}/serviceAccounts/${email}`);
    }
    case "gcp:storage/hmacKey:HmacKey":
      return s({ accessId: `GOOG1EFAKEACCESSID${name.length}`, secret: pulumi.secret(fakeHmacSecret), state: "ACTIVE" }, `projects/${project}/hmacKeys/GOOG1EFAKEACCESSID${name.length}`);
    case "gcp:projects/serviceIdentity:ServiceIdentity": {
      const agent = `service-${fakeProjectNumber}@gcp-sa-${String(inputs.service).split(".")[0]}.iam.gserviceaccount.com`;
      return s({ email: agent, member: `serviceAccount:${agent}` });
    }
    case "gcp:bigquery/dataset:Dataset":
      return s({}, `projects/${project}/datasets/${inputs.datasetId}`);
    case "gcp:bigquery/table:Table":
      return s({}, `projects/${project}/datasets/${inputs.datasetId}/tables/${inputs.tableId}`);
    case "gcp:monitoring/dashboard:Dashboard":
      return s({}, `projects/${fakeProjectNumber}/dashboards/0d9a8b7c-${name.length}`);
    case "gcp:monitoring/notificationChannel:NotificationChannel":
      return s({ name: `projects/${project}/notificationChannels/${name.length}0001` }, `projects/${project}/notificationChannels/${name.length}0001`);
    case "gcp:redis/instance:Instance":
      return s({ host: "10.40.200.3", port: 6378, authString: pulumi.secret("fake-redis-auth"), serverCaCerts: [{ cert: "-----BEGIN CERTIFICATE-----\nFAKE\n-----END CERTIFICATE-----" }] }, `projects/${project}/locations/${region}/instances/${inputs.name}`);
    case "gcp:pubsub/topic:Topic":
      return s({}, `projects/${project}/topics/${inputs.name}`);
    case "gcp:pubsub/subscription:Subscription":
      return s({}, `projects/${project}/subscriptions/${inputs.name}`);
    case "gcp:compute/network:Network":
      return s({ selfLink: `https://www.googleapis.com/compute/v1/projects/${project}/global/networks/${inputs.name}` }, `projects/${project}/global/networks/${inputs.name}`);
    case "gcp:compute/subnetwork:Subnetwork":
      return s({ selfLink: `https://www.googleapis.com/compute/v1/projects/${project}/regions/${region}/subnetworks/${inputs.name}` }, `projects/${project}/regions/${region}/subnetworks/${inputs.name}`);
    case "gcp:artifactregistry/repository:Repository":
      return s({ name: inputs.repositoryId }, `projects/${project}/locations/${region}/repositories/${inputs.repositoryId}`);
    case "gcp:logging/metric:Metric":
      return s({}, inputs.name);
    case "gcp:bigquery/dataTransferConfig:DataTransferConfig":
      return s({ name: `projects/${fakeProjectNumber}/locations/${region}/transferConfigs/6f2a9c1e-0000-4d1b-9e7a-${name.length.toString().padStart(12, "0")}` });
    case "gcp:parametermanager/parameter:Parameter":
      return s({ name: `projects/${project}/locations/global/parameters/${inputs.parameterId}` }, `projects/${project}/locations/global/parameters/${inputs.parameterId}`);
    case "gcp:parametermanager/parameterVersion:ParameterVersion":
      return s({ name: `${inputs.parameter}/versions/${inputs.parameterVersionId}` }, `${inputs.parameter}/versions/${inputs.parameterVersionId}`);
    case "gcp:sql/databaseInstance:DatabaseInstance":
      return s({ privateIpAddress: `10.40.128.${name.length}`, connectionName: `${project}:${inputs.region}:${inputs.name}` }, inputs.name);
    case "gcp:billing/budget:Budget":
      return s({ name: `billingAccounts/${inputs.billingAccount}/budgets/${name.length}` });
    default:
      return s({});
  }
}

export function installMocks(opts: { project?: string; stack: string }): void {
  installCapturingMocks(
    opts,
    (args) => {
      const fallbackId = `${args.name}-id`;
      if (args.type === "pulumi:providers:gcp") {
        providers.set(fallbackId, { project: String(args.inputs.project), region: String(args.inputs.region) });
        return { id: fallbackId, state: args.inputs };
      }
      const prov = args.provider ? providers.get(args.provider.split("::").pop()!) : undefined;
      return fakeState(args.type, args.name, args.inputs, fallbackId, prov?.project ?? "unset-project", prov?.region ?? "unset-region");
    },
    (token) => `unmocked invoke ${token}: the GCP adapter must not read the cloud`,
  );
}

/** Wait until no new registration has arrived for a few rounds (applies register late). */
export async function settle(rounds = 8): Promise<void> {
  await untilQuiet(15, rounds);
}

export const stacksDir = path.resolve(__dirname, "../../stacks");

/**
 * The raw `ai-infra:*` config of an example stack file, with each `secure:` leaf replaced by a
 * recognisable placeholder (what the real key would be), plus `gcp:project` as `gcpProject`.
 */
export function stackConfig(stack: string): { raw: Record<string, unknown>; placeholders: string[] } {
  const doc = parse(fs.readFileSync(path.join(stacksDir, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
  const placeholders: string[] = [];
  const walk = (v: unknown, at: string): unknown => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      if (Object.keys(o).length === 1 && typeof o.secure === "string") {
        const p = `PLACEHOLDER-SECRET-${at.replace(/[^A-Za-z0-9]/g, "-")}-7f3a9c`;
        placeholders.push(p);
        return p;
      }
      return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, walk(x, `${at}.${k}`)]));
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${at}[${i}]`));
    return v;
  };
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc.config)) {
    if (key.startsWith("ai-infra:")) raw[key.slice("ai-infra:".length)] = walk(value, key);
  }
  if (raw.gcpProject === undefined && typeof doc.config["gcp:project"] === "string") raw.gcpProject = doc.config["gcp:project"];
  return { raw, placeholders };
}
