import type { Rule } from "./rule";

export const providerKeysAreSecrets: Rule = {
  id: "provider-keys-are-secrets",
  doc: "providerKeys is set as a Pulumi secret",
  check(c, ctx) {
    if (c.providerKeys === undefined || ctx.secretKeys.has("providerKeys")) return [];
    return [{ path: ["providerKeys"], message: "must be a Pulumi secret: pulumi config set --secret --path 'ai-infra:providerKeys.<provider>' <key>", value: "[secret]" }];
  },
};
