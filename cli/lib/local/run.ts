import { CreateBucketCommand, type BucketLocationConstraint, S3Client } from "@aws-sdk/client-s3";
import { CreateQueueCommand, SQSClient } from "@aws-sdk/client-sqs";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { cacheTiersSettingsKey } from "../../../components/gateway/cache-tiers";
import { allHookModules, hooksCallbackEnv, hooksLoaderCallback } from "../../../components/gateway/hooks";
import { databaseEnv, gatewayEnv, gatewayProcessEnv } from "../../../components/gateway/render";
import type { StackFile } from "../../../planner/stack-file";
import { type FrontDoor, awsRestApi, gcpLoadBalancer, notModelled, startFrontDoor } from "./frontdoor";
import { type LocalPlan, readLocalPlan } from "./model";
import { planForLocal } from "./planned";
import { type KeyGate, emulationNote, startKeyGate, writeLocalRunFile } from "./keys";
import { AdminClient } from "../keys/admin";
import { sync } from "../keys/commands";
import { hasKeys } from "../../../components/config/model";
import { LocalStartError, type Managed, assertPortFree, freePort, repoRoot, requireFile, startProcess, waitFor, which } from "./processes";
import { type FakeUpstream, type UpstreamKind, keyHeader, startUpstream } from "./upstream";
import { type FakeBedrock, startBedrock } from "./bedrock";

/** moto's default account, which the plan's fake ARNs use too. */
const motoCredentials = { accessKeyId: "testing", secretAccessKey: "testing" };

export interface Mapping {
  planned: string;
  local: string;
  why: string;
}

export interface LocalRun {
  stack: string;
  cloud: "aws" | "gcp";
  stage: string;
  /** The primary region (moto's SQS keeps queues per region). */
  region: string;
  /** The API URL a client uses (what `apiUrl` is in the cloud). */
  url: string;
  /** API key name → local value. */
  apiKeys: Record<string, string>;
  /**
   * Header a caller sends its key in: `x-api-key` (API Gateway keys), or `authorization` (as
   * `Bearer <key>`: a LiteLLM key, through the AWS front door from growth and on GCP).
   */
  keyHeader: "x-api-key" | "authorization";
  /** A model group the fake providers serve (for the smoke test). */
  model: string;
  gatewayUrl: string;
  logBucket?: string;
  s3Endpoint?: string;
  logPrefix: string;
  started: string[];
  mappings: Mapping[];
  notModelled: string[];
  notStarted: string[];
  startupMs: number;
  /** The worker's queue and results bucket (AWS stacks with a queue). */
  worker?: { queueUrl: string; resultsBucket: string; resultsPrefix: string };
  upstreams: FakeUpstream[];
  /** The fake Bedrock Runtime, when the stack has Bedrock deployments. */
  bedrock?: FakeBedrock;
  /**
   * Stacks with a keys database: where the emulated keys database answers the admin routes (what
   * `npm run keys -- <stack> --local` talks to) and what the emulation leaves out.
   */
  keys?: { adminUrl: string; note: string };
  stop(): Promise<void>;
}

export interface LocalOptions {
  /** Front door port (default: a free one). */
  port?: number;
  /** Extra time LiteLLM may take to become healthy. */
  readyTimeoutMs?: number;
  /** Tool overrides (tests: a missing tool). */
  litellmBin?: string;
  redisServerBin?: string;
  log?: (line: string) => void;
}

export class InvalidStackError extends Error {
  constructor(readonly errors: { path: string; message: string }[]) {
    super(errors.map((e) => `${e.path}: ${e.message}`).join("\n"));
  }
}

const run = promisify(execFile);

function localSecret(length: number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  return Array.from(randomBytes(length), (b) => alphabet[b % alphabet.length]).join("");
}

function replaceAll(s: string, from: string, to: string): string {
  return from === "" ? s : s.split(from).join(to);
}

interface Deployment {
  group: string;
  provider: string;
  kind: UpstreamKind | "bedrock" | "vertex" | "router";
  apiBase?: string;
  keyEnv?: string;
  /** Bedrock: `aws_region_name`. */
  region?: string;
}

function deployments(configText: string): Deployment[] {
  const cfg = parseYaml(configText) as { model_list?: { model_name: string; litellm_params: Record<string, unknown>; model_info?: { provider?: string } }[] };
  return (cfg.model_list ?? []).map((m) => {
    const p = m.litellm_params;
    const model = String(p.model);
    const env = (v: unknown) => (typeof v === "string" && v.startsWith("os.environ/") ? v.slice("os.environ/".length) : undefined);
    const kind: Deployment["kind"] = model.startsWith("anthropic/")
      ? "anthropic"
      : model.startsWith("azure/")
        ? "azure"
      : model.startsWith("hosted_vllm/")
        ? "vllm"
        : model.startsWith("bedrock/")
          ? "bedrock"
          : model.startsWith("vertex_ai/")
            ? "vertex"
          : model.startsWith("auto_router/")
            ? "router"
            : "openai";
    return { group: m.model_name, provider: m.model_info?.provider ?? kind, kind, ...(typeof p.api_base === "string" ? { apiBase: p.api_base } : {}), ...(env(p.api_key) ? { keyEnv: env(p.api_key)! } : {}), ...(typeof p.aws_region_name === "string" ? { region: p.aws_region_name } : {}) };
  });
}

/**
 * Start the stack's request path on loopback from its plan. Throws `InvalidStackError` (nothing
 * started) on an invalid stack and `LocalStartError` (everything started is stopped) when a
 * tool is missing, a port is taken or a process dies at start-up.
 */
export async function startLocal(file: StackFile, opts: LocalOptions = {}): Promise<LocalRun> {
  const t0 = performance.now();
  const log = opts.log ?? (() => {});
  const planned = await planForLocal(file);
  const { result, exitCode } = planned.outcome;
  if (result.errors.length > 0 || exitCode === 1) throw new InvalidStackError(result.errors);
  const plan: LocalPlan = readLocalPlan(planned.resources, { stack: result.stack, stage: result.stage!, cloud: result.cloud!, regions: result.regions });

  // Tools first: a missing one fails before anything starts.
  const litellm = requireFile(opts.litellmBin ?? path.join(repoRoot, ".tools/venv-litellm/bin/litellm"), "LiteLLM (.tools/venv-litellm)");
  const moto = requireFile(path.join(repoRoot, ".tools/venv-moto/bin/moto_server"), "moto server (.tools/venv-moto)");
  const redisBin = plan.cache ? (opts.redisServerBin ? requireFile(opts.redisServerBin, "redis-server") : which("redis-server", "scripts/setup/41-redis.sh installs it")) : undefined;
  if (opts.port !== undefined) await assertPortFree(opts.port, "front door");

  const mappings: Mapping[] = [];
  const started: string[] = [];
  const notStarted: string[] = [];
  const procs: Managed[] = [];
  const servers: { close(): Promise<void> }[] = [];
  const dir = mkdtempSync(path.join(os.tmpdir(), "ai-infra-local-"));
  const cleanups: (() => void)[] = [];
  const stop = async () => {
    for (const c of cleanups) c();
    for (const s of servers.reverse()) await s.close().catch(() => {});
    for (const p of procs.reverse()) await p.stop().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    // Generated values: one local value per generator, substituted wherever the plan wired it.
    const subs: [string, string][] = [];
    for (const g of plan.generated) {
      if (!g.value) continue;
      const local = localSecret(g.value.length);
      subs.push([g.value, local]);
      mappings.push({ planned: `${g.resource}.result`, local: "a fresh random value of the same length", why: "generated by random.RandomPassword at deploy time; substituted in every input that references it" });
    }
    const rewrite = (s: string) => subs.reduce((acc, [a, b]) => replaceAll(acc, a, b), s);

    const gwPort = await freePort();
    const gwUrl = `http://127.0.0.1:${gwPort}`;
    // A stack with a keys database: its emulation stands where LiteLLM's key check is, so the
    // planned gateway address leads to it, and it to LiteLLM.
    const keysPlanned = Object.values(databaseEnv).some((k) => k in plan.gateway.env);
    let gate: KeyGate | undefined;
    if (keysPlanned) {
      const masterKey = rewrite(plan.gateway.env[gatewayEnv.masterKey] ?? "");
      if (!masterKey) throw new LocalStartError(`${plan.gateway.resource} has no ${gatewayEnv.masterKey}; its keys database needs one`);
      gate = await startKeyGate(gwUrl, masterKey);
      servers.push(gate);
      const info = { stack: plan.stack, pid: process.pid, adminUrl: gate.url, masterKey };
      cleanups.push(writeLocalRunFile(info));
      mappings.push({ planned: "LiteLLM's keys database (virtual keys, teams, tags)", local: `${gate.url} in front of LiteLLM`, why: emulationNote });
    }
    const gwLocal = gate?.url ?? gwUrl;
    for (const a of plan.addresses.filter((x) => x.kind === "gateway")) {
      if (a.value.startsWith("https://")) subs.push([a.value, gwLocal]);
      else subs.push([a.value, new URL(gwLocal).host]);
      mappings.push({ planned: a.value, local: gwLocal, why: `${a.what}; its listener forwards to the container port ${plan.gateway.port ?? "?"}${gate ? " (through the emulated keys database's key check)" : ""}` });
    }
    mappings.push({ planned: `container port ${plan.gateway.port}`, local: String(gwPort), why: "a free loopback port instead of the task's/revision's own network interface" });

    // Fake providers, one per planned endpoint; each refuses a key other than the one the plan gives the gateway.
    const deps = deployments(plan.gateway.configText);
    const upstreams: FakeUpstream[] = [];
    let configText = plan.gateway.configText;
    const extraEnv: Record<string, string> = {};
    const byBase = new Map<string, FakeUpstream>();
    // Bedrock: one fake Runtime for every Bedrock deployment (LiteLLM reads one endpoint override),
    // checking SigV4 for the deployments' regions with the credentials the gateway holds.
    const bedrockDeps = deps.filter((d) => d.kind === "bedrock");
    let bedrock: FakeBedrock | undefined;
    if (bedrockDeps.length > 0) {
      const regions = [...new Set(bedrockDeps.map((d) => d.region ?? plan.region))];
      bedrock = await startBedrock("bedrock", motoCredentials, regions);
      servers.push(bedrock);
      mappings.push({ planned: `Bedrock Runtime in ${regions.join(", ")} (${bedrockDeps.map((d) => d.group).join(", ")})`, local: bedrock.url, why: "a fake Bedrock Runtime (Converse, event-stream streaming) that checks each request's SigV4 signature for service bedrock in those regions, made with the gateway's credentials (locally AWS_ACCESS_KEY_ID=testing, standing in for the task role)" });
      started.push(`fake Bedrock Runtime for ${bedrockDeps.map((d) => d.group).join(", ")} on ${bedrock.url}`);
    }
    for (const d of deps) {
      if (d.kind === "router" || d.kind === "bedrock") continue;
      if (d.kind === "vertex") {
        notStarted.push(`${d.group} (${d.provider}): Vertex AI has no fake here (LiteLLM authenticates with Google credentials it would fetch from Google's token endpoint); calls to it fail locally`);
        continue;
      }
      const expected = d.keyEnv ? rewrite(plan.gateway.env[d.keyEnv] ?? "") : undefined;
      if (d.keyEnv && plan.gateway.env[d.keyEnv] === undefined) throw new LocalStartError(`the config's ${d.group} reads os.environ/${d.keyEnv}, which ${plan.gateway.resource} does not set`);
      if (d.apiBase?.startsWith("os.environ/")) {
        const envName = d.apiBase.slice("os.environ/".length);
        const planned = plan.gateway.env[envName];
        if (!planned) throw new LocalStartError(`the config's ${d.group} reads its api_base from ${envName}, which ${plan.gateway.resource} does not set`);
        const addr = plan.addresses.find((a) => a.kind === "vllm" && planned.includes(a.value));
        if (!addr) throw new LocalStartError(`${envName}=${planned} names no planned self-hosted endpoint`);
        if (byBase.has(addr.value)) continue;
        const up = await startUpstream(`vllm-${d.group}`, "vllm", undefined);
        upstreams.push(up);
        byBase.set(addr.value, up);
        subs.push([new URL(planned).host, `127.0.0.1:${up.port}`]);
        mappings.push({ planned: new URL(planned).host, local: `127.0.0.1:${up.port}`, why: `${addr.what}: a fake vLLM (OpenAI-compatible)` });
        started.push(`fake vLLM for ${d.group} on ${up.url}`);
        continue;
      }
      const base = d.apiBase ?? (d.kind === "anthropic" ? "https://api.anthropic.com" : d.kind === "azure" ? "os.environ/AZURE_API_BASE" : "https://api.openai.com/v1");
      if (byBase.has(base)) continue;
      const up = await startUpstream(d.provider, d.kind, expected);
      upstreams.push(up);
      byBase.set(base, up);
      const local = base.endsWith("/v1") ? `${up.url}/v1` : up.url;
      if (d.apiBase) configText = configText.split(`api_base: ${d.apiBase}\n`).join(`api_base: ${local}\n`);
      else if (d.kind === "anthropic") extraEnv.ANTHROPIC_API_BASE = up.url;
      else if (d.kind === "azure") extraEnv.AZURE_API_BASE = up.url;
      else extraEnv.OPENAI_API_BASE = local;
      mappings.push({ planned: base, local, why: `provider ${d.provider}: a fake ${d.kind}-compatible server (streaming SSE) that accepts only the key the plan gives the gateway, in the ${keyHeader[d.kind]} header as ${d.kind} reads it` });
      started.push(`fake ${d.kind} provider '${d.provider}' on ${up.url}`);
    }
    servers.push(...upstreams);
    const model = deps.find((d) => d.kind === "openai" || d.kind === "anthropic" || d.kind === "azure")?.group ?? deps[0]?.group ?? "chat";

    // moto: the buckets and queues of the plan, under their planned names.
    const motoPort = await freePort();
    const s3Endpoint = `http://127.0.0.1:${motoPort}`;
    const motoProc = startProcess("moto_server", moto, ["-H", "127.0.0.1", "-p", String(motoPort)], { ...process.env });
    procs.push(motoProc);
    await waitFor("moto_server", async () => (await fetch(`${s3Endpoint}/moto-api/`)).ok, { timeoutMs: 30_000, proc: motoProc });
    const s3 = new S3Client({ endpoint: s3Endpoint, region: plan.region, forcePathStyle: true, credentials: motoCredentials });
    for (const b of plan.buckets) {
      await s3.send(new CreateBucketCommand({ Bucket: b, ...(plan.region === "us-east-1" ? {} : { CreateBucketConfiguration: { LocationConstraint: plan.region as BucketLocationConstraint } }) }));
    }
    started.push(`moto S3${plan.queues.length ? "/SQS" : ""} on ${s3Endpoint} (buckets: ${plan.buckets.join(", ")}${plan.queues.length ? `; queues: ${plan.queues.map((q) => q.name).join(", ")}` : ""})`);
    mappings.push({ planned: plan.cloud === "aws" ? `S3 in ${plan.region}` : "GCS (https://storage.googleapis.com, S3-compatible XML API)", local: s3Endpoint, why: "moto's S3-compatible server" });
    const sqs = new SQSClient({ endpoint: s3Endpoint, region: plan.region, credentials: motoCredentials });
    // Dead-letter queues first: a redrive policy names its target's ARN.
    for (const q of [...plan.queues].sort((a, b) => Number("RedrivePolicy" in a.attributes) - Number("RedrivePolicy" in b.attributes))) {
      const out = await sqs.send(new CreateQueueCommand({ QueueName: q.name, Attributes: q.attributes }));
      subs.push([q.url, out.QueueUrl!]);
      mappings.push({ planned: q.url, local: out.QueueUrl!, why: "moto's SQS" });
    }

    // Redis with the plan's TLS and AUTH.
    if (plan.cache && redisBin) {
      const redisPort = await freePort();
      const cert = path.join(dir, "redis-cert.pem");
      const key = path.join(dir, "redis-key.pem");
      await run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"]);
      const password = rewrite(plan.gateway.env[gatewayEnv.redisPassword] ?? "");
      const args = ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, "--requirepass", password];
      args.push(...(plan.cache.tls ? ["--port", "0", "--tls-port", String(redisPort), "--tls-cert-file", cert, "--tls-key-file", key, "--tls-auth-clients", "no"] : ["--port", String(redisPort)]));
      const redis = startProcess("redis-server", redisBin, args, { ...process.env });
      procs.push(redis);
      await waitFor("redis-server", async () => !redis.exited() && redis.output().includes("Ready to accept connections"), { timeoutMs: 10_000, proc: redis });
      subs.push([`${plan.cache.host}:${plan.cache.port}`, `127.0.0.1:${redisPort}`], [plan.cache.host, "127.0.0.1"]);
      mappings.push({ planned: `${plan.cache.host}:${plan.cache.port}`, local: `127.0.0.1:${redisPort}`, why: `redis-server ${plan.cache.tls ? "with TLS (self-signed certificate made for this run) " : ""}and AUTH = the password the gateway's secret holds` });
      extraEnv[gatewayEnv.redisPort] = String(redisPort);
      mappings.push({ planned: `${gatewayEnv.redisPort}=${plan.cache.port}`, local: String(redisPort), why: "the local Redis listens on a free port" });
      const pem = readFileSync(cert, "utf8");
      if (plan.gateway.env[gatewayEnv.redisCaCert] !== undefined) {
        extraEnv[gatewayEnv.redisCaCert] = pem;
        mappings.push({ planned: `${gatewayEnv.redisCaCert} (the instance's CA)`, local: "the local certificate", why: "Memorystore's server CA → the certificate made for the local Redis" });
      } else {
        // ElastiCache's certificate chains to a public CA the image trusts; the local one does not.
        extraEnv.REDIS_SSL_CA_CERTS = cert;
        mappings.push({ planned: "ElastiCache's public-CA certificate", local: "REDIS_SSL_CA_CERTS=<local certificate>", why: "the local Redis certificate is self-signed" });
      }
      started.push(`redis-server ${plan.cache.tls ? "TLS " : ""}+ AUTH on 127.0.0.1:${redisPort}`);
    }

    // The gateway: the planned object's content as its config, the planned environment resolved.
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(plan.gateway.env)) env[k] = rewrite(v);
    for (const k of ["LITELLM_CONFIG_BUCKET_NAME", "LITELLM_CONFIG_BUCKET_OBJECT_KEY", "LITELLM_CONFIG_BUCKET_TYPE"]) delete env[k];
    const db = withoutKeysDatabase(env);
    if (db) {
      notStarted.push(db.notStarted);
      mappings.push(db.mapping);
    }
    mappings.push({ planned: `LITELLM_CONFIG_BUCKET_* → ${plan.gateway.configSource}`, local: "--config <that object's content in a temp file>", why: "LiteLLM reads the same object; locally from a file" });
    if (plan.cloud === "gcp") {
      env[gatewayEnv.logEndpoint] = s3Endpoint;
    } else {
      // The AWS config writes to S3's regional endpoint; the one edit to it points the logger at moto.
      const cfg = parseYaml(configText) as { litellm_settings?: { s3_callback_params?: Record<string, unknown>; [cacheTiersSettingsKey]?: { cold?: Record<string, unknown> } } };
      if (cfg.litellm_settings?.s3_callback_params) {
        cfg.litellm_settings.s3_callback_params.s3_endpoint_url = s3Endpoint;
        configText = stringifyYaml(cfg, { lineWidth: 0, version: "1.1" });
        mappings.push({ planned: "s3_callback_params (regional S3 endpoint)", local: `s3_endpoint_url: ${s3Endpoint}`, why: "the only edit to the planned config: the request log goes to moto" });
      }
      const cold = cfg.litellm_settings?.[cacheTiersSettingsKey]?.cold;
      if (cold) {
        cold.endpoint = s3Endpoint;
        configText = stringifyYaml(cfg, { lineWidth: 0, version: "1.1" });
        mappings.push({ planned: `${cacheTiersSettingsKey}.cold (regional S3 endpoint)`, local: `endpoint: ${s3Endpoint}`, why: "the second edit to the planned config (with cache.tiers.cold): the cold cache tier goes to moto" });
      }
    }
    configText = rewrite(configText);
    const configFile = path.join(dir, "litellm.yaml");
    writeFileSync(configFile, configText);
    if (env[hooksCallbackEnv] !== undefined) {
      // The planned URL of the hooks' loader object becomes the modules themselves beside the config.
      for (const m of allHookModules) copyFileSync(m.file, path.join(dir, `${m.module}.py`));
      env[hooksCallbackEnv] = hooksLoaderCallback;
      mappings.push({ planned: `${hooksCallbackEnv} (the loader object's URL)`, local: hooksLoaderCallback, why: "LiteLLM imports the kit's hook modules from beside the config file" });
    }
    const gwEnv: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME ?? dir,
      ...env,
      ...extraEnv,
      AWS_ACCESS_KEY_ID: motoCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: motoCredentials.secretAccessKey,
      // The fake Bedrock Runtime, or a closed port when the stack has no Bedrock deployment.
      AWS_BEDROCK_RUNTIME_ENDPOINT: bedrock?.url ?? "http://127.0.0.1:9",
      // The planned environment carries these too; set here so no local start waits on the internet.
      ...gatewayProcessEnv,
      // s3_v2 flushes every 10 s by default; a smoke test reads the log right after its calls.
      DEFAULT_S3_FLUSH_INTERVAL_SECONDS: "1",
      NO_PROXY: "127.0.0.1,localhost",
      no_proxy: "127.0.0.1,localhost",
      PYTHONUNBUFFERED: "1",
    };
    mappings.push({ planned: "task role / service account credentials", local: "AWS_ACCESS_KEY_ID=testing (moto)", why: "IAM is not modelled" });
    const gw = startProcess("LiteLLM", litellm, ["--config", configFile, "--port", String(gwPort), "--host", "127.0.0.1"], gwEnv, dir);
    procs.push(gw);
    const health = plan.gateway.healthPath ?? "/health/liveliness";
    log(`starting LiteLLM (${plan.gateway.resource}) on ${gwUrl} …`);
    await waitFor(`LiteLLM (${plan.gateway.resource})`, async () => (await fetch(`${gwUrl}${health}`)).ok, { timeoutMs: opts.readyTimeoutMs ?? 120_000, proc: gw });
    started.push(`LiteLLM (pinned venv) as ${plan.gateway.resource} on ${gwUrl}, config ${plan.gateway.configSource}, health ${health}`);

    let worker: LocalRun["worker"];
    if (plan.worker) {
      const wenv: Record<string, string> = {};
      for (const [k, v] of Object.entries(plan.worker.env)) wenv[k] = rewrite(v);
      const w = startProcess("worker", process.execPath, ["--import", "tsx", "worker/main.ts"], {
        PATH: process.env.PATH,
        HOME: process.env.HOME ?? dir,
        ...wenv,
        SQS_ENDPOINT_URL: s3Endpoint,
        S3_ENDPOINT_URL: s3Endpoint,
        AWS_ACCESS_KEY_ID: motoCredentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: motoCredentials.secretAccessKey,
      });
      procs.push(w);
      mappings.push({ planned: `${plan.worker.resource}: SQS/S3 regional endpoints`, local: `SQS_ENDPOINT_URL/S3_ENDPOINT_URL=${s3Endpoint}`, why: "the worker's endpoint overrides point it at moto" });
      // Give a broken environment (config validation) the chance to fail now rather than later.
      await new Promise((r) => setTimeout(r, 1500));
      if (w.exited()) throw new LocalStartError(`worker (${plan.worker.resource}) exited during start-up: ${w.output().trim().split("\n").at(-1)}`);
      started.push(`worker (worker/main.ts) as ${plan.worker.resource}, queue ${wenv.QUEUE_URL}`);
      worker = { queueUrl: wenv.QUEUE_URL ?? "", resultsBucket: wenv.RESULTS_BUCKET ?? "", resultsPrefix: wenv.RESULTS_PREFIX ?? "" };
    }
    if (plan.workerNotRun) notStarted.push(plan.workerNotRun);

    // The front door with locally generated API key values; or, where callers hold LiteLLM
    // virtual keys (AWS from growth), the master key under each key name: virtual keys live in
    // the keys database, which LiteLLM cannot use here (its Prisma engines cannot be fetched).
    const apiKeys: Record<string, string> = {};
    // Stacks with a keys database: each key of api.keys minted as \`npm run keys -- <stack> sync\`
    // would, by that command's own code, against the emulated keys database.
    const spec = planned.outcome.spec;
    if (gate && spec && hasKeys(spec)) {
      const admin = new AdminClient(gate.url, rewrite(plan.gateway.env[gatewayEnv.masterKey] ?? ""), { kind: "gcp" });
      await sync(spec, admin, {
        out: (line) => {
          const m = /^([a-z][a-z0-9-]*)\t(sk-\S+)$/.exec(line);
          if (m) apiKeys[m[1]!] = m[2]!;
        },
      });
      mappings.push({ planned: `caller keys ${spec.api.keys.join(", ")} (LiteLLM virtual keys, npm run keys -- ${plan.stack} sync)`, local: "virtual keys minted at start by the same sync against the emulated keys database", why: "the cloud's keys are made after deploy; callers never hold the master key" });
    }
    let route: ReturnType<typeof awsRestApi>;
    let bearer = true;
    if (plan.frontDoor.kind === "aws-rest-api") {
      bearer = plan.frontDoor.callerAuth === "bearer";
      const masterKey = rewrite(plan.gateway.env[gatewayEnv.masterKey] ?? "");
      if (bearer && !masterKey) throw new LocalStartError(`${plan.gateway.resource} has no ${gatewayEnv.masterKey}; callers of this stack present LiteLLM keys`);
      if (bearer && !gate) {
        for (const k of plan.frontDoor.apiKeys) apiKeys[k] = masterKey;
        mappings.push({ planned: `LiteLLM virtual keys ${plan.frontDoor.apiKeys.join(", ")} (npm run keys -- <stack> sync)`, local: "the gateway's master key, as each caller's Bearer key", why: "the plan has no keys database; in the cloud callers never hold the master key" });
      }
      if (!bearer) {
        for (const k of plan.frontDoor.apiKeys) apiKeys[k] = `local-${localSecret(32)}`;
        mappings.push({ planned: "API key values (generated by the cloud)", local: "fresh random values, printed", why: "unknown until deploy" });
      }
      route = awsRestApi(plan.frontDoor, new Map(Object.entries(bearer ? {} : apiKeys)), rewrite);
    } else {
      if (!gate) {
        // No keys database planned: the master key is the only key LiteLLM knows.
        const names = spec?.api.keys ?? [];
        for (const k of names) apiKeys[k] = rewrite(plan.frontDoor.masterKey);
        mappings.push({ planned: `caller keys ${names.join(", ")}`, local: "LiteLLM's master key (the local value of the planned secret)", why: "the plan has no keys database, so no virtual key can exist" });
      }
      route = gcpLoadBalancer(plan.frontDoor, rewrite, (rule) => {
        if (!notStarted.includes(`Cloud Armor ${rule}`)) notStarted.push(`Cloud Armor ${rule}`);
      });
    }
    const fdPort = opts.port ?? (await freePort());
    let fd: FrontDoor;
    try {
      fd = await startFrontDoor(route, fdPort);
    } catch (e) {
      throw new LocalStartError(`front door on port ${fdPort}: ${(e as Error).message}`);
    }
    servers.push(fd);
    // The URL callers are given is the stack's own `apiUrl` output, its host mapped to the emulation.
    const apiUrl = planned.outcome.outputs?.apiUrl;
    if (typeof apiUrl !== "string" || !/^https:\/\/[^/]+/.test(apiUrl)) throw new LocalStartError(`the plan's apiUrl output is not a known https URL (${String(apiUrl)})`);
    const apiOrigin = /^https:\/\/[^/]+/.exec(apiUrl)![0];
    const url = `${fd.url}${apiUrl.slice(apiOrigin.length)}`;
    mappings.push({ planned: `apiUrl ${apiUrl}`, local: url, why: "the front door's host → the local emulation" });
    started.push(`front door (${plan.frontDoor.kind === "aws-rest-api" ? "API Gateway REST API" : "global external Application Load Balancer + Cloud Armor"} emulation) on ${fd.url}`);

    const logBucket = plan.gateway.env[gatewayEnv.logBucket];
    return {
      stack: plan.stack,
      cloud: plan.cloud,
      stage: plan.stage,
      region: plan.region,
      url,
      apiKeys,
      keyHeader: bearer ? "authorization" : "x-api-key",
      model,
      gatewayUrl: gwUrl,
      ...(logBucket ? { logBucket } : {}),
      s3Endpoint,
      logPrefix: "requests",
      started,
      mappings: [...mappings, ...plan.unknowns.map((u) => ({ planned: u.consumer, local: u.standIn, why: u.why }))],
      notModelled,
      notStarted,
      startupMs: Math.round(performance.now() - t0),
      ...(worker ? { worker } : {}),
      upstreams,
      ...(bedrock ? { bedrock } : {}),
      ...(gate ? { keys: { adminUrl: gate.url, note: emulationNote } } : {}),
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/**
 * Removes the keys database's variables (`databaseEnv`) from the gateway's planned environment, in
 * place, and says so. LiteLLM's database layer downloads Prisma's engines from binaries.prisma.sh at
 * first start, which this machine cannot reach: with DATABASE_* set the proxy would not start. The
 * local gateway runs without the keys database (master key only); test/keys proves the schema on a
 * real PostgreSQL instead. Returns undefined when the plan sets none of them.
 */
export function withoutKeysDatabase(env: Record<string, string>): { notStarted: string; mapping: Mapping } | undefined {
  const vars = Object.values(databaseEnv).filter((k) => k in env);
  if (vars.length === 0) return undefined;
  for (const k of vars) delete env[k];
  return {
    notStarted:
      "keys database (Postgres): LiteLLM's database layer needs Prisma engine binaries downloaded from binaries.prisma.sh, unreachable here; LiteLLM runs without it and the local run emulates its keys in front of it (virtual keys, teams, tags in memory; limits, budgets and spend not enforced)",
    mapping: { planned: vars.join(", "), local: "(unset)", why: "keys database: not started (Prisma's engines cannot be downloaded here); LiteLLM runs without a database" },
  };
}
