import { gatewayRequestsPerCore } from "../facts/common";
import { atLeast } from "../presets";
import { isObj, knownStage } from "./read";
import type { Issue, Rule } from "./rule";

/**
 * From growth on, the gateway must be able to carry what the front door lets through in each
 * region. A prototype (under 1K requests a day) is sized for cost, not for its throttle.
 */
export const cloudLimitsGatewayCapacity: Rule = {
  id: "cloud-limits-gateway-capacity",
  doc: "from stage growth, gateway.maxReplicas carries api.global.ratePerSecond at the measured requests per core",
  check(c) {
    const out: Issue[] = [];
    const stage = knownStage(c);
    if (!stage || !isObj(c.gateway) || !isObj(c.api) || !isObj(c.api.global)) return out;
    const { cpu, maxReplicas } = c.gateway as { cpu?: unknown; maxReplicas?: unknown };
    const rate = c.api.global.ratePerSecond;
    if (typeof cpu === "number" && cpu > 0 && typeof maxReplicas === "number" && typeof rate === "number") {
      const perReplica = Math.max(1, Math.floor(cpu)) * gatewayRequestsPerCore;
      const needed = Math.ceil(rate / perReplica);
      if (maxReplicas < needed && atLeast(stage, "growth")) {
        out.push({
          path: ["gateway", "maxReplicas"],
          message: `must be at least ${needed}: api.global.ratePerSecond (${rate}) / ~${perReplica} req/s per replica (${Math.max(1, Math.floor(cpu))} worker(s) × ${gatewayRequestsPerCore} req/s measured per core, bench/README.md)`,
          value: maxReplicas,
        });
      }
    }
    return out;
  },
};
