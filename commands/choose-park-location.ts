import { defineCardAction } from "./card-action.js";
import { parkTargetSchema } from "./park-target.js";
import { postConfirmCard } from "./post-confirm-card.js";

/** A location button on the "which one?" card: retire it and post the confirmation card for that one. */
export const chooseParkLocation = defineCardAction({
  id: "callpark.delete.choose",
  schema: parkTargetSchema,
  mutating: false,
  askAgain: "Ask again if you still want it deleted.",
  auditTarget: (target) => target,
  handle: async (target, ctx) => {
    await Promise.all([ctx.retireCard(), postConfirmCard(ctx, target)]);
  },
});
