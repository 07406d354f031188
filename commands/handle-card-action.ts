import { TOKEN_INPUT } from "../src/cards/adaptive-card.js";
import { escapeMarkdown } from "../src/cards/escape-markdown.js";
import { formatTime } from "../src/cards/format-time.js";
import { type CardTokenPayload, type ParkTarget, verifyCardToken } from "../src/confirm/card-token.js";
import { checkCardClick } from "../src/confirm/check-card-click.js";
import { isSameOrg } from "../src/webex/is-same-org.js";
import type { CallParkExtensionDetails } from "../src/webex/schemas.js";
import { WebexApiError } from "../src/webex/webex-api-error.js";
import { answerRefusal } from "./answer-refusal.js";
import { checkRequester } from "./check-requester.js";
import type { CommandContext, Requester, Services } from "./command.js";
import { describeError } from "./describe-error.js";
import { isCardMessage } from "./is-card-message.js";
import { postConfirmCard } from "./post-confirm-card.js";

export interface CardAction {
  messageId: string;
  personId: string;
  roomId: string;
  inputs: unknown;
}

/** Keep a claimed nonce a little past the card's expiry, so a late replay still finds it claimed. */
const CLAIM_GRACE_MS = 60_000;

/**
 * A button press. The only input read is the signed token; the rest of the submission is
 * attacker-controlled. Checks, in order: signature, org, room, that the pressed message is the card
 * the token was posted in, expiry (an expired card is retired whoever pressed it), clicker is the
 * requester, clicker still allowed (allowlist and org), then the nonce is claimed once (on any
 * instance) — only then does anything act. Refusals are answered at most once per window per
 * person and space (answerRefusal).
 */
export async function handleCardAction(
  action: CardAction,
  clicker: Requester,
  services: Services,
  reply: (
    threadId: string | undefined,
    markdown: string,
    card?: Record<string, unknown>,
  ) => ReturnType<CommandContext["reply"]>,
): Promise<void> {
  const token = isRecord(action.inputs) ? action.inputs[TOKEN_INPUT] : undefined;
  const verified = verifyCardToken(token, services.cardKey);
  /** Refusals go in the request's thread, except when the press may not be on the request's card. */
  const refuse = (reason: string, text: string, payload?: CardTokenPayload, inThread = true) =>
    answerRefusal(
      services,
      clicker,
      action.roomId,
      {
        kind: "refusal",
        confirmer: { id: clicker.personId, email: clicker.email },
        ...(payload
          ? { requester: { id: payload.requesterId, email: payload.requesterEmail }, target: payload.target }
          : {}),
        orgId: services.orgId,
        roomId: action.roomId,
        reason,
      },
      () => reply(inThread ? payload?.threadId : undefined, text),
    );

  if (!verified.ok || typeof token !== "string") {
    return refuse(
      `card token ${verified.ok ? "malformed" : verified.reason}`,
      "That card's data doesn't check out (altered, or from another Park Bot deployment), so I ignored it. Nothing was deleted.",
    );
  }
  const payload = verified.payload;
  // A card from before a change of WEBEX_ORG_ID (or of the admin token) names another org than the
  // one we would act on.
  if (!isSameOrg(payload.orgId, services.actingOrgId)) {
    return refuse(
      "card for another org",
      "That card was made for another org than the one I manage now. Nothing was deleted.",
      payload,
    );
  }
  const check = checkCardClick(payload, action, services.clock.now());
  if (!check.ok && check.reason === "wrong-room") {
    return refuse(
      "card pressed in another room",
      "That card belongs to another space, so I ignored it. Nothing was deleted.",
      payload,
      false,
    );
  }
  // A valid token submitted against another card's message must leave that card alone: nothing
  // may retire, or act for, a message the token was not posted in. Asked only where it matters
  // (before retiring or acting), so a refused press costs no store read and no Webex call.
  const onItsCard = async (): Promise<boolean | "unknown"> => {
    try {
      return await isCardMessage(services, payload, token, action.messageId);
    } catch (err) {
      services.logger.warn({ err }, "could not tell which card was pressed");
      return "unknown";
    }
  };
  const notOnItsCard = (answer: false | "unknown") =>
    answer === "unknown"
      ? refuse(
          "could not tell which card was pressed",
          "I couldn't check which card that button belongs to just now, so I did nothing. Nothing was deleted; press it again in a moment.",
          payload,
          false,
        )
      : refuse(
          "card token submitted on another message",
          "That button's data belongs to another card than the one it was sent from, so I ignored it. Nothing was deleted, and no card was touched.",
          payload,
          false,
        );
  if (!check.ok) {
    switch (check.reason) {
      case "expired": {
        // Whoever pressed it: an expired card must stop looking live.
        const onIt = await onItsCard();
        if (onIt !== true) return notOnItsCard(onIt);
        await retireCard(services, action.messageId);
        return refuse(
          "card expired",
          `This request expired at ${formatTime(payload.exp, services.clock.now())}, so I did nothing. Ask again if you still want it deleted.`,
          payload,
        );
      }
      case "not-requester":
        return refuse(
          "card pressed by someone other than the requester",
          `Only ${escapeMarkdown(payload.requesterEmail)}, who asked, can press this card's buttons. Nothing was deleted.`,
          payload,
        );
    }
  }
  const allowed = checkRequester(clicker, services);
  if (!allowed.ok) {
    return allowed.reason === "other-org"
      ? refuse(
          "confirmer in another org",
          "You are not a member of the org I manage, so I did nothing. Nothing was deleted.",
          payload,
        )
      : refuse(
          "confirmer no longer allowlisted",
          "You are no longer on the list of allowed admins. Nothing was deleted.",
          payload,
        );
  }
  const onIt = await onItsCard();
  if (onIt !== true) return notOnItsCard(onIt);
  const claimed = await services.claims.claim(
    `nonce:${payload.nonce}`,
    payload.exp - services.clock.now() + CLAIM_GRACE_MS,
  );
  if (!claimed) {
    return refuse("card already handled", "That card was already handled; I did nothing more.", payload);
  }

  const ctx: CommandContext = {
    services,
    requester: clicker,
    roomId: payload.roomId,
    threadId: payload.threadId,
    reply: (markdown, card) => reply(payload.threadId, markdown, card),
  };
  try {
    await act(ctx, payload, clicker, action.messageId);
  } catch (err) {
    // One catch per click: the nonce is spent, so the user must hear what happened.
    services.logger.warn({ err, act: payload.act }, "card action failed");
    await ctx.reply(
      describeError(err, { doing: "finish what that button asked", mutating: payload.act === "confirm" }),
    );
  }
}

async function act(
  ctx: CommandContext,
  payload: CardTokenPayload,
  clicker: Requester,
  messageId: string,
): Promise<void> {
  const { services } = ctx;
  switch (payload.act) {
    case "cancel":
      await Promise.all([
        retireCard(services, messageId),
        services.audit.record({
          kind: "cancellation",
          requester: { id: payload.requesterId, email: payload.requesterEmail },
          confirmer: { id: clicker.personId, email: clicker.email },
          orgId: payload.orgId,
          roomId: payload.roomId,
          target: payload.target,
          nonce: payload.nonce,
        }),
        ctx.reply(
          `Cancelled. Call park extension **${escapeMarkdown(payload.target.extension)}** at **${escapeMarkdown(payload.target.locationName)}** was not deleted.`,
        ),
      ]);
      return;
    case "choose":
      await Promise.all([retireCard(services, messageId), postConfirmCard(ctx, payload.target)]);
      return;
    case "confirm":
      // The card is retired alongside the read-then-delete: one call deeper than a bare delete, no more.
      await Promise.all([retireCard(services, messageId), deleteConfirmed(ctx, payload, clicker)]);
      return;
  }
}

async function deleteConfirmed(
  ctx: CommandContext,
  payload: CardTokenPayload,
  clicker: Requester,
): Promise<void> {
  const { services } = ctx;
  const { target } = payload;
  const people = {
    requester: { id: payload.requesterId, email: payload.requesterEmail },
    confirmer: { id: clicker.personId, email: clicker.email },
  };
  // Durable before anything is sent: a process killed from here on leaves an intent without an
  // outcome, which the next start finds and reports in this thread (reportUnfinishedDeletes).
  try {
    await services.audit.record({
      kind: "intent",
      ...people,
      orgId: payload.orgId,
      roomId: payload.roomId,
      threadId: payload.threadId,
      target,
      nonce: payload.nonce,
    });
  } catch (err) {
    services.logger.error({ err, target }, "could not write the intent; not deleting");
    await ctx.reply(
      `I couldn't write this deletion to the audit trail, so I did not delete call park extension ${describeTarget(target)}. Nothing was deleted; ask again in a moment.`,
    );
    return;
  }
  const outcome = (result: string, extra: { trackingId?: string | undefined; reason?: string } = {}) =>
    services.audit.record({
      kind: "outcome",
      ...people,
      orgId: payload.orgId,
      roomId: payload.roomId,
      target,
      result,
      ...extra,
      nonce: payload.nonce,
    });

  // Read it again by id first: between the card and the press it may have been renumbered or
  // renamed, and then the id no longer names what the card showed. Webex has no conditional
  // DELETE, so a change in the moment between this read and the DELETE cannot be caught.
  let current: CallParkExtensionDetails;
  try {
    current = await services.calling.getCallParkExtension(target.locationId, target.callParkExtensionId);
  } catch (err) {
    const readTrackingId = err instanceof WebexApiError ? err.trackingId : undefined;
    if (err instanceof WebexApiError && err.status === 404) {
      await Promise.all([
        ctx.reply(
          `Call park extension ${describeTarget(target)} no longer exists — maybe someone already deleted it. Nothing changed.${trackingSuffix(readTrackingId)}`,
        ),
        outcome("already gone", { trackingId: readTrackingId }),
      ]);
      return;
    }
    services.logger.warn({ err, target }, "could not read the extension before deleting it");
    await Promise.all([
      ctx.reply(
        `${describeError(err, {
          doing: `check call park extension ${describeTarget(target)}`,
          mutating: false,
        })} Nothing was deleted.`,
      ),
      outcome(
        err instanceof WebexApiError
          ? `not deleted: read failed (${err.status})`
          : "not deleted: read failed",
        {
          trackingId: readTrackingId,
        },
      ),
    ]);
    return;
  }
  if (current.extension !== target.extension || current.name !== target.name) {
    await Promise.all([
      ctx.reply(
        `Call park extension **${escapeMarkdown(target.extension)}** (${escapeMarkdown(target.name)}) at **${escapeMarkdown(target.locationName)}** is now **${escapeMarkdown(current.extension)}** (${escapeMarkdown(current.name)}), so nothing was deleted. Ask again if you still want it deleted.`,
      ),
      outcome("not deleted: changed since the card", {
        reason: `now ${current.extension} (${current.name})`.slice(0, 200),
      }),
    ]);
    return;
  }

  let result: string;
  let trackingId: string | undefined;
  let text: string;
  try {
    const deleted = await services.calling.deleteCallParkExtension(
      target.locationId,
      target.callParkExtensionId,
    );
    trackingId = deleted.trackingId;
    result = "deleted";
    text = `Deleted call park extension ${describeTarget(target)}.${trackingSuffix(trackingId)}`;
  } catch (err) {
    trackingId = err instanceof WebexApiError ? err.trackingId : undefined;
    if (err instanceof WebexApiError && err.status === 404) {
      result = err.afterAmbiguousAttempt ? "deleted (first attempt's answer was lost)" : "already gone";
      text = err.afterAmbiguousAttempt
        ? `Deleted call park extension ${describeTarget(target)} (my first try got no clear answer; the retry found it gone).${trackingSuffix(trackingId)}`
        : `Call park extension ${describeTarget(target)} no longer exists — maybe someone already deleted it. Nothing changed.${trackingSuffix(trackingId)}`;
    } else {
      result = err instanceof WebexApiError ? `failed (${err.status})` : "failed";
      text = describeError(err, {
        doing: `delete call park extension ${describeTarget(target)}`,
        mutating: true,
      });
      services.logger.warn({ err, target }, "delete failed");
    }
  }
  await Promise.all([ctx.reply(text), outcome(result, { trackingId })]);
}

/** Webex cannot edit a message that carries a card, so a used card is deleted instead. */
async function retireCard(services: Services, messageId: string): Promise<void> {
  try {
    await services.messaging.remove(messageId);
  } catch (err) {
    // The nonce is claimed, so a card left behind cannot act twice; say so in the log and go on.
    services.logger.warn({ err, messageId }, "could not retire a used card");
  }
}

function describeTarget(target: ParkTarget): string {
  return `**${escapeMarkdown(target.extension)}** (${escapeMarkdown(target.name)}) at **${escapeMarkdown(target.locationName)}**`;
}

function trackingSuffix(trackingId: string | undefined): string {
  return trackingId ? ` (Webex trackingId: ${trackingId})` : "";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
