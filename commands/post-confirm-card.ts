import { buildConfirmCard } from "../src/cards/build-confirm-card.js";
import { type CardTokenPayload, type ParkTarget, signCardToken } from "../src/confirm/card-token.js";
import type { CommandContext } from "./command.js";
import { newCardClaims } from "./new-card-claims.js";
import { recordCardMessage } from "./record-card-message.js";

/** Signs a confirm and a cancel token for `target` (one nonce for both) and posts the card in the thread. */
export async function postConfirmCard(ctx: CommandContext, target: ParkTarget): Promise<void> {
  const { services, requester } = ctx;
  const base: Omit<CardTokenPayload, "act"> = { ...newCardClaims(ctx), target };
  const { markdown, card } = buildConfirmCard({
    target,
    orgName: services.orgName,
    requester,
    expiresAt: base.exp,
    now: services.clock.now(),
    confirmToken: signCardToken({ ...base, act: "confirm" }, services.cardKey),
    cancelToken: signCardToken({ ...base, act: "cancel" }, services.cardKey),
  });
  const posted = await ctx.reply(markdown, card);
  await Promise.all([
    recordCardMessage(services, base, posted.id),
    services.audit.record({
      kind: "request",
      requester: { id: requester.personId, email: requester.email },
      orgId: services.orgId,
      roomId: ctx.roomId,
      target,
      result: "card-posted",
      nonce: base.nonce,
      reason: `card ${posted.id}`,
    }),
  ]);
}
