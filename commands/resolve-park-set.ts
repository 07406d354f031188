import type { CallParkExtension } from "../src/webex/schemas.js";
import type { Services } from "./command.js";
import { mapBounded } from "./map-bounded.js";
import type { ParkTarget } from "./park-target.js";
import { resolveLocation } from "./resolve-location.js";
import { toParkTarget } from "./to-park-target.js";

/** What a bulk request names, as Webex has it now. */
export interface ParkSet {
  /** Found, in the order typed (for `all`, by extension number). */
  targets: ParkTarget[];
  /** Typed but not found: listed as such, never guessed. */
  notFound: string[];
  /** Without a location: numbers at more than one location, left out until a location is named. */
  ambiguous: { extension: string; locationNames: string[] }[];
}

export type SetResolution =
  | { kind: "found"; set: ParkSet }
  | { kind: "unknown-location"; suggestions: string[] }
  /** `all` at a location with more than BULK_MAX: `count` is a lower bound when reading stopped early. */
  | { kind: "too-many"; locationName: string; count: number }
  /** `all` at a location whose list Webex pages beyond what one request reads: `read` were read. */
  | { kind: "unreadable"; locationName: string; read: number };

/** What to resolve: numbers (at a location or anywhere), or every extension at a location. */
export type SetRequest =
  | { extensions: readonly string[]; locationName?: string }
  | { all: true; locationName: string };

/**
 * Names to IDs for a bulk request. At a location: the location (one call), then every call park
 * extension there (one call per 1 000), matched exactly by number. Without one: one filtered list
 * per number (BULK_CONCURRENCY in flight), since an org can hold far more extensions than a list
 * of them is worth reading; a number at several locations is not guessed.
 */
export async function resolveParkSet(services: Services, request: SetRequest): Promise<SetResolution> {
  const { calling } = services;
  if (request.locationName === undefined) {
    const extensions = "extensions" in request ? request.extensions : [];
    // GET /telephony/config/callParkExtensions?extension= — admin token, telephony_config_read
    const lists = await mapBounded(extensions, services.bulk.concurrency, (extension) =>
      calling.listCallParkExtensions({ extension }),
    );
    const byNumber = new Map(
      extensions.map((extension, i) => [
        extension,
        (lists[i] ?? []).filter((e) => e.extension === extension),
      ]),
    );
    const set: ParkSet = { targets: [], notFound: [], ambiguous: [] };
    for (const extension of extensions) {
      const hits = byNumber.get(extension) ?? [];
      const [only] = hits;
      if (hits.length === 0) set.notFound.push(extension);
      else if (hits.length === 1 && only) set.targets.push(toParkTarget(only));
      else set.ambiguous.push({ extension, locationNames: hits.map((h) => h.locationName) });
    }
    return { kind: "found", set };
  }

  const location = await resolveLocation(calling, request.locationName);
  if (location.kind !== "found") return location;
  const { id: locationId, name: locationName } = location.location;
  const typed = "extensions" in request ? new Set(request.extensions) : undefined;
  // Stop reading pages once the answer cannot change: every typed number found, or (for `all`)
  // more than BULK_MAX, which is refused whatever the rest holds.
  const seen = new Set<string>();
  let counted = 0;
  const enough = (soFar: readonly CallParkExtension[]) => {
    for (; counted < soFar.length; counted++) seen.add(soFar[counted]?.extension ?? "");
    return typed ? [...typed].every((n) => seen.has(n)) : soFar.length > services.bulk.max;
  };
  // GET /telephony/config/callParkExtensions?locationId= — admin token, telephony_config_read
  const listing = await calling.listCallParkExtensionsAt(locationId, enough);
  const atLocation = listing.items.filter((e) => e.locationId === locationId);
  if (!listing.complete && "all" in request && atLocation.length <= services.bulk.max)
    return { kind: "unreadable", locationName, read: atLocation.length };
  if (!listing.complete && typed) {
    // Webex had more pages than one request reads: look the numbers not seen up one by one
    // rather than call them "not found".
    const listed = new Set(atLocation.map((e) => e.extension));
    const missing = [...typed].filter((n) => !listed.has(n));
    // GET /telephony/config/callParkExtensions?locationId=&extension= — admin token, telephony_config_read
    const lists = await mapBounded(missing, services.bulk.concurrency, (extension) =>
      calling.listCallParkExtensions({ locationId, extension }),
    );
    missing.forEach((extension, i) => {
      atLocation.push(
        ...(lists[i] ?? []).filter((e) => e.locationId === locationId && e.extension === extension),
      );
    });
  }
  const withName = (e: CallParkExtension) =>
    toParkTarget({ ...e, locationName: e.locationName || locationName });

  if ("all" in request) {
    if (atLocation.length > services.bulk.max)
      return { kind: "too-many", locationName, count: atLocation.length };
    const targets = atLocation
      .map(withName)
      .sort((a, b) => a.extension.localeCompare(b.extension, "en", { numeric: true }));
    return { kind: "found", set: { targets, notFound: [], ambiguous: [] } };
  }
  const byNumber = new Map(atLocation.map((e) => [e.extension, e]));
  const set: ParkSet = { targets: [], notFound: [], ambiguous: [] };
  for (const extension of request.extensions) {
    const hit = byNumber.get(extension);
    if (hit) set.targets.push(withName(hit));
    else set.notFound.push(extension);
  }
  return { kind: "found", set };
}
