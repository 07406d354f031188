import { escapeMarkdown } from "../src/cards/escape-markdown.js";
import { defineCardAction } from "./card-action.js";
import { inOrg, parkTargetSchema, resultOrgName } from "./park-target.js";
import { pressPeople } from "./press-people.js";

/** The confirmation card's Cancel: retire the card, say nothing was deleted, audit it. */
export const cancelParkDelete = defineCardAction({
  id: "callpark.delete.cancel",
  schema: parkTargetSchema,
  mutating: false,
  askAgain: "Ask again if you still want it deleted.",
  auditTarget: (target) => target,
  handle: async (target, ctx) => {
    const { services, card } = ctx;
    await Promise.all([
      ctx.retireCard(),
      services.audit.record({
        kind: "cancellation",
        ...pressPeople(ctx),
        orgId: card.orgId,
        roomId: card.roomId,
        target,
        nonce: card.nonce,
      }),
      ctx.reply(
        `Cancelled. Call park extension **${escapeMarkdown(target.extension)}** at **${escapeMarkdown(target.locationName)}**${inOrg(resultOrgName(services))} was not deleted.`,
      ),
    ]);
  },
});
