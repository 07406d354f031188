import type { z } from "zod";
import type { AuditTarget } from "../src/audit/audit-log.js";
import type { ClaimScope, ClickerPolicy } from "../src/confirm/admit-card-click.js";
import { type CardClaims, type CardTokenPayload, signCardToken } from "../src/confirm/card-token.js";
import type { CommandContext } from "./command.js";

/** What a handler is given besides its data: the verified card it was pressed on. */
export interface CardActionContext extends CommandContext {
  /** The pressed card's claims, verified: who asked, where, the thread, the nonce. */
  card: CardClaims;
  /** The message the button was pressed on: the card itself (admission checked it). */
  messageId: string;
  /** Deletes the pressed card's message (Webex cannot edit a card). Never throws: the claim already stops a second use. */
  retireCard(): Promise<void>;
}

/**
 * A card button a command owns, in the spirit of Slack Bolt's `app.action(id, handler)`: an id,
 * the zod schema of the data its buttons sign, and the handler. The admission step
 * (admitCardClick) verifies signature, org, room, expiry, clicker and card, parses `data` with
 * `schema` and claims the press once; only then is `handle` called, with the parsed data.
 */
export interface CardAction<D> {
  /** Unique across all commands, dotted lower case: `callpark.delete.confirm`. */
  id: string;
  schema: z.ZodType<D>;
  /** Default `requester`: only the person who asked may press it. */
  clicker?: ClickerPolicy;
  /** Default `card`: the first press of any of the card's buttons spends the whole card. */
  claim?: ClaimScope;
  /** True when the handler can change Webex: then an error never claims that nothing changed. */
  mutating: boolean;
  /** Said after an expiry or a refusal, when pressing again cannot help. Default: "Ask again if you still need it." */
  askAgain?: string;
  /** What refusals of this button record as their target in the audit trail. */
  auditTarget?(data: D): AuditTarget;
  /**
   * What is wrong with the values typed into the card (untrusted: only compared, never used), said
   * in the thread; undefined lets the press through. Checked before the claim: a typo does not
   * spend the card.
   */
  checkInputs?(data: D, inputs: Readonly<Record<string, unknown>>): string | undefined;
  handle(data: D, ctx: CardActionContext): Promise<void>;
}

/** A card action with its data type erased, so actions of different commands share one registry. */
export interface AnyCardAction {
  id: string;
  schema: z.ZodType;
  clicker: ClickerPolicy;
  claim: ClaimScope;
  mutating: boolean;
  askAgain: string;
  auditTarget(data: unknown): AuditTarget | undefined;
  checkInputs(data: unknown, inputs: Readonly<Record<string, unknown>>): string | undefined;
  handle(data: unknown, ctx: CardActionContext): Promise<void>;
}

export const DEFAULT_ASK_AGAIN = "Ask again if you still need it.";

export function defineCardAction<D>(action: CardAction<D>): AnyCardAction & { sign: Signer<D> } {
  return {
    id: action.id,
    schema: action.schema,
    clicker: action.clicker ?? "requester",
    claim: action.claim ?? "card",
    mutating: action.mutating,
    askAgain: action.askAgain ?? DEFAULT_ASK_AGAIN,
    auditTarget: (data) => action.auditTarget?.(data as D),
    checkInputs: (data, inputs) => action.checkInputs?.(data as D, inputs),
    handle: (data, ctx) => action.handle(data as D, ctx),
    sign: (data, claims, key) =>
      signCardToken({ ...claims, action: action.id, data: data as CardTokenPayload["data"] }, key),
  };
}

/** Signs one button of a card: this action, its data, and the card's claims. */
export type Signer<D> = (data: D, claims: CardClaims, key: Buffer) => string;
