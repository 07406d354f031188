import { answerRefusal } from "./answer-refusal.js";
import { checkRequester } from "./check-requester.js";
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
  const allowed = command.restricted ? checkRequester(requester, services) : ({ ok: true } as const);
  if (!allowed.ok) {
    const otherOrg = allowed.reason === "other-org";
    await answerRefusal(
      services,
      requester,
      ctx.roomId,
      {
        kind: "refusal",
        requester: { id: requester.personId, email: requester.email },
        orgId: services.orgId,
        roomId: ctx.roomId,
        text: text.slice(0, 500),
        reason: otherOrg ? "requester in another org" : "requester not allowlisted",
      },
      () =>
        ctx.reply(
          otherOrg
            ? `Sorry, you are not a member of the org I manage, so you cannot use \`${command.name}\`.`
            : `Sorry, you are not on the list of admins allowed to use \`${command.name}\`. Ask the bot's owner to add you.`,
        ),
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
