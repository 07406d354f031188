import { defineCardAction } from "./card-action.js";
import { parkSnapshotsSchema, UNDO_ACTION_ID, undoDataSchema } from "./park-snapshot.js";
import { restoreParkExtensions } from "./restore-park-extensions.js";
import { unstashForPress } from "./unstash-for-press.js";

/**
 * A delete result's Undo: re-create what was deleted, from the snapshot stashed when it was
 * deleted (bound to this button by its hash), and put it back in its call park groups. Requester
 * only, single use (the card's claim), until UNDO_TTL_SECONDS.
 */
export const undoParkDelete = defineCardAction({
  id: UNDO_ACTION_ID,
  schema: undoDataSchema,
  mutating: true,
  askAgain: "Re-create them in Control Hub if you still need them back.",
  handle: async (data, ctx) => {
    const snapshots = await unstashForPress(
      ctx,
      { hash: data.snapshotHash, count: data.count, schema: parkSnapshotsSchema },
      {
        unreachable:
          "I couldn't read what was deleted from my state store just now, so I restored nothing, and this Undo is used up. Re-create them in Control Hub if you need them back.",
        missing:
          "I no longer have what was deleted (my state store was emptied or restarted), so I restored nothing. Re-create them in Control Hub if you need them back.",
      },
    );
    if (snapshots === undefined) return;
    await Promise.all([ctx.retireCard(), restoreParkExtensions(snapshots, data, ctx)]);
  },
});
