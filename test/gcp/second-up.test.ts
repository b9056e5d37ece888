/**
 * What must hold after the first `up`, over every GCP example as the planner plans it:
 * - every Cloud SQL instance (the keys database and its replicas) whose disk Cloud SQL grows
 *   (`diskAutoresize`) leaves `settings.diskSize` to the state after creation (`ignoreChanges`),
 *   so a grown disk is not planned back to its first size, which the provider does by replacing
 *   the instance;
 * - every Cloud Run service callers reach through the load balancer has no run.app URL of its own
 *   (`defaultUriDisabled`), so nothing reaches LiteLLM around Cloud Armor and the URL map.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { instanceArgs, instanceOptions } from "../../components/gcp/database";
import { scalerServiceArgs } from "../../components/gcp/scaler";
import { type PlanOutcome, exitCodes, planStack } from "../../planner/plan";
import { exampleFile, exampleStacks } from "../helpers/stacks";

const gcpExamples = exampleStacks.filter((s) => s.includes("-gcp-"));
const plans = new Map<string, PlanOutcome>();

beforeAll(async () => {
  for (const stack of gcpExamples) plans.set(stack, await planStack(exampleFile(stack)));
}, 600_000);

const ofType = (stack: string, type: string) => plans.get(stack)!.result.resources.filter((r) => r.type === type);
const inputs = (r: { inputs: unknown }) => r.inputs as Record<string, any>;

/** Cloud SQL instances and gateway services per example: the enterprise example has two regions. */
const perExample: Record<string, { sql: number; run: number }> = {
  "enterprise-gcp-europe-west4": { sql: 2, run: 2 },
  "growth-gcp-us-central1": { sql: 1, run: 1 },
  "prototype-gcp-europe-west4": { sql: 1, run: 1 },
  "scale-gcp-europe-west4": { sql: 1, run: 1 },
};

describe("GCP examples after the first up", () => {
  it("covers every GCP example, each planned with exit 0", () => {
    expect(gcpExamples).toEqual(Object.keys(perExample));
    for (const stack of gcpExamples) expect(plans.get(stack)!.exitCode, stack).toBe(exitCodes.ok);
  });

  it.each(Object.keys(perExample))("%s: every Cloud SQL instance that grows its disk ignores later changes to settings.diskSize", (stack) => {
    const instances = ofType(stack, "gcp:sql/databaseInstance:DatabaseInstance");
    expect(instances).toHaveLength(perExample[stack]!.sql);
    for (const db of instances) {
      expect(inputs(db).settings.diskAutoresize, db.name).toBe(true);
      expect(plans.get(stack)!.details?.get(db.urn)?.ignoreChanges, db.name).toEqual(["settings.diskSize"]);
    }
  });

  it.each(Object.keys(perExample))("%s: every Cloud Run service has no run.app URL, only the load balancer's ingress", (stack) => {
    const services = ofType(stack, "gcp:cloudrunv2/service:Service");
    expect(services).toHaveLength(perExample[stack]!.run);
    for (const s of services) {
      expect(inputs(s).defaultUriDisabled, s.name).toBe(true);
      expect(inputs(s).ingress, s.name).toBe("INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER");
    }
  });
});

describe("the rules behind them", () => {
  const settings = { tier: "db-f1-micro", availabilityType: "ZONAL" as const, backupRetentionDays: 7, transactionLogRetentionDays: 7, deletionProtection: false };
  const args = instanceArgs({ name: "keys", region: "europe-west4", network: "vpc", settings });

  it("ignores settings.diskSize exactly when the instance grows its own disk", () => {
    expect(instanceOptions(args)).toEqual({ ignoreChanges: ["settings.diskSize"] });
    expect(instanceOptions({ ...args, settings: { ...(args.settings as object), diskAutoresize: false } as never })).toEqual({});
  });

  it("keeps the queue autoscaler's run.app URL: Cloud Scheduler calls it there, and only with an OIDC token the invoker IAM check verifies", () => {
    const scaler = scalerServiceArgs("scaler", "europe-west4", "sa@example.iam.gserviceaccount.com", "v-1");
    expect(scaler.defaultUriDisabled).toBeUndefined();
    expect(scaler.invokerIamDisabled).toBe(false);
  });
});
