import type { CardClaims } from "../src/confirm/card-token.js";
import type { CommandContext } from "./command.js";

/** What every button of one new card binds: who asked, where, which org, until when, one nonce. */
export function newCardClaims(ctx: CommandContext): CardClaims {
  const { services, requester } = ctx;
  return {
    ...(services.actingOrgId ? { orgId: services.actingOrgId } : {}),
    requesterId: requester.personId,
    requesterEmail: requester.email,
    roomId: ctx.roomId,
    threadId: ctx.threadId,
    exp: services.clock.now() + services.confirmTtlMs,
    nonce: services.newNonce(),
  };
}
