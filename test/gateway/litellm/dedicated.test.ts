/**
 * Dedicated capacity first, on-demand on overflow, in the real LiteLLM proxy (the pinned release)
 * on the config the kit renders for a scale stack with `dedicated` (`dedicated-stand.ts` says what
 * is local). The dedicated fakes answer as Bedrock Provisioned Throughput (the provisioned model's
 * ARN as the model id) and a dedicated Vertex AI endpoint (its own path, a bearer token) do, and
 * throttle past their capacity as saturated model units or replicas do. N requests per scenario,
 * CONCURRENCY at a time, to the group; every one must be answered, and the share each side served
 * is read back from the request log LiteLLM wrote (s3_v2 → moto's S3).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dedicatedDeploymentId } from "../../../components/gateway/dedicated";
import { readLogUntil } from "./harness/log";
import { sleep } from "./harness/processes";
import { type DedicatedStand, GROUP, startDedicatedStand } from "./harness/dedicated-stand";
import { type Outcome, ask } from "./harness/overflow-stand";

const N = 60;
const CONCURRENCY = 8;
const figures: Record<string, unknown>[] = [];

interface RawRecord {
  status: string;
  model_group: string;
  model_id: string;
  request_tags: string[];
}

async function records(st: DedicatedStand, tag: string): Promise<RawRecord[]> {
  await readLogUntil(st.s3, (rs) => rs.filter((r) => r.status === "success" && r.prompt.startsWith(`${tag} `)).length >= N, 30_000);
  const all = (await st.s3.readAll()).map((o) => o.body as RawRecord);
  return all.filter((r) => r.status === "success" && Array.isArray(r.request_tags) && r.request_tags.includes(tag));
}

async function drive(st: DedicatedStand, tag: string): Promise<Outcome[]> {
  const out: Outcome[] = new Array(N);
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < N; i = next++) out[i] = await ask(st.proxy.url, GROUP, `${tag} request ${i} ${Date.now()}`, false, [tag]);
    }),
  );
  return out;
}

// GCP: LiteLLM's `vertex_ai/openai/` route imports `vertexai` (google-cloud-aiplatform), which the
// release's proxy image carries (its `proxy-runtime` extra) and requirements/litellm.txt pins beside
// `litellm[proxy]`; the harness serves the dedicated endpoint and the metadata server its token comes from.
for (const cloud of ["aws", "gcp"] as const) {
  const what = cloud === "aws" ? "Bedrock Provisioned Throughput" : "dedicated Vertex AI endpoint";
  describe(`${what} first, on-demand on overflow (real LiteLLM, rendered scale config)`, () => {
    let st: DedicatedStand;
    beforeAll(async () => {
      st = await startDedicatedStand(cloud);
    }, 180_000);
    afterAll(async () => {
      console.log(`dedicated figures, ${cloud} (N=${N} per scenario, ${CONCURRENCY} at a time):\n${JSON.stringify(figures.filter((f) => f.cloud === cloud), null, 1)}`);
      await st?.stop();
    }, 60_000);

    const scenario = async (tag: string, mode: Parameters<DedicatedStand["dedicated"]["setMode"]>[0]) => {
      st.dedicated.setMode({ capacity: 1000, latencyMs: 20 });
      await sleep(6_000); // out of any cooldown (5 s here)
      st.dedicated.setMode(mode);
      const out = await drive(st, tag);
      const bad = out.filter((o) => o.status !== 200);
      expect(bad.length, JSON.stringify(bad.slice(0, 3))).toBe(0);
      const log = await records(st, tag);
      expect(log).toHaveLength(N);
      expect(new Set(log.map((r) => r.model_group))).toEqual(new Set([GROUP]));
      const dedicated = log.filter((r) => r.model_id === dedicatedDeploymentId(GROUP)).length;
      const onDemand = log.filter((r) => r.model_id === `${GROUP}-0`).length;
      expect(dedicated + onDemand).toBe(N);
      // The answers agree with the log: the fakes' own text says who answered.
      expect(out.filter((o) => o.text === `dedicated-${cloud === "aws" ? "bedrock" : "vertex"}: answered`).length).toBe(dedicated);
      expect(st.dedicated.refused).toEqual([]);
      return { dedicated, onDemand };
    };

    it("healthy capacity serves every request; on-demand serves none", async () => {
      const before = st.onDemand.calls.length;
      const { dedicated } = await scenario(`${cloud}-healthy`, { capacity: 1000, latencyMs: 20 });
      expect(dedicated).toBe(N);
      expect(st.onDemand.calls.length - before).toBe(0);
      figures.push({ cloud, scenario: "healthy", dedicatedPercent: (100 * dedicated) / N, onDemandPercent: 0 });
    }, 300_000);

    it("capacity throttling everything (429): every request is served on-demand, the capacity cools down", async () => {
      const throttledBefore = st.dedicated.throttled.length;
      const t0 = Date.now();
      const { dedicated, onDemand } = await scenario(`${cloud}-throttle-all`, { capacity: 0, throttleAll: true, latencyMs: 20 });
      const wallSeconds = (Date.now() - t0) / 1000;
      expect(dedicated).toBe(0);
      expect(onDemand).toBe(N);
      const tries = st.dedicated.throttled.length - throttledBefore;
      // A 429 cools the deployment down: it is not tried once per request (each 5 s cooldown that
      // ends lets the requests then in flight try it again, so a few tries per cooldown period).
      expect(tries).toBeLessThan(N / 2);
      // And it was tried: a route that never reaches the capacity (GCP without `vertexai`) also
      // ends up all on-demand, but throttles nothing. How many tries depends on timing, so a floor.
      expect(tries).toBeGreaterThanOrEqual(1);
      figures.push({ cloud, scenario: "throttling every request", dedicatedPercent: 0, onDemandPercent: (100 * onDemand) / N, throttlesSeen: tries, wallSeconds });
    }, 300_000);

    it("capacity of 2 requests at once under 8 at once: the excess overflows on-demand, nothing fails", async () => {
      const throttledBefore = st.dedicated.throttled.length;
      const { dedicated, onDemand } = await scenario(`${cloud}-saturated`, { capacity: 2, latencyMs: 200 });
      // Both sides served some: the capacity up to its limit, on-demand the excess and the cooldowns.
      expect(dedicated).toBeGreaterThanOrEqual(2);
      expect(onDemand).toBeGreaterThanOrEqual(1);
      figures.push({
        cloud,
        scenario: "capacity 2 in flight, 8 offered",
        dedicatedPercent: (100 * dedicated) / N,
        onDemandPercent: (100 * onDemand) / N,
        throttlesSeen: st.dedicated.throttled.length - throttledBefore,
      });
    }, 300_000);
  });
}
