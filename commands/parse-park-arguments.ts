import { escapeMarkdown } from "../src/cards/escape-markdown.js";
import type { ParseResult } from "./command.js";

export type ParkSelector = { by: "extension"; extension: string } | { by: "name"; name: string };

/** `park ext`, `call park extension`, `call-park extensions`, `park extn.`, `park exts`. */
export const PARK_NOUN = String.raw`(?:call[\s-]*park|park)\s+(?:extensions?|extns?|exts?)\.?`;
/** Webex extensions are 2–10 digits (call park extension create API). */
const EXTENSION = /^\d{2,10}$/;
const MAX_NAME = 80;

type Step<T> = { ok: true; value: T } | { ok: false; error: string };

/** The verb the person typed decides the examples in the errors: `show park ext 1234 at HQ`. */
function examples(verb: string) {
  return {
    plain: `\`${verb} park ext 1234 at HQ\``,
    named: `\`${verb} park ext "Lobby Park" at HQ\``,
  };
}

/**
 * What follows the noun: an extension number or a quoted name, then optionally `at <location>`.
 * Double or single quotes, straight or curly; the location runs to the end of the text.
 */
export function parseParkArguments(
  rest: string,
  verb: string,
): ParseResult<{ selector: ParkSelector; locationName?: string }> {
  const { plain, named } = examples(verb);
  if (rest === "") return { ok: false, error: `Which extension? Try ${plain}.` };
  const head = takeTarget(rest, verb);
  if (!head.ok) return head;
  const { target, remainder } = head.value;

  let selector: ParkSelector;
  if (target.quoted) {
    if (target.value === "") return { ok: false, error: `The name in quotes is empty. Try ${plain}.` };
    if (target.value.length > MAX_NAME) return { ok: false, error: "That name is too long." };
    selector = { by: "name", name: target.value };
  } else if (EXTENSION.test(target.value)) {
    selector = { by: "extension", extension: target.value };
  } else {
    return {
      ok: false,
      error:
        `"${escapeMarkdown(target.value, 40)}" isn't an extension number (2–10 digits). To ${verb} by name, put the name in quotes: ` +
        `${named}.`,
    };
  }
  if (remainder === "") return { ok: true, intent: { selector } };
  const location = parseLocationClause(remainder, verb);
  if (!location.ok) return location;
  return { ok: true, intent: { selector, locationName: location.intent } };
}

/**
 * `at HQ`, `in "HQ Annex"`, `from HQ`, `@ HQ`: the location's name, unquoted. `plain` is the
 * command the errors suggest, for the forms `<verb> park ext 1234 at HQ` does not fit.
 */
export function parseLocationClause(
  text: string,
  verb: string,
  plain: string = examples(verb).plain,
): ParseResult<string> {
  const at = /^(?:at|in|from|@)\s+(.+)$/i.exec(text);
  if (!at?.[1]) {
    return {
      ok: false,
      error: `I didn't follow "${escapeMarkdown(text, 40)}". Put the location after "at": ${plain}.`,
    };
  }
  const location = unquote(at[1].trim());
  if (!location.ok) return location;
  if (location.value === "") return { ok: false, error: `The location name is empty. Try ${plain}.` };
  if (location.value.length > MAX_NAME) return { ok: false, error: "That location name is too long." };
  return { ok: true, intent: location.value };
}

/** Curly quotes to straight (phones type them), runs of white space to one, trailing punctuation off. */
export function normalizeParkCommand(text: string): string {
  return text
    .replace(/[\u201c\u201d\u201e\u00ab\u00bb]/g, '"')
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[\s.,;:!?]+$/, "");
}

function takeTarget(
  rest: string,
  verb: string,
): Step<{ target: { value: string; quoted: boolean }; remainder: string }> {
  const quote = quoteAt(rest);
  if (quote) {
    const end = quote.close.exec(rest.slice(1));
    if (!end)
      return {
        ok: false,
        error: `The name has an opening quote but no closing one: ${examples(verb).named}.`,
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
