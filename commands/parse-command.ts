import type { AnyCommand, ParseResult } from "./command.js";
import { commandList } from "./command-list.js";
import { normalizeText } from "./normalize-text.js";

export type ParsedCommand = { ok: true; command: AnyCommand; intent: unknown } | { ok: false; error: string };

/** The first command's first example: the registry's order says what people most likely meant. */
export const COMMAND_HINT = `I didn't understand that. Try \`${commandList[0]?.examples[0] ?? "help"}\`, or \`help\` for everything I can do.`;

/** Line breaks as Webex clients send them (Shift+Enter), and the Unicode line and paragraph separators. */
const LINE_BREAK = /\r\n|[\n\r\u0085\u2028\u2029]/;

/**
 * The first command that recognises the text, or a hint.
 *
 * Every command sees the text after the same two steps, here because this is the one funnel all
 * chat text passes through (the webhook path after stripMention, the tests, any future transport):
 * normalizeText (NFC, no invisible characters), then only the first non-blank line. A command runs
 * "to the end of the line": "delete park ext 1234 at HQ\nthanks!" is a request for HQ, and the
 * rest of the message is ignored rather than read as part of the location.
 */
export function parseCommand(text: string): ParsedCommand {
  const line = firstLine(normalizeText(text));
  if (line === "") return { ok: false, error: COMMAND_HINT };
  for (const command of commandList) {
    const result: ParseResult<unknown> | undefined = command.parse(line);
    if (result === undefined) continue;
    return result.ok ? { ok: true, command, intent: result.intent } : result;
  }
  return { ok: false, error: COMMAND_HINT };
}

function firstLine(text: string): string {
  for (const line of text.split(LINE_BREAK)) {
    const trimmed = line.trim();
    if (trimmed !== "") return trimmed;
  }
  return "";
}
