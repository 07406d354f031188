import type { CardTokenPayload } from "./card-token.js";

export interface CardClick {
  personId: string;
  roomId: string;
}

export type CardClickCheck = { ok: true } | { ok: false; reason: "expired" | "not-requester" | "wrong-room" };

/**
 * The rules a verified token must also pass, in order: the card was pressed in the room it was
 * posted to, by the person who asked, before it expired. Anyone in a space can press a button and
 * anyone can forge an attachment action, so none of this may be skipped.
 */
export function checkCardClick(payload: CardTokenPayload, click: CardClick, now: number): CardClickCheck {
  if (click.roomId !== payload.roomId) return { ok: false, reason: "wrong-room" };
  if (click.personId !== payload.requesterId) return { ok: false, reason: "not-requester" };
  if (now >= payload.exp) return { ok: false, reason: "expired" };
  return { ok: true };
}
