import type { CommandContext } from "./command.js";
import { describeError } from "./describe-error.js";
import { parseCommand } from "./parse-command.js";

/**
 * A chat message, mention already stripped: parse, check the requester, run. Every path answers in
 * the space; errors from Webex become one sentence (describeError), never silence or a stack.
 */
export async function handleText(text: string, ctx: CommandContext): Promise<void> {
  const parsed = parseCommand(text);
  if (!parsed.ok) {
    await ctx.reply(parsed.error);
    return;
  }
  const { command, intent } = parsed;
  const { services, requester } = ctx;
  if (command.restricted && !services.allowlist.isAllowed(requester.email)) {
    await services.audit.record({
      kind: "refusal",
      requester: { id: requester.personId, email: requester.email },
      orgId: services.orgId,
      roomId: ctx.roomId,
      text: text.slice(0, 500),
      reason: "requester not allowlisted",
    });
    await ctx.reply(
      `Sorry, you are not on the list of admins allowed to use \`${command.name}\`. Ask the bot's owner to add you.`,
    );
    return;
  }
  try {
    await command.run(intent, ctx);
  } catch (err) {
    services.logger.warn({ err, command: command.name, roomId: ctx.roomId }, "command failed");
    await ctx.reply(describeError(err, { doing: `run \`${command.name}\``, mutating: false }));
  }
}
