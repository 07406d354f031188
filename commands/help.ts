import { type AnyCommand, defineCommand } from "./command.js";

/**
 * `help`, and `help <anything>` ("help delete", "help me"): someone asking for help about something
 * should get help, not "I didn't understand that". `?`, `commands` and `usage` only alone.
 */
const HELP = /^(?:help(?:[\s.,:;!?].*)?|\?|commands|usage)[\s.!?]*$/is;

/**
 * `help`: every command given, then itself, with their examples. Given the list rather than
 * importing it, so the registry can hold help without the two modules importing each other. Open
 * to everyone: it reveals nothing about the org.
 */
export function createHelp(commands: readonly AnyCommand[]): AnyCommand {
  const help: AnyCommand = defineCommand<{ kind: "help" }>({
    name: "help",
    summary: "Show what I can do.",
    examples: ["help"],
    restricted: false,
    parse: (text) => (HELP.test(text.trim()) ? { ok: true, intent: { kind: "help" } } : undefined),
    run: async (_intent, ctx) => {
      await ctx.reply(buildHelpText([...commands, help]));
    },
  });
  return help;
}

export function buildHelpText(commands: readonly AnyCommand[]): string {
  const lines = [
    "**Park Bot** deletes Webex Calling call park extensions, after you confirm on a card, and lists and shows them first.",
    "",
  ];
  for (const command of commands) {
    lines.push(`**${command.name}** — ${command.summary}`);
    for (const example of command.examples) lines.push(`- \`${example}\``);
  }
  lines.push(
    "",
    "Without a location I search the whole org. Put names with spaces in quotes. In a group space, @mention me first.",
  );
  return lines.join("\n");
}
