import type { WebexClient } from "./create-webex-client.js";
import { type CardMessage, cardMessageSchema, messageSchema, type PostedMessage } from "./schemas.js";

export interface AdaptiveCardAttachment {
  contentType: "application/vnd.microsoft.card.adaptive";
  content: Record<string, unknown>;
}

export interface OutgoingMessage {
  roomId: string;
  /** Reply in this thread. */
  parentId?: string;
  /** Also the fallback for clients that cannot render the card; Webex limits it to 7439 bytes. */
  markdown: string;
  card?: Record<string, unknown>;
}

/** Messaging, always with the bot token. */
export interface MessagingApi {
  post(message: OutgoingMessage): Promise<PostedMessage>;
  /** Deleting is how a used card is retired: Webex cannot edit a message that carries a card. */
  remove(messageId: string): Promise<void>;
  /** Reads a message back, cards included. */
  get(messageId: string): Promise<CardMessage>;
}

/** Webex's limit on `text`/`markdown`, in bytes. */
export const MAX_MESSAGE_BYTES = 7439;

export function createMessagingApi(bot: WebexClient): MessagingApi {
  return {
    // POST /messages — bot token (spark:messages_write)
    post: async ({ roomId, parentId, markdown, card }) => {
      const res = await bot.send({
        method: "POST",
        path: "/messages",
        json: {
          roomId,
          parentId,
          markdown: truncateToBytes(markdown, MAX_MESSAGE_BYTES),
          attachments: card
            ? [
                {
                  contentType: "application/vnd.microsoft.card.adaptive",
                  content: card,
                } satisfies AdaptiveCardAttachment,
              ]
            : undefined,
        },
        schema: messageSchema,
      });
      return res.body;
    },

    // GET /messages/{id} — bot token (spark:messages_read); the bot may read its own messages
    get: async (messageId) =>
      (
        await bot.send({
          method: "GET",
          path: `/messages/${encodeURIComponent(messageId)}`,
          schema: cardMessageSchema,
        })
      ).body,

    // DELETE /messages/{id} — bot token; the bot may delete its own messages
    remove: async (messageId) => {
      await bot.send({ method: "DELETE", path: `/messages/${encodeURIComponent(messageId)}` });
    },
  };
}

/** Cuts on a character boundary so the result stays valid UTF-8, marking the cut. */
export function truncateToBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, "utf8") <= maxBytes) return text;
  const marker = "…";
  let out = "";
  let bytes = Buffer.byteLength(marker, "utf8");
  for (const char of text) {
    const size = Buffer.byteLength(char, "utf8");
    if (bytes + size > maxBytes) break;
    out += char;
    bytes += size;
  }
  return out + marker;
}
