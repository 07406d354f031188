import { escapeMarkdown } from "../src/cards/escape-markdown.js";
import { MAX_BULK_EXTENSIONS } from "../src/config.js";
import type { ParseResult } from "./command.js";

export { MAX_BULK_EXTENSIONS };

/** Webex extensions are 2–10 digits (call park extension create API), as in parse-park-arguments. */
const EXTENSION = /^\d{2,10}$/;
/** Hyphen, the Unicode hyphens and dashes (phones turn `-` into `–`), and the minus sign. */
const DASH = "[-\u2010-\u2014\u2212]";
const RANGE_DASH = new RegExp(String.raw`\s*${DASH}\s*`, "g");
/** `1234, 1235`, `1234 1235`, `1234 and 1235`, `1234, 1235, and 1236`. */
const SEPARATOR = /\s*,\s*(?:and\s+)?|\s+and\s+|\s+/i;
const RANGE = /^(\d+)-(\d+)$/;
const QUOTE = /^["'\u2018\u2019\u201c\u201d\u201e\u00ab\u00bb]/;
/** Starts with a number and has a comma, a range or a second number. */
const LIST_SHAPE = new RegExp(String.raw`^(?=\d)(?:.*,|.*\d\s*${DASH}\s*\d|\d+(?:\s+(?:and\s+)?\d+)+$)`, "i");

const LIKE = "`1234, 1235, 1240-1249`";

/** Extensions low..high, each written with `width` digits; 0: with as many as the number needs. */
interface Run {
  text: string;
  low: number;
  high: number;
  width: number;
}

type Step<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Whether `text` is written as a list rather than as one extension: it starts with a number and
 * has a comma, a range or more numbers. One number, a quoted name or a word is not a list.
 */
export function isExtensionList(text: string): boolean {
  return LIST_SHAPE.test(text.trim());
}

/**
 * `1234, 1235, 1240-1249`: extension numbers and inclusive ranges, separated by commas, spaces or
 * `and`; a range's dash may have spaces around it or be an en dash. The extensions come back
 * without repeats, in the order first typed. More than `max` of them is an error, found by
 * counting, so a range is never expanded before it is known to be small.
 */
export function parseExtensionList(text: string, max: number): ParseResult<string[]> {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: false, error: `Which extensions? List them like ${LIKE}.` };
  const items = trimmed.replace(RANGE_DASH, "-").split(SEPARATOR);

  const runs: Run[] = [];
  for (const [index, item] of items.entries()) {
    if (item === "") return { ok: false, error: describeEmptyItem(items, index) };
    const run = parseItem(item);
    if (!run.ok) return run;
    const size = run.value.high - run.value.low + 1;
    if (size > max) {
      return {
        ok: false,
        error: `The range ${run.value.text} names ${count(size)} extensions; one request takes at most ${count(max)} (BULK_MAX may allow fewer). Split it into smaller ranges.`,
      };
    }
    runs.push(run.value);
  }

  const distinct = countDistinct(runs);
  if (distinct > max) {
    return {
      ok: false,
      error: `You named ${count(distinct)} different extensions; one request takes at most ${count(max)} (BULK_MAX may allow fewer). Split it into smaller requests.`,
    };
  }
  return { ok: true, intent: expand(runs) };
}

/** One number or one range. Echoes are escaped until the text is known to be 2–10 digits. */
function parseItem(item: string): Step<Run> {
  if (QUOTE.test(item)) {
    return {
      ok: false,
      error:
        "A list takes extension numbers and ranges only, not names in quotes. Ask for a named park extension on its own.",
    };
  }
  if (/^\d+$/.test(item)) {
    if (!EXTENSION.test(item)) return { ok: false, error: notAnExtension(item) };
    return { ok: true, value: toRun(item, item) };
  }
  const range = RANGE.exec(item);
  if (!range?.[1] || !range[2]) {
    return {
      ok: false,
      error: `"${escapeMarkdown(item, 40)}" isn't an extension number or a range: a list takes extension numbers (2–10 digits) and ranges like \`1240-1249\`.`,
    };
  }
  const [, first, last] = range;
  for (const end of [first, last]) {
    if (!EXTENSION.test(end)) {
      return { ok: false, error: `In the range "${escapeMarkdown(item, 40)}", ${notAnExtension(end)}` };
    }
  }
  // From here the ends are 2–10 digits: inert in markdown, and short, so they are echoed as typed.
  const zeros = first.startsWith("0") || last.startsWith("0");
  if (zeros && first.length !== last.length) {
    return {
      ok: false,
      error: `In the range ${first}-${last} the ends have different lengths. With leading zeros, write both ends with the same number of digits, like \`0100-0110\`.`,
    };
  }
  if (Number(first) > Number(last)) {
    return {
      ok: false,
      error: `The range ${first}-${last} runs backwards: did you mean ${last}-${first}?`,
    };
  }
  return { ok: true, value: toRun(first, last) };
}

/** Leading zeros are part of an extension ("0100" is not "100"), so they fix the width. */
function toRun(first: string, last: string): Run {
  const zeros = first.startsWith("0") || last.startsWith("0");
  return {
    text: first === last ? first : `${first}-${last}`,
    low: Number(first),
    high: Number(last),
    width: zeros ? first.length : 0,
  };
}

function notAnExtension(item: string): string {
  return `"${escapeMarkdown(item, 40)}" isn't an extension number: extensions are 2–10 digits.`;
}

function describeEmptyItem(items: string[], index: number): string {
  if (index === 0) return `The list starts with a comma. List the extensions like ${LIKE}.`;
  const after = `"${escapeMarkdown(items[index - 1] ?? "", 40)}"`;
  if (index === items.length - 1)
    return `The list ends with a comma after ${after}: add the number that goes there, or drop the comma.`;
  return `The list has an empty item after ${after} (two commas in a row?).`;
}

/**
 * How many different extensions the runs name, from their bounds alone. An extension is its digits
 * as written, so two runs overlap only where they write the same numbers with the same length:
 * each run is cut into one interval per length, and each length's intervals are merged.
 */
function countDistinct(runs: Run[]): number {
  const byLength = new Map<number, [number, number][]>();
  for (const run of runs) {
    for (const [length, low, high] of byWrittenLength(run)) {
      const intervals = byLength.get(length) ?? [];
      intervals.push([low, high]);
      byLength.set(length, intervals);
    }
  }
  let total = 0;
  for (const intervals of byLength.values()) {
    intervals.sort((a, b) => a[0] - b[0]);
    let end = -1;
    for (const [low, high] of intervals) {
      const from = Math.max(low, end + 1);
      if (high >= from) total += high - from + 1;
      end = Math.max(end, high);
    }
  }
  return total;
}

/** `998-1002` is 998–999 written with 3 digits and 1000–1002 with 4; `0100-0110` all with 4. */
function byWrittenLength(run: Run): [number, number, number][] {
  if (run.width > 0) return [[run.width, run.low, run.high]];
  const parts: [number, number, number][] = [];
  for (let length = String(run.low).length; length <= String(run.high).length; length++) {
    parts.push([length, Math.max(run.low, 10 ** (length - 1)), Math.min(run.high, 10 ** length - 1)]);
  }
  return parts;
}

/** Called once the total is known to be at most `max`, and every run to be at most `max` long. */
function expand(runs: Run[]): string[] {
  const extensions = new Set<string>();
  for (const run of runs) {
    for (let n = run.low; n <= run.high; n++) extensions.add(String(n).padStart(run.width, "0"));
  }
  return [...extensions];
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}
