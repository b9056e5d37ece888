import { ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer, IncomingMessage, Server, ServerResponse } from "node:http";
import { AddressInfo, createServer as createNetServer } from "node:net";
import { join } from "node:path";
import { waitFor } from "./fakes";

export const repoRoot = join(__dirname, "../..");

export async function freePort(): Promise<number> {
  const srv = createNetServer();
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const { port } = srv.address() as AddressInfo;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

export interface Moto {
  endpoint: string;
  process: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

/**
 * moto's server from the project-local venv, bound to loopback only. The setup script is
 * idempotent, so running it here makes `vitest run test/worker` work on a fresh checkout too.
 */
export async function startMoto(): Promise<Moto> {
  const bin = join(repoRoot, ".tools/venv-moto/bin/moto_server");
  if (!existsSync(bin)) execFileSync("bash", [join(repoRoot, "scripts/setup/20-moto.sh")], { stdio: "inherit" });
  const port = await freePort();
  const child = spawn(bin, ["-H", "127.0.0.1", "-p", String(port)], { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  const endpoint = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`moto_server exited ${child.exitCode}: ${log}`);
      return fetch(`${endpoint}/moto-api/`).then((r) => r.ok, () => false);
    },
    "moto_server to listen",
    60_000,
    200,
  );
  return {
    endpoint,
    process: child,
    output: () => log,
    stop: () => killAndWait(child, "SIGTERM"),
  };
}

export async function killAndWait(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill(signal);
  await exited;
}

export type GatewayBehaviour = "answer" | "fail" | "hang";

export interface FakeGateway {
  url: string;
  /** Every request: the job's first user message and what the gateway did with it. */
  calls: { content: string; behaviour: GatewayBehaviour; authorization?: string }[];
  /** Decides per request; defaults to answering. */
  behaviour: (content: string) => GatewayBehaviour;
  answerFor: (content: string) => string;
  close(): Promise<void>;
}

/** An OpenAI-compatible /v1/chat/completions on 127.0.0.1 that counts calls. */
export async function startFakeGateway(): Promise<FakeGateway> {
  const gw: FakeGateway = {
    url: "",
    calls: [],
    behaviour: () => "answer",
    answerFor: (content) => `answer to: ${content}`,
    close: async () => {},
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = "";
    req.on("data", (d) => (raw += d));
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
        res.writeHead(404).end("not found");
        return;
      }
      const body = JSON.parse(raw) as { model: string; messages: { content: string }[] };
      const content = body.messages[0]!.content;
      const behaviour = gw.behaviour(content);
      gw.calls.push({ content, behaviour, authorization: req.headers.authorization });
      if (behaviour === "hang") return; // held open until the caller dies or the server closes
      if (behaviour === "fail") {
        res.writeHead(500, { "content-type": "application/json" }).end('{"error":{"message":"upstream exploded"}}');
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          id: `chatcmpl-${gw.calls.length}`,
          object: "chat.completion",
          model: body.model,
          choices: [{ index: 0, message: { role: "assistant", content: gw.answerFor(content) }, finish_reason: "stop" }],
          usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  gw.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  gw.close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return gw;
}

export interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * The worker's real entry point in its own process. `node --import tsx` rather than the tsx
 * CLI, because the CLI runs the program in a grandchild: a SIGKILL to the CLI would leave the
 * actual worker running.
 */
export function spawnWorker(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "worker/main.ts"], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => log, exit };
}
