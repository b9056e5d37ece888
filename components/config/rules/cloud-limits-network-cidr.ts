import { isObj } from "./read";
import type { Issue, Rule } from "./rule";

/** The private block (RFC 1918) a /16 base lies in: the highest second octet the regions may count up to. */
function privateBlockTop(a: number, b: number): number | undefined {
  if (a === 10) return 255;
  if (a === 172 && b >= 16 && b <= 31) return 31;
  if (a === 192 && b === 168) return 168;
  return undefined;
}

export const cloudLimitsNetworkCidr: Rule = {
  id: "cloud-limits-network-cidr",
  doc: "network.cidr is a private /16 whose consecutive /16s, one per region, stay in the private block",
  check(c) {
    const out: Issue[] = [];
    const regions = Array.isArray(c.regions) ? c.regions : [];
    // Regions get consecutive /16s counted up from the base; the last must stay a valid, private range.
    if (!isObj(c.network) || typeof c.network.cidr !== "string") return out;
    const m = /^(\d{1,3})\.(\d{1,3})\.0\.0\/16$/.exec(c.network.cidr);
    if (!m) return out;
    const [a, b] = [Number(m[1]), Number(m[2])];
    const top = privateBlockTop(a, b);
    const last = b + Math.max(regions.length, 1) - 1;
    if (a > 255 || b > 255) out.push({ path: ["network", "cidr"], message: "must be an IPv4 /16 (each octet at most 255)", value: c.network.cidr });
    else if (top === undefined) out.push({ path: ["network", "cidr"], message: "must lie in a private range (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16)", value: c.network.cidr });
    else if (last > top) {
      out.push({
        path: ["network", "cidr"],
        message:
          `gives ${regions.length} regions the /16s ${a}.${b}.0.0 … ${a}.${last}.0.0, past the private block's end (${a}.${top}.0.0/16); ` +
          `choose a base of at most ${a}.${top - regions.length + 1}.0.0/16`,
        value: c.network.cidr,
      });
    }
    return out;
  },
};
