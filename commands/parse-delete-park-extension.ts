import type { ParseResult } from "./command.js";
import { isExtensionList, MAX_BULK_EXTENSIONS, parseExtensionList } from "./parse-extension-list.js";
import {
  normalizeParkCommand,
  PARK_NOUN,
  type ParkSelector,
  parseLocationClause,
  parseParkArguments,
} from "./parse-park-arguments.js";

export type { ParkSelector };

export interface SingleDeleteIntent {
  kind: "callpark.delete";
  selector: ParkSelector;
  /** Absent: search the whole org. */
  locationName?: string;
}

export interface BulkDeleteIntent {
  kind: "callpark.delete.bulk";
  /** Without repeats, in the order typed; at most MAX_BULK_EXTENSIONS. */
  extensions: string[];
  /** Absent: search the whole org. */
  locationName?: string;
}

export interface DeleteAllIntent {
  kind: "callpark.delete.all";
  /** Always given: there is no form that deletes every park extension in the org. */
  locationName: string;
}

export type DeleteParkExtensionIntent = SingleDeleteIntent | BulkDeleteIntent | DeleteAllIntent;

const VERB = "(?:delete|remove|del)";
const COMMAND = new RegExp(
  String.raw`^${VERB}\s+(?:(all)\s+(?:(?:of\s+)?the\s+)?|the\s+|a\s+)?${PARK_NOUN}(?:\s+(.*))?$`,
  "i",
);
/** `delete call park 1234`: close, but call parks are another resource; say so rather than guess. */
const NEAR_MISS = new RegExp(String.raw`^${VERB}\s+(?:all\s+)?(?:the\s+)?(?:call[\s-]*park|park)\b`, "i");
/** Where a list's location clause begins: the list itself holds only numbers, commas and dashes. */
const LOCATION_START = /\s(?:at|in|from|@)(?:\s|$)/i;
const LOCATION_CLAUSE = /^(?:at|in|from|@)(?:\s|$)/i;
const PREPOSITION_ONLY = /^(?:at|in|from|@)$/i;
/** A quoted name followed by more items: `"Lobby Park", 1234`. */
const QUOTED_THEN_LIST = /^["'\u2018\u2019].*["'\u2019]\s*(?:,|and\s)/i;

const EXAMPLE = "`delete park ext 1234 at HQ`";
const LIST_EXAMPLE = "`delete park ext 1234, 1235 at HQ`";
const ALL_EXAMPLE = "`delete all park ext at HQ`";

/**
 * `delete park ext 1234 at HQ`, `remove call park extension 1234 from HQ`,
 * `delete park ext "Lobby Park" at "HQ Annex"`, `delete park extensions 'Lobby Park' at HQ`,
 * `delete park ext 1234` (search the org); several: `delete park ext 1234, 1235, 1240-1249 at HQ`;
 * a whole location: `delete all park ext at HQ`. Case-insensitive; trailing punctuation ignored;
 * the location runs to the end of the text (parseCommand hands over one line).
 */
export function parseDeleteParkExtension(text: string): ParseResult<DeleteParkExtensionIntent> | undefined {
  const normalized = normalizeParkCommand(text);
  const match = COMMAND.exec(normalized);
  if (!match) {
    if (NEAR_MISS.test(normalized)) {
      return {
        ok: false,
        error: `I delete call park *extensions*. Did you mean ${EXAMPLE}? (Say \`help\` for more.)`,
      };
    }
    return undefined;
  }
  const rest = (match[2] ?? "").trim();
  if (match[1] !== undefined) return parseDeleteAll(rest);
  return parseDeleteList(rest) ?? parseDeleteOne(rest);
}

/** What follows `delete all park ext`: a location, and nothing else. */
function parseDeleteAll(rest: string): ParseResult<DeleteAllIntent> {
  if (rest === "" || PREPOSITION_ONLY.test(rest)) {
    return {
      ok: false,
      error: `Say which location: ${ALL_EXAMPLE}. I don't delete every park extension in the org at once.`,
    };
  }
  if (!LOCATION_CLAUSE.test(rest) && /^[\d"'\u2018\u2019]/.test(rest)) {
    return {
      ok: false,
      error: `\`delete all park ext\` takes a location, not extensions: ${ALL_EXAMPLE}. To delete some, list them: ${LIST_EXAMPLE}.`,
    };
  }
  const location = parseLocationClause(rest, "delete", ALL_EXAMPLE);
  if (!location.ok) return location;
  return { ok: true, intent: { kind: "callpark.delete.all", locationName: location.intent } };
}

/** `1234, 1235, 1240-1249 at HQ`; undefined when the text before the location is not a list. */
function parseDeleteList(rest: string): ParseResult<BulkDeleteIntent> | undefined {
  const boundary = rest.search(LOCATION_START);
  const list = boundary < 0 ? rest : rest.slice(0, boundary);
  if (!isExtensionList(list)) return undefined;
  const extensions = parseExtensionList(list, MAX_BULK_EXTENSIONS);
  if (!extensions.ok) return extensions;
  if (boundary < 0)
    return { ok: true, intent: { kind: "callpark.delete.bulk", extensions: extensions.intent } };
  const location = parseLocationClause(rest.slice(boundary).trim(), "delete", LIST_EXAMPLE);
  if (!location.ok) return location;
  return {
    ok: true,
    intent: { kind: "callpark.delete.bulk", extensions: extensions.intent, locationName: location.intent },
  };
}

/** One extension number or one quoted name, exactly as before there were lists. */
function parseDeleteOne(rest: string): ParseResult<SingleDeleteIntent> {
  const parsed = parseParkArguments(rest, "delete");
  if (parsed.ok) return { ok: true, intent: { kind: "callpark.delete", ...parsed.intent } };
  // Only an input that fails anyway gets this error, so no name that parses today is read as a list.
  if (QUOTED_THEN_LIST.test(rest)) {
    return {
      ok: false,
      error: `A list takes extension numbers only, not names in quotes. Delete a named park extension on its own: \`delete park ext "Lobby Park" at HQ\`.`,
    };
  }
  return parsed;
}
