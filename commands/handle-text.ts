import { answerRefusal } from "./answer-refusal.js";
import { checkRequester } from "./check-requester.js";
import type { CommandContext } from "./command.js";
import { describeError } from "./describe-error.js";
import { describeRequesterRefusal } from "./describe-requester-refusal.js";
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
  const allowed = command.restricted ? await checkRequester(requester, services) : undefined;
  if (allowed && !allowed.ok) {
    if (allowed.reason === "role-unverified" && allowed.err !== undefined)
      services.logger.warn({ err: allowed.err, command: command.name }, "could not check a requester's role");
    const words = describeRequesterRefusal(allowed, { typed: command.name });
    await answerRefusal(
      services,
      requester,
      ctx.roomId,
      {
        kind: "refusal",
        requester: { id: requester.personId, email: requester.email },
        orgId: services.actingOrgId,
        roomId: ctx.roomId,
        text: text.slice(0, 500),
        reason: words.reason,
        rule: words.rule,
      },
      () => ctx.reply(words.text),
    );
    return;
  }
  try {
    await command.run(intent, allowed ? { ...ctx, admittedBy: allowed.admittedBy } : ctx);
  } catch (err) {
    services.logger.warn({ err, command: command.name, roomId: ctx.roomId }, "command failed");
    await ctx.reply(describeError(err, { doing: `run \`${command.name}\``, mutating: false }));
  }
}
