import { createHash } from "node:crypto";

/**
 * Physical names for the few AWS resources whose names are length-limited and that Pulumi's
 * auto-naming cannot shorten enough (load balancers and target groups: 32 characters;
 * ElastiCache replication groups: 40; Glue/Athena identifiers: no '-').
 *
 * Names are derived from project, stack and region only, never from the stage: promoting a
 * stack must not rename (and so replace) anything. A short hash of the full identity keeps two
 * stacks whose names share a long prefix from colliding after truncation.
 */
export interface NameScope {
  project: string;
  stack: string;
  region: string;
}

function hash(text: string, length: number): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

/** Lower-case letters, digits and single hyphens, starting with a letter, no trailing hyphen. */
function dnsLabel(text: string): string {
  const cleaned = text
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "-")
    .replace(/-+/g, "-")
    .replace(/^[^a-z]+/, "")
    .replace(/-+$/, "");
  return cleaned || "x";
}

/**
 * `<stack-region, truncated>-<hash>-<role>` within `max` characters. The hash covers the project
 * too (stack names are unique within a project, not across projects sharing an account); the role
 * is kept whole so that the name still says what the resource is.
 */
export function shortName(scope: NameScope, role: string, max: number): string {
  const suffix = `${hash(`${scope.project}/${scope.stack}/${scope.region}`, 6)}-${dnsLabel(role)}`;
  const room = max - suffix.length - 1;
  if (room < 1) throw new Error(`role '${role}' leaves no room for a name within ${max} characters`);
  const head = dnsLabel(dnsLabel(`${scope.stack}-${scope.region}`).slice(0, room));
  return `${head}-${suffix}`;
}

/** Glue databases/tables and Athena identifiers: lower-case letters, digits and '_'. */
export function sqlName(...parts: string[]): string {
  return parts
    .join("_")
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, "_")
    .replace(/_+/g, "_")
    .replace(/^_+|_+$/g, "");
}
