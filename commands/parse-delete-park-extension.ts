import type { ParseResult } from "./command.js";
import {
  normalizeParkCommand,
  PARK_NOUN,
  type ParkSelector,
  parseParkArguments,
} from "./parse-park-arguments.js";

export type { ParkSelector };

export interface DeleteParkExtensionIntent {
  kind: "callpark.delete";
  selector: ParkSelector;
  /** Absent: search the whole org. */
  locationName?: string;
}

const VERB = "(?:delete|remove|del)";
const COMMAND = new RegExp(String.raw`^${VERB}\s+(?:the\s+|a\s+)?${PARK_NOUN}(?:\s+(.*))?$`, "i");
/** `delete call park 1234`: close, but call parks are another resource; say so rather than guess. */
const NEAR_MISS = new RegExp(String.raw`^${VERB}\s+(?:the\s+)?(?:call[\s-]*park|park)\b`, "i");

const EXAMPLE = "`delete park ext 1234 at HQ`";

/**
 * `delete park ext 1234 at HQ`, `remove call park extension 1234 from HQ`,
 * `delete park ext "Lobby Park" at "HQ Annex"`, `delete park extensions 'Lobby Park' at HQ`,
 * `delete park ext 1234` (search the org). Case-insensitive; trailing punctuation ignored; the
 * location runs to the end of the text (parseCommand hands over one line).
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
  const parsed = parseParkArguments((match[1] ?? "").trim(), "delete");
  if (!parsed.ok) return parsed;
  return { ok: true, intent: { kind: "callpark.delete", ...parsed.intent } };
}
