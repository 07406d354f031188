import { format } from "node:util";
import Webex from "webex";
import Framework, { type FrameworkPerson } from "webex-node-bot-framework";
import processEvent from "webex-node-bot-framework/lib/process-event.js";
import MemStore from "webex-node-bot-framework/storage/memory.js";
import type { Logger } from "../logger.js";
import { redactSecrets } from "../safe-error.js";
import type { EventFetchers } from "../webex/create-event-fetchers.js";
import type { WebhookEvent } from "../webex/webhook-event-schema.js";

/** The name the framework's event processor insists on; our webhooks carry it. */
export const WEBHOOK_NAME = "Park Bot";

/**
 * Starts webex-node-bot-framework without its webhook management.
 *
 * `Framework.prototype.start` either (with `webhookUrl`) deletes webhooks and re-creates a firehose
 * in the background on every start, or (without) opens a websocket. The first unhooks every other
 * instance during a rolling deploy, the second is not a webhook bot at all; there is no option to
 * do neither. So this does what `start()` does minus that step (framework 2.3.14, pinned): init the
 * SDK, learn who we are, emit `start` (whose own listener runs `initialize()`), mark active.
 * Webhooks are ours to register (`ensureWebhooks`), events ours to feed in (`processEvent`).
 * Who we are (`me`, GET /people/me with the bot token) is read by the caller, which checks it is a
 * bot before anything starts; the framework's own read of it is skipped.
 */
export async function startFramework(
  token: string,
  fetchers: EventFetchers,
  logger: Logger,
  me: FrameworkPerson,
): Promise<Framework> {
  const framework = new Framework({ token, maxStartupSpaces: 0, removeWebhooksOnStart: false });
  await framework.storageDriver(new MemStore());
  framework.webex = Webex.init({
    credentials: { access_token: token },
    config: {
      // The SDK batches people.get and waits 100 ms to fill a batch: a tenth of a second on every
      // message for no gain at our volume. (0 is refused: the debounce requires a wait.)
      people: { batcherWait: 1 },
      logger: { level: "error" },
    },
  });
  routeSdkLogs(framework.webex, logger);
  // The framework fetches a message, an attachment action and a person for every event through
  // its SDK. The SDK retries none of 429/503/5xx, and its people batcher never settles another
  // people.get once one batch has failed (seen against the emulator: one 429 on /people and the
  // bot is deaf until restarted). Those three reads go through our client instead; everything
  // else the framework does (spawning, triggers, routing) is its own.
  framework.webex.people.get = (id): Promise<FrameworkPerson> => fetchers.getPerson(id);
  framework.webex.messages.get = (id) => fetchers.getMessage(id);
  framework.webex.attachmentActions.get = (id) => fetchers.getAttachmentAction(id);
  framework.person = me;
  framework.email = framework.getPersonEmail(me);
  framework.isBotAccount = me.type === "bot";
  framework.isUserAccount = !framework.isBotAccount;
  framework.webhook = { name: WEBHOOK_NAME };
  framework.myEmit("start");
  framework.active = true;
  return framework;
}

/**
 * The SDK's logger writes its errors and warnings straight to the console, and on every start it
 * has one: "services: failed to init initial services, the provided token is not a valid format"
 * (its U2C service catalog wants an org id inside the token; the emulator's tokens carry none, and
 * the bot needs no catalog: HYDRA_SERVICE_URL names the one API it uses). Everything the SDK does
 * for the framework that can fail comes back to the framework as a rejected promise and reaches
 * our logs through its debug output; the SDK's own lines are about its catalog, device and
 * meetings plugins, none of which the bot uses. So they go to our logger at debug (LOG_LEVEL=debug
 * shows them), redacted, and never to the console. This replaces two methods on this one SDK
 * instance, not the console: the plugin offers no sink option.
 */
function routeSdkLogs(webex: Framework["webex"], logger: Logger): void {
  for (const level of ["error", "warn"] as const) {
    webex.logger[level] = (...args: unknown[]) =>
      logger.debug({ sdk: redactSecrets(format(...args)).slice(0, 2_000), sdkLevel: level }, "webex sdk");
  }
}

/**
 * Hands a verified webhook event to the framework: its own processEvent, except for attachment
 * actions. There its handler for a failed fetch writes `attachmentAction generated error:
 * ${e.massage}` (sic: always "undefined") to console.error; this does the same two steps (fetch,
 * then `onAttachmentActions`) with failures on our logger. startBot sees that no handler started
 * and retries or tells the space, as for a message.
 */
export async function processFrameworkEvent(
  framework: Framework,
  event: WebhookEvent,
  logger: Logger,
): Promise<void> {
  if (event.resource !== "attachmentActions" || event.event !== "created") {
    await processEvent(framework, event, WEBHOOK_NAME);
    return;
  }
  if (!framework.active) return;
  let action: unknown;
  try {
    action = await framework.webex.attachmentActions.get(event.data.id);
  } catch (err) {
    logger.debug({ err, dataId: event.data.id }, "fetching an attachment action failed");
    return;
  }
  try {
    await framework.onAttachmentActions(action);
  } catch (err) {
    logger.debug({ err, dataId: event.data.id }, "the framework failed on an attachment action");
  }
}

/** Stops taking events and drops per-space objects; unlike `framework.stop()`, deletes no webhooks. */
export function stopFramework(framework: Framework): void {
  framework.active = false;
  for (const bot of framework.bots) bot.stop();
  framework.bots = [];
}
