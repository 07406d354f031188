import { escapeMarkdown } from "../src/cards/escape-markdown.js";
import { bulkDeleteDataSchema } from "./bulk-delete-data.js";
import { defineCardAction } from "./card-action.js";
import { inOrg, resultOrgName } from "./park-target.js";
import { recordCancellation } from "./record-cancellation.js";

/** A bulk card's Cancel: retire the card, say nothing was deleted, audit it. */
export const cancelBulkDelete = defineCardAction({
  id: "callpark.bulkdelete.cancel",
  schema: bulkDeleteDataSchema,
  mutating: false,
  askAgain: "Ask again if you still want them deleted.",
  auditTarget: (data) => ({ locationName: data.where }),
  handle: (data, ctx) =>
    recordCancellation(
      ctx,
      {
        target: { locationName: data.where },
        batch: { id: ctx.card.nonce, items: data.count, where: data.where },
      },
      `Cancelled. None of the ${data.count} call park extensions at **${escapeMarkdown(data.where)}**${inOrg(resultOrgName(ctx.services))} were deleted.`,
    ),
});
