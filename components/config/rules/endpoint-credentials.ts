import { stackUrls } from "../urls";
import type { Issue, Rule } from "./rule";

export const endpointCredentials: Rule = {
  id: "endpoint-credentials",
  doc: "no provider apiBase or webhook URL carries credentials (user:password@): they would sit in plaintext in the config and the gateway's",
  check(c) {
    const out: Issue[] = [];
    for (const u of stackUrls(c)) {
      if (u.url.username === "" && u.url.password === "") continue;
      out.push({
        path: u.path,
        message: "must not carry credentials (user:password@ in the URL): they would be stored in plaintext; put a provider's key in providerKeys (a Pulumi secret)",
        value: `${u.url.protocol}//***@${u.url.host}`,
      });
    }
    return out;
  },
};
