import { TOKEN_INPUT } from "../src/cards/adaptive-card.js";
import { escapeMarkdown } from "../src/cards/escape-markdown.js";
import { formatTime } from "../src/cards/format-time.js";
import { type AdmissionRefusal, admitCardClick } from "../src/confirm/admit-card-click.js";
import type { CardTokenPayload } from "../src/confirm/card-token.js";
import { answerRefusal } from "./answer-refusal.js";
import { type AnyCardAction, type CardActionContext, DEFAULT_ASK_AGAIN } from "./card-action.js";
import { admittedByRules, checkRequester, type RequesterRefusal } from "./check-requester.js";
import type { CommandContext, Requester, Services } from "./command.js";
import { describeError } from "./describe-error.js";
import { describeRequesterRefusal, type RequesterRefusalWords } from "./describe-requester-refusal.js";
import { findCardAction } from "./find-card-action.js";
import { isCardMessage } from "./is-card-message.js";
import { STATE_STORE_UNREACHABLE } from "./state-store-unreachable.js";
import { trackingIdOf, trackingSuffix } from "./webex-answer-words.js";

export interface CardAction {
  messageId: string;
  personId: string;
  roomId: string;
  inputs: unknown;
}

export type ThreadReply = (
  threadId: string | undefined,
  markdown: string,
  card?: Record<string, unknown>,
) => ReturnType<CommandContext["reply"]>;

/**
 * A button press. The only input read is the signed token; the rest of the submission is
 * attacker-controlled. admitCardClick checks it (signature, action and its data, org, room,
 * expiry, clicker, the pressed card, one claim); only an admitted press reaches the handler of the
 * command that owns the action. Refusals are answered at most once per window per person and
 * space (answerRefusal); anything that fails after admission is answered in the thread.
 */
export async function handleCardAction(
  action: CardAction,
  clicker: Requester,
  services: Services,
  reply: ThreadReply,
): Promise<void> {
  const token = isRecord(action.inputs) ? action.inputs[TOKEN_INPUT] : undefined;
  const admission = await admitCardClick<AnyCardAction, RequesterRefusal>(
    { token, personId: action.personId, roomId: action.roomId, messageId: action.messageId },
    {
      key: services.cardKey,
      now: () => services.clock.now(),
      actingOrgId: services.actingOrgId,
      findAction: findCardAction,
      checkClicker: () => checkRequester(clicker, services),
      isOnItsCard: (payload, signed, messageId) => isCardMessage(services, payload, signed, messageId),
      claim: (key, ttlMs) => services.claims.claim(key, ttlMs),
      checkInputs: (owner, data) => owner.checkInputs(data, isRecord(action.inputs) ? action.inputs : {}),
    },
  );
  if (!admission.ok && admission.reason === "inputs-rejected") {
    // Only a person admitted by the action's clicker policy and the requester check gets here (a
    // typo, not an attack): always answered, never rate-limited, and the card stays usable.
    const { payload } = admission;
    await Promise.all([
      reply(payload.threadId, admission.inputsRejected),
      services.audit.record({
        kind: "refusal",
        requester: { id: payload.requesterId, email: payload.requesterEmail },
        confirmer: { id: clicker.personId, email: clicker.email },
        action: payload.action,
        orgId: services.actingOrgId,
        roomId: action.roomId,
        reason: "typed value did not match",
      }),
    ]);
    return;
  }
  if (!admission.ok) {
    const { reason, payload } = admission;
    if ("clicker" in admission) {
      if (admission.clicker.reason === "role-unverified")
        services.logger.warn({ err: admission.clicker.err }, "could not check a clicker's role");
    } else {
      if (admission.err !== undefined)
        services.logger.warn({ err: admission.err, reason }, "card press not admitted");
      if (admission.retire) await retireCard(services, action.messageId);
    }
    const owner = payload ? findCardAction(payload.action) : undefined;
    const refusal =
      "clicker" in admission
        ? clickerRefusalOf(admission.clicker)
        : refusalOf(admission.reason, payload, owner, services);
    return answerRefusal(
      services,
      clicker,
      action.roomId,
      {
        kind: "refusal",
        confirmer: { id: clicker.personId, email: clicker.email },
        ...(payload
          ? {
              requester: { id: payload.requesterId, email: payload.requesterEmail },
              action: payload.action,
              ...auditTargetOf(owner, payload),
            }
          : {}),
        orgId: services.actingOrgId,
        roomId: action.roomId,
        reason: refusal.reason,
        ...(refusal.rule ? { rule: refusal.rule } : {}),
      },
      // In the request's thread only when that thread is in this room: a token made in another
      // space (refused for its org before its room is checked) names a thread that is not here.
      () =>
        reply(
          refusal.inThread && payload?.roomId === action.roomId ? payload.threadId : undefined,
          refusal.text,
        ),
    );
  }

  const { payload, data } = admission;
  const owner: AnyCardAction = admission.action;
  const ctx: CardActionContext = {
    services,
    requester: clicker,
    roomId: payload.roomId,
    threadId: payload.threadId,
    reply: (markdown, card) => reply(payload.threadId, markdown, card),
    card: payload,
    admittedBy: admittedByRules(services),
    messageId: action.messageId,
    retireCard: () => retireCard(services, action.messageId),
  };
  try {
    await owner.handle(data, ctx);
  } catch (err) {
    // One catch per press: the claim is spent, so the person must hear what happened. A handler
    // that changes Webex may have changed it before this failed: then nothing here may claim that
    // nothing changed.
    services.logger.warn({ err, action: owner.id }, "card action failed");
    await ctx.reply(
      owner.mutating
        ? `Something failed while I finished what that button asked, so I can't say here what was done. \`audit\` lists every change I made.${trackingSuffix(trackingIdOf(err))}`
        : describeError(err, { doing: "finish what that button asked", mutating: false }),
    );
  }
}

/** The audit line's target for a refused press, as the owning action describes its data. */
function auditTargetOf(owner: AnyCardAction | undefined, payload: CardTokenPayload) {
  if (!owner) return {};
  const parsed = owner.schema.safeParse(payload.data);
  const target = parsed.success ? owner.auditTarget(parsed.data) : undefined;
  return target ? { target } : {};
}

interface Refusal {
  /** For the audit trail. */
  reason: string;
  /** For the audit trail, when a rule about the person refused: which. */
  rule?: RequesterRefusalWords["rule"];
  text: string;
  /**
   * In the request's thread, or at the top of the space when the press may not be on the
   * request's card at all (another room, another message, a token that does not check out).
   */
  inThread: boolean;
}

/** The clicker failed the requester check (allowlist, org, role): in the thread, nothing done. */
function clickerRefusalOf(check: RequesterRefusal): Refusal {
  const words = describeRequesterRefusal(check, { pressed: true });
  return { reason: words.reason, rule: words.rule, text: words.text, inThread: true };
}

function refusalOf(
  reason: Exclude<AdmissionRefusal, `clicker-${string}` | "inputs-rejected">,
  payload: CardTokenPayload | undefined,
  owner: AnyCardAction | undefined,
  services: Services,
): Refusal {
  switch (reason) {
    case "malformed":
    case "bad-signature":
      return {
        reason: `card token ${reason}`,
        text: "That card's data doesn't check out (altered, or from another Park Bot deployment), so I ignored it. Nothing was deleted.",
        inThread: false,
      };
    case "outdated":
      return {
        reason: "card token from an earlier version",
        text: "That card was made by an earlier version of me, so I can't act on it. Nothing was deleted; ask again if you still need it.",
        inThread: false,
      };
    case "unknown-action":
      return {
        reason: "card action unknown to this version",
        text: "That button asks for something this version of me does not do, so I ignored it. Nothing was deleted.",
        inThread: true,
      };
    case "other-org":
      return {
        reason: "card for another org",
        text: "That card was made for another org than the one I manage now. Nothing was deleted.",
        inThread: true,
      };
    case "wrong-room":
      return {
        reason: "card pressed in another room",
        text: "That card belongs to another space, so I ignored it. Nothing was deleted.",
        inThread: false,
      };
    case "card-unknown":
      return {
        reason: "could not tell which card was pressed",
        text: "I couldn't check which card that button belongs to just now, so I did nothing. Nothing was deleted; press it again in a moment.",
        inThread: false,
      };
    case "not-on-its-card":
      return {
        reason: "card token submitted on another message",
        text: "That button's data belongs to another card than the one it was sent from, so I ignored it. Nothing was deleted, and no card was touched.",
        inThread: false,
      };
    case "expired":
      return {
        reason: "card expired",
        text: `This request expired at ${formatTime(payload?.exp ?? 0, services.clock.now())}, so I did nothing. ${owner?.askAgain ?? DEFAULT_ASK_AGAIN}`,
        inThread: true,
      };
    case "not-requester":
      return {
        reason: "card pressed by someone other than the requester",
        text: `Only ${escapeMarkdown(payload?.requesterEmail ?? "the person who asked")}, who asked, can press this card's buttons. Nothing was deleted.`,
        inThread: true,
      };
    case "already-handled":
      return {
        reason: "card already handled",
        text: "That card was already handled; I did nothing more.",
        inThread: true,
      };
    case "store-unreachable":
      return {
        reason: "state store unreachable during a press",
        text: STATE_STORE_UNREACHABLE,
        inThread: true,
      };
  }
}

/** Webex cannot edit a message that carries a card, so a used card is deleted instead. */
async function retireCard(services: Services, messageId: string): Promise<void> {
  try {
    await services.messaging.remove(messageId);
  } catch (err) {
    // The claim is taken, so a card left behind cannot act twice; say so in the log and go on.
    services.logger.warn({ err, messageId }, "could not retire a used card");
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
