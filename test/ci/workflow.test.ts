// The CI workflows, checked by the real actionlint (installed by scripts/setup/10-actionlint.sh)
// and by the structural promises the docs (docs/testing.md) make about them: the preview job runs only with
// credentials, the plan job derives its stacks from stacks/, every action is pinned exactly.
import { describe, it, expect, afterAll } from "vitest";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";

const root = path.resolve(__dirname, "..", "..");
const workflowsDir = path.join(root, ".github", "workflows");
const workflowPath = path.join(workflowsDir, "pull-request.yml");
const actionlint = path.join(root, ".tools", "bin", "actionlint");
const setupScript = path.join(root, "scripts", "setup", "10-actionlint.sh");

const workflowFiles = fs.existsSync(workflowsDir)
  ? fs.readdirSync(workflowsDir).filter((f) => /\.ya?ml$/.test(f)).sort()
  : [];

// The pin lives once, in the setup script; reading it here means a stale binary in .tools/bin
// (from an older pin) fails the suite instead of silently linting with old rules.
function pinnedActionlintVersion(): string {
  const m = /^ACTIONLINT_VERSION="(v\d+\.\d+\.\d+)"$/m.exec(fs.readFileSync(setupScript, "utf8"));
  if (!m) throw new Error(`no ACTIONLINT_VERSION="vX.Y.Z" line in ${setupScript}`);
  return m[1];
}

function minGoMinor(): number {
  const m = /^MIN_GO_MINOR=(\d+)$/m.exec(fs.readFileSync(setupScript, "utf8"));
  if (!m) throw new Error(`no MIN_GO_MINOR=N line in ${setupScript}`);
  return Number(m[1]);
}

function requireActionlint(): void {
  if (!fs.existsSync(actionlint)) {
    throw new Error(
      `actionlint is missing at ${path.relative(root, actionlint)}: run \`npm test\` ` +
        "(scripts/setup/10-actionlint.sh installs it), not vitest alone",
    );
  }
}

function runActionlint(files: string[], cwd = root): { status: number | null; output: string } {
  requireActionlint();
  const r = spawnSync(actionlint, ["-no-color", ...files], { cwd, encoding: "utf8" });
  if (r.error) throw r.error;
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

type Step = { id?: string; name?: string; uses?: string; run?: string; if?: string; with?: Record<string, unknown>; env?: Record<string, string> };
type Job = {
  if?: string;
  needs?: string | string[];
  env?: Record<string, string>;
  outputs?: Record<string, string>;
  permissions?: Record<string, string> | string;
  strategy?: { matrix?: unknown };
  steps?: Step[];
  uses?: string;
};
type Workflow = { on: unknown; permissions?: unknown; concurrency?: { group?: string }; jobs: Record<string, Job> };

function loadWorkflow(file = workflowPath): Workflow {
  return parse(fs.readFileSync(file, "utf8")) as Workflow;
}

function needsOf(job: Job): string[] {
  return job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs];
}

function stepUsing(job: Job, action: string): Step {
  const step = (job.steps ?? []).find((s) => s.uses?.split("@")[0] === action);
  if (!step) throw new Error(`no step uses ${action}`);
  return step;
}

// An exact release tag (vX.Y.Z) or a full commit SHA. Bare majors (@v6), partial versions
// (@v6.1) and branches (@main) move under the workflow and are rejected.
const PINNED_USES = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.\/-]+@(v\d+\.\d+\.\d+|[0-9a-f]{40})$/;

function unpinnedUses(wf: Workflow): string[] {
  const uses: string[] = [];
  for (const job of Object.values(wf.jobs)) {
    if (job.uses) uses.push(job.uses);
    for (const step of job.steps ?? []) if (step.uses) uses.push(step.uses);
  }
  // Local actions and workflows (./...) are versioned with the repository itself.
  return uses.filter((u) => !u.startsWith("./") && !PINNED_USES.test(u));
}

// The discover step's shell script, run here exactly as the workflow runs it, against a
// stacks/ folder and credentials of the test's choosing.
function discoverScript(): string {
  const steps = loadWorkflow().jobs.stacks?.steps ?? [];
  const step = steps.find((s) => s.id === "discover");
  if (!step?.run) throw new Error("jobs.stacks has no step with id `discover` and a run script");
  return step.run;
}

type Discovered = { status: number | null; output: string; values: Record<string, string> };

function runDiscover(cwd: string, env: Record<string, string>): Discovered {
  // Outside cwd: the script also runs against the repository itself, which it must not litter.
  const outFile = path.join(tmpDir("output"), "github-output.txt");
  fs.writeFileSync(outFile, "");
  const r = spawnSync("bash", ["-c", discoverScript()], {
    cwd,
    encoding: "utf8",
    // Only PATH from the real environment: a developer's own PULUMI_ACCESS_TOKEN or AWS role
    // must not change what the gate decides in the test.
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", GITHUB_OUTPUT: outFile, ...env },
  });
  if (r.error) throw r.error;
  const values: Record<string, string> = {};
  for (const line of fs.readFileSync(outFile, "utf8").split("\n")) {
    const i = line.indexOf("=");
    if (i > 0) values[line.slice(0, i)] = line.slice(i + 1);
  }
  return { status: r.status, output: `${r.stdout}${r.stderr}`, values };
}

const tmpDirs: string[] = [];
function tmpDir(prefix: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), `ai-infra-ci-${prefix}-`));
  tmpDirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

function fakeStacks(dir: string, stacks: Record<string, string>): void {
  fs.mkdirSync(path.join(dir, "stacks"), { recursive: true });
  for (const [name, body] of Object.entries(stacks)) {
    fs.writeFileSync(path.join(dir, "stacks", name), body);
  }
}

const awsStack = "config:\n  aws:region: eu-west-1\n  ai-infra:cloud: aws  # comment\n";
const gcpStack = 'config:\n  gcp:project: demo\n  ai-infra:cloud: "gcp"\n';

// Every test that needs the binary checks for it itself (no beforeAll): vitest reports the
// tests of a suite whose hook threw as skipped, and a missing tool must read as failures.
describe("actionlint on .github/workflows", () => {
  it("is the pinned version", () => {
    requireActionlint();
    const r = spawnSync(actionlint, ["-version"], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe(pinnedActionlintVersion());
  });

  it("the setup script returns at once when the pinned version is installed", () => {
    // Checked first so that a missing binary fails here instead of being built by this test.
    requireActionlint();
    const before = fs.statSync(actionlint).mtimeMs;
    const r = spawnSync("bash", [setupScript], { cwd: root, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`actionlint ${pinnedActionlintVersion()} already in .tools/bin`);
    expect(fs.statSync(actionlint).mtimeMs).toBe(before);
  });

  it("finds the pull-request workflow", () => {
    expect(workflowFiles).toContain("pull-request.yml");
  });

  it.each(workflowFiles)("%s passes actionlint with no findings", (file) => {
    const r = runActionlint([path.join(".github", "workflows", file)]);
    expect(r.output).toBe("");
    expect(r.status).toBe(0);
  });

  // Each case breaks the real workflow in one way and proves actionlint reports it, so the
  // clean result above means something.
  const breakages: Array<{ what: string; from: string | RegExp; to: string; expected: RegExp }> = [
    {
      what: "a secret read in a job-level if",
      from: "if: needs.stacks.outputs.preview == 'true'",
      to: "if: secrets.PULUMI_ACCESS_TOKEN != ''",
      expected: /context "secrets" is not allowed here.*\[expression\]/,
    },
    {
      what: "an unknown runner label",
      from: /runs-on: ubuntu-24\.04/,
      to: "runs-on: ubuntu-24.4",
      expected: /label "ubuntu-24\.4" is unknown.*\[runner-label\]/,
    },
    {
      what: "a misspelled job output in the plan matrix",
      from: "fromJSON(needs.stacks.outputs.stacks)",
      to: "fromJSON(needs.stacks.outputs.stack)",
      expected: /property "stack" is not defined in object type.*\[expression\]/,
    },
  ];
  it.each(breakages)("fails on $what", ({ from, to, expected }) => {
    const original = fs.readFileSync(workflowPath, "utf8");
    const broken = original.replace(from, to);
    expect(broken, "the text to break is no longer in the workflow").not.toBe(original);
    const dir = tmpDir("broken");
    fs.mkdirSync(path.join(dir, ".github", "workflows"), { recursive: true });
    const file = path.join(dir, ".github", "workflows", "broken.yml");
    fs.writeFileSync(file, broken);
    const r = runActionlint([file], dir);
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(expected);
  });
});

describe("pull-request workflow structure", () => {
  const wf = loadWorkflow();

  it("pins every third-party action to an exact version", () => {
    for (const file of workflowFiles) {
      expect(unpinnedUses(loadWorkflow(path.join(workflowsDir, file))), file).toEqual([]);
    }
  });

  it("the pin check rejects moving refs and accepts exact tags and SHAs", () => {
    const steps = [
      "actions/checkout@v6",
      "actions/checkout@v6.1",
      "actions/checkout@main",
      "pulumi/actions@master",
      "actions/checkout@v6.1.0",
      "actions/checkout@0123456789abcdef0123456789abcdef01234567",
      "./.github/actions/local",
    ].map((uses) => ({ uses }));
    const bad = unpinnedUses({ on: {}, jobs: { j: { steps } } });
    expect(bad).toEqual([
      "actions/checkout@v6",
      "actions/checkout@v6.1",
      "actions/checkout@main",
      "pulumi/actions@master",
    ]);
  });

  it("grants only read access by default and cancels superseded PR runs", () => {
    expect(wf.permissions).toEqual({ contents: "read" });
    expect(wf.concurrency?.group).toContain("github.event.pull_request.number");
  });

  it("test job: node from package.json with npm cache, the pinned node first on PATH, python 3.11, a pinned Go minor able to build actionlint, npm test", () => {
    const test = wf.jobs.test;
    expect(stepUsing(test, "actions/setup-node").with).toEqual({ "node-version-file": "package.json", cache: "npm" });
    const runs = (test.steps ?? []).map((s) => s.run);
    expect(runs.indexOf('echo "$PWD/node_modules/.bin" >> "$GITHUB_PATH"')).toBe(runs.indexOf("npm ci --no-audit --no-fund") + 1);
    expect(stepUsing(test, "actions/setup-python").with).toMatchObject({ "python-version": "3.11" });
    const goVersion = String(stepUsing(test, "actions/setup-go").with?.["go-version"]);
    const m = /^1\.(\d+)(\.x)?$/.exec(goVersion);
    expect(m, `go-version ${goVersion} is not a pinned minor`).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThanOrEqual(minGoMinor());
    expect((test.steps ?? []).map((s) => s.run)).toContain("npm test");
  });

  describe("plan job", () => {
    it("takes its matrix from the discover job and plans each stack as JSON, uploaded", () => {
      const plan = wf.jobs.plan;
      expect(needsOf(plan)).toContain("stacks");
      expect(plan.strategy?.matrix).toEqual({ stack: "${{ fromJSON(needs.stacks.outputs.stacks) }}" });
      expect(wf.jobs.stacks.outputs?.stacks).toBe("${{ steps.discover.outputs.stacks }}");
      const planStep = (plan.steps ?? []).find((s) => /npm run (--silent )?plan -- "\$STACK" --json/.test(s.run ?? ""));
      expect(planStep, "no step runs `npm run plan -- \"$STACK\" --json`").toBeDefined();
      expect(planStep!.env?.STACK).toBe("${{ matrix.stack }}");
      const upload = stepUsing(plan, "actions/upload-artifact");
      expect(String(upload.with?.path)).toContain("${{ matrix.stack }}");
      expect(upload.if).toContain("!cancelled()");
    });

    it("the discover script has no ${{ }} of its own, so what runs here is what runs in Actions", () => {
      expect(discoverScript()).not.toContain("${{");
    });

    it("lists exactly the stack files in the repository's stacks/ folder", () => {
      const expected = fs
        .readdirSync(path.join(root, "stacks"))
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
      // The eight examples: four stages, each on both clouds.
      expect(expected).toEqual([
        "enterprise-aws-us-east-1",
        "enterprise-gcp-europe-west4",
        "growth-aws-eu-west-1",
        "growth-gcp-us-central1",
        "prototype-aws-us-east-1",
        "prototype-gcp-europe-west4",
        "scale-aws-us-east-1",
        "scale-gcp-europe-west4",
      ]);
      const r = runDiscover(root, {});
      expect(r.status, r.output).toBe(0);
      expect((JSON.parse(r.values.stacks) as string[]).sort()).toEqual(expected);
    });

    it("picks up a new stack file without a workflow change and ignores other files", () => {
      const dir = tmpDir("stacks");
      fakeStacks(dir, {
        "Pulumi.a-aws.yaml": awsStack,
        "Pulumi.b-gcp.yaml": gcpStack,
        "README.md": "not a stack\n",
        "Pulumi.c.yml": awsStack, // Pulumi reads .yaml only
      });
      expect(JSON.parse(runDiscover(dir, {}).values.stacks)).toEqual(["a-aws", "b-gcp"]);
      fakeStacks(dir, { "Pulumi.new-one.yaml": awsStack });
      expect(JSON.parse(runDiscover(dir, {}).values.stacks)).toEqual(["a-aws", "b-gcp", "new-one"]);
    });

    it("fails when stacks/ has no stack file rather than planning nothing", () => {
      const dir = tmpDir("empty");
      fakeStacks(dir, {});
      const r = runDiscover(dir, {});
      expect(r.status).not.toBe(0);
      expect(r.output).toContain("no stacks/Pulumi.*.yaml found");
    });

    it("rejects a file name that is not a valid stack name", () => {
      const dir = tmpDir("badname");
      fakeStacks(dir, { 'Pulumi.bad"name.yaml': awsStack });
      const r = runDiscover(dir, {});
      expect(r.status).not.toBe(0);
      expect(r.output).toContain("is not a valid stack name");
    });
  });

  describe("preview job", () => {
    const preview = wf.jobs.preview;
    const secretsEnv = ["PULUMI_ACCESS_TOKEN", "AWS_ROLE_TO_ASSUME", "GCP_WORKLOAD_IDENTITY_PROVIDER"];

    it("is gated by the discover job's output, never by secrets directly", () => {
      expect(needsOf(preview)).toContain("stacks");
      expect(preview.if).toBe("needs.stacks.outputs.preview == 'true'");
      expect(wf.jobs.stacks.outputs?.preview).toBe("${{ steps.discover.outputs.preview }}");
      expect(preview.strategy?.matrix).toBe("${{ fromJSON(needs.stacks.outputs.preview-matrix) }}");
      for (const name of secretsEnv) {
        expect(wf.jobs.stacks.env?.[name], `stacks env ${name}`).toBe(`\${{ secrets.${name} }}`);
        expect(preview.env?.[name], `preview env ${name}`).toBe(`\${{ secrets.${name} }}`);
      }
    });

    it("previews nothing without credentials", () => {
      const r = runDiscover(root, {});
      expect(r.status, r.output).toBe(0);
      expect(r.values.preview).toBe("false");
      expect(JSON.parse(r.values["preview-matrix"])).toEqual({ include: [] });
      expect(r.output).toContain("pulumi preview skipped for");
    });

    it("previews nothing with cloud credentials but no Pulumi backend", () => {
      const dir = tmpDir("nobackend");
      fakeStacks(dir, { "Pulumi.a-aws.yaml": awsStack, "Pulumi.b-gcp.yaml": gcpStack });
      const r = runDiscover(dir, { AWS_ROLE_TO_ASSUME: "arn:aws:iam::1:role/r", GCP_WORKLOAD_IDENTITY_PROVIDER: "p" });
      expect(r.values.preview).toBe("false");
      expect(JSON.parse(r.values["preview-matrix"])).toEqual({ include: [] });
    });

    it("previews only the stacks whose cloud has credentials", () => {
      const dir = tmpDir("aws-only");
      fakeStacks(dir, { "Pulumi.a-aws.yaml": awsStack, "Pulumi.b-gcp.yaml": gcpStack });
      const aws = runDiscover(dir, { PULUMI_ACCESS_TOKEN: "pul-x", AWS_ROLE_TO_ASSUME: "arn:aws:iam::1:role/r" });
      expect(aws.values.preview).toBe("true");
      expect(JSON.parse(aws.values["preview-matrix"])).toEqual({
        include: [{ stack: "a-aws", cloud: "aws", "aws-region": "eu-west-1" }],
      });
      const gcp = runDiscover(dir, { PULUMI_BACKEND_URL: "gs://state", GCP_WORKLOAD_IDENTITY_PROVIDER: "p" });
      expect(JSON.parse(gcp.values["preview-matrix"])).toEqual({ include: [{ stack: "b-gcp", cloud: "gcp" }] });
      // No secret value may leave the job through its outputs.
      expect(JSON.stringify(aws.values)).not.toContain("pul-x");
      expect(JSON.stringify(aws.values)).not.toContain("arn:aws:iam");
    });

    it("gets cloud credentials by OIDC, each step gated on its credential", () => {
      expect(preview.permissions).toMatchObject({ "id-token": "write", "pull-requests": "write" });
      const aws = stepUsing(preview, "aws-actions/configure-aws-credentials");
      expect(aws.if).toContain("env.AWS_ROLE_TO_ASSUME != ''");
      expect(aws.with).toMatchObject({ "role-to-assume": "${{ env.AWS_ROLE_TO_ASSUME }}" });
      expect(aws.with).not.toHaveProperty("aws-access-key-id");
      const gcp = stepUsing(preview, "google-github-actions/auth");
      expect(gcp.if).toContain("env.GCP_WORKLOAD_IDENTITY_PROVIDER != ''");
      expect(gcp.with).toMatchObject({ workload_identity_provider: "${{ env.GCP_WORKLOAD_IDENTITY_PROVIDER }}" });
      expect(gcp.with).not.toHaveProperty("credentials_json");
    });

    it("runs pulumi preview with both policy packs, the SDK's CLI version, and a PR comment", () => {
      const step = stepUsing(preview, "pulumi/actions");
      expect(step.with?.command).toBe("preview");
      expect(String(step.with?.policyPacks).trim().split("\n")).toEqual(["policies/residency", "policies/guardrails"]);
      expect(String(step.with?.["comment-on-pr"])).toContain("pull_request");
      expect(String(step.with?.["stack-name"])).toContain("matrix.stack");
      const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
      expect(String(step.with?.["pulumi-version"])).toBe(pkg.dependencies["@pulumi/pulumi"]);
    });
  });
});

describe("plan-diff job", () => {
  const wf = loadWorkflow();
  const job = wf.jobs["plan-diff"];

  it("runs on pull requests only, with read access plus the comment permission, and no secrets", () => {
    expect(job).toBeDefined();
    expect(job.if).toBe("github.event_name == 'pull_request'");
    expect(job.permissions).toEqual({ contents: "read", "pull-requests": "write" });
    expect(JSON.stringify(job)).not.toContain("secrets.");
  });

  it("checks out the head and the base commit side by side and installs each one's dependencies", () => {
    const checkouts = (job.steps ?? []).filter((s) => s.uses?.split("@")[0] === "actions/checkout");
    expect(checkouts.map((s) => s.with)).toEqual([
      { "persist-credentials": false, path: "head" },
      { "persist-credentials": false, ref: "${{ github.event.pull_request.base.sha }}", path: "base" },
    ]);
    const install = (job.steps ?? []).find((s) => s.name === "install head and base dependencies");
    expect(install?.run).toContain("npm ci --no-audit --no-fund --prefix head");
    expect(install?.run).toContain("npm ci --no-audit --no-fund --prefix base");
  });

  it("runs pr-diff on the two checkouts and always writes the job summary (what fork pull requests get)", () => {
    const step = (job.steps ?? []).find((s) => s.name === "plan diff");
    expect(step?.run).toMatch(/npm run --silent pr-diff -- --base \.\.\/base --head \. .*--out \.\.\/plan-diff\.md/);
    expect(step?.run).toContain('cat ../plan-diff.md >> "$GITHUB_STEP_SUMMARY"');
    expect(step?.if).toBeUndefined();
  });

  it("comments only where the token may write: not on fork pull requests", () => {
    const step = (job.steps ?? []).find((s) => s.id === "comment");
    expect(step?.if).toBe("github.event.pull_request.head.repo.full_name == github.repository");
    expect(step?.env?.GH_TOKEN).toBe("${{ github.token }}");
    expect(step?.run).not.toContain("${{");
    expect(step?.run).toBe("bash head/scripts/ci/pr-comment.sh '<!-- ai-infra:plan-diff -->' plan-diff.md");
  });

  // The comment script as the workflow runs it, against a fake `gh` that records its calls and
  // answers the comment listing with the ids the test gives.
  function runComment(existingIds: string[]): { status: number | null; calls: string[]; output: string } {
    const dir = tmpDir("gh");
    const log = path.join(dir, "calls.txt");
    fs.mkdirSync(path.join(dir, "bin"));
    fs.writeFileSync(
      path.join(dir, "bin", "gh"),
      `#!/bin/bash\necho "$*" >> "${log}"\nif [[ "$*" == *"--paginate"* ]]; then printf '%s\\n' ${existingIds.map((i) => `'${i}'`).join(" ")}; fi\n`,
      { mode: 0o755 },
    );
    fs.writeFileSync(path.join(dir, "plan-diff.md"), "<!-- ai-infra:plan-diff -->\nbody\n");
    const r = spawnSync("bash", [path.join(root, "scripts/ci/pr-comment.sh"), "<!-- ai-infra:plan-diff -->", "plan-diff.md"], {
      cwd: dir,
      encoding: "utf8",
      env: { PATH: `${path.join(dir, "bin")}:${process.env.PATH ?? "/usr/bin:/bin"}`, REPO: "o/r", PR: "7", GH_TOKEN: "t" },
    });
    const calls = fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : [];
    return { status: r.status, calls, output: `${r.stdout}${r.stderr}` };
  }

  it("creates the comment when the pull request has none", () => {
    const r = runComment([]);
    expect(r.status, r.output).toBe(0);
    expect(r.calls[0]).toContain("api --paginate repos/o/r/issues/7/comments --jq");
    expect(r.calls[0]).toContain('startswith("<!-- ai-infra:plan-diff -->")');
    expect(r.calls[1]).toBe("api -X POST repos/o/r/issues/7/comments -F body=@plan-diff.md");
    expect(r.calls).toHaveLength(2);
  });

  it("updates the first marked comment instead of adding another", () => {
    const r = runComment(["111", "222"]);
    expect(r.status, r.output).toBe(0);
    expect(r.calls[1]).toBe("api -X PATCH repos/o/r/issues/comments/111 -F body=@plan-diff.md");
    expect(r.calls).toHaveLength(2);
    expect(r.output).toContain("updated comment 111");
  });
});

describe("mutation job", () => {
  const job = loadWorkflow().jobs.mutation;

  it("runs on pull requests only, with read access plus the comment permission, and no secrets", () => {
    expect(job.if).toBe("github.event_name == 'pull_request'");
    expect(job.permissions).toEqual({ contents: "read", "pull-requests": "write" });
    expect(JSON.stringify(job)).not.toContain("secrets.");
  });

  it("mutates only the changed files in scope and reports to the summary, then comments where the token may write", () => {
    const mutate = (job.steps ?? []).find((s) => s.id === "mutate");
    expect(mutate?.run).toContain('files="$(npx tsx scripts/mutation/changed.ts "$BASE_SHA")"');
    expect(mutate?.run).toContain('npx stryker run --mutate "$files"');
    expect(mutate?.run).toContain('cat mutation.md >> "$GITHUB_STEP_SUMMARY"');
    const comment = (job.steps ?? []).find((s) => s.id === "comment");
    expect(comment?.if).toBe("github.event.pull_request.head.repo.full_name == github.repository");
    expect(comment?.run).toBe("bash scripts/ci/pr-comment.sh '<!-- ai-infra:mutation -->' mutation.md");
  });
});
