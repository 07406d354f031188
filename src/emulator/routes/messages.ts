import { Router } from "express";
import { z } from "zod";
import { ApiError } from "../api-error.js";
import { renderMessage } from "../api-shapes.js";
import { type Caller, callerOf } from "../caller-of.js";
import type { MessageRecord } from "../create-org-store.js";
import type { EmulatorContext } from "../emulator-context.js";
import { pageSize, setNextLink } from "../paginate.js";
import { param, parseBody, queryOf } from "../parse-input.js";
import { assertMessageLength, messageContent, postMessage, postMessageBodySchema } from "../post-message.js";

/** "The maximum currently supported is 10 edits per message" (Messages spec, PUT). */
const maxEdits = 10;

const editBodySchema = z.object({
  roomId: z.string().min(1),
  text: z.string().optional(),
  markdown: z.string().optional(),
  // The spec says to delete `html` before a PUT; one sent anyway is refused, never silently used.
  html: z.undefined({ error: "html must not be sent when editing; send text or markdown" }).optional(),
});

/**
 * Whether the caller may read a message: a member of its room, and for a bot in a group space
 * only messages that @mention it or that it wrote (Bots guide: bots see group messages only when
 * mentioned). Otherwise 404, as for a message that does not exist.
 */
function canSee(ctx: EmulatorContext, caller: Caller, message: MessageRecord): boolean {
  if (!ctx.store.isMember(message.roomId, caller.person.id)) return false;
  if (caller.person.type !== "bot" || ctx.store.rooms.get(message.roomId)?.type !== "group") return true;
  return message.personId === caller.person.id || (message.mentionedPeople ?? []).includes(caller.person.id);
}

function visibleMessage(ctx: EmulatorContext, caller: Caller, messageId: string): MessageRecord {
  const message = ctx.store.messages.get(messageId);
  if (!message || !canSee(ctx, caller, message)) throw new ApiError(404, "Could not find the message.");
  return message;
}

export function messagesRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  const { store } = ctx;

  router.post("/messages", (req, res) => {
    const caller = callerOf(ctx, req);
    const { message, delivered } = postMessage(
      ctx,
      caller.person,
      parseBody(postMessageBodySchema, req.body),
    );
    // Delivery runs on; Webex answers the POST without waiting for webhook receivers.
    void delivered;
    res.json(renderMessage(message, store));
  });

  router.get("/messages/:messageId", (req, res) => {
    const caller = callerOf(ctx, req);
    res.json(renderMessage(visibleMessage(ctx, caller, param(req, "messageId")), store));
  });

  router.get("/messages", (req, res) => {
    const caller = callerOf(ctx, req);
    const query = queryOf(req);
    if (!query.roomId) throw new ApiError(400, "roomId is required.");
    const room = store.rooms.get(query.roomId);
    if (!room || !store.isMember(room.id, caller.person.id))
      throw new ApiError(404, "Could not find a room with provided ID.");
    const mentioned = query.mentionedPeople;
    if (mentioned !== undefined && mentioned !== "me" && mentioned !== caller.person.id) {
      throw new ApiError(400, "Invalid mentionedPeople.", {
        description: "Only me or your own person ID may be given.",
      });
    }
    if (caller.person.type === "bot" && room.type === "group" && mentioned === undefined) {
      throw new ApiError(403, "Bots must include mentionedPeople=me to list messages in group rooms.");
    }
    let messages = store.messagesOf(room.id).reverse();
    if (query.parentId !== undefined) messages = messages.filter((m) => m.parentId === query.parentId);
    if (mentioned !== undefined)
      messages = messages.filter((m) => (m.mentionedPeople ?? []).includes(caller.person.id));
    if (query.before !== undefined) {
      const before = Date.parse(query.before);
      if (Number.isNaN(before))
        throw new ApiError(400, "Invalid before.", { description: "before must be an ISO 8601 date-time." });
      messages = messages.filter((m) => Date.parse(m.created) < before);
    }
    if (query.beforeMessage !== undefined) {
      const index = messages.findIndex((m) => m.id === query.beforeMessage);
      if (index < 0 && !store.messages.has(query.beforeMessage))
        throw new ApiError(404, "Could not find the beforeMessage.");
      messages = index < 0 ? [] : messages.slice(index + 1);
    }
    // Newest first; the next page continues before the last message shown, so messages posted
    // while a client pages do not shift what it sees.
    const size = pageSize(req, 50, ctx.pageSizeCap);
    const page = messages.slice(0, size);
    const last = page.at(-1);
    if (messages.length > size && last) setNextLink(req, res, { beforeMessage: last.id });
    res.json({ items: page.map((m) => renderMessage(m, store)) });
  });

  router.put("/messages/:messageId", (req, res) => {
    const caller = callerOf(ctx, req);
    const message = visibleMessage(ctx, caller, param(req, "messageId"));
    const body = parseBody(editBodySchema, req.body);
    if (message.personId !== caller.person.id) throw new ApiError(403, "Only the author may edit a message.");
    if (body.roomId !== message.roomId) throw new ApiError(400, "roomId does not match the message's room.");
    if (message.attachments?.length || message.files?.length) {
      throw new ApiError(400, "Editing messages with files or attachments is not currently supported.");
    }
    if (message.edits >= maxEdits)
      throw new ApiError(400, `The edit limit of ${maxEdits} for this message has been reached.`);
    if (!body.text && !body.markdown) throw new ApiError(400, "text or markdown is required.");
    assertMessageLength("text", body.text);
    assertMessageLength("markdown", body.markdown);
    const content = messageContent(ctx, body.text, body.markdown);
    message.text = content.text;
    message.markdown = content.markdown;
    message.html = content.html;
    message.mentionedPeople = content.mentionedPeople;
    message.mentionedGroups = content.mentionedGroups;
    message.updated = store.iso();
    message.edits += 1;
    const shape = renderMessage(message, store);
    ctx.emit({ kind: "message.updated", message: shape });
    void ctx.dispatcher.messageEvent("updated", message);
    res.json(shape);
  });

  router.delete("/messages/:messageId", (req, res) => {
    const caller = callerOf(ctx, req);
    const message = visibleMessage(ctx, caller, param(req, "messageId"));
    if (message.personId !== caller.person.id)
      throw new ApiError(403, "Only the author may delete this message.");
    store.messages.delete(message.id);
    ctx.emit({ kind: "message.deleted", messageId: message.id, roomId: message.roomId });
    void ctx.dispatcher.messageEvent("deleted", message);
    res.status(204).end();
  });

  return router;
}
