import { createHmac } from "node:crypto";
import { request } from "undici";
import { renderWebhook } from "./api-shapes.js";
import type { AttachmentActionRecord, MessageRecord, OrgStore, WebhookRecord } from "./create-org-store.js";
import type { EmulatorChange } from "./emulator-change.js";
import { matchesWebhookFilter } from "./matches-webhook-filter.js";

/** One POST of an event to a webhook's target. */
export type Delivery = {
  webhookId: string;
  targetUrl: string;
  resource: string;
  event: string;
  /** `data.id` of the event: the message or attachment action id. */
  dataId: string;
  /** HTTP status the target answered with. */
  status?: number;
  /** Why no status: connection refused, timeout… */
  error?: string;
  /** When the POST was sent, by the injected clock (ms since the epoch). */
  at: number;
};

export type MessageEvent = "created" | "updated" | "deleted";

/**
 * Delivers events to webhooks the way Webex does, as far as the receiver can tell: the envelope is
 * the webhook object plus `actorId` and `data`; `data` never carries message text or card inputs;
 * the body is signed with HMAC-SHA1 of its exact bytes in `X-Spark-Signature`; no retries
 * (Webex's retry schedule is UNCONFIRMED, so receivers must not depend on one).
 */
export type WebhookDispatcher = ReturnType<typeof createWebhookDispatcher>;

export function createWebhookDispatcher(deps: {
  store: OrgStore;
  now: () => number;
  emit: (change: EmulatorChange) => void;
  /** Per-delivery timeout, ms; default 10 000. */
  timeoutMs?: number;
  /** Deliveries remembered, newest kept; default 1 000. */
  capacity?: number;
}) {
  const { store, now, emit } = deps;
  const timeoutMs = deps.timeoutMs ?? 10_000;
  const capacity = deps.capacity ?? 1_000;
  const deliveries: Delivery[] = [];
  const pending = new Set<Promise<void>>();

  function wants(webhook: WebhookRecord, resource: string, event: string): boolean {
    if (webhook.status !== "active") return false;
    // A firehose (resource "all") does not carry attachmentActions (node bot framework, lib/framework.js).
    const resourceOk =
      webhook.resource === resource || (webhook.resource === "all" && resource !== "attachmentActions");
    return resourceOk && (webhook.event === event || webhook.event === "all");
  }

  async function post(
    webhook: WebhookRecord,
    resource: string,
    event: string,
    actorId: string,
    data: Record<string, unknown>,
  ): Promise<void> {
    // A firehose webhook still says which resource the event is about.
    const envelope = { ...renderWebhook(webhook, store), resource, event, actorId, data };
    // The envelope is the webhook object minus its secret, plus the event.
    const { secret: _secret, ...body } = envelope;
    const bytes = Buffer.from(JSON.stringify(body), "utf8");
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "user-agent": "webex-emulator",
    };
    if (webhook.secret)
      headers["x-spark-signature"] = createHmac("sha1", webhook.secret).update(bytes).digest("hex");
    const delivery: Delivery = {
      webhookId: webhook.id,
      targetUrl: webhook.targetUrl,
      resource,
      event,
      dataId: String(data.id),
      at: now(),
    };
    try {
      const response = await request(webhook.targetUrl, {
        method: "POST",
        headers,
        body: bytes,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      await response.body.dump();
      delivery.status = response.statusCode;
    } catch (error) {
      delivery.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
    deliveries.push(delivery);
    if (deliveries.length > capacity) deliveries.splice(0, deliveries.length - capacity);
    emit({ kind: "delivery", delivery });
  }

  /** Runs the POSTs; the promise settles when every one has answered or failed. */
  function fanOut(posts: (() => Promise<void>)[]): Promise<void> {
    const all = Promise.all(posts.map((send) => send())).then(() => undefined);
    pending.add(all);
    void all.finally(() => pending.delete(all));
    return all;
  }

  function messageEvent(event: MessageEvent, message: MessageRecord): Promise<void> {
    const room = store.rooms.get(message.roomId);
    const author = store.people.get(message.personId);
    if (!room || !author) return Promise.resolve();
    const data: Record<string, unknown> = {
      id: message.id,
      roomId: room.id,
      roomType: room.type,
      personId: author.id,
      personEmail: author.email,
    };
    if (message.mentionedPeople?.length) data.mentionedPeople = [...message.mentionedPeople];
    data.created = message.created;
    const subject = {
      roomId: room.id,
      roomType: room.type,
      personId: author.id,
      personEmail: author.email,
      mentionedPeople: message.mentionedPeople ?? [],
      hasFiles: Boolean(message.files?.length),
    };
    const posts: (() => Promise<void>)[] = [];
    for (const webhook of store.webhooks.values()) {
      if (!wants(webhook, "messages", event)) continue;
      const owner = store.people.get(webhook.ownerId);
      if (!owner || !store.isMember(room.id, owner.id)) continue;
      // Bots see group-space messages only when @mentioned; in 1:1 spaces they see everything,
      // their own posts included (Bots guide).
      if (owner.type === "bot" && room.type === "group" && !subject.mentionedPeople.includes(owner.id))
        continue;
      if (!matchesWebhookFilter(webhook.filter, subject, owner.id)) continue;
      posts.push(() => post(webhook, "messages", event, author.id, data));
    }
    return fanOut(posts);
  }

  function attachmentActionEvent(action: AttachmentActionRecord): Promise<void> {
    const presser = store.people.get(action.personId);
    if (!presser) return Promise.resolve();
    // No inputs: receivers must GET /attachment/actions/{id} (Buttons and Cards guide).
    const data = {
      id: action.id,
      type: action.type,
      messageId: action.messageId,
      personId: action.personId,
      roomId: action.roomId,
      created: action.created,
    };
    const subject = {
      roomId: action.roomId,
      personId: presser.id,
      personEmail: presser.email,
      messageId: action.messageId,
    };
    const posts: (() => Promise<void>)[] = [];
    for (const webhook of store.webhooks.values()) {
      // Only the app that posted the card hears about its buttons.
      if (!wants(webhook, "attachmentActions", "created") || webhook.ownerId !== action.cardAuthorId)
        continue;
      if (!store.isMember(action.roomId, webhook.ownerId)) continue;
      if (!matchesWebhookFilter(webhook.filter, subject, webhook.ownerId)) continue;
      posts.push(() => post(webhook, "attachmentActions", "created", presser.id, data));
    }
    return fanOut(posts);
  }

  return {
    deliveries: deliveries as readonly Delivery[],
    messageEvent,
    attachmentActionEvent,
    /** Resolves once every delivery started so far has finished. */
    async whenIdle(): Promise<void> {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
