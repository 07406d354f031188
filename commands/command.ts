import type { Allowlist } from "../src/allowlist.js";
import type { AuditLog } from "../src/audit/audit-log.js";
import type { Clock } from "../src/clock.js";
import type { BulkSettings } from "../src/config.js";
import type { ClaimStore } from "../src/confirm/claim-store.js";
import type { RefusalLimiter } from "../src/confirm/create-refusal-limiter.js";
import type { AdminRoleCheck } from "../src/create-admin-role-check.js";
import type { Logger } from "../src/logger.js";
import type { CallingApi } from "../src/webex/create-calling-api.js";
import type { DirectoryApi } from "../src/webex/create-directory-api.js";
import type { MessagingApi } from "../src/webex/create-messaging-api.js";
import type { PostedMessage } from "../src/webex/schemas.js";
import type { AnyCardAction } from "./card-action.js";
import type { AdmittedBy } from "./check-requester.js";

/** A typo is a value, not an exception; `error` says what to type instead. */
export type ParseResult<I> = { ok: true; intent: I } | { ok: false; error: string };

/** What the handlers need from the outside world, passed in (no singletons). */
export interface Services {
  calling: CallingApi;
  messaging: MessagingApi;
  audit: AuditLog;
  claims: ClaimStore;
  clock: Clock;
  allowlist: Allowlist;
  /** The admin-role rule (REQUIRE_WEBEX_ADMIN); undefined when off, and the allowlist alone decides. */
  adminRoles: AdminRoleCheck | undefined;
  logger: Logger;
  /** Key for card tokens (HMAC-SHA256). */
  cardKey: Buffer;
  /** How long a card stays valid (ms). */
  confirmTtlMs: number;
  /** BULK_MAX, BULK_CONCURRENCY, UNDO_TTL_SECONDS. */
  bulk: BulkSettings;
  /**
   * Aborted when the process starts shutting down (SIGTERM): a batch then starts no new item,
   * finishes those in flight and reports the rest as not done.
   */
  stopping: AbortSignal;
  /**
   * The org the admin token acts on: `WEBEX_ORG_ID`, else the admin's own org (GET /people/me at
   * start). Only its people may ask or confirm; undefined (unknown) refuses everyone.
   */
  actingOrgId: string | undefined;
  /** Shown on cards so the admin sees which org the token acts on. */
  orgName: string;
  /**
   * WEBEX_ORG_SPACES (roomId → orgId). Empty: one org. These services are the ones of the space
   * the event came from: `boundToSpace` when that space is mapped (calling, actingOrgId and
   * orgName are then that org's).
   */
  orgSpaces: ReadonlyMap<string, string>;
  boundToSpace: boolean;
  /** People, roles and orgs, with the admin token. */
  directory: DirectoryApi;
  /** A fresh unguessable nonce. */
  newNonce(): string;
  /** Bounds how often one person in one space is answered a refusal. */
  refusals: RefusalLimiter;
}

export interface Requester {
  personId: string;
  email: string;
  displayName: string;
  /** The person's Webex org, from the People API; undefined when Webex did not say. */
  orgId: string | undefined;
}

export interface CommandContext {
  services: Services;
  requester: Requester;
  roomId: string;
  /** Replies go in this thread: the request's own thread. */
  threadId: string;
  /** For a restricted command or a card press: the rules that let the person through (audited). */
  admittedBy?: AdmittedBy;
  reply(markdown: string, card?: Record<string, unknown>): Promise<PostedMessage>;
}

/**
 * One chat command. `parse` returns undefined when the text is not this command at all, so the
 * registry can try the next one; an error result when it is this command but malformed.
 */
export interface Command<I> {
  name: string;
  /** One line for `help`. */
  summary: string;
  /** Shown by `help`, and tested to parse. */
  examples: readonly string[];
  /** True when only allowlisted admins who hold the admin role may run it; checked before `run`, and before any lookup. */
  restricted: boolean;
  parse(text: string): ParseResult<I> | undefined;
  run(intent: I, ctx: CommandContext): Promise<void>;
  /** The card buttons this command's cards carry (defineCardAction); ids unique across commands. */
  actions?: readonly AnyCardAction[];
}

/** Erases the intent type so commands of different intents share one list. */
export interface AnyCommand {
  name: string;
  summary: string;
  examples: readonly string[];
  restricted: boolean;
  parse(text: string): ParseResult<unknown> | undefined;
  run(intent: unknown, ctx: CommandContext): Promise<void>;
  actions?: readonly AnyCardAction[];
}

export function defineCommand<I>(command: Command<I>): AnyCommand {
  return command as unknown as AnyCommand;
}
