import type { AuditPerson } from "../src/audit/audit-log.js";
import type { CardActionContext } from "./card-action.js";

/** Who a press's audit lines name: the person who asked (from the signed card) and who pressed. */
export function pressPeople(ctx: Pick<CardActionContext, "card" | "requester">): {
  requester: AuditPerson;
  confirmer: AuditPerson;
} {
  return {
    requester: { id: ctx.card.requesterId, email: ctx.card.requesterEmail },
    confirmer: { id: ctx.requester.personId, email: ctx.requester.email },
  };
}
