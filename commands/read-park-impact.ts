import type { Services } from "./command.js";
import type { ParkTarget } from "./park-target.js";
import { groupsHolding, readLocationGroups } from "./read-location-groups.js";

export type ParkImpact =
  /** `groups`: the call park groups that hold it, among the `checked` of `total` read. */
  | { kind: "read"; groups: { id: string; name: string }[]; checked: number; total: number }
  /** Webex did not answer: the card says the groups are unknown rather than "none". */
  | { kind: "unknown" };

/**
 * Which call park groups at the extension's location include it (readLocationGroups: 1 + groups
 * calls). People's monitoring lists are not read (one call per person). Never throws: an impact
 * that cannot be read must not stop the card that shows it.
 */
export async function readParkImpact(services: Services, target: ParkTarget): Promise<ParkImpact> {
  try {
    const read = await readLocationGroups(services, target.locationId);
    return {
      kind: "read",
      groups: groupsHolding(read, target.callParkExtensionId),
      checked: read.groups.length,
      total: read.total,
    };
  } catch (err) {
    services.logger.warn({ err, target }, "could not read the call park groups of an extension");
    return { kind: "unknown" };
  }
}
