import { escapeMarkdown } from "../src/cards/escape-markdown.js";
import type { ParseResult } from "./command.js";

export type ParkSelector = { by: "extension"; extension: string } | { by: "name"; name: string };

export interface DeleteParkExtensionIntent {
  kind: "callpark.delete";
  selector: ParkSelector;
  /** Absent: search the whole org. */
  locationName?: string;
}

const VERB = "(?:delete|remove|del)";
const NOUN = String.raw`(?:call[\s-]*park|park)\s+(?:extension|extn|ext)\.?`;
const COMMAND = new RegExp(String.raw`^${VERB}\s+(?:the\s+|a\s+)?${NOUN}(?:\s+(.*))?$`, "i");
/** `delete call park 1234`: close, but call parks are another resource; say so rather than guess. */
const NEAR_MISS = new RegExp(String.raw`^${VERB}\s+(?:the\s+)?(?:call[\s-]*park|park)\b`, "i");
/** Webex extensions are 2–10 digits (call park extension create API). */
const EXTENSION = /^\d{2,10}$/;
const MAX_NAME = 80;

const EXAMPLE = "`delete park ext 1234 at HQ`";

/**
 * `delete park ext 1234 at HQ`, `remove call park extension 1234 from HQ`,
 * `delete park ext "Lobby Park" at "HQ Annex"`, `delete park ext 1234` (search the org).
 * Case-insensitive; trailing punctuation ignored; the location runs to the end of the line.
 */
export function parseDeleteParkExtension(text: string): ParseResult<DeleteParkExtensionIntent> | undefined {
  const normalized = normalize(text);
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
  const rest = (match[1] ?? "").trim();
  if (rest === "") return { ok: false, error: `Which extension? Try ${EXAMPLE}.` };

  const head = takeTarget(rest);
  if (!head.ok) return head;
  const { target, remainder } = head.value;

  let selector: ParkSelector;
  if (target.quoted) {
    if (target.value === "") return { ok: false, error: `The name in quotes is empty. Try ${EXAMPLE}.` };
    if (target.value.length > MAX_NAME) return { ok: false, error: "That name is too long." };
    selector = { by: "name", name: target.value };
  } else if (EXTENSION.test(target.value)) {
    selector = { by: "extension", extension: target.value };
  } else {
    return {
      ok: false,
      error:
        `"${escapeMarkdown(target.value, 40)}" isn't an extension number (2–10 digits). To delete by name, put the name in quotes: ` +
        '`delete park ext "Lobby Park" at HQ`.',
    };
  }

  let locationName: string | undefined;
  if (remainder !== "") {
    const at = /^(?:at|in|from|@)\s+(.+)$/i.exec(remainder);
    if (!at?.[1]) {
      return {
        ok: false,
        error: `I didn't follow "${escapeMarkdown(remainder, 40)}". Put the location after "at": ${EXAMPLE}.`,
      };
    }
    const location = unquote(at[1].trim());
    if (!location.ok) return location;
    locationName = location.value;
    if (locationName === "") return { ok: false, error: `The location name is empty. Try ${EXAMPLE}.` };
    if (locationName.length > MAX_NAME) return { ok: false, error: "That location name is too long." };
  }
  return {
    ok: true,
    intent: { kind: "callpark.delete", selector, ...(locationName ? { locationName } : {}) },
  };
}

type Step<T> = { ok: true; value: T } | { ok: false; error: string };

function takeTarget(rest: string): Step<{ target: { value: string; quoted: boolean }; remainder: string }> {
  if (rest.startsWith('"')) {
    const end = rest.indexOf('"', 1);
    if (end < 0)
      return {
        ok: false,
        error: 'The name has an opening quote but no closing one: `delete park ext "Lobby Park" at HQ`.',
      };
    return {
      ok: true,
      value: {
        target: { value: rest.slice(1, end).trim(), quoted: true },
        remainder: rest.slice(end + 1).trim(),
      },
    };
  }
  const space = rest.search(/\s/);
  const value = space < 0 ? rest : rest.slice(0, space);
  return {
    ok: true,
    value: { target: { value, quoted: false }, remainder: space < 0 ? "" : rest.slice(space).trim() },
  };
}

function unquote(value: string): Step<string> {
  if (!value.startsWith('"')) return { ok: true, value };
  if (value.length < 2 || !value.endsWith('"'))
    return { ok: false, error: "The location has an opening quote but no closing one." };
  return { ok: true, value: value.slice(1, -1).trim() };
}

/** Curly quotes to straight (phones type them), runs of white space to one, trailing punctuation off. */
function normalize(text: string): string {
  return text
    .replace(/[\u201c\u201d\u201e\u00ab\u00bb]/g, '"')
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[\s.,;:!?]+$/, "");
}
