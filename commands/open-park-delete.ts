import { defineCardAction } from "./card-action.js";
import { parkTargetSchema } from "./park-target.js";
import { postConfirmCard } from "./post-confirm-card.js";

/**
 * Delete on a list row or on a "show" card: posts the usual confirmation card for that extension
 * and deletes nothing, so the confirmation stays the only way to change Webex. Claimed per button:
 * the list stays usable for its other rows, and one row opens one confirmation.
 */
export const openParkDelete = defineCardAction({
  id: "callpark.delete.open",
  schema: parkTargetSchema,
  claim: "button",
  mutating: false,
  auditTarget: (target) => target,
  handle: (target, ctx) => postConfirmCard(ctx, target),
});
