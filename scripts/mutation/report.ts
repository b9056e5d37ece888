// The score per module and the surviving mutants of the last run, as markdown:
// `npm run mutate:report` (reads reports/mutation/mutation.json).
import { readFileSync } from "node:fs";
import { equivalents } from "./equivalent";
import { renderMarkdown, type MutationReport } from "./scope";

const file = process.argv[2] ?? "reports/mutation/mutation.json";
process.stdout.write(renderMarkdown(JSON.parse(readFileSync(file, "utf8")) as MutationReport, equivalents));
