import type { AuditTarget } from "../src/audit/audit-log.js";
import type { CardClaims } from "../src/confirm/card-token.js";
import type { CommandContext } from "./command.js";
import { recordCardMessage } from "./record-card-message.js";

/**
 * After a confirmation card is posted: the message it is in (so a press must be on it) and the
 * request's audit line, which names the card's nonce and message.
 */
export async function recordPostedCard(
  ctx: CommandContext,
  claims: CardClaims,
  messageId: string,
  audit: { target: AuditTarget; result: string },
): Promise<void> {
  const { services, requester } = ctx;
  await Promise.all([
    recordCardMessage(services, claims, messageId),
    services.audit.record({
      kind: "request",
      requester: { id: requester.personId, email: requester.email },
      orgId: services.actingOrgId,
      roomId: ctx.roomId,
      target: audit.target,
      result: audit.result,
      admittedBy: ctx.admittedBy,
      nonce: claims.nonce,
      reason: `card ${messageId}`,
    }),
  ]);
}
