import { z } from "zod";
import { parkTargetSchema } from "./park-target.js";

/**
 * A deleted call park extension as Undo needs it, read just before the delete: what to re-create
 * (name, number, location) and the call park groups to put it back in. The old id is kept only to
 * say which one this was: a re-create gets a new one.
 */
export const parkGroupSchema = z.object({ id: z.string().min(1), name: z.string() });

export const parkSnapshotSchema = parkTargetSchema.extend({
  groups: z.array(parkGroupSchema),
  /**
   * The groups are not known to be all it was in: its location had more call park groups than are
   * read (MAX_CALL_PARKS_READ), or they could not be read at all. Undo then says so.
   */
  groupsPartial: z.boolean().optional(),
});
export type ParkSnapshot = z.output<typeof parkSnapshotSchema>;

/** What an Undo button's token signs: the stashed snapshots' hash and how many they are. */
export const undoDataSchema = z.object({
  snapshotHash: z.string().min(1),
  count: z.number().int().positive(),
  /** The batch (card nonce) the deletes belonged to, tying the Undo's audit lines to it. */
  batch: z.string().min(1),
});
export type UndoData = z.output<typeof undoDataSchema>;

export const parkSnapshotsSchema = z.array(parkSnapshotSchema).min(1);

/** The Undo button's action id; its audit lines carry it, so a restart never reports them as deletes. */
export const UNDO_ACTION_ID = "callpark.delete.undo";

/** Said wherever Undo is offered or done: what a re-create cannot bring back. */
export const UNDO_CANNOT_RESTORE =
  "A re-created extension gets a new ID, so people's and workspaces' monitoring lists and line-key labels that pointed at the old one are not restored: add them again in Control Hub.";
