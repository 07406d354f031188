import type { ParkTarget } from "../src/confirm/card-token.js";
import type { CallingApi } from "../src/webex/create-calling-api.js";
import type { CallParkExtension } from "../src/webex/schemas.js";
import { closestNames } from "./closest-names.js";
import type { ParkSelector } from "./parse-delete-park-extension.js";

export type Resolution =
  | { kind: "found"; target: ParkTarget }
  | { kind: "ambiguous"; candidates: ParkTarget[] }
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
  const listed = await calling.listCallParkExtensions({
    ...(locationName !== undefined ? { locationName } : {}),
    ...(selector.by === "extension" ? { extension: selector.extension } : { name: selector.name }),
  });
  const atLocation =
    locationName === undefined
      ? listed
      : preferExactCase(
          listed.filter((e) => sameName(e.locationName, locationName)),
          locationName,
        );
  const matches = atLocation.filter((e) =>
    selector.by === "extension" ? e.extension === selector.extension : sameName(e.name, selector.name),
  );

  if (matches.length === 1 && matches[0]) return { kind: "found", target: toTarget(matches[0]) };
  if (matches.length > 1) return { kind: "ambiguous", candidates: matches.map(toTarget) };
  if (locationName === undefined) return { kind: "not-in-org" };
  if (atLocation.length > 0)
    return { kind: "not-at-location", locationName: atLocation[0]?.locationName ?? locationName };

  const known = await calling.listLocations(locationName);
  const exact = known.find((l) => sameName(l.name, locationName));
  if (exact) return { kind: "not-at-location", locationName: exact.name };
  return {
    kind: "unknown-location",
    suggestions: await suggestLocations(
      calling,
      locationName,
      known.map((l) => l.name),
    ),
  };
}

/**
 * Webex's `name` filter is a substring match, so "HQ2" finds nothing near "HQ". Ask again with
 * shorter stems — at most two more calls, one page each — and rank what comes back.
 */
async function suggestLocations(calling: CallingApi, typed: string, found: string[]): Promise<string[]> {
  const candidates = new Set(found);
  const stems = new Set<string>();
  const firstWord = typed.split(/\s+/)[0] ?? typed;
  if (firstWord.length < typed.length) stems.add(firstWord);
  if (typed.length > 2) stems.add(typed.slice(0, 2));
  for (const stem of stems) {
    if (candidates.size >= 20) break;
    for (const location of await calling.listLocations(stem)) candidates.add(location.name);
  }
  return closestNames(typed, [...candidates], 3);
}

/** When Webex has both "HQ" and "hq", the one typed exactly wins. */
function preferExactCase(list: CallParkExtension[], locationName: string): CallParkExtension[] {
  const exact = list.filter((e) => e.locationName === locationName);
  return exact.length > 0 ? exact : list;
}

function sameName(a: string, b: string): boolean {
  return a.normalize("NFKC").trim().toLowerCase() === b.normalize("NFKC").trim().toLowerCase();
}

function toTarget(e: CallParkExtension): ParkTarget {
  return {
    callParkExtensionId: e.id,
    locationId: e.locationId,
    locationName: e.locationName,
    extension: e.extension,
    name: e.name,
  };
}
