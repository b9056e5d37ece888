import { bareHost, isLoopback, stackUrls } from "../urls";
import type { Issue, Rule } from "./rule";

export const endpointPlainHttp: Rule = {
  id: "endpoint-plain-http",
  doc: "a provider apiBase or webhook URL uses https unless its host is loopback (localhost, 127.0.0.0/8, ::1)",
  check(c) {
    const out: Issue[] = [];
    for (const u of stackUrls(c)) {
      if (u.url.protocol !== "http:" || isLoopback(bareHost(u.url))) continue;
      out.push({
        path: u.path,
        message: `must use https:// for host ${u.url.hostname}: plain http sends prompts and API keys unencrypted; http:// is allowed only to loopback (localhost, 127.0.0.0/8, ::1)`,
        value: u.raw,
      });
    }
    return out;
  },
};
