import { z } from "zod";
import type { WebexClient } from "./create-webex-client.js";

// Objects handed to the framework as its SDK would return them: every field kept (loose), only
// what the framework relies on checked.
const message = z.looseObject({
  id: z.string().min(1),
  roomId: z.string().min(1),
  personId: z.string().min(1),
});
const attachmentAction = z.looseObject({
  id: z.string().min(1),
  messageId: z.string().min(1),
  roomId: z.string().min(1),
  personId: z.string().min(1),
});
const person = z.looseObject({
  id: z.string().min(1),
  emails: z.array(z.string()).default([]),
  displayName: z.string().default(""),
});

export type FetchedMessage = z.output<typeof message>;
export type FetchedAttachmentAction = z.output<typeof attachmentAction>;
export type FetchedPerson = z.output<typeof person>;

/** The three reads behind every webhook event, with the bot token and the client's bounded retries. */
export interface EventFetchers {
  getMessage(id: string): Promise<FetchedMessage>;
  getAttachmentAction(id: string): Promise<FetchedAttachmentAction>;
  getPerson(id: string): Promise<FetchedPerson>;
}

export function createEventFetchers(bot: WebexClient): EventFetchers {
  return {
    // GET /messages/{id} — bot token; webhook events carry no text, this is where it comes from
    getMessage: async (id) =>
      (await bot.send({ method: "GET", path: `/messages/${encodeURIComponent(id)}`, schema: message })).body,
    // GET /attachment/actions/{id} — bot token; the card's inputs are only here
    getAttachmentAction: async (id) =>
      (
        await bot.send({
          method: "GET",
          path: `/attachment/actions/${encodeURIComponent(id)}`,
          schema: attachmentAction,
        })
      ).body,
    // GET /people/{id} — bot token
    getPerson: async (id) =>
      (await bot.send({ method: "GET", path: `/people/${encodeURIComponent(id)}`, schema: person })).body,
  };
}
