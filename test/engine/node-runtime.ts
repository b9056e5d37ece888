import { spawn } from "node:child_process";
import * as path from "node:path";

/**
 * A stand-in for `pulumi-language-nodejs` (not buildable here: the Go module proxy refuses it),
 * reduced to what `pulumi preview` of a project folder needs: the CLI connects to it as to an
 * Automation API language server (`--client`), and its `Run` starts the Node SDK's own program
 * runner, `@pulumi/pulumi/cmd/run`, with the arguments and environment the language host gives it
 * (`constructArguments` and `execRuntime` in sdk/nodejs/cmd/pulumi-language-nodejs/main.go,
 * v3.248.0): `--monitor --engine --organization --project --root-directory --stack --pwd
 * [--dry-run] --parallel <entry point>`, the config in PULUMI_CONFIG / PULUMI_CONFIG_SECRET_KEYS,
 * PULUMI_NODEJS_TYPESCRIPT for a TypeScript project. So the runner resolves the program exactly as
 * under `pulumi up`: the engine's entry point (`main` of Pulumi.yaml, or "." without it), then
 * package.json when there is none. Not modelled: the host's monitor proxy and sync pipes (the
 * runner talks to the engine's monitor directly), dependency installation, debugger attach.
 */

/* eslint-disable @typescript-eslint/no-require-imports */
const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] })) as typeof import("@grpc/grpc-js");
const langrpc = require("@pulumi/pulumi/proto/language_grpc_pb");
const langproto = require("@pulumi/pulumi/proto/language_pb");
const plugproto = require("@pulumi/pulumi/proto/plugin_pb");
/* eslint-enable @typescript-eslint/no-require-imports */

const runner = path.join(pulumiDir, "cmd", "run", "index.js");
/** The runner's exit code after it has reported an error itself (nodeJSProcessExitedAfterLoggingUserActionableMessage). */
const reportedExit = 32;

interface RunRequest {
  getProject(): string;
  getStack(): string;
  getArgsList(): string[];
  getConfigMap(): { entries(): Iterable<[string, string]> };
  getConfigsecretkeysList(): string[];
  getDryrun(): boolean;
  getParallel(): number;
  getMonitorAddress(): string;
  getOrganization(): string;
  getInfo(): {
    getRootDirectory(): string;
    getProgramDirectory(): string;
    getEntryPoint(): string;
    getOptions(): { toJavaScript(): Record<string, unknown> } | undefined;
  } | undefined;
}

export interface NodeRuntime {
  address: string;
  /** What the runner wrote to stderr, for failure messages. */
  stderr(): string;
  close(): void;
}

export async function startNodeRuntime(extraEnv: Record<string, string> = {}): Promise<NodeRuntime> {
  let stderr = "";
  const service = {
    getRequiredPlugins(_call: unknown, callback: (err: unknown, resp: unknown) => void) {
      const resp = new langproto.GetRequiredPluginsResponse();
      resp.setPluginsList([]);
      callback(null, resp);
    },
    getPluginInfo(_call: unknown, callback: (err: unknown, resp: unknown) => void) {
      const resp = new plugproto.PluginInfo();
      resp.setVersion("1.0.0");
      callback(null, resp);
    },
    run(call: { request: RunRequest }, callback: (err: unknown, resp: unknown) => void) {
      const req = call.request;
      const info = req.getInfo();
      // In `--client` mode the CLI passes the engine's address as the first argument.
      const [engine = "", ...programArgs] = req.getArgsList();
      const args = [runner];
      const add = (k: string, v: string) => v && args.push(`--${k}`, v);
      add("monitor", req.getMonitorAddress());
      add("engine", engine);
      add("organization", req.getOrganization());
      add("project", req.getProject());
      add("root-directory", info?.getRootDirectory() ?? "");
      add("stack", req.getStack());
      add("pwd", info?.getProgramDirectory() ?? "");
      if (req.getDryrun()) args.push("--dry-run");
      add("parallel", String(req.getParallel()));
      args.push(info?.getEntryPoint() || ".", ...programArgs);
      const options = info?.getOptions()?.toJavaScript() ?? {};
      const env: Record<string, string> = {
        ...(process.env as Record<string, string>),
        ...extraEnv,
        PULUMI_CONFIG: JSON.stringify(Object.fromEntries(req.getConfigMap().entries())),
        PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(req.getConfigsecretkeysList()),
        ...(options.typescript === false ? {} : { PULUMI_NODEJS_TYPESCRIPT: "true" }),
      };
      const child = spawn(process.execPath, args, { env, stdio: ["ignore", "inherit", "pipe"] });
      child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
      child.on("exit", (code) => {
        const resp = new langproto.RunResponse();
        if (code === reportedExit) resp.setBail(true);
        else if (code !== 0) resp.setError(`program runner exited with code ${code}: ${stderr.trim().split("\n").slice(-5).join("\n")}`);
        callback(null, resp);
      });
    },
  };
  const server = new grpc.Server();
  server.addService(langrpc.LanguageRuntimeService, service as never);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return { address: `127.0.0.1:${port}`, stderr: () => stderr, close: () => server.forceShutdown() };
}
