import { isObj } from "./rules/read";
import type { RawStack } from "./rules/rule";

/**
 * The URLs of a stack the kit's services call: each provider's `apiBase` (LiteLLM sends prompts and
 * the provider's API key there) and the budget alerts' `webhookUrl`. The endpoint rules
 * (`rules/endpoint-*.ts`) judge each of them.
 */
export interface StackUrl {
  path: PropertyKey[];
  url: URL;
  raw: string;
}

export function stackUrls(c: RawStack): StackUrl[] {
  const out: StackUrl[] = [];
  const add = (path: PropertyKey[], v: unknown) => {
    if (typeof v !== "string") return;
    try {
      out.push({ path, url: new URL(v), raw: v });
    } catch {
      // Not a URL: the schema reports it.
    }
  };
  if (isObj(c.providers)) for (const [name, p] of Object.entries(c.providers)) if (isObj(p)) add(["providers", name, "apiBase"], p.apiBase);
  if (isObj(c.budget) && isObj(c.budget.notify)) add(["budget", "notify", "webhookUrl"], c.budget.notify.webhookUrl);
  return out;
}

/** The host without IPv6 brackets, lower case (the WHATWG parser already normalised IPv4 forms such as `0xA9FEA9FE`). */
export function bareHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
}

/** IPv4 dotted quad as a number, or undefined. */
function ipv4(host: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!;
}

/** Expands an IPv6 literal into its 8 groups, or undefined. */
function ipv6Groups(host: string): number[] | undefined {
  if (!host.includes(":")) return undefined;
  const [head, tail, ...rest] = host.split("::");
  if (rest.length > 0) return undefined;
  const parse = (s: string | undefined): number[] => {
    if (!s) return [];
    const out: number[] = [];
    for (const part of s.split(":")) {
      const v4 = ipv4(part);
      if (v4 !== undefined) out.push(v4 >>> 16, v4 & 0xffff);
      else out.push(parseInt(part, 16));
    }
    return out;
  };
  const h = parse(head);
  const t = parse(tail);
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill(0), ...t];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}

/** The IPv4 address an IPv6 literal maps (`::ffff:a.b.c.d`), else undefined. */
function mappedIpv4(g: number[]): number | undefined {
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return ((g[6]! << 16) >>> 0) + g[7]!;
  return undefined;
}

/** Loopback: `localhost`, 127.0.0.0/8, ::1 (RFC 1122 §3.2.1.3, RFC 4291 §2.5.3). */
export function isLoopback(host: string): boolean {
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  const v4 = ipv4(host);
  if (v4 !== undefined) return v4 >>> 24 === 127;
  const g = ipv6Groups(host);
  if (!g) return false;
  const mapped = mappedIpv4(g);
  if (mapped !== undefined) return mapped >>> 24 === 127;
  return g.slice(0, 7).every((x) => x === 0) && g[7] === 1;
}

/**
 * Why a host is a link-local or instance-metadata address, or undefined. Such an address reaches
 * the machine the gateway runs on (its cloud credentials), never a model provider:
 * - 169.254.0.0/16 IPv4 link-local (RFC 3927), which holds the EC2/GCE/ECS metadata services
 *   (169.254.169.254, 169.254.170.2);
 * - fe80::/10 IPv6 link-local (RFC 4291 §2.5.6);
 * - fd00:ec2::254, the EC2 instance metadata service over IPv6
 *   (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-retrieval.html);
 * - metadata.google.internal / metadata, the Compute Engine metadata server
 *   (https://cloud.google.com/compute/docs/metadata/querying-metadata).
 */
export function metadataReason(host: string): string | undefined {
  const name = host.replace(/\.$/, "");
  if (name === "metadata.google.internal" || name === "metadata") return "is the Compute Engine metadata server";
  const v4 = ipv4(name);
  const g = v4 === undefined ? ipv6Groups(name) : undefined;
  const addr4 = v4 ?? (g ? mappedIpv4(g) : undefined);
  if (addr4 !== undefined) return addr4 >>> 16 === 0xa9fe ? "is in 169.254.0.0/16 (link-local, the cloud metadata services)" : undefined;
  if (!g) return undefined;
  if (g.join(":") === [0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254].join(":")) return "is fd00:ec2::254 (the EC2 instance metadata service)";
  if ((g[0]! & 0xffc0) === 0xfe80) return "is in fe80::/10 (IPv6 link-local)";
  return undefined;
}
