import { escapeMarkdown } from "../src/cards/escape-markdown.js";
import { bulkDeleteDataSchema } from "./bulk-delete-data.js";
import { defineCardAction } from "./card-action.js";
import { TYPED_LOCATION_INPUT } from "./cards/build-bulk-confirm-card.js";
import { deleteParkBatch } from "./delete-park-batch.js";
import { isSameName } from "./is-same-name.js";
import { parkTargetSchema } from "./park-target.js";
import { unstashForPress } from "./unstash-for-press.js";

const parkSetSchema = parkTargetSchema.array().min(1);

/**
 * A bulk card's Delete: the set the card showed, read back from the claim store by the hash its
 * token signs, and nothing else — extensions added at the location since are not in it.
 */
export const confirmBulkDelete = defineCardAction({
  id: "callpark.bulkdelete.confirm",
  schema: bulkDeleteDataSchema,
  mutating: true,
  askAgain: "Ask again if you still want them deleted.",
  auditTarget: (data) => ({ locationName: data.where }),
  checkInputs: (data, inputs) => {
    if (data.typedLocation === undefined) return undefined;
    const typed = inputs[TYPED_LOCATION_INPUT];
    if (typeof typed === "string" && isSameName(typed, data.typedLocation)) return undefined;
    const location = escapeMarkdown(data.typedLocation);
    return `To delete every call park extension at **${location}**, type **${location}** in the card's box, then press **Delete ${data.count}** again. Nothing was deleted.`;
  },
  handle: async (data, ctx) => {
    const targets = await unstashForPress(
      ctx,
      { hash: data.setHash, count: data.count, schema: parkSetSchema },
      {
        unreachable:
          "I couldn't read the list of extensions this card showed from my state store just now, so I deleted nothing. Ask again in a moment.",
        missing:
          "I no longer have the list of extensions this card showed (my state store was emptied or restarted), so I deleted nothing. Ask again if you still want them deleted.",
      },
    );
    if (targets === undefined) return;
    await Promise.all([ctx.retireCard(), deleteParkBatch(targets, data, ctx)]);
  },
});
