import Webex from "webex";
import Framework from "webex-node-bot-framework";
import MemStore from "webex-node-bot-framework/storage/memory.js";

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
 */
export async function startFramework(token: string): Promise<Framework> {
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
  const person = await framework.webex.people.get("me");
  framework.person = person;
  framework.email = framework.getPersonEmail(person);
  framework.isBotAccount = person.type === "bot";
  framework.isUserAccount = !framework.isBotAccount;
  framework.webhook = { name: WEBHOOK_NAME };
  framework.myEmit("start");
  framework.active = true;
  return framework;
}

/** Stops taking events and drops per-space objects; unlike `framework.stop()`, deletes no webhooks. */
export function stopFramework(framework: Framework): void {
  framework.active = false;
  for (const bot of framework.bots) bot.stop();
  framework.bots = [];
}
