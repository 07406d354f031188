import { randomUUID } from "node:crypto";
import { z } from "zod";
import { ApiError } from "./api-error.js";
import { renderMessage } from "./api-shapes.js";
import type { AdaptiveCardAttachment, MessageRecord, PersonRecord, RoomRecord } from "./create-org-store.js";
import type { EmulatorContext } from "./emulator-context.js";
import { renderMarkdown } from "./render-markdown.js";
import { webexId } from "./webex-id.js";

/** Longest `text` or `markdown`, in UTF-8 bytes (Messages spec). */
export const maxMessageBytes = 7439;
export const adaptiveCardContentType = "application/vnd.microsoft.card.adaptive";
/** "Up to five buttons (actions) per card" (Buttons and Cards guide). */
const maxCardActions = 5;

export const postMessageBodySchema = z.object({
  roomId: z.string().min(1).optional(),
  toPersonId: z.string().min(1).optional(),
  toPersonEmail: z.string().min(1).optional(),
  parentId: z.string().min(1).optional(),
  text: z.string().optional(),
  markdown: z.string().optional(),
  files: z.array(z.string()).optional(),
  attachments: z.array(z.object({ contentType: z.string(), content: z.unknown() })).optional(),
});
export type PostMessageBody = z.output<typeof postMessageBodySchema>;

export function assertMessageLength(field: "text" | "markdown", value: string | undefined): void {
  if (value !== undefined && Buffer.byteLength(value, "utf8") > maxMessageBytes) {
    throw new ApiError(400, "Message too long.", {
      description: `${field} is ${Buffer.byteLength(value, "utf8")} bytes; the maximum message length is ${maxMessageBytes} bytes.`,
    });
  }
}

function checkAttachments(attachments: PostMessageBody["attachments"]): AdaptiveCardAttachment[] | undefined {
  if (!attachments || attachments.length === 0) return undefined;
  if (attachments.length > 1) {
    throw new ApiError(400, "Only one attachment per message is supported.", {
      description: `attachments has ${attachments.length} entries; a message carries at most one card.`,
    });
  }
  const [attachment] = attachments;
  if (!attachment || attachment.contentType !== adaptiveCardContentType) {
    throw new ApiError(400, "Unsupported attachment contentType.", {
      description: `contentType must be ${adaptiveCardContentType}.`,
    });
  }
  const content = attachment.content;
  if (
    typeof content !== "object" ||
    content === null ||
    Array.isArray(content) ||
    (content as { type?: unknown }).type !== "AdaptiveCard"
  ) {
    throw new ApiError(400, "Invalid adaptive card.", {
      description: 'attachments[0].content must be an object with "type": "AdaptiveCard".',
    });
  }
  const card = content as Record<string, unknown>;
  // The guide's limit; how the API reacts to a sixth button is UNCONFIRMED, so the emulator takes
  // the harsher reading and refuses, so that no client comes to depend on one.
  if (Array.isArray(card.actions) && card.actions.length > maxCardActions) {
    throw new ApiError(400, "Too many card actions.", {
      description: `A card has at most ${maxCardActions} actions (buttons).`,
    });
  }
  return [{ contentType: attachment.contentType, content: structuredClone(card) }];
}

/** The room a POST /messages goes to, creating a 1:1 room on first contact as Webex does. */
function destination(ctx: EmulatorContext, author: PersonRecord, body: PostMessageBody): RoomRecord {
  const given = [body.roomId, body.toPersonId, body.toPersonEmail].filter((v) => v !== undefined);
  if (given.length !== 1) {
    throw new ApiError(400, "Exactly one of roomId, toPersonId or toPersonEmail is required.");
  }
  if (body.roomId !== undefined) {
    const room = ctx.store.rooms.get(body.roomId);
    // Not a member looks the same as no such room: Webex does not reveal spaces you are not in.
    if (!room || !ctx.store.isMember(room.id, author.id))
      throw new ApiError(404, "Could not find a room with provided ID.");
    return room;
  }
  const recipient =
    body.toPersonId !== undefined
      ? ctx.store.people.get(body.toPersonId)
      : ctx.store.personByEmail(body.toPersonEmail ?? "");
  if (!recipient)
    throw new ApiError(404, "Could not find the person.", {
      description: "No such person in the emulated org.",
    });
  if (recipient.id === author.id) throw new ApiError(400, "Cannot send a direct message to yourself.");
  const existing = ctx.store.rooms.size;
  const room = ctx.store.directRoom(author, recipient);
  if (ctx.store.rooms.size > existing) ctx.emit({ kind: "room.created", roomId: room.id });
  return room;
}

/** Stores a message, tells listeners, and starts webhook delivery (the promise settles when done). */
export function insertMessage(
  ctx: EmulatorContext,
  fields: Omit<MessageRecord, "id" | "created" | "edits">,
): { message: MessageRecord; delivered: Promise<void> } {
  const message: MessageRecord = {
    id: webexId("MESSAGE", randomUUID()),
    ...fields,
    created: ctx.store.iso(),
    edits: 0,
  };
  ctx.store.messages.set(message.id, message);
  const room = ctx.store.rooms.get(message.roomId);
  if (room) room.lastActivity = message.created;
  ctx.emit({ kind: "message.created", message: renderMessage(message, ctx.store) });
  return { message, delivered: ctx.dispatcher.messageEvent("created", message) };
}

/** `parentId` must be a top-level message of the same room. */
export function assertParent(ctx: EmulatorContext, roomId: string, parentId: string | undefined): void {
  if (parentId === undefined) return;
  const parent = ctx.store.messages.get(parentId);
  if (!parent || parent.roomId !== roomId) {
    throw new ApiError(400, "Invalid parentId.", {
      description: "parentId does not name a message in this room.",
    });
  }
  // Whether a reply can itself be a parent is UNCONFIRMED; the harsher reading (no) keeps clients
  // replying to the thread's root, which Webex clients always do.
  if (parent.parentId !== undefined) {
    throw new ApiError(400, "Invalid parentId.", {
      description: "parentId names a reply; reply to the thread's first message.",
    });
  }
}

/** Content fields derived the way Webex derives them: text from markdown, mentions, html. */
export function messageContent(ctx: EmulatorContext, text: string | undefined, markdown: string | undefined) {
  if (markdown === undefined) return { text: text ?? "" };
  const rendered = renderMarkdown(markdown, (by, value) =>
    by === "personId" ? ctx.store.people.get(value) : ctx.store.personByEmail(value),
  );
  return {
    text: text ?? rendered.text,
    markdown,
    html: rendered.html,
    mentionedPeople: rendered.mentionedPeople,
    mentionedGroups: rendered.mentionedGroups,
  };
}

/** POST /messages as `author`, with the checks Webex makes. */
export function postMessage(ctx: EmulatorContext, author: PersonRecord, body: PostMessageBody) {
  assertMessageLength("text", body.text);
  assertMessageLength("markdown", body.markdown);
  const attachments = checkAttachments(body.attachments);
  const files = body.files ?? [];
  if (files.length > 1) throw new ApiError(400, "Only one file per message is supported.");
  if (files.some((url) => !/^https?:\/\//.test(url)))
    throw new ApiError(400, "files must be public http(s) URLs.");
  const hasText = Boolean(body.text) || Boolean(body.markdown);
  if (!hasText && files.length === 0 && !attachments) {
    throw new ApiError(400, "A message needs text, markdown, files or attachments.");
  }
  // Whether Webex insists on fallback text with a card is UNCONFIRMED; the harsher reading (it
  // does) keeps clients without card support from getting an empty message.
  if (attachments && !hasText) {
    throw new ApiError(400, "A card needs fallback text.", {
      description: "Send text or markdown with attachments.",
    });
  }
  const room = destination(ctx, author, body);
  assertParent(ctx, room.id, body.parentId);
  const content = messageContent(ctx, body.text, body.markdown);
  const fields: Omit<MessageRecord, "id" | "created" | "edits"> = {
    roomId: room.id,
    personId: author.id,
    ...content,
  };
  if (body.parentId !== undefined) fields.parentId = body.parentId;
  if (files.length > 0) fields.files = files;
  if (attachments) fields.attachments = attachments;
  return insertMessage(ctx, fields);
}
