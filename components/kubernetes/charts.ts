import { existsSync } from "node:fs";
import * as path from "node:path";

/**
 * The directory of one of the kit's own charts (`charts/<chart>`). Found by walking up from this
 * file because the kit runs both from source (`components/kubernetes/`) and compiled
 * (`dist/components/kubernetes/`), and `charts/` ships beside both (package.json `files`).
 * Absolute on purpose: the kubernetes provider reads a relative `chart` from the program's working
 * directory, which in a project that installs the kit is not the kit's folder. Plans record it
 * relative to the checkout instead (`relativeToRoots` in planner/capture.ts).
 */
export function kitChartPath(chart: string, from: string = __dirname): string {
  let dir = from;
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, "charts", chart);
    if (existsSync(path.join(candidate, "Chart.yaml"))) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error(`charts/${chart} not found above ${from}`);
}
