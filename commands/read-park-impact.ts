import type { Services } from "./command.js";
import type { ParkTarget } from "./park-target.js";

/**
 * How many call park groups at a location are read for one extension's impact: each costs a
 * call, and a location with more is rare; past this the card says the check was partial.
 */
export const MAX_CALL_PARKS_READ = 10;

export type ParkImpact =
  /** `groups`: names of the call park groups that hold it, among the `checked` of `total` read. */
  | { kind: "read"; groups: string[]; checked: number; total: number }
  /** Webex did not answer: the card says the groups are unknown rather than "none". */
  | { kind: "unknown" };

/**
 * Which call park groups at the extension's location include it: the location's call parks (one
 * call), then the detail of each (one call each, in parallel, at most MAX_CALL_PARKS_READ). Webex
 * has no reverse lookup; people's monitoring lists are not read (one call per person). Never
 * throws: an impact that cannot be read must not stop the card that shows it.
 */
export async function readParkImpact(services: Services, target: ParkTarget): Promise<ParkImpact> {
  try {
    // GET /telephony/config/locations/{locationId}/callParks — admin token, telephony_config_read
    const parks = await services.calling.listCallParks(target.locationId);
    const read = parks.slice(0, MAX_CALL_PARKS_READ);
    // GET /telephony/config/locations/{locationId}/callParks/{id} — admin token, telephony_config_read
    const details = await Promise.all(read.map((p) => services.calling.getCallPark(target.locationId, p.id)));
    return {
      kind: "read",
      groups: details
        .filter((d) => d.callParkExtensions.some((e) => e.id === target.callParkExtensionId))
        .map((d) => d.name),
      checked: read.length,
      total: parks.length,
    };
  } catch (err) {
    services.logger.warn({ err, target }, "could not read the call park groups of an extension");
    return { kind: "unknown" };
  }
}
