import { createHash } from "node:crypto";
import type { z } from "zod";
import { isSameOrg } from "../webex/is-same-org.js";
import { type CardTokenPayload, verifyCardToken } from "./card-token.js";

/**
 * Who may press an action's buttons: the person who asked, or any person who passes the requester
 * check (allowlist, org and admin role) — never anyone at all, since anyone in a space can press a button.
 */
export type ClickerPolicy = "requester" | "any-allowed";

/**
 * What one press spends: `card` claims the card's nonce, so the first press of any of its buttons
 * retires all of them (confirm, cancel, next page); `button` claims that button alone, and the
 * card stays usable (a list row's Delete, which only opens a confirmation card).
 */
export type ClaimScope = "card" | "button";

/** What admission needs to know of an action: the schema of its signed data, its policies. */
export interface AdmissibleAction {
  schema: z.ZodType;
  clicker: ClickerPolicy;
  claim: ClaimScope;
}

export interface CardClick {
  /** The submitted token, as it came: attacker-controlled until verified. */
  token: unknown;
  personId: string;
  roomId: string;
  /** The message the button was pressed on. */
  messageId: string;
}

export type AdmissionRefusal =
  | "malformed"
  | "bad-signature"
  | "outdated"
  | "unknown-action"
  | "other-org"
  | "wrong-room"
  | "expired"
  | "not-requester"
  | "clicker-not-allowlisted"
  | "clicker-other-org"
  | "clicker-not-admin"
  | "clicker-role-unverified"
  | "not-on-its-card"
  | "card-unknown"
  | "already-handled"
  | "store-unreachable"
  | "inputs-rejected";

export type Admission<A, R extends ClickerRefusal = ClickerRefusal> =
  | { ok: true; payload: CardTokenPayload; action: A; data: unknown; token: string }
  | {
      ok: false;
      reason: Exclude<AdmissionRefusal, ClickerAdmissionRefusal | "inputs-rejected">;
      /** The verified payload, once the signature and the action's schema passed. */
      payload?: CardTokenPayload;
      /** The pressed message is this token's card and must stop looking live (it expired). */
      retire?: boolean;
      /** The error behind `card-unknown` or `store-unreachable`, for the log. */
      err?: unknown;
    }
  | {
      ok: false;
      reason: ClickerAdmissionRefusal;
      payload: CardTokenPayload;
      /** The requester check's answer, with whatever detail it gave (the roles the clicker holds). */
      clicker: R;
    }
  | {
      ok: false;
      reason: "inputs-rejected";
      payload: CardTokenPayload;
      /** What the action says about the values typed into the card (checkInputs). */
      inputsRejected: string;
    };

type ClickerAdmissionRefusal = (typeof CLICKER_REFUSAL)[ClickerRefusal["reason"]];

export interface AdmissionDeps<A extends AdmissibleAction, R extends ClickerRefusal = ClickerRefusal> {
  key: Buffer;
  now(): number;
  /** The org the bot acts on; a card signed for another (or when unknown) is refused. */
  actingOrgId: string | undefined;
  findAction(id: string): A | undefined;
  /** Whether the clicker passes the requester check now (allowlist, org, admin role). */
  checkClicker(): { ok: true } | R | Promise<{ ok: true } | R>;
  /** Whether the pressed message is the card the token was posted in; throws when it cannot tell. */
  isOnItsCard(payload: CardTokenPayload, token: string, messageId: string): Promise<boolean>;
  /** Atomic once-only claim (memory or Redis); throws when the store cannot be reached. */
  claim(key: string, ttlMs: number): Promise<boolean>;
  /**
   * What is wrong with the values typed into the card for this action (a location name to type
   * before Delete works), or undefined. Checked before the claim, so a typo does not spend the card.
   */
  checkInputs?(action: A, data: unknown): string | undefined;
}

/** Why the requester check refused a clicker; the check may add detail (the roles they hold). */
export interface ClickerRefusal {
  ok: false;
  reason: "not-allowlisted" | "other-org" | "not-full-admin" | "role-unverified";
}

const CLICKER_REFUSAL = {
  "not-allowlisted": "clicker-not-allowlisted",
  "other-org": "clicker-other-org",
  "not-full-admin": "clicker-not-admin",
  "role-unverified": "clicker-role-unverified",
} as const satisfies Record<ClickerRefusal["reason"], AdmissionRefusal>;

/** Keep a claim a little past the card's expiry, so a late replay still finds it claimed. */
export const CLAIM_GRACE_MS = 60_000;

/**
 * The one admission step for every card button, before any handler runs. In order:
 * 1. the signature (and the token's shape), then the action is one this version knows and its
 *    data passes that action's schema — nothing below, and no handler, sees unverified input;
 * 2. the card was signed for the org the bot acts on now;
 * 3. it is pressed in the room it was posted to (a press elsewhere cannot be on this card);
 * 4. not expired — an expired card is retired whoever presses it, when the press is on it;
 * 5. the clicker is the requester (or passes the action's wider policy);
 * 6. the clicker still passes the requester check (allowlist, org, and the admin role when that
 *    rule is on: a role revoked between card and press is refused here);
 * 7. the pressed message is the card this token was posted in, so a valid token replayed on
 *    another card's message can neither act nor retire that card;
 * 8. the values typed into the card satisfy the action (checkInputs), before anything is spent;
 * 9. the claim (the card's nonce, or this one button) is taken once, on any instance.
 * Each refusal names its rule; the caller words it and decides where to answer.
 */
export async function admitCardClick<A extends AdmissibleAction, R extends ClickerRefusal = ClickerRefusal>(
  click: CardClick,
  deps: AdmissionDeps<A, R>,
): Promise<Admission<A, R>> {
  const verified = verifyCardToken(click.token, deps.key);
  if (!verified.ok || typeof click.token !== "string") {
    return { ok: false, reason: verified.ok ? "malformed" : verified.reason };
  }
  const token = click.token;
  const payload = verified.payload;
  const action = deps.findAction(payload.action);
  if (!action) return { ok: false, reason: "unknown-action", payload };
  const data = action.schema.safeParse(payload.data);
  if (!data.success) return { ok: false, reason: "malformed" };

  if (!isSameOrg(payload.orgId, deps.actingOrgId)) return { ok: false, reason: "other-org", payload };
  if (click.roomId !== payload.roomId) return { ok: false, reason: "wrong-room", payload };

  const onItsCard = async (): Promise<Admission<A, R> | undefined> => {
    try {
      if (await deps.isOnItsCard(payload, token, click.messageId)) return undefined;
      return { ok: false, reason: "not-on-its-card", payload };
    } catch (err) {
      return { ok: false, reason: "card-unknown", payload, err };
    }
  };

  if (deps.now() >= payload.exp) {
    return (await onItsCard()) ?? { ok: false, reason: "expired", payload, retire: true };
  }
  if (action.clicker === "requester" && click.personId !== payload.requesterId) {
    return { ok: false, reason: "not-requester", payload };
  }
  const allowed = await deps.checkClicker();
  if (!allowed.ok) return { ok: false, reason: CLICKER_REFUSAL[allowed.reason], payload, clicker: allowed };
  const notOnIt = await onItsCard();
  if (notOnIt) return notOnIt;
  const inputsRejected = deps.checkInputs?.(action, data.data);
  if (inputsRejected !== undefined) return { ok: false, reason: "inputs-rejected", payload, inputsRejected };

  let claimed: boolean;
  try {
    claimed = await deps.claim(
      claimKey(payload, token, action.claim),
      payload.exp - deps.now() + CLAIM_GRACE_MS,
    );
  } catch (err) {
    return { ok: false, reason: "store-unreachable", payload, err };
  }
  if (!claimed) return { ok: false, reason: "already-handled", payload };
  return { ok: true, payload, action, data: data.data, token };
}

/** The card's nonce, or for a button-scoped action that button's own key under it. */
function claimKey(payload: CardTokenPayload, token: string, scope: ClaimScope): string {
  const card = `nonce:${payload.nonce}`;
  return scope === "card" ? card : `${card}:${createHash("sha256").update(token).digest("base64url")}`;
}
