import { cloudRunLimits, cloudRunMinCpus } from "../facts/gcp";
import { isObj } from "./read";
import type { Issue, Rule } from "./rule";

/**
 * Cloud Run takes whole CPUs (1, 2, 4, 6, 8; below 1 it forces a concurrency of 1, which an async
 * proxy cannot live with) and 512 MiB–32 GiB of memory, more memory needing more CPUs
 * (https://cloud.google.com/run/docs/configuring/services/cpu,
 * https://cloud.google.com/run/docs/configuring/services/memory-limits). The gateway service and
 * the worker pool are rendered with exactly these values, so anything else is refused here rather
 * than rounded.
 */
export const gcpCloudRunSize: Rule = {
  id: "gcp-cloud-run-size",
  doc: "on gcp, gateway and worker cpu is one of Cloud Run's CPU counts and memoryMiB within its range for that CPU",
  check(c) {
    const out: Issue[] = [];
    if (c.cloud !== "gcp") return out;
    for (const key of ["gateway", "worker"] as const) {
      const s = c[key];
      if (!isObj(s)) continue;
      const cpus: readonly number[] = cloudRunLimits.cpus;
      const cpu = s.cpu;
      const cpuOk = typeof cpu === "number" && cpus.includes(cpu);
      if (typeof cpu === "number" && cpu > 0 && cpu <= 16 && !cpuOk) {
        out.push({ path: [key, "cpu"], message: `must be one of ${cpus.join(", ")} on cloud gcp (Cloud Run CPUs per instance)`, value: cpu });
      }
      const mem = s.memoryMiB;
      if (typeof mem !== "number" || !Number.isInteger(mem) || mem < 1 || mem > 122_880) continue;
      if (mem < cloudRunLimits.minMemoryMiB || mem > cloudRunLimits.maxMemoryMiB) {
        out.push({ path: [key, "memoryMiB"], message: `must be between ${cloudRunLimits.minMemoryMiB} and ${cloudRunLimits.maxMemoryMiB} on cloud gcp (Cloud Run memory in MiB)`, value: mem });
      } else if (cpuOk && cpu < cloudRunMinCpus(mem)) {
        out.push({ path: [key, "memoryMiB"], message: `needs at least ${cloudRunMinCpus(mem)} CPUs on Cloud Run (${key}.cpu is ${cpu}); at most ${maxMemoryFor(cpu)} MiB with ${cpu}`, value: mem });
      }
    }
    return out;
  },
};

/** The most memory Cloud Run gives an instance of `cpu` CPUs. */
function maxMemoryFor(cpu: number): number {
  const next = cloudRunLimits.cpuForMemory.find((r) => r.minCpus > cpu);
  return next ? next.aboveMiB : cloudRunLimits.maxMemoryMiB;
}
