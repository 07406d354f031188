import { escapeMarkdown } from "../src/cards/escape-markdown.js";
import { bulkDeleteDataSchema } from "./bulk-delete-data.js";
import { defineCardAction } from "./card-action.js";
import { inOrg, resultOrgName } from "./park-target.js";
import { pressPeople } from "./press-people.js";

/** A bulk card's Cancel: retire the card, say nothing was deleted, audit it. */
export const cancelBulkDelete = defineCardAction({
  id: "callpark.bulkdelete.cancel",
  schema: bulkDeleteDataSchema,
  mutating: false,
  askAgain: "Ask again if you still want them deleted.",
  auditTarget: (data) => ({ locationName: data.where }),
  handle: async (data, ctx) => {
    const { services, card } = ctx;
    await Promise.all([
      ctx.retireCard(),
      services.audit.record({
        kind: "cancellation",
        ...pressPeople(ctx),
        orgId: card.orgId,
        roomId: card.roomId,
        target: { locationName: data.where },
        nonce: card.nonce,
        batch: { id: card.nonce, items: data.count, where: data.where },
      }),
      ctx.reply(
        `Cancelled. None of the ${data.count} call park extensions at **${escapeMarkdown(data.where)}**${inOrg(resultOrgName(services))} were deleted.`,
      ),
    ]);
  },
});
