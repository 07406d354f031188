import type { CallingApi } from "../src/webex/create-calling-api.js";
import type { CallParkExtension } from "../src/webex/schemas.js";
import { MAX_CHOICES } from "./cards/build-choose-location-card.js";
import { isSameName } from "./is-same-name.js";
import type { ParkTarget } from "./park-target.js";
import type { ParkSelector } from "./parse-delete-park-extension.js";
import { resolveLocation } from "./resolve-location.js";
import { toParkTarget } from "./to-park-target.js";

export type Resolution =
  | { kind: "found"; target: ParkTarget }
  /** `complete` is false when reading stopped early: there may be more than `candidates`. */
  | { kind: "ambiguous"; candidates: ParkTarget[]; complete: boolean }
  | { kind: "not-at-location"; locationName: string }
  | { kind: "unknown-location"; suggestions: string[] }
  | { kind: "not-in-org" };

/**
 * Names to IDs, cheaply: one list call with both filters answers the common case. Webex's filters
 * may be substring matches, so every hit is re-checked for exact equality (location names
 * case-insensitively, as people type them). Only a miss costs more: a location lookup to tell
 * "no such location" (with the closest names) from "no such extension there".
 */
export async function resolveParkTarget(
  calling: CallingApi,
  selector: ParkSelector,
  locationName: string | undefined,
): Promise<Resolution> {
  const isMatch = (e: CallParkExtension) =>
    (locationName === undefined || isSameName(e.locationName, locationName)) &&
    (selector.by === "extension" ? e.extension === selector.extension : isSameName(e.name, selector.name));
  // Substring filters can match far more than we need ("Store 1" is in "Store 10".."Store 19999"):
  // stop reading pages as soon as the answer cannot change. An extension is unique within a
  // location, so the first exact hit there is the answer; without a location, more hits than fit
  // on a choice card means "say which location" whatever the rest holds.
  const stopWhen =
    locationName !== undefined && selector.by === "extension"
      ? (soFar: readonly CallParkExtension[]) => soFar.some(isMatch)
      : locationName === undefined
        ? (soFar: readonly CallParkExtension[]) => soFar.filter(isMatch).length > MAX_CHOICES
        : undefined;
  // The listing asks `enough` before every further page and stops at a yes or at its page cap:
  // either way pages went unread, and the matches are a sample. It runs out of pages without
  // asking again when it read them all. So the count is known unless the last answer was a yes,
  // or a no after which nothing more was read (the cap).
  let lastAsked: { items: number; stop: boolean } | undefined;
  const enough = (soFar: readonly CallParkExtension[]) => {
    lastAsked = { items: soFar.length, stop: stopWhen?.(soFar) ?? false };
    return lastAsked.stop;
  };
  const listed = await calling.listCallParkExtensions(
    {
      ...(locationName !== undefined ? { locationName } : {}),
      ...(selector.by === "extension" ? { extension: selector.extension } : { name: selector.name }),
    },
    enough,
  );
  const complete = lastAsked === undefined || (!lastAsked.stop && listed.length > lastAsked.items);
  const atLocation =
    locationName === undefined
      ? listed
      : preferExactCase(
          listed.filter((e) => isSameName(e.locationName, locationName)),
          locationName,
        );
  const matches = atLocation.filter(isMatch);

  if (matches.length === 1 && matches[0]) return { kind: "found", target: toParkTarget(matches[0]) };
  if (matches.length > 1) {
    return {
      kind: "ambiguous",
      candidates: matches.map(toParkTarget),
      complete,
    };
  }
  if (locationName === undefined) return { kind: "not-in-org" };
  if (atLocation.length > 0) {
    return { kind: "not-at-location", locationName: atLocation[0]?.locationName ?? locationName };
  }

  const location = await resolveLocation(calling, locationName);
  return location.kind === "found"
    ? { kind: "not-at-location", locationName: location.location.name }
    : location;
}

/** When Webex has both "HQ" and "hq", the one typed exactly wins. */
function preferExactCase(list: CallParkExtension[], locationName: string): CallParkExtension[] {
  const exact = list.filter((e) => e.locationName === locationName);
  return exact.length > 0 ? exact : list;
}
