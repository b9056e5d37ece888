// Encrypts a value the way Pulumi's passphrase secrets provider does (PBKDF2-SHA256, 1,000,000
// rounds, AES-256-GCM), so example stack files carry real `secure:` ciphertext that `pulumi`
// decrypts with PULUMI_CONFIG_PASSPHRASE=ai-infra-example. The values inside are placeholders:
// set your own key with `pulumi config set --secret --path 'ai-infra:providerKeys.<name>' ...`.
//
//   npx tsx scripts/example-secret.ts <encryptionsalt from the stack file | new> <plaintext>
import { createCipheriv, pbkdf2Sync, randomBytes } from "node:crypto";

export const examplePassphrase = "ai-infra-example";

function encrypt(key: Buffer, plaintext: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `v1:${nonce.toString("base64")}:${body.toString("base64")}`;
}

const [saltArg, plaintext] = process.argv.slice(2);
if (!saltArg || plaintext === undefined) {
  console.error("usage: example-secret.ts <encryptionsalt|new> <plaintext>");
  process.exit(1);
}
const salt = saltArg === "new" ? randomBytes(8) : Buffer.from(saltArg.split(":")[1]!, "base64");
const key = pbkdf2Sync(examplePassphrase, salt, 1_000_000, 32, "sha256");
if (saltArg === "new") console.log(`encryptionsalt: v1:${salt.toString("base64")}:${encrypt(key, "pulumi")}`);
console.log(`secure: ${encrypt(key, plaintext)}`);
