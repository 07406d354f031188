import type { CardTokenPayload } from "./card-token.js";

export interface CardClick {
  personId: string;
  roomId: string;
}

export type CardClickCheck = { ok: true } | { ok: false; reason: "expired" | "not-requester" | "wrong-room" };

/**
 * The rules a verified token must also pass, in order: the card was pressed in the room it was
 * posted to, before it expired, by the person who asked. Anyone in a space can press a button and
 * anyone can forge an attachment action, so none of this may be skipped.
 *
 * Expiry comes before the person: an expired card is retired whoever presses it, so a stale card
 * pressed by someone else does not stay looking live. The room comes first because a press in
 * another room cannot be on this card at all (a card's message lives in the room it was posted to).
 */
export function checkCardClick(payload: CardTokenPayload, click: CardClick, now: number): CardClickCheck {
  if (click.roomId !== payload.roomId) return { ok: false, reason: "wrong-room" };
  if (now >= payload.exp) return { ok: false, reason: "expired" };
  if (click.personId !== payload.requesterId) return { ok: false, reason: "not-requester" };
  return { ok: true };
}
