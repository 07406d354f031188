import type { CallingApi } from "../src/webex/create-calling-api.js";
import type { TelephonyLocation } from "../src/webex/schemas.js";
import { closestNames } from "./closest-names.js";
import { isSameName } from "./is-same-name.js";

export type LocationResolution =
  | { kind: "found"; location: TelephonyLocation }
  | { kind: "unknown-location"; suggestions: string[] };

/**
 * A location by the name a person typed: one lookup, exact equality re-checked (Webex's `name`
 * filter is a substring match; case ignored, the exactly typed case preferred when both exist).
 * No match: the closest names, for "did you mean".
 */
export async function resolveLocation(
  calling: CallingApi,
  locationName: string,
): Promise<LocationResolution> {
  // GET /telephony/config/locations?name=… — admin token, spark-admin:telephony_config_read
  const known = await calling.listLocations(locationName);
  const same = known.filter((l) => isSameName(l.name, locationName));
  const exact = same.find((l) => l.name === locationName) ?? same[0];
  if (exact) return { kind: "found", location: exact };
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
