import { cardMessageKey } from "../src/confirm/card-message-key.js";
import type { Services } from "./command.js";

/** Keep the record a little past the card's expiry, so a late press of it is still recognised. */
const RECORD_GRACE_MS = 60_000;

/**
 * Remembers which message a card was posted in, so a press is acted on only when it is on that
 * card (a valid token submitted against another card's message must not retire or answer for that
 * card). Best effort: when the store is unavailable the card still works, because a press whose
 * card has no record is checked by reading the pressed message back (isCardMessage).
 */
export async function recordCardMessage(
  services: Services,
  card: { nonce: string; exp: number },
  messageId: string,
): Promise<void> {
  try {
    await services.claims.set(
      cardMessageKey(card.nonce),
      messageId,
      card.exp - services.clock.now() + RECORD_GRACE_MS,
    );
  } catch (err) {
    services.logger.warn(
      { err, messageId },
      "could not record a card's message; its presses will read it back",
    );
  }
}
