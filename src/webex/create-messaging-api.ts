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
  /**
   * Replaces a text message's markdown: how progress is shown. Webex edits text only (not cards)
   * and at most 10 times per message.
   */
  edit(messageId: string, roomId: string, markdown: string): Promise<void>;
}

/** "The maximum currently supported is 10 edits per message" (Messages spec, PUT /messages/{id}). */
export const MAX_MESSAGE_EDITS = 10;

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

    // PUT /messages/{id} — bot token; only the author may edit, and only a message without attachments
    edit: async (messageId, roomId, markdown) => {
      await bot.send({
        method: "PUT",
        path: `/messages/${encodeURIComponent(messageId)}`,
        json: { roomId, markdown: truncateToBytes(markdown, MAX_MESSAGE_BYTES) },
        schema: messageSchema,
      });
    },

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
