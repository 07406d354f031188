import { type AttachmentAction, type Message, renderAttachmentAction, renderMessage } from "./api-shapes.js";
import type { MessageRecord, PersonRecord } from "./create-org-store.js";
import type { EmulatorContext } from "./emulator-context.js";
import { findSubmitAction } from "./find-submit-action.js";
import { assertMessageLength, insertMessage } from "./post-message.js";
import { escapeHtml, sparkMention } from "./render-markdown.js";
import { submitAttachmentAction } from "./submit-attachment-action.js";

export type SayInput = {
  /** Email of the person speaking; must be in the room. */
  from: string;
  roomId: string;
  text: string;
  /** @mention the bot at the start, as a Webex client does (group spaces only: 1:1 spaces have no mentions). */
  mention?: boolean;
  /** Reply in this message's thread (a reply's id is taken to its thread's root, as clients do). */
  parentId?: string;
};

export type PressButtonInput = {
  by: string;
  messageId: string;
  /** The Action.Submit's title, or its index in document order. */
  button: string | number;
  /** What the user typed into the card's inputs, by input id. */
  inputs?: Record<string, unknown>;
};

export type SubmitActionInput = { by: string; messageId: string; inputs: Record<string, unknown> };

/** The act-as helpers: people doing what they do in a Webex client. Promises settle after delivery. */
export type ActAs = {
  say(input: SayInput): Promise<Message>;
  pressButton(input: PressButtonInput): Promise<AttachmentAction>;
  submitAction(input: SubmitActionInput): Promise<AttachmentAction>;
};

export function createActAs(ctx: EmulatorContext): ActAs {
  const { store } = ctx;

  function personNamed(email: string): PersonRecord {
    const person = store.personByEmail(email);
    if (!person) throw new Error(`emulator: no person ${email} in the org`);
    return person;
  }

  function memberMessage(person: PersonRecord, messageId: string): MessageRecord {
    const message = store.messages.get(messageId);
    if (!message) throw new Error(`emulator: no message ${messageId}`);
    if (!store.isMember(message.roomId, person.id))
      throw new Error(`emulator: ${person.email} is not in the message's room`);
    return message;
  }

  return {
    async say({ from, roomId, text, mention, parentId }) {
      const person = personNamed(from);
      const room = store.rooms.get(roomId);
      if (!room) throw new Error(`emulator: no room ${roomId}`);
      if (!store.isMember(room.id, person.id))
        throw new Error(`emulator: ${from} is not in room "${room.title}"`);
      const bot = store.bot;
      const mentions = mention === true && room.type === "group";
      // A client's mention: the name leads `text`, html carries a <spark-mention>, the id goes in
      // mentionedPeople. That is what bots (and the node framework's mention stripping) see.
      const fullText = mentions ? `${bot.displayName} ${text}` : text;
      assertMessageLength("text", fullText);
      const fields: Omit<MessageRecord, "id" | "created" | "edits"> = {
        roomId: room.id,
        personId: person.id,
        text: fullText,
      };
      if (mentions) {
        fields.html = `<p>${sparkMention(bot)} ${escapeHtml(text)}</p>`;
        fields.mentionedPeople = [bot.id];
      }
      if (parentId !== undefined) {
        const parent = store.messages.get(parentId);
        if (!parent || parent.roomId !== room.id)
          throw new Error(`emulator: no message ${parentId} in room "${room.title}"`);
        fields.parentId = parent.parentId ?? parent.id;
      }
      const { message, delivered } = insertMessage(ctx, fields);
      await delivered;
      return renderMessage(message, store);
    },

    async pressButton({ by, messageId, button, inputs = {} }) {
      const person = personNamed(by);
      const message = memberMessage(person, messageId);
      const card = message.attachments?.[0]?.content;
      if (!card) throw new Error(`emulator: message ${messageId} has no card`);
      const submit = findSubmitAction(card, button);
      // Adaptive Cards submit the action's data with the input values laid over it.
      const submitted: Record<string, unknown> =
        submit.associatedInputs === "none"
          ? { ...submit.data }
          : { ...submit.data, ...submit.inputs, ...inputs };
      if (submit.associatedInputs === "auto") {
        const missing = submit.required.filter((id) => submitted[id] === undefined || submitted[id] === "");
        if (missing.length > 0)
          throw new Error(
            `emulator: the client would not submit; required input(s) empty: ${missing.join(", ")}`,
          );
      }
      const { action, delivered } = submitAttachmentAction(ctx, person, {
        type: "submit",
        messageId,
        inputs: submitted,
      });
      await delivered;
      return renderAttachmentAction(action);
    },

    async submitAction({ by, messageId, inputs }) {
      const person = personNamed(by);
      memberMessage(person, messageId);
      const { action, delivered } = submitAttachmentAction(ctx, person, {
        type: "submit",
        messageId,
        inputs,
      });
      await delivered;
      return renderAttachmentAction(action);
    },
  };
}
