// Every relative link in the kit's documentation resolves: the file (or folder) exists, and a
// `#fragment` into a Markdown file names one of its headings (GitHub's heading anchors).
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");
const pages = [
  "README.md",
  ...fs
    .readdirSync(path.join(root, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
  "cli/README.md",
  "policies/README.md",
  "bench/README.md",
];

/** The text outside fenced code blocks and inline code. */
function prose(text: string): string {
  return text.replace(/^```[\s\S]*?^```/gm, "").replace(/`[^`\n]*`/g, "");
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to '-'. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, "")
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function anchors(file: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  const text = fs.readFileSync(file, "utf8").replace(/^```[\s\S]*?^```/gm, "");
  for (const m of text.matchAll(/^#{1,6} (.+)$/gm)) {
    const base = slug(m[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Relative link targets of a page: `[text](target)`, no scheme, no mail. */
function links(text: string): string[] {
  return [...prose(text).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]).filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t));
}

describe("relative links in the documentation", () => {
  it("finds the pages", () => {
    expect(pages).toContain("docs/configuration.md");
    expect(pages.length).toBeGreaterThan(8);
  });

  it("slugs headings as GitHub does", () => {
    expect(slug("Access: caller keys, teams and AI budgets")).toBe("access-caller-keys-teams-and-ai-budgets");
    expect(slug("GCP data: the keys database, regions and deletion protection")).toBe("gcp-data-the-keys-database-regions-and-deletion-protection");
    expect(slug("Fine-tuning on GCP (`components/gcp/fine-tuning.ts`)")).toBe("fine-tuning-on-gcp-componentsgcpfine-tuningts");
  });

  for (const page of pages) {
    it(`${page}: every relative link resolves`, () => {
      const file = path.join(root, page);
      const broken: string[] = [];
      for (const target of links(fs.readFileSync(file, "utf8"))) {
        const [p, fragment] = target.split("#");
        const dest = p ? path.resolve(path.dirname(file), decodeURIComponent(p)) : file;
        if (!dest.startsWith(root + path.sep) && dest !== root) {
          broken.push(`${target} (outside the repository)`);
          continue;
        }
        if (!fs.existsSync(dest)) {
          broken.push(`${target} (no such file)`);
          continue;
        }
        if (fragment && dest.endsWith(".md") && !anchors(dest).has(fragment)) broken.push(`${target} (no such heading)`);
      }
      expect(broken).toEqual([]);
    });
  }
});
