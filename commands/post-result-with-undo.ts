import { adaptiveCard, submitAction } from "../src/cards/adaptive-card.js";
import { formatTime } from "../src/cards/format-time.js";
import { CLAIM_GRACE_MS } from "../src/confirm/admit-card-click.js";
import type { CardClaims } from "../src/confirm/card-token.js";
import { stash } from "../src/confirm/stash.js";
import type { CardActionContext } from "./card-action.js";
import { type ParkSnapshot, UNDO_CANNOT_RESTORE } from "./park-snapshot.js";
import { recordCardMessage } from "./record-card-message.js";
import { undoParkDelete } from "./undo-park-delete.js";

/**
 * Posts a delete's result. When something was deleted, the result is a card with an Undo button
 * for the requester only, valid for UNDO_TTL_SECONDS and single use; the snapshots it restores
 * are stashed in the claim store for as long, bound to the button by their hash.
 */
export async function postResultWithUndo(
  ctx: CardActionContext,
  text: string,
  snapshots: readonly ParkSnapshot[],
  batch: string,
): Promise<void> {
  const { services, card } = ctx;
  if (snapshots.length === 0) {
    await ctx.reply(text);
    return;
  }
  // A claim store in memory (no shared Redis) dies with this process: an Undo offered while it shuts
  // down could never work, so say so instead of offering it.
  if (services.stopping.aborted && services.claims.isReachable === undefined) {
    await ctx.reply(
      `${text}\n\n(No Undo: I am restarting, and what was deleted is kept only in my memory. Re-create them in Control Hub if you need them back.)`,
    );
    return;
  }
  const now = services.clock.now();
  const ttlMs = services.bulk.undoTtlSeconds * 1000;
  let snapshotHash: string;
  try {
    snapshotHash = await stash(services.claims, snapshots, ttlMs + CLAIM_GRACE_MS);
  } catch (err) {
    services.logger.warn({ err }, "could not keep the snapshot for Undo");
    await ctx.reply(`${text}\n\n(Undo is not available: my state store could not keep what was deleted.)`);
    return;
  }
  const claims: CardClaims = {
    ...(card.orgId ? { orgId: card.orgId } : {}),
    requesterId: card.requesterId,
    requesterEmail: card.requesterEmail,
    roomId: card.roomId,
    threadId: card.threadId,
    exp: now + ttlMs,
    nonce: services.newNonce(),
  };
  const count = snapshots.length;
  const until = formatTime(claims.exp, now);
  const them = count === 1 ? "the deleted extension" : `the ${count} deleted extensions`;
  const undoNote = `**Undo** (until ${until}, only the person who asked) re-creates ${them} with the same name and number and puts ${count === 1 ? "it" : "them"} back in ${count === 1 ? "its" : "their"} call park groups. ${UNDO_CANNOT_RESTORE}`;
  const token = undoParkDelete.sign({ snapshotHash, count, batch }, claims, services.cardKey);
  let posted: { id: string };
  try {
    posted = await ctx.reply(
      `${text}\n\n${undoNote}`,
      adaptiveCard(
        [
          { type: "TextBlock", text, wrap: true },
          { type: "TextBlock", text: undoNote, wrap: true, isSubtle: true },
        ],
        [submitAction(count === 1 ? "Undo" : `Undo (${count})`, token)],
      ),
    );
  } catch (err) {
    // The deletes happened: the result must reach the thread, if only as text without Undo.
    services.logger.warn({ err }, "could not post a delete's result with Undo; posting it as text");
    await ctx.reply(`${text}\n\n(Undo is not available: I could not post its button.)`);
    return;
  }
  await recordCardMessage(services, claims, posted.id);
}
