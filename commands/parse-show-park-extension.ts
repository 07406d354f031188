import type { ParseResult } from "./command.js";
import {
  normalizeParkCommand,
  PARK_NOUN,
  type ParkSelector,
  parseParkArguments,
} from "./parse-park-arguments.js";

export interface ShowParkExtensionIntent {
  kind: "callpark.show";
  selector: ParkSelector;
  /** Absent: search the whole org, as delete does. */
  locationName?: string;
}

const COMMAND = new RegExp(
  String.raw`^(?:show|describe|view)\s+(?:the\s+|a\s+)?${PARK_NOUN}(?:\s+(.*))?$`,
  "i",
);

/**
 * `show park ext 1234 at HQ`, `show park ext "Lobby Park" at HQ`, `show park ext 1234` (the whole
 * org). The same arguments as delete. `show park ext at HQ` is a listing, parsed before this.
 */
export function parseShowParkExtension(text: string): ParseResult<ShowParkExtensionIntent> | undefined {
  const match = COMMAND.exec(normalizeParkCommand(text));
  if (!match) return undefined;
  const parsed = parseParkArguments((match[1] ?? "").trim(), "show");
  if (!parsed.ok) return parsed;
  return { ok: true, intent: { kind: "callpark.show", ...parsed.intent } };
}
