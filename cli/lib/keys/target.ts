import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import type { RegionDetails } from "../../../components/platform/contract";
import type { KeysStack } from "../../../components/config/model";

const run = promisify(execFile);

/** A failure the command reports in one line and exits 1 with. */
export class KeysError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KeysError";
  }
}

/**
 * The stack's outputs: `pulumi stack output --json --stack <stack>` (the deployed stack), or a
 * file holding that command's output (`--outputs`, for runs without the Pulumi CLI and tests).
 */
export async function readOutputs(stack: string, outputsFile: string | undefined): Promise<Record<string, unknown>> {
  let text: string;
  if (outputsFile) {
    try {
      text = readFileSync(outputsFile, "utf8");
    } catch (e) {
      throw new KeysError(`--outputs: cannot read ${outputsFile}: ${(e as Error).message}`);
    }
  } else {
    try {
      text = (await run("pulumi", ["stack", "output", "--json", "--stack", stack], { maxBuffer: 16 * 1024 * 1024 })).stdout;
    } catch (e) {
      throw new KeysError(`pulumi stack output --json --stack ${stack} failed (${(e as Error).message.split("\n")[0]}); deploy the stack first, or pass --outputs <file with that command's output>`);
    }
  }
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new KeysError(`${outputsFile ? `--outputs ${outputsFile}` : "pulumi stack output"}: not JSON`);
  }
}

/** Where the admin API is and which secret holds its master key: the primary region's details. */
export function adminTarget(spec: KeysStack, outputs: Record<string, unknown>): { adminUrl: string; masterKeySecret: string } {
  const all = outputs.regionDetails as Record<string, RegionDetails> | undefined;
  const details = all?.[spec.primaryRegion];
  const missing = (what: string) =>
    new KeysError(`stack output regionDetails.${spec.primaryRegion}.${what} is missing: the stack was deployed before the keys database was part of it; run pulumi up first`);
  if (!details?.adminUrl) throw missing("adminUrl");
  if (!details.masterKeySecret) throw missing("masterKeySecret");
  return { adminUrl: details.adminUrl, masterKeySecret: details.masterKeySecret };
}

/**
 * The master key, read from the secret store with the cloud's own CLI, as the operator's profile
 * (AWS SSO, GCP user or impersonation) already works there; it is kept in memory only. The CLIs
 * rather than the SDK clients: the operator has them configured anyway, and GCP's Secret Manager
 * client would add a gRPC stack to the kit's dependencies for one call.
 */
export async function readMasterKey(spec: KeysStack, secretId: string): Promise<string> {
  const [cmd, args] =
    spec.cloud === "aws"
      ? ["aws", ["secretsmanager", "get-secret-value", "--secret-id", secretId, "--region", spec.primaryRegion, "--query", "SecretString", "--output", "text"]]
      : [
          "gcloud",
          secretId.startsWith("projects/")
            ? ["secrets", "versions", "access", `${secretId.replace(/\/versions\/[^/]+$/, "")}/versions/latest`]
            : ["secrets", "versions", "access", "latest", `--secret=${secretId}`, ...(spec.gcpProject ? [`--project=${spec.gcpProject}`] : [])],
        ];
  let out: string;
  try {
    out = (await run(cmd as string, args as string[], { maxBuffer: 1024 * 1024 })).stdout;
  } catch (e) {
    throw new KeysError(`reading the master key with \`${cmd} ${(args as string[]).slice(0, 3).join(" ")} ...\` failed: ${(e as Error).message.split("\n")[0]}`);
  }
  const key = out.trim();
  if (!key) throw new KeysError(`the secret ${secretId} holds no master key`);
  return key;
}
