import { escapeMarkdown } from "../src/cards/escape-markdown.js";
import { defineCardAction } from "./card-action.js";
import { inOrg, parkTargetSchema, resultOrgName } from "./park-target.js";
import { recordCancellation } from "./record-cancellation.js";

/** The confirmation card's Cancel: retire the card, say nothing was deleted, audit it. */
export const cancelParkDelete = defineCardAction({
  id: "callpark.delete.cancel",
  schema: parkTargetSchema,
  mutating: false,
  askAgain: "Ask again if you still want it deleted.",
  auditTarget: (target) => target,
  handle: (target, ctx) =>
    recordCancellation(
      ctx,
      { target },
      `Cancelled. Call park extension **${escapeMarkdown(target.extension)}** at **${escapeMarkdown(target.locationName)}**${inOrg(resultOrgName(ctx.services))} was not deleted.`,
    ),
});
