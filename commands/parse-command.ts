import type { AnyCommand, ParseResult } from "./command.js";
import { commandList } from "./command-list.js";

export type ParsedCommand = { ok: true; command: AnyCommand; intent: unknown } | { ok: false; error: string };

export const COMMAND_HINT =
  "I didn't understand that. Try `delete park ext 1234 at HQ`, or `help` for everything I can do.";

/** The first command that recognises the text, or a hint. */
export function parseCommand(text: string): ParsedCommand {
  if (text.trim() === "") return { ok: false, error: COMMAND_HINT };
  for (const command of commandList()) {
    const result: ParseResult<unknown> | undefined = command.parse(text);
    if (result === undefined) continue;
    return result.ok ? { ok: true, command, intent: result.intent } : result;
  }
  return { ok: false, error: COMMAND_HINT };
}
