import { spawnSync } from "node:child_process";
import { lstatSync, readFileSync, readlinkSync, realpathSync } from "node:fs";
import * as path from "node:path";

/** Files of a git work tree as git sees them: tracked (deleted ones too) and new, not ignored. */
function workTreeFiles(dir: string): string[] | null {
  const ls = spawnSync("git", ["-C", dir, "ls-files", "-z", "--cached", "--others", "--exclude-standard"], { encoding: "utf8", maxBuffer: 64 << 20 });
  if (ls.status !== 0) return null;
  // A folder inside another repository's work tree is not a checkout of its own.
  const top = spawnSync("git", ["-C", dir, "rev-parse", "--show-toplevel"], { encoding: "utf8" });
  if (top.status !== 0 || realpathSync(top.stdout.trim()) !== realpathSync(dir)) return null;
  // A link to the dependencies (how a base worktree borrows them) is not a file of the checkout:
  // the dependencies are compared through package.json and package-lock.json.
  return ls.stdout.split("\0").filter((f) => f !== "" && f !== "node_modules");
}

function contentOf(file: string): string | Buffer | null {
  try {
    const st = lstatSync(file);
    if (st.isSymbolicLink()) return `symlink:${readlinkSync(file)}`;
    return st.isFile() ? readFileSync(file) : `not a file:${st.mode}`;
  } catch {
    return null;
  }
}

/**
 * Repo-relative paths whose content differs between two checkouts (present on one side only
 * included), comparing bytes, not commits, so uncommitted edits count. null when either side is
 * not a git work tree: then nothing may be skipped.
 */
export function changedFiles(baseDir: string, headDir: string): string[] | null {
  const base = workTreeFiles(baseDir);
  const head = workTreeFiles(headDir);
  if (!base || !head) return null;
  const changed: string[] = [];
  for (const f of [...new Set([...base, ...head])].sort()) {
    const a = contentOf(path.join(baseDir, f));
    const b = contentOf(path.join(headDir, f));
    const same = a === null || b === null ? a === b : typeof a === "string" || typeof b === "string" ? a === b : a.equals(b);
    if (!same) changed.push(f);
  }
  return changed;
}

