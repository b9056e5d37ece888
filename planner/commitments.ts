import type { PlannedResource } from "./capture";

/**
 * Capacity bought for a term that AWS will not cancel: a Bedrock Provisioned Throughput with a
 * `commitmentDuration` cannot be deleted before its term ends and is billed until then
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/prov-throughput.html). A change that adds,
 * removes or replaces one therefore has a cost that outlives the change; promote and the PR diff
 * say so beside the plan. (A dedicated Vertex AI endpoint is billed per replica-hour and ends with
 * its deletion: no term.)
 */
export interface Commitment {
  urn: string;
  name: string;
  /** `OneMonth` or `SixMonths`, as the API has it. */
  term: string;
  change: "bought" | "removed" | "replaced";
  /** Why the cost outlives the change, one sentence. */
  note: string;
}

const committedTypes: Readonly<Record<string, string>> = {
  "aws:bedrock/provisionedModelThroughput:ProvisionedModelThroughput": "commitmentDuration",
};

/** Inputs that buy a new Provisioned Throughput (the provider replaces on any of them). */
const replacedOn = ["modelArn", "commitmentDuration", "provisionedModelName"];

function termOf(r: PlannedResource | undefined): string | undefined {
  const key = r && committedTypes[r.type];
  const v = key ? r.inputs[key] : undefined;
  return typeof v === "string" && v !== "" ? v : undefined;
}

const sameInput = (a: PlannedResource, b: PlannedResource, k: string) => JSON.stringify(a.inputs[k]) === JSON.stringify(b.inputs[k]);

/** The committed capacity a change buys, removes or replaces, from the two plans' resources. */
export function commitmentsOutliving(from: readonly PlannedResource[], to: readonly PlannedResource[]): Commitment[] {
  const before = new Map(from.map((r) => [r.urn, r]));
  const after = new Map(to.map((r) => [r.urn, r]));
  const out: Commitment[] = [];
  for (const r of to) {
    const term = termOf(r);
    const prev = before.get(r.urn);
    if (!term && !termOf(prev)) continue;
    if (!prev && term) out.push({ urn: r.urn, name: r.name, term, change: "bought", note: `billed for the whole ${term} term from purchase, even if a later change removes it` });
    else if (prev && replacedOn.some((k) => !sameInput(prev, r, k)) && termOf(prev)) {
      out.push({ urn: r.urn, name: r.name, term: termOf(prev)!, change: "replaced", note: `the old capacity's ${termOf(prev)} term keeps being billed until it ends (AWS refuses its deletion before then)${term ? `, and the new one starts a ${term} term` : ""}` });
    }
  }
  for (const r of from) {
    const term = termOf(r);
    if (term && !after.has(r.urn)) out.push({ urn: r.urn, name: r.name, term, change: "removed", note: `AWS refuses to delete it before its ${term} term ends and bills it until then` });
  }
  return out;
}

/** One line per commitment, for the promote and PR diff outputs. */
export function renderCommitments(commitments: readonly Commitment[], bullet = "  $ "): string[] {
  if (commitments.length === 0) return [];
  return [
    `Committed capacity: ${commitments.length} cost(s) that outlive this change`,
    ...commitments.map((c) => `${bullet}${c.change} \`${c.name}\` (Bedrock Provisioned Throughput, ${c.term}): ${c.note}`),
  ];
}
