/**
 * The pinned helm (`.tools/bin/helm`, built by scripts/setup/30-helm.sh) with a throw-away home,
 * for tests that render the kit's charts with the values a plan gives them.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";

const root = path.resolve(__dirname, "..", "..");
const helmBin = path.join(root, ".tools", "bin", "helm");
type Obj = Record<string, any>;

export interface Helm {
  run(...args: string[]): { code: number | null; stdout: string; stderr: string };
  /** Writes values to a fresh file in the helm home, for `-f`. */
  valuesFile(values: Obj): string;
  /**
   * `helm template` of `charts/<chart>` (or a chart directory given as an absolute path, as a
   * planned Release names it) with these values files (in order), as release `release`
   * in `namespace` (what the Pulumi Release sets); the manifests as objects.
   */
  template(chart: string, values: Obj[], opts?: { release?: string; namespace?: string; kubeVersion?: string }): Obj[];
  /** Remove the helm home. */
  cleanup(): void;
}

export function pinnedHelm(): Helm {
  if (!fs.existsSync(helmBin)) throw new Error("helm is missing at .tools/bin/helm: run `npm test` (scripts/setup/30-helm.sh builds it)");
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "ai-infra-helm-"));
  let n = 0;
  const run = (...args: string[]) => {
    const r = spawnSync(helmBin, args, {
      encoding: "utf8",
      env: { ...process.env, HELM_CONFIG_HOME: path.join(home, "c"), HELM_CACHE_HOME: path.join(home, "k"), HELM_DATA_HOME: path.join(home, "d") },
      timeout: 60_000,
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const valuesFile = (v: Obj) => {
    const f = path.join(home, `values-${++n}.json`);
    fs.writeFileSync(f, JSON.stringify(v));
    return f;
  };
  return {
    run,
    valuesFile,
    template(chart, values, opts = {}) {
      const files = values.map(valuesFile);
      const r = run(
        "template",
        opts.release ?? chart,
        path.isAbsolute(chart) ? chart : path.join(root, "charts", chart),
        "--kube-version",
        opts.kubeVersion ?? "1.33.0",
        ...(opts.namespace ? ["--namespace", opts.namespace] : []),
        ...files.flatMap((f) => ["-f", f]),
      );
      if (r.code !== 0) throw new Error(`helm template failed:\n${r.stderr}`);
      return parseAllDocuments(r.stdout)
        .map((d) => d.toJS() as Obj | null)
        .filter((o): o is Obj => o !== null);
    },
    cleanup: () => fs.rmSync(home, { recursive: true, force: true }),
  };
}
