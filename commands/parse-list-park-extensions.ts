import type { ParseResult } from "./command.js";
import { normalizeParkCommand, PARK_NOUN, parseLocationClause } from "./parse-park-arguments.js";

export interface ListParkExtensionsIntent {
  kind: "callpark.list";
  /** Absent: the whole org. */
  locationName?: string;
}

const COMMAND = new RegExp(String.raw`^(list|show|view)\s+(?:all\s+|the\s+)?${PARK_NOUN}(?:\s+(.*))?$`, "i");
/** What starts a location clause: anything else after `show park ext` is one extension (showParkExtension). */
const LOCATION_CLAUSE = /^(?:at|in|from|@)\s/i;

/**
 * `list park ext at HQ`, `list park extensions at "HQ Annex"`, `show park ext at HQ`, and without a
 * location the whole org: `list park ext`. `show park ext 1234 …` is not a listing: it is left to
 * showParkExtension.
 */
export function parseListParkExtensions(text: string): ParseResult<ListParkExtensionsIntent> | undefined {
  const match = COMMAND.exec(normalizeParkCommand(text));
  if (!match) return undefined;
  const verb = (match[1] ?? "list").toLowerCase();
  const rest = (match[2] ?? "").trim();
  if (rest === "") return { ok: true, intent: { kind: "callpark.list" } };
  if (!LOCATION_CLAUSE.test(rest)) {
    if (verb !== "list") return undefined;
    return {
      ok: false,
      error:
        "I list a location's call park extensions: `list park ext at HQ` (or `list park ext` for the whole org). To see one, `show park ext 1234 at HQ`.",
    };
  }
  const location = parseLocationClause(rest, "list");
  if (!location.ok) return location;
  return { ok: true, intent: { kind: "callpark.list", locationName: location.intent } };
}
