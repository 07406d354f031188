import { randomUUID } from "node:crypto";
import { Router } from "express";
import { z } from "zod";
import { ApiError } from "../api-error.js";
import { renderWebhook } from "../api-shapes.js";
import { type Caller, callerOf } from "../caller-of.js";
import type { WebhookRecord } from "../create-org-store.js";
import type { EmulatorContext } from "../emulator-context.js";
import { assertWebhookFilter } from "../matches-webhook-filter.js";
import { paginate } from "../paginate.js";
import { param, parseBody } from "../parse-input.js";
import { webexId } from "../webex-id.js";

/** Resources of the Webhooks spec, plus "all" (the firehose the node bot framework creates). */
const resources = [
  "all",
  "attachmentActions",
  "dataSources",
  "memberships",
  "messages",
  "rooms",
  "meetings",
  "recordings",
  "convergedRecordings",
  "meetingParticipants",
  "meetingTranscripts",
  "telephony_calls",
  "telephony_conference",
  "telephony_mwi",
  "uc_counters",
  "serviceApp",
  "adminBatchJobs",
] as const;

const events = [
  "all",
  "created",
  "updated",
  "deleted",
  "started",
  "ended",
  "joined",
  "left",
  "migrated",
  "authorized",
  "deauthorized",
  "statusChanged",
] as const;

const targetUrl = z.url({ protocol: /^https?$/, error: "targetUrl must be an absolute http(s) URL" });

const createSchema = z.object({
  name: z.string().min(1),
  targetUrl,
  resource: z.enum(resources),
  event: z.enum(events),
  filter: z.string().min(1).optional(),
  secret: z.string().min(1).optional(),
  ownedBy: z.enum(["creator", "org"]).optional(),
});

// PUT: name and targetUrl required; only name, targetUrl, secret and status change; other fields
// are ignored (Webhooks spec). Status can only be set to active: PUT cannot deactivate.
const updateSchema = z.object({
  name: z.string().min(1),
  targetUrl,
  secret: z.string().min(1).optional(),
  status: z.literal("active", { error: 'status can only be set to "active"' }).optional(),
});

/** Webhooks belong to the identity whose token created them; others' answer 404. */
export function webhooksRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  const { store } = ctx;

  function own(caller: Caller, webhookId: string): WebhookRecord {
    const webhook = store.webhooks.get(webhookId);
    if (!webhook || webhook.ownerId !== caller.person.id)
      throw new ApiError(404, "Could not find the webhook.");
    return webhook;
  }

  function assertAllowedTarget(targetUrl: string): void {
    if (!ctx.allowsWebhookTarget(targetUrl)) {
      throw new ApiError(400, "Invalid targetUrl.", {
        description: "targetUrl must be on this emulator's own origin: it delivers webhooks nowhere else.",
      });
    }
  }

  function withoutSecret(webhook: WebhookRecord) {
    const { secret: _secret, ...rest } = renderWebhook(webhook, store);
    return rest;
  }

  router.post("/webhooks", (req, res) => {
    const caller = callerOf(ctx, req);
    const body = parseBody(createSchema, req.body);
    if (body.ownedBy === "org") {
      throw new ApiError(400, "ownedBy org is not available to this token.", {
        description:
          "Org-wide webhooks are for admins and compliance officers on some resources; the emulator has none.",
      });
    }
    if (body.filter !== undefined) assertWebhookFilter(body.resource, body.filter);
    assertAllowedTarget(body.targetUrl);
    const webhook: WebhookRecord = {
      id: webexId("WEBHOOK", randomUUID()),
      name: body.name,
      targetUrl: body.targetUrl,
      resource: body.resource,
      event: body.event,
      status: "active",
      created: store.iso(),
      ownerId: caller.person.id,
      appId: caller.grant.appId,
    };
    if (body.filter !== undefined) webhook.filter = body.filter;
    if (body.secret !== undefined) webhook.secret = body.secret;
    store.webhooks.set(webhook.id, webhook);
    ctx.emit({ kind: "webhook.created", webhook: withoutSecret(webhook) });
    res.json(renderWebhook(webhook, store));
  });

  router.get("/webhooks", (req, res) => {
    const caller = callerOf(ctx, req);
    const mine = [...store.webhooks.values()].filter((w) => w.ownerId === caller.person.id);
    const items = paginate(req, res, mine, { defaultMax: 100, cap: ctx.pageSizeCap }).map((w) =>
      renderWebhook(w, store),
    );
    res.json({ items });
  });

  router.get("/webhooks/:webhookId", (req, res) => {
    res.json(renderWebhook(own(callerOf(ctx, req), param(req, "webhookId")), store));
  });

  router.put("/webhooks/:webhookId", (req, res) => {
    const webhook = own(callerOf(ctx, req), param(req, "webhookId"));
    const body = parseBody(updateSchema, req.body);
    assertAllowedTarget(body.targetUrl);
    webhook.name = body.name;
    webhook.targetUrl = body.targetUrl;
    if (body.secret !== undefined) webhook.secret = body.secret;
    if (body.status !== undefined) webhook.status = body.status;
    ctx.emit({ kind: "webhook.updated", webhook: withoutSecret(webhook) });
    res.json(renderWebhook(webhook, store));
  });

  router.delete("/webhooks/:webhookId", (req, res) => {
    const webhook = own(callerOf(ctx, req), param(req, "webhookId"));
    store.webhooks.delete(webhook.id);
    ctx.emit({ kind: "webhook.deleted", webhookId: webhook.id });
    res.status(204).end();
  });

  return router;
}
