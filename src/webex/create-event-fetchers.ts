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
  /** Cached briefly: the person who asks is, a moment later, the person who clicks. */
  getPerson(id: string): Promise<FetchedPerson>;
  /**
   * Starts fetching a person the event already names, alongside the framework's read of the
   * message (which it needs before it asks for the person): one round trip instead of two.
   */
  prefetchPerson(id: string): void;
}

export interface PersonCacheOptions {
  now: () => number;
  /** How long a person is reused (ms). Default 60 s: long enough for request → click, short enough that an allowlist change of email is seen soon. */
  ttlMs?: number;
  /** Most people kept. Default 1 000. */
  maxEntries?: number;
}

export function createEventFetchers(bot: WebexClient, cacheOptions: PersonCacheOptions): EventFetchers {
  const ttlMs = cacheOptions.ttlMs ?? 60_000;
  const maxEntries = cacheOptions.maxEntries ?? 1_000;
  const people = new Map<string, { at: number; person: Promise<FetchedPerson> }>();

  // GET /people/{id} — bot token
  const fetchPerson = async (id: string) =>
    (await bot.send({ method: "GET", path: `/people/${encodeURIComponent(id)}`, schema: person })).body;

  function getPerson(id: string): Promise<FetchedPerson> {
    const now = cacheOptions.now();
    const hit = people.get(id);
    if (hit && now - hit.at < ttlMs) return hit.person;
    const fetched = fetchPerson(id);
    people.delete(id);
    people.set(id, { at: now, person: fetched });
    // A failed read is not remembered: the next caller tries again.
    fetched.catch(() => {
      if (people.get(id)?.person === fetched) people.delete(id);
    });
    // Oldest first in a Map: drop from the front.
    while (people.size > maxEntries) {
      const oldest = people.keys().next().value;
      if (oldest === undefined) break;
      people.delete(oldest);
    }
    return fetched;
  }

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
    getPerson,
    prefetchPerson: (id) => {
      getPerson(id).catch(() => {
        // The framework's own read of this person will fail or retry on its own.
      });
    },
  };
}
