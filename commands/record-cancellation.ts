import type { AuditEvent } from "../src/audit/audit-log.js";
import type { CardActionContext } from "./card-action.js";
import { pressPeople } from "./press-people.js";

/** A confirmation card's Cancel: retire the card, audit the cancellation, say what was not done. */
export async function recordCancellation(
  ctx: CardActionContext,
  event: Pick<AuditEvent, "target" | "batch">,
  text: string,
): Promise<void> {
  const { card } = ctx;
  await Promise.all([
    ctx.retireCard(),
    ctx.services.audit.record({
      kind: "cancellation",
      ...pressPeople(ctx),
      orgId: card.orgId,
      roomId: card.roomId,
      nonce: card.nonce,
      ...event,
    }),
    ctx.reply(text),
  ]);
}
