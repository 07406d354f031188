import type { Logger } from "../logger.js";
import type { WebexClient } from "./create-webex-client.js";
import { type Webhook, webhookListSchema, webhookSchema } from "./schemas.js";

export interface WebhookSpec {
  resource: string;
  event: string;
}

/** A firehose (`all`/`all`) does not include attachmentActions, so the bot asks for exactly these two. */
export const NEEDED_WEBHOOKS: readonly WebhookSpec[] = [
  { resource: "messages", event: "created" },
  { resource: "attachmentActions", event: "created" },
];

/**
 * Registers the bot's webhooks idempotently, with the secret: creates what is missing, re-activates
 * or re-keys what is there, and never touches a webhook with another name or target. When two
 * instances start at once both may create one; every instance keeps the oldest and removes the
 * younger copies of its own, so they converge on one each. Nothing is deleted on shutdown.
 */
export async function ensureWebhooks(options: {
  bot: WebexClient;
  name: string;
  targetUrl: string;
  secret: string;
  logger: Logger;
}): Promise<Webhook[]> {
  const { bot, name, targetUrl, secret, logger } = options;
  // GET /webhooks — bot token
  const list = () => bot.listAll({ path: "/webhooks", query: { max: 100 }, schema: webhookListSchema });
  const ours = (all: Webhook[], spec: WebhookSpec) =>
    all
      .filter(
        (w) =>
          w.name === name &&
          w.targetUrl === targetUrl &&
          w.resource === spec.resource &&
          w.event === spec.event,
      )
      .sort((a, b) => (a.created ?? "").localeCompare(b.created ?? "") || a.id.localeCompare(b.id));

  const existing = await list();
  let created = false;
  for (const spec of NEEDED_WEBHOOKS) {
    const [keep] = ours(existing, spec);
    if (!keep) {
      // POST /webhooks — bot token; Webex signs each delivery with `secret`
      await bot.send({
        method: "POST",
        path: "/webhooks",
        json: { name, targetUrl, secret, ...spec },
        schema: webhookSchema,
      });
      created = true;
      logger.info({ ...spec, targetUrl }, "webhook created");
    } else if (keep.status !== "active" || keep.secret !== secret) {
      // PUT /webhooks/{id} — re-enables a webhook Webex deactivated, and rotates the secret
      await bot.send({
        method: "PUT",
        path: `/webhooks/${encodeURIComponent(keep.id)}`,
        json: { name, targetUrl, secret, status: "active" },
        schema: webhookSchema,
      });
      logger.info({ ...spec, targetUrl }, "webhook updated");
    }
  }
  if (!created) return NEEDED_WEBHOOKS.flatMap((spec) => ours(existing, spec).slice(0, 1));

  const after = await list();
  for (const spec of NEEDED_WEBHOOKS) {
    for (const duplicate of ours(after, spec).slice(1)) {
      // DELETE /webhooks/{id} — only a younger copy of our own, from an instance that started alongside
      await bot
        .send({ method: "DELETE", path: `/webhooks/${encodeURIComponent(duplicate.id)}` })
        .catch((err: unknown) => {
          logger.warn({ err, webhookId: duplicate.id }, "could not remove a duplicate webhook");
        });
    }
  }
  return NEEDED_WEBHOOKS.flatMap((spec) => ours(after, spec).slice(0, 1));
}
