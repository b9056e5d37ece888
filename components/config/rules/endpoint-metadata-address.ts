import { bareHost, metadataReason, stackUrls } from "../urls";
import type { Issue, Rule } from "./rule";

export const endpointMetadataAddress: Rule = {
  id: "endpoint-metadata-address",
  doc: "no provider apiBase or webhook URL points at a link-local or cloud metadata address (169.254.0.0/16, fe80::/10, fd00:ec2::254, metadata.google.internal)",
  check(c) {
    const out: Issue[] = [];
    for (const u of stackUrls(c)) {
      const reason = metadataReason(bareHost(u.url));
      if (!reason) continue;
      out.push({
        path: u.path,
        message: `must not point at ${u.url.hostname}: it ${reason}, which hands out the runtime's cloud credentials; use the provider's public or private endpoint`,
        value: u.url.host,
      });
    }
    return out;
  },
};
