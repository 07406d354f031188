import { TOKEN_INPUT } from "../src/cards/adaptive-card.js";
import { cardMessageKey } from "../src/confirm/card-message-key.js";
import type { CardClaims } from "../src/confirm/card-token.js";
import { WebexApiError } from "../src/webex/webex-api-error.js";
import type { Services } from "./command.js";

/**
 * Whether `messageId`, the message a press was made on, is the card `token` was posted in. The
 * claim store says, when it recorded the card (recordCardMessage); when it did not (a restart of a
 * one-process bot, a store that failed, a record past its TTL), the pressed message is read back
 * and must be in the card's room and carry this very token: one more call, only then.
 * Throws when neither can be told (the read failed for another reason than 404).
 */
export async function isCardMessage(
  services: Services,
  payload: CardClaims,
  token: string,
  messageId: string,
): Promise<boolean> {
  let recorded: string | undefined;
  try {
    recorded = await services.claims.get(cardMessageKey(payload.nonce));
  } catch (err) {
    services.logger.warn({ err }, "could not read a card's message record; reading the message instead");
  }
  if (recorded !== undefined) return recorded === messageId;
  try {
    const message = await services.messaging.get(messageId);
    return (
      message.roomId === payload.roomId &&
      message.attachments.some((attachment) => carriesToken(attachment.content, token))
    );
  } catch (err) {
    if (err instanceof WebexApiError && err.status === 404) return false;
    throw err;
  }
}

/** True when `token` is the value of a TOKEN_INPUT key anywhere in a card (buttons may be nested). */
function carriesToken(node: unknown, token: string): boolean {
  if (Array.isArray(node)) return node.some((child) => carriesToken(child, token));
  if (typeof node !== "object" || node === null) return false;
  return Object.entries(node).some(
    ([key, value]) => (key === TOKEN_INPUT && value === token) || carriesToken(value, token),
  );
}
