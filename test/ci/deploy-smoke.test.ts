// The deploy-smoke workflow: checked by the real actionlint, its gate script run as is, and the
// promises the docs (docs/deploy.md) make about it (deploys only with credentials and provider keys, runs the
// same `npm run smoke`, always destroys what it deployed).
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = path.resolve(__dirname, "..", "..");
const file = path.join(root, ".github", "workflows", "deploy-smoke.yml");
const actionlint = path.join(root, ".tools", "bin", "actionlint");

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
const wf = parse(fs.readFileSync(file, "utf8")) as {
  on: Record<string, unknown>;
  jobs: Record<string, { if?: string; needs?: string; steps: Step[]; permissions?: Record<string, string> }>;
};

/** Runs the gate's script as the runner would (bash -e, GITHUB_OUTPUT file), with the given env. */
function gate(env: Record<string, string>): { status: number | null; outputs: Record<string, string>; stdout: string } {
  const script = wf.jobs.gate!.steps.find((s) => s.id === "check")!.run!;
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ai-infra-gate-")), "out");
  fs.writeFileSync(out, "");
  const r = spawnSync("bash", ["-e", "-c", script], { cwd: root, encoding: "utf8", env: { PATH: process.env.PATH ?? "", GITHUB_OUTPUT: out, ...env } });
  const outputs = Object.fromEntries(
    fs.readFileSync(out, "utf8").split("\n").filter(Boolean).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
  return { status: r.status, outputs, stdout: r.stdout + r.stderr };
}

describe("deploy-smoke workflow", () => {
  it("passes actionlint", () => {
    if (!fs.existsSync(actionlint)) throw new Error("actionlint is missing: run `npm test` (scripts/setup/10-actionlint.sh installs it)");
    const r = spawnSync(actionlint, ["-no-color", file], { encoding: "utf8" });
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("runs on demand and on a schedule", () => {
    expect(Object.keys(wf.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
  });

  it("gates the deployment on a backend, the cloud's credentials and provider keys", () => {
    expect(wf.jobs["deploy-smoke"]!.if).toBe("needs.gate.outputs.run == 'true'");
    const none = gate({ EXAMPLE: "prototype-aws-us-east-1" });
    expect(none.status).toBe(0);
    expect(none.outputs).toEqual({ run: "false", cloud: "aws", "aws-region": "us-east-1" });
    expect(none.stdout).toContain("missing PULUMI_ACCESS_TOKEN|vars.PULUMI_BACKEND_URL AWS_ROLE_TO_ASSUME SMOKE_PROVIDER_KEYS");
    const noKeys = gate({ EXAMPLE: "prototype-gcp-europe-west4", PULUMI_ACCESS_TOKEN: "t", GCP_WORKLOAD_IDENTITY_PROVIDER: "p" });
    expect(noKeys.outputs.run).toBe("false");
    const all = gate({ EXAMPLE: "growth-aws-eu-west-1", PULUMI_ACCESS_TOKEN: "t", AWS_ROLE_TO_ASSUME: "r", SMOKE_PROVIDER_KEYS: "{}" });
    expect(all.outputs).toEqual({ run: "true", cloud: "aws", "aws-region": "eu-west-1" });
    const unknown = gate({ EXAMPLE: "no-such-stack" });
    expect(unknown.status).toBe(1);
    expect(unknown.stdout).toContain("no example stack 'no-such-stack'");
  });

  it("deploys, runs the same npm run smoke, and always destroys", () => {
    const steps = wf.jobs["deploy-smoke"]!.steps;
    const at = (pred: (s: Step) => boolean) => steps.findIndex(pred);
    const up = at((s) => /pulumi up --stack "\$STACK"/.test(s.run ?? ""));
    const smoke = at((s) => /npm run smoke -- /.test(s.run ?? ""));
    const destroy = at((s) => /pulumi destroy --stack "\$STACK"/.test(s.run ?? ""));
    expect(up).toBeGreaterThan(0);
    expect(smoke).toBeGreaterThan(up);
    expect(destroy).toBeGreaterThan(smoke);
    expect(steps[destroy]!.if).toBe("always()");
    expect(steps[smoke]!.run).toContain("--stream");
  });

  it("sends the WAF prompt corpus through the deployed front door after the smoke test", () => {
    const steps = wf.jobs["deploy-smoke"]!.steps;
    const run = steps.find((s) => /npm run smoke -- /.test(s.run ?? ""))!.run!;
    const corpus = "test/aws/fixtures/waf-prompts.json";
    expect(run).toContain(`--prompts ${corpus}`);
    expect(run.indexOf(`--prompts ${corpus}`)).toBeGreaterThan(run.indexOf('npm run smoke -- "${args[@]}"'));
    expect(fs.existsSync(path.join(root, corpus))).toBe(true);
  });

  it("pins every action to an exact release tag", () => {
    const uses = Object.values(wf.jobs).flatMap((j) => j.steps.map((s) => s.uses).filter((u): u is string => !!u));
    // gate: checkout; deploy-smoke: checkout, setup-node, configure-aws-credentials, google auth, pulumi/actions = 6.
    expect(uses).toHaveLength(6);
    for (const u of uses) expect(u).toMatch(/^[\w.-]+\/[\w.-]+@v\d+\.\d+\.\d+$/);
  });
});
