import { expect } from "vitest";
import type { Message } from "../../src/emulator/api-shapes.js";
import { findSubmitAction } from "../../src/emulator/find-submit-action.js";
import type { RequestLogEntry } from "../../src/emulator/request-log.js";
import type { Harness } from "./harness.js";
import { ADMIN_TOKEN } from "./test-org.js";

/** The key the bot's cards put their signed token under (src/cards/adaptive-card.ts TOKEN_INPUT). */
export const TOKEN_KEY = "parkBotToken";

export type SubmitButton = { title: string; data: Record<string, unknown> };

/** The Action.Submit buttons of the card on `message`, in order. */
export function buttonsOf(message: Message): SubmitButton[] {
  const card = message.attachments?.[0]?.content;
  expect(card, "message has a card").toBeDefined();
  const actions = (card?.actions ?? []) as Record<string, unknown>[];
  return actions
    .filter((a) => a.type === "Action.Submit")
    .map((a) => ({ title: String(a.title), data: (a.data ?? {}) as Record<string, unknown> }));
}

/** The signed token behind the button whose title matches. */
export function tokenOf(message: Message, title: RegExp): string {
  const button = buttonsOf(message).find((b) => title.test(b.title));
  const token = button?.data[TOKEN_KEY];
  if (typeof token !== "string") throw new Error(`no token on a button matching ${title}`);
  return token;
}

/** The card's FactSet as title → value. */
export function factsOf(message: Message): Record<string, string> {
  const body = (message.attachments?.[0]?.content.body ?? []) as Record<string, unknown>[];
  const facts = body.find((e) => e.type === "FactSet")?.facts as
    | { title: string; value: string }[]
    | undefined;
  return Object.fromEntries((facts ?? []).map((f) => [f.title, f.value.replace(/\\(.)/g, "$1")]));
}

export function decodeTokenPayload(token: string): Record<string, unknown> {
  const [, payload] = token.split(".");
  return JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
}

/** Replaces the payload part of a signed token, keeping its signature (a forgery). */
export function withPayload(token: string, payload: Record<string, unknown>): string {
  const [version, , signature] = token.split(".");
  return `${version}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.${signature}`;
}

export function callParkLists(h: Harness): RequestLogEntry[] {
  return h.emulator.requests.filter(
    (r) => r.method === "GET" && r.path === "/telephony/config/callParkExtensions",
  );
}

export function parkDeletes(h: Harness): RequestLogEntry[] {
  return h.emulator.requests.filter(
    (r) =>
      r.method === "DELETE" && /^\/telephony\/config\/locations\/[^/]+\/callParkExtensions\//.test(r.path),
  );
}

/** Audit lines (`audit: true`) the bot logged, optionally of one kind. */
export function auditLines(h: Harness, kind?: string): Record<string, unknown>[] {
  return h.logs.filter((l) => l.audit === true && (kind === undefined || l.kind === kind));
}

/** The message a person typed, found by its text (the emulator prefixes mentions with the bot's name). */
export function requestMessage(h: Harness, roomTitle: string, typed: string): Message {
  const found = h.emulator
    .messages(h.roomId(roomTitle))
    .filter((m) => m.personId !== h.emulator.botPerson.id && m.text.endsWith(typed))
    .at(-1);
  if (!found) throw new Error(`no message "${typed}" in ${roomTitle}`);
  return found;
}

/** The bot's messages in a room posted after `since` messages, oldest first. */
export function newBotMessages(h: Harness, roomTitle: string, since: number): Message[] {
  return h.botMessages(roomTitle).slice(since);
}

/** Text a user must never see: a stack trace or a raw error. */
export function expectNoStackTrace(text: string): void {
  expect(text).not.toMatch(/Error:/);
  expect(text).not.toMatch(/^\s*at\s/m);
  expect(text).not.toMatch(/\bat [\w.<>]+ \(.*:\d+:\d+\)/);
  expect(text).not.toMatch(/node_modules|\.ts:\d+|\.js:\d+/);
}

/** Deletes an extension with the admin token, as another admin in Control Hub would. */
export async function deleteBehindTheBotsBack(
  h: Harness,
  locationName: string,
  extension: string,
): Promise<void> {
  const cpe = h.emulator.callParkExtension(locationName, extension);
  if (!cpe) throw new Error(`no extension ${extension} at ${locationName}`);
  const res = await fetch(
    `${h.emulator.apiUrl}/telephony/config/locations/${cpe.locationId}/callParkExtensions/${cpe.id}`,
    { method: "DELETE", headers: { authorization: `Bearer ${ADMIN_TOKEN}` } },
  );
  expect(res.status).toBe(204);
}

/** Creates an extension with the admin token; returns its id. */
export async function createExtension(
  h: Harness,
  locationName: string,
  extension: string,
  name: string,
): Promise<string> {
  const location = h.emulator.location(locationName);
  if (!location) throw new Error(`no location ${locationName}`);
  const res = await fetch(
    `${h.emulator.apiUrl}/telephony/config/locations/${location.id}/callParkExtensions`,
    {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ extension, name }),
    },
  );
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

/** The trackingId a bot reply quotes, if any. */
export function quotedTrackingId(text: string): string | undefined {
  return /trackingId: ([\w-]+)/.exec(text)?.[1];
}

/** The token behind any Action.Submit on the card, found by title: rows' buttons in the body too. */
export function anyTokenOf(message: Message, title: string): string {
  const card = message.attachments?.[0]?.content;
  if (!card) throw new Error("message has no card");
  const token = findSubmitAction(card, title).data[TOKEN_KEY];
  if (typeof token !== "string") throw new Error(`no token on the button ${title}`);
  return token;
}

/** A list card's rows, as "extension name", in order (the body's ColumnSets). */
export function listedRows(message: Message): string[] {
  const body = (message.attachments?.[0]?.content.body ?? []) as Record<string, unknown>[];
  return body
    .filter((e) => e.type === "ColumnSet")
    .map((row) => {
      const columns = row.columns as { items: { type: string; text?: string }[] }[];
      return columns
        .flatMap((c) => c.items.filter((i) => i.type === "TextBlock").map((i) => i.text ?? ""))
        .join(" ")
        .replace(/\\(.)/g, "$1");
    });
}
