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
const NOUN = String.raw`(?:call[\s-]*park|park)\s+(?:extensions?|extn|ext)\.?`;
const COMMAND = new RegExp(String.raw`^${VERB}\s+(?:the\s+|a\s+)?${NOUN}(?:\s+(.*))?$`, "i");
/** `delete call park 1234`: close, but call parks are another resource; say so rather than guess. */
const NEAR_MISS = new RegExp(String.raw`^${VERB}\s+(?:the\s+)?(?:call[\s-]*park|park)\b`, "i");
/** Webex extensions are 2–10 digits (call park extension create API). */
const EXTENSION = /^\d{2,10}$/;
const MAX_NAME = 80;

const EXAMPLE = "`delete park ext 1234 at HQ`";

/**
 * `delete park ext 1234 at HQ`, `remove call park extension 1234 from HQ`,
 * `delete park ext "Lobby Park" at "HQ Annex"`, `delete park extensions 'Lobby Park' at HQ`,
 * `delete park ext 1234` (search the org). Case-insensitive; double or single quotes, straight or
 * curly; trailing punctuation ignored; the location runs to the end of the text (parseCommand
 * hands over one line).
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
  const quote = quoteAt(rest);
  if (quote) {
    const end = quote.close.exec(rest.slice(1));
    if (!end)
      return {
        ok: false,
        error: 'The name has an opening quote but no closing one: `delete park ext "Lobby Park" at HQ`.',
      };
    return {
      ok: true,
      value: {
        target: { value: rest.slice(1, end.index + 1).trim(), quoted: true },
        remainder: rest.slice(end.index + 2).trim(),
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
  const quote = quoteAt(value);
  if (!quote) return { ok: true, value };
  if (value.length >= 2 && quote.close.test(value.slice(-1)))
    return { ok: true, value: value.slice(1, -1).trim() };
  // A leading apostrophe can be part of a name ('s-Hertogenbosch); a lone double quote cannot.
  if (quote.single) return { ok: true, value };
  return { ok: false, error: "The location has an opening quote but no closing one." };
}

/**
 * The quote `text` opens with, and the pattern of its closing quote. A single quote closes only
 * before white space or the end, because inside a name it is an apostrophe ("O'Hare",
 * "Lobby’s Park": phones type ’ for both).
 */
function quoteAt(text: string): { close: RegExp; single: boolean } | undefined {
  if (text.startsWith('"')) return { close: /"/, single: false };
  if (/^['\u2018\u2019]/.test(text)) return { close: /['\u2019](?=\s|$)/, single: true };
  return undefined;
}

/** Curly quotes to straight (phones type them), runs of white space to one, trailing punctuation off. */
function normalize(text: string): string {
  return text
    .replace(/[\u201c\u201d\u201e\u00ab\u00bb]/g, '"')
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[\s.,;:!?]+$/, "");
}
