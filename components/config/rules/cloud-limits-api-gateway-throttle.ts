import { apiGatewayAccountThrottle } from "../facts/aws";
import { isObj } from "./read";
import type { Issue, Rule } from "./rule";

export const cloudLimitsApiGatewayThrottle: Rule = {
  id: "cloud-limits-api-gateway-throttle",
  doc: "on aws, api.global's rate and burst are within API Gateway's account throttle",
  check(c) {
    const out: Issue[] = [];
    if (c.cloud !== "aws" || !isObj(c.api) || !isObj(c.api.global)) return out;
    const g = c.api.global;
    if (g.ratePerSecond === undefined) {
      out.push({ path: ["api", "global", "ratePerSecond"], message: "is required on aws: the REST API stage's steady throttle in requests per second" });
    }
    if (typeof g.ratePerSecond === "number" && g.ratePerSecond > apiGatewayAccountThrottle.ratePerSecond) {
      out.push({
        path: ["api", "global", "ratePerSecond"],
        message: `must be at most ${apiGatewayAccountThrottle.ratePerSecond} (API Gateway's account throttle per region; raise the quota first, then the kit's facts)`,
        value: g.ratePerSecond,
      });
    }
    if (typeof g.burst === "number" && g.burst > apiGatewayAccountThrottle.burst) {
      out.push({ path: ["api", "global", "burst"], message: `must be at most ${apiGatewayAccountThrottle.burst} (API Gateway's account burst per region)`, value: g.burst });
    }
    return out;
  },
};
