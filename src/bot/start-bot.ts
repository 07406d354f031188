import type { AttachmentActionTrigger, FrameworkPerson, MessageTrigger } from "webex-node-bot-framework";
import type { Requester, Services } from "../../commands/command.js";
import { EVENT_NOT_FETCHED } from "../../commands/event-not-fetched.js";
import { handleCardAction } from "../../commands/handle-card-action.js";
import { handleText } from "../../commands/handle-text.js";
import { COMMAND_HINT } from "../../commands/parse-command.js";
import type { Sleep } from "../clock.js";
import type { Logger } from "../logger.js";
import { redactSecrets } from "../safe-error.js";
import type { EventFetchers, FetchedMessage } from "../webex/create-event-fetchers.js";
import type { RetryPolicy } from "../webex/retry-policy.js";
import type { WebhookEvent } from "../webex/webhook-event-schema.js";
import { processFrameworkEvent, startFramework, stopFramework, WEBHOOK_NAME } from "./start-framework.js";
import { stripMention } from "./strip-mention.js";

export interface RunningBot {
  /** The bot's own person id. */
  personId: string;
  displayName: string;
  /** Feeds a verified, de-duplicated webhook event to the framework; resolves when our handler is done. */
  handleEvent(event: WebhookEvent): Promise<void>;
  /** Resolves when no handler is running. */
  idle(): Promise<void>;
  /** Events the bot holds anything for right now (in progress, or their fetched message): 0 when idle. */
  heldEvents(): number;
  stop(): void;
}

export { WEBHOOK_NAME };

/** How long an event id is remembered against late duplicate emits (ms). */
const STARTED_TTL_MS = 10 * 60_000;

/**
 * Wires webex-node-bot-framework to the commands. The framework fetches the message or attachment
 * action and the person behind it (two bot-token calls per event, its own) and emits; one catch
 * per event here turns anything unexpected into a log line and, where possible, a reply.
 */
export async function startBot(
  botToken: string,
  services: Services,
  logger: Logger,
  fetchers: EventFetchers,
  retry: Pick<RetryPolicy, "maxAttempts" | "baseBackoffMs" | "maxBackoffMs" | "attemptTimeoutMs">,
  sleep: Sleep,
  /** The bot's own person (GET /people/me with the bot token), already checked to be a bot. */
  me: FrameworkPerson,
  /** The services of the org a space acts on (WEBEX_ORG_SPACES); default `services` everywhere. */
  servicesFor: (roomId: string) => Services = () => services,
): Promise<RunningBot> {
  /**
   * For each message event in progress (a key from the start of handleEvent to its end, and only
   * then), the message the framework fetched, so a silent framework can be told from a failed fetch.
   */
  const fetchedMessages = new Map<string, FetchedMessage | undefined>();
  const framework = await startFramework(
    botToken,
    {
      ...fetchers,
      getMessage: async (id) => {
        const message = await fetchers.getMessage(id);
        // A fetch from an abandoned attempt can land after its event is done: hold nothing for it.
        if (fetchedMessages.has(id)) fetchedMessages.set(id, message);
        return message;
      },
    },
    logger,
    me,
  );
  framework.on("log", (message: string) => logger.debug({ framework: redactSecrets(message) }, "framework"));
  framework.debugger = (message: string) =>
    logger.debug({ framework: redactSecrets(message) }, "framework debug");
  const inFlight = new Set<Promise<void>>();
  /** Per event id, the handler promise the framework's emit started, so handleEvent can await it. */
  const byEventId = new Map<string, Promise<void>>();

  const track = (eventId: string, work: Promise<void>) => {
    const tracked = work.catch((err: unknown) => logger.error({ err }, "handler failed"));
    inFlight.add(tracked);
    byEventId.set(eventId, tracked);
    void tracked.finally(() => {
      inFlight.delete(tracked);
      byEventId.delete(eventId);
    });
  };

  /**
   * Events whose handler has started, with when. An attempt abandoned as too slow may still finish
   * and emit after its retry did: the second emit must not run the command twice.
   */
  const started = new Map<string, number>();
  const firstEmit = (eventId: string): boolean => {
    const now = services.clock.now();
    if (started.has(eventId)) {
      logger.debug({ eventId }, "late duplicate emit from an abandoned attempt ignored");
      return false;
    }
    started.set(eventId, now);
    // Map order is insertion order: the oldest entries are at the front.
    for (const [id, at] of started) {
      if (now - at < STARTED_TTL_MS) break;
      started.delete(id);
    }
    return true;
  };

  framework.on("message", (_bot, trigger: MessageTrigger) => {
    if (firstEmit(trigger.message.id)) track(trigger.message.id, onMessage(trigger));
  });
  framework.on("attachmentAction", (_bot, trigger: AttachmentActionTrigger) => {
    if (firstEmit(trigger.attachmentAction.id))
      track(trigger.attachmentAction.id, onAttachmentAction(trigger));
  });

  function requesterOf(trigger: MessageTrigger | AttachmentActionTrigger, fallbackEmail?: string): Requester {
    return {
      personId: trigger.person.id,
      email: trigger.person.emails[0] ?? fallbackEmail ?? "",
      displayName: trigger.person.displayName ?? "",
      orgId: typeof trigger.person.orgId === "string" ? trigger.person.orgId : undefined,
    };
  }

  async function onMessage(trigger: MessageTrigger): Promise<void> {
    const { message } = trigger;
    const roomId = message.roomId;
    // Replies go in the request's thread; a request made inside a thread goes to that thread's root.
    const threadId = message.parentId ?? message.id;
    await handleText(stripMention(message, framework.person), {
      services: servicesFor(roomId),
      requester: requesterOf(trigger, message.personEmail),
      roomId,
      threadId,
      reply: (markdown, card) =>
        services.messaging.post({ roomId, parentId: threadId, markdown, ...(card ? { card } : {}) }),
    });
  }

  async function onAttachmentAction(trigger: AttachmentActionTrigger): Promise<void> {
    const action = trigger.attachmentAction;
    await handleCardAction(
      {
        messageId: action.messageId,
        personId: action.personId,
        roomId: action.roomId,
        inputs: action.inputs,
      },
      requesterOf(trigger),
      servicesFor(action.roomId),
      (threadId, markdown, card) =>
        services.messaging.post({
          roomId: action.roomId,
          ...(threadId ? { parentId: threadId } : {}),
          markdown,
          ...(card ? { card } : {}),
        }),
    );
  }

  return {
    personId: framework.person.id,
    displayName: framework.person.displayName,
    handleEvent: async (event) => {
      // Our own posts come back as events in 1:1 spaces; the framework would fetch each one just to
      // ignore it.
      if (event.resource === "messages" && event.data.personId === framework.person.id) return;
      if (event.data.personId) fetchers.prefetchPerson(event.data.personId);
      const eventId = event.data.id;
      if (event.resource === "messages") fetchedMessages.set(eventId, undefined);
      try {
        await feedFramework(event);
      } finally {
        fetchedMessages.delete(eventId);
      }
    },
    idle: async () => {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    heldEvents: () => new Set([...fetchedMessages.keys(), ...byEventId.keys()]).size,
    stop: () => stopFramework(framework),
  };

  /** Hands the event to the framework, retrying a fetch it swallowed; resolves when our handler is done. */
  async function feedFramework(event: WebhookEvent): Promise<void> {
    // The framework swallows a failed fetch (a 429, a 503, a dropped connection) and emits nothing,
    // and its SDK does not retry those. So: when no handler started, try again, bounded; when
    // that fails too, say so in the space rather than stay silent.
    for (let attempt = 1; ; attempt++) {
      // The SDK's people batcher can lose a request whose batch failed and never settle it;
      // an attempt that takes too long is abandoned and retried.
      await withTimeout(processFrameworkEvent(framework, event, logger), retry.attemptTimeoutMs);
      const handler = byEventId.get(event.data.id);
      if (handler !== undefined) return handler;
      // A handler that had nothing to await (a refusal left unanswered) is already done.
      if (started.has(event.data.id)) return;
      const fetched = fetchedMessages.get(event.data.id);
      // The framework emits nothing for a message without text (only spaces, only a file): that
      // is not a failure to retry, but a message to answer.
      if (fetched !== undefined && (typeof fetched.text !== "string" || fetched.text.trim() === "")) {
        await services.messaging.post({
          roomId: fetched.roomId,
          parentId: typeof fetched.parentId === "string" ? fetched.parentId : fetched.id,
          markdown: COMMAND_HINT,
        });
        return;
      }
      if (attempt >= retry.maxAttempts) break;
      const ceiling = Math.min(retry.maxBackoffMs, retry.baseBackoffMs * 2 ** (attempt - 1));
      await sleep(Math.round(Math.random() * ceiling));
      // An abandoned attempt may have got through while we waited.
      const late = byEventId.get(event.data.id);
      if (late !== undefined) return late;
    }
    logger.warn(
      { resource: event.resource, dataId: event.data.id },
      "the framework could not fetch an event's details",
    );
    const roomId = event.data.roomId;
    if (roomId) {
      await services.messaging.post({
        roomId,
        markdown:
          EVENT_NOT_FETCHED[event.resource === "attachmentActions" ? "attachmentActions" : "messages"],
      });
    }
  }
}

/** Resolves when `work` settles or after `ms`, whichever is first; never rejects. */
async function withTimeout(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    work.catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}
