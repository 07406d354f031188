import type { CallParkExtension } from "../src/webex/schemas.js";
import type { ParkTarget } from "./park-target.js";

/** A listed extension as a card shows it and its buttons act on it. */
export function toParkTarget(e: CallParkExtension): ParkTarget {
  return {
    callParkExtensionId: e.id,
    locationId: e.locationId,
    locationName: e.locationName,
    extension: e.extension,
    name: e.name,
  };
}
