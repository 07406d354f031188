import type { Emulator, Message } from "../emulator/create-emulator.js";
import type { FaultStatus, FaultTarget } from "./build-fault-rule.js";
import { type RequestSummary, summarizeRequest } from "./summarize-request.js";

export type PlaygroundPerson = {
  id: string;
  email: string;
  displayName: string;
  isBot: boolean;
  /** On the bot's allowlist; the page marks the others so a visitor knows whom to try for a refusal. */
  allowed: boolean;
  /** Their Control Hub admin roles, by name; with the admin-role rule only a Full Administrator passes. */
  roles: string[];
};

export type PlaygroundMessage = {
  id: string;
  /** The thread's root, for a reply. */
  parentId?: string;
  personId: string;
  /** Plain text (a person's words, or the fallback text of a bot's card). */
  text: string;
  /** The bot posts markdown; the page renders it with its own escaping renderer. */
  markdown?: string;
  /** The message @mentions the bot (its name then leads `text`, as in Webex). */
  mentionsBot: boolean;
  /** The adaptive card, when the message carries one (Webex allows one per message). */
  card?: Record<string, unknown>;
  created: string;
  updated?: string;
};

export type PlaygroundRoom = {
  id: string;
  title: string;
  type: "direct" | "group";
  memberIds: string[];
  /** Oldest first; the last `messageLimit`. */
  messages: PlaygroundMessage[];
};

export type ArmedFault = { status: FaultStatus; target: FaultTarget; label: string };

/** Everything the page shows, in one JSON document. Holds no token or secret. */
export type PlaygroundState = {
  org: { name: string };
  /** The bot runs with the admin-role rule (REQUIRE_WEBEX_ADMIN): allowlisted people without Full Administrator are refused. */
  requiresFullAdmin: boolean;
  bot: { id: string; displayName: string };
  people: PlaygroundPerson[];
  rooms: PlaygroundRoom[];
  locations: { name: string; extensions: { extension: string; name: string }[] }[];
  extensionCount: number;
  /** Newest first. */
  requests: RequestSummary[];
  /** The one-shot fault waiting for its request, if any. */
  armedFault?: ArmedFault;
};

export interface StateOptions {
  isAllowed: (email: string) => boolean;
  requiresFullAdmin: boolean;
  armedFault: ArmedFault | undefined;
  /** Request log entries sent; default 150. The emulator keeps far more. */
  requestLimit?: number;
  /** Messages per room sent; default 300. */
  messageLimit?: number;
}

const adaptiveCardType = "application/vnd.microsoft.card.adaptive";

function toPlaygroundMessage(message: Message, botId: string): PlaygroundMessage {
  const view: PlaygroundMessage = {
    id: message.id,
    personId: message.personId,
    text: message.text,
    mentionsBot: message.mentionedPeople?.includes(botId) ?? false,
    created: message.created,
  };
  if (message.parentId !== undefined) view.parentId = message.parentId;
  if (message.markdown !== undefined) view.markdown = message.markdown;
  if (message.updated !== undefined) view.updated = message.updated;
  const card = message.attachments?.find((a) => a.contentType === adaptiveCardType)?.content;
  if (card) view.card = card;
  return view;
}

export function buildPlaygroundState(emulator: Emulator, options: StateOptions): PlaygroundState {
  const bot = emulator.botPerson;
  const requestLimit = options.requestLimit ?? 150;
  const messageLimit = options.messageLimit ?? 300;
  const extensions = emulator.callParkExtensions();
  const state: PlaygroundState = {
    org: { name: emulator.org.name },
    requiresFullAdmin: options.requiresFullAdmin,
    bot: { id: bot.id, displayName: bot.displayName },
    people: emulator.people().map((p) => {
      const email = p.emails[0] ?? "";
      return {
        id: p.id,
        email,
        displayName: p.displayName,
        isBot: p.type === "bot",
        allowed: p.type !== "bot" && options.isAllowed(email),
        roles: emulator.adminRoleNames(email),
      };
    }),
    rooms: emulator.rooms().map((room) => ({
      id: room.id,
      title: room.title,
      type: room.type,
      memberIds: emulator.members(room.id).map((p) => p.id),
      messages: emulator
        .messages(room.id)
        .slice(-messageLimit)
        .map((m) => toPlaygroundMessage(m, bot.id)),
    })),
    locations: emulator.locations().map((location) => ({
      name: location.name,
      extensions: extensions
        .filter((cpe) => cpe.locationId === location.id)
        .map((cpe) => ({ extension: cpe.extension, name: cpe.name })),
    })),
    extensionCount: extensions.length,
    requests: emulator.requests.slice(-requestLimit).reverse().map(summarizeRequest),
  };
  if (options.armedFault) state.armedFault = options.armedFault;
  return state;
}
