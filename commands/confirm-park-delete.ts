import { z } from "zod";
import { escapeMarkdown } from "../src/cards/escape-markdown.js";
import type { CallParkExtensionDetails } from "../src/webex/schemas.js";
import { WebexApiError } from "../src/webex/webex-api-error.js";
import { type CardActionContext, defineCardAction } from "./card-action.js";
import { describeError } from "./describe-error.js";
import { type ParkSnapshot, parkGroupSchema } from "./park-snapshot.js";
import { describeTarget, type ParkTarget, parkTargetSchema, resultOrgName } from "./park-target.js";
import { postResultWithUndo } from "./post-result-with-undo.js";
import { pressPeople } from "./press-people.js";
import { MAX_CALL_PARKS_READ } from "./read-location-groups.js";
import { trackingSuffix } from "./webex-answer-words.js";

/**
 * The confirmation card's Delete: write the intent, read the extension again by id, and delete
 * it only when it is still what the card showed. The card is retired alongside the
 * read-then-delete: one call deeper than a bare delete, no more.
 */
/**
 * What the confirmation card's Delete signs: the extension, and the call park groups the card
 * showed it in (its "Used by"), which Undo puts it back in. `groups` absent: they could not be read;
 * `groupsPartial`: its location had more groups than were read.
 */
export const confirmDeleteSchema = parkTargetSchema.extend({
  groups: z.array(parkGroupSchema).max(MAX_CALL_PARKS_READ).optional(),
  groupsPartial: z.boolean().optional(),
});
export type ConfirmDeleteData = z.output<typeof confirmDeleteSchema>;

export const confirmParkDelete = defineCardAction({
  id: "callpark.delete.confirm",
  schema: confirmDeleteSchema,
  mutating: true,
  askAgain: "Ask again if you still want it deleted.",
  auditTarget: ({ groups: _groups, groupsPartial: _partial, ...target }) => target,
  handle: async ({ groups, groupsPartial, ...target }, ctx) => {
    const snapshot: ParkSnapshot = {
      ...target,
      groups: groups ?? [],
      ...(groups === undefined || groupsPartial ? { groupsPartial: true } : {}),
    };
    await Promise.all([ctx.retireCard(), deleteConfirmed(target, snapshot, ctx)]);
  },
});

async function deleteConfirmed(
  target: ParkTarget,
  snapshot: ParkSnapshot,
  ctx: CardActionContext,
): Promise<void> {
  const { services, card: payload } = ctx;
  const people = pressPeople(ctx);
  // Durable before anything is sent: a process killed from here on leaves an intent without an
  // outcome, which the next start finds and reports in this thread (reportUnfinishedDeletes).
  try {
    await services.audit.record({
      kind: "intent",
      ...people,
      orgId: payload.orgId,
      roomId: payload.roomId,
      threadId: payload.threadId,
      target,
      nonce: payload.nonce,
      admittedBy: ctx.admittedBy,
    });
  } catch (err) {
    services.logger.error({ err, target }, "could not write the intent; not deleting");
    await ctx.reply(
      `I couldn't write this deletion to the audit trail, so I did not delete call park extension ${describeTarget(target, resultOrgName(services))}. Nothing was deleted; ask again in a moment.`,
    );
    return;
  }
  const outcome = (result: string, extra: { trackingId?: string | undefined; reason?: string } = {}) =>
    services.audit.record({
      kind: "outcome",
      ...people,
      orgId: payload.orgId,
      roomId: payload.roomId,
      target,
      result,
      ...extra,
      nonce: payload.nonce,
    });

  // Read it again by id first: between the card and the press it may have been renumbered or
  // renamed, and then the id no longer names what the card showed. Webex has no conditional
  // DELETE, so a change in the moment between this read and the DELETE cannot be caught.
  let current: CallParkExtensionDetails;
  try {
    current = await services.calling.getCallParkExtension(target.locationId, target.callParkExtensionId);
  } catch (err) {
    const readTrackingId = err instanceof WebexApiError ? err.trackingId : undefined;
    if (err instanceof WebexApiError && err.status === 404) {
      await Promise.all([
        ctx.reply(
          `Call park extension ${describeTarget(target, resultOrgName(services))} no longer exists — maybe someone already deleted it. Nothing changed.${trackingSuffix(readTrackingId)}`,
        ),
        outcome("already gone", { trackingId: readTrackingId }),
      ]);
      return;
    }
    services.logger.warn({ err, target }, "could not read the extension before deleting it");
    await Promise.all([
      ctx.reply(
        `${describeError(err, {
          doing: `check call park extension ${describeTarget(target, resultOrgName(services))}`,
          mutating: false,
        })} Nothing was deleted.`,
      ),
      outcome(
        err instanceof WebexApiError
          ? `not deleted: read failed (${err.status})`
          : "not deleted: read failed",
        {
          trackingId: readTrackingId,
        },
      ),
    ]);
    return;
  }
  if (current.extension !== target.extension || current.name !== target.name) {
    await Promise.all([
      ctx.reply(
        `Call park extension **${escapeMarkdown(target.extension)}** (${escapeMarkdown(target.name)}) at **${escapeMarkdown(target.locationName)}** is now **${escapeMarkdown(current.extension)}** (${escapeMarkdown(current.name)}), so nothing was deleted. Ask again if you still want it deleted.`,
      ),
      outcome("not deleted: changed since the card", {
        reason: `now ${current.extension} (${current.name})`.slice(0, 200),
      }),
    ]);
    return;
  }

  let result: string;
  let trackingId: string | undefined;
  let text: string;
  let deleted = false;
  try {
    const answer = await services.calling.deleteCallParkExtension(
      target.locationId,
      target.callParkExtensionId,
    );
    trackingId = answer.trackingId;
    deleted = true;
    result = "deleted";
    text = `Deleted call park extension ${describeTarget(target, resultOrgName(services))}.${trackingSuffix(trackingId)}`;
  } catch (err) {
    trackingId = err instanceof WebexApiError ? err.trackingId : undefined;
    if (err instanceof WebexApiError && err.status === 404) {
      deleted = err.afterAmbiguousAttempt;
      result = err.afterAmbiguousAttempt ? "deleted (first attempt's answer was lost)" : "already gone";
      text = err.afterAmbiguousAttempt
        ? `Deleted call park extension ${describeTarget(target, resultOrgName(services))} (my first try got no clear answer; the retry found it gone).${trackingSuffix(trackingId)}`
        : `Call park extension ${describeTarget(target, resultOrgName(services))} no longer exists — maybe someone already deleted it. Nothing changed.${trackingSuffix(trackingId)}`;
    } else {
      result = err instanceof WebexApiError ? `failed (${err.status})` : "failed";
      text = describeError(err, {
        doing: `delete call park extension ${describeTarget(target, resultOrgName(services))}`,
        mutating: true,
      });
      services.logger.warn({ err, target }, "delete failed");
    }
  }
  if (!deleted) {
    await Promise.all([ctx.reply(text), outcome(result, { trackingId })]);
    return;
  }
  // Undo puts it back in the groups the card showed (read when it was posted): Webex drops a
  // deleted extension from its groups, so they cannot be read after the DELETE.
  await Promise.all([
    postResultWithUndo(ctx, text, [snapshot], payload.nonce),
    outcome(result, { trackingId }),
  ]);
}
