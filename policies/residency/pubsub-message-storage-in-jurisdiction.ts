import { resourcePolicy } from "../lib/define";
import { arr, label, normaliseLocation, obj } from "../lib/resources";

/**
 * A Pub/Sub topic is global: without a message storage policy, Pub/Sub persists messages in the
 * region nearest the publisher (or anywhere the organisation allows). The topic must pin
 * `messageStoragePolicy.allowedPersistenceRegions` to regions of the jurisdiction.
 *
 * Severity: high. Enforcement: mandatory.
 * Rationale: queued jobs carry prompts; a queue is a data store.
 * CIS / Checkov / tfsec: none.
 */
export const pubsubMessageStorageInJurisdiction = resourcePolicy("residency", {
  name: "pubsub-message-storage-in-jurisdiction",
  description: "Pub/Sub topics persist messages only in regions of the jurisdiction.",
  enforcementLevel: "mandatory",
  severity: "high",
  mappings: [],
  validate: (r, s, report) => {
    if (r.type !== "gcp:pubsub/topic:Topic" || s.jurisdiction === "global") return;
    const regions = arr(obj(r.props.messageStoragePolicy).allowedPersistenceRegions)
      .filter((x): x is string => typeof x === "string")
      .map(normaliseLocation);
    if (regions.length === 0) {
      report(`${label(r)} has no message storage policy, so Pub/Sub may persist messages in any region; set messageStoragePolicy.allowedPersistenceRegions to regions of jurisdiction ${s.jurisdiction}`);
      return;
    }
    const outside = regions.filter((x) => !s.allowedRegions.gcp.includes(x));
    if (outside.length > 0) {
      report(`${label(r)} may persist messages in ${outside.join(", ")}, outside jurisdiction ${s.jurisdiction}; allowed gcp regions: ${s.allowedRegions.gcp.join(", ")}`);
    }
  },
});
