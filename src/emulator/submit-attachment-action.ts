import { randomUUID } from "node:crypto";
import { z } from "zod";
import { ApiError } from "./api-error.js";
import { renderAttachmentAction } from "./api-shapes.js";
import type { AttachmentActionRecord, PersonRecord } from "./create-org-store.js";
import type { EmulatorContext } from "./emulator-context.js";
import { webexId } from "./webex-id.js";

/** `SubmitCardAction`: all three fields are required by the spec. */
export const submitAttachmentActionBodySchema = z.object({
  type: z.literal("submit"),
  messageId: z.string().min(1),
  inputs: z.record(z.string(), z.unknown()),
});
export type SubmitAttachmentActionBody = z.output<typeof submitAttachmentActionBodySchema>;

/**
 * Creates an attachment action as `person`, whatever the inputs: this is the path a forger takes
 * (POST /attachment/actions), so it checks only what Webex would check — the card exists and the
 * person is in its room.
 */
export function submitAttachmentAction(
  ctx: EmulatorContext,
  person: PersonRecord,
  body: SubmitAttachmentActionBody,
) {
  const message = ctx.store.messages.get(body.messageId);
  if (!message || !ctx.store.isMember(message.roomId, person.id)) {
    throw new ApiError(404, "Could not find the message.", {
      description: "No message with that ID in a room you are in.",
    });
  }
  if (!message.attachments?.length) {
    throw new ApiError(400, "The message has no card.", {
      description: "Attachment actions apply to messages with an adaptive card.",
    });
  }
  const action: AttachmentActionRecord = {
    id: webexId("ATTACHMENT_ACTION", randomUUID()),
    type: "submit",
    messageId: message.id,
    inputs: structuredClone(body.inputs),
    personId: person.id,
    roomId: message.roomId,
    created: ctx.store.iso(),
    cardAuthorId: message.personId,
  };
  ctx.store.attachmentActions.set(action.id, action);
  ctx.emit({ kind: "attachmentAction.created", attachmentAction: renderAttachmentAction(action) });
  return { action, delivered: ctx.dispatcher.attachmentActionEvent(action) };
}
