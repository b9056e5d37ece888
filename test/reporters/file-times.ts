import path from "node:path";
import type { Reporter, TestModule } from "vitest/node";

/** One test file's wall time, split where it usually goes: importing the file vs its tests and hooks. */
export interface FileTime {
  file: string;
  /** Import of the file and everything it loads, plus the runner's own set-up for it (ms). */
  loadMs: number;
  /** All tests and hooks of the file (ms); real processes started in `beforeAll` count here. */
  testsMs: number;
  tests: number;
  state: string;
}

export const totalMs = (t: FileTime) => t.loadMs + t.testsMs;

/** The table printed after every run: slowest file first, so a file that got slower stands out. */
export function fileTimesTable(times: readonly FileTime[]): string {
  const sorted = [...times].sort((a, b) => totalMs(b) - totalMs(a) || a.file.localeCompare(b.file));
  const s = (ms: number) => (ms / 1000).toFixed(1).padStart(7);
  const lines = sorted.map((t) => `${s(totalMs(t))} ${s(t.loadMs)} ${s(t.testsMs)} ${String(t.tests).padStart(5)}  ${t.file}${t.state === "passed" ? "" : ` (${t.state})`}`);
  const sum = times.reduce((a, t) => a + totalMs(t), 0);
  return [
    `Time per test file (${times.length} file${times.length === 1 ? "" : "s"}, ${(sum / 1000).toFixed(1)} s summed over workers)`,
    "  total    load   tests tests  file",
    ...lines,
  ].join("\n");
}

function fileTime(m: TestModule, root: string): FileTime {
  const d = m.diagnostic();
  return {
    file: path.relative(root, m.moduleId),
    loadMs: Math.round(d.environmentSetupDuration + d.prepareDuration + d.collectDuration + d.setupDuration),
    testsMs: Math.round(d.duration),
    tests: [...m.children.allTests()].length,
    state: m.state(),
  };
}

/** Prints {@link fileTimesTable} at the end of every run (configured in vitest.config.ts). */
export default class FileTimesReporter implements Reporter {
  private root = process.cwd();
  onInit(ctx: { config: { root: string } }): void {
    this.root = ctx.config.root;
  }
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    if (modules.length === 0) return;
    process.stdout.write(`\n${fileTimesTable(modules.map((m) => fileTime(m, this.root)))}\n`);
  }
}
