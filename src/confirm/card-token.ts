import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/** An action id: lower-case words joined by dots, `callpark.delete.confirm`. */
export const CARD_ACTION_ID = /^[a-z][a-z0-9-]*(?:\.[a-z][a-z0-9-]*)*$/;

/**
 * What the admission step checks itself, the same for every card action: who asked, where, for
 * which org, until when, and the card's nonce. Every button of one card shares them.
 */
export const cardClaimsSchema = z.object({
  orgId: z.string().optional(),
  requesterId: z.string().min(1),
  requesterEmail: z.string(),
  roomId: z.string().min(1),
  /** The message that started the request: results are replies in its thread. */
  threadId: z.string().min(1),
  /** Expiry, ms since the epoch. */
  exp: z.number().int().positive(),
  /** Shared by the buttons of one card: claiming it once retires the whole card. */
  nonce: z.string().min(16),
});
export type CardClaims = z.output<typeof cardClaimsSchema>;

/**
 * One button's signed content: the claims, the action it runs, and that action's own data. The
 * data is checked against the action's schema after the signature, by the admission step; here
 * it is only known to be JSON.
 */
export const cardTokenPayloadSchema = cardClaimsSchema.extend({
  action: z.string().max(64).regex(CARD_ACTION_ID),
  data: z.json(),
});
export type CardTokenPayload = z.output<typeof cardTokenPayloadSchema>;

const VERSION = "v2";
/** The single-operation format before card actions were owned by commands. */
const OUTDATED_VERSIONS = new Set(["v1"]);
/** Longest token accepted (base64url characters); a card carries one per button. */
export const MAX_TOKEN_LENGTH = 4096;

/**
 * The card signing key: `CARD_SIGNING_KEY` when set, else derived from the webhook secret with HKDF,
 * so every instance and every restart agrees on it without another secret to manage.
 */
export function deriveCardSigningKey(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "park-bot", "card-signing-key v1", 32));
}

/** `v2.<base64url JSON>.<base64url HMAC-SHA256>` */
export function signCardToken(payload: CardTokenPayload, key: Buffer): string {
  const body = `${VERSION}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}`;
  return `${body}.${createHmac("sha256", key).update(body).digest("base64url")}`;
}

export type VerifiedCardToken =
  | { ok: true; payload: CardTokenPayload }
  /** `outdated`: genuinely ours, signed by an earlier version whose format this one does not read. */
  | { ok: false; reason: "malformed" | "bad-signature" | "outdated" };

/** Checks the signature before looking inside; says nothing about expiry, person, room or action. */
export function verifyCardToken(token: unknown, key: Buffer): VerifiedCardToken {
  if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: "malformed" };
  const parts = token.split(".");
  const [version, body, signature] = parts;
  if (parts.length !== 3 || !version || !body || !signature) return { ok: false, reason: "malformed" };
  if (version !== VERSION && !OUTDATED_VERSIONS.has(version)) return { ok: false, reason: "malformed" };
  const expected = createHmac("sha256", key).update(`${version}.${body}`).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: "bad-signature" };
  }
  if (version !== VERSION) return { ok: false, reason: "outdated" };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  const parsed = cardTokenPayloadSchema.safeParse(json);
  return parsed.success ? { ok: true, payload: parsed.data } : { ok: false, reason: "malformed" };
}
