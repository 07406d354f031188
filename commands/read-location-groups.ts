import type { CallParkDetails } from "../src/webex/schemas.js";
import type { Services } from "./command.js";

/**
 * How many call park groups at a location are read: each costs a call, and a location with more
 * is rare; past this the caller says the check was partial.
 */
export const MAX_CALL_PARKS_READ = 10;

export interface LocationGroups {
  /** The first MAX_CALL_PARKS_READ groups, with their member extensions. */
  groups: CallParkDetails[];
  /** How many groups the location has. */
  total: number;
}

/**
 * A location's call park groups with their members: the list (one call), then the detail of each
 * (one call each, in parallel, at most MAX_CALL_PARKS_READ). Webex has no reverse lookup from an
 * extension to its group, so this is how impact is read and how Undo knows where to re-add.
 */
export async function readLocationGroups(services: Services, locationId: string): Promise<LocationGroups> {
  // GET /telephony/config/locations/{locationId}/callParks — admin token, telephony_config_read
  const parks = await services.calling.listCallParks(locationId);
  const read = parks.slice(0, MAX_CALL_PARKS_READ);
  // GET /telephony/config/locations/{locationId}/callParks/{id} — admin token, telephony_config_read
  const groups = await Promise.all(read.map((p) => services.calling.getCallPark(locationId, p.id)));
  return { groups, total: parks.length };
}

/** The groups (id and name) among `read` that hold `callParkExtensionId`. */
export function groupsHolding(
  read: LocationGroups,
  callParkExtensionId: string,
): { id: string; name: string }[] {
  return read.groups
    .filter((g) => g.callParkExtensions.some((e) => e.id === callParkExtensionId))
    .map((g) => ({ id: g.id, name: g.name }));
}
