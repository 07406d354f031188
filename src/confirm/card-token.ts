import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/** What a card button acts on: everything the deletion needs, fixed when the card was posted. */
export const parkTargetSchema = z.object({
  callParkExtensionId: z.string().min(1),
  locationId: z.string().min(1),
  locationName: z.string(),
  extension: z.string(),
  name: z.string(),
});
export type ParkTarget = z.output<typeof parkTargetSchema>;

export const cardTokenPayloadSchema = z.object({
  /** What pressing this button does. Each button carries its own token, so the action is signed too. */
  act: z.enum(["confirm", "cancel", "choose"]),
  target: parkTargetSchema,
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
export type CardTokenPayload = z.output<typeof cardTokenPayloadSchema>;

const VERSION = "v1";

/**
 * The card signing key: `CARD_SIGNING_KEY` when set, else derived from the webhook secret with HKDF,
 * so every instance and every restart agrees on it without another secret to manage.
 */
export function deriveCardSigningKey(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "park-bot", "card-signing-key v1", 32));
}

/** `v1.<base64url JSON>.<base64url HMAC-SHA256>` */
export function signCardToken(payload: CardTokenPayload, key: Buffer): string {
  const body = `${VERSION}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}`;
  return `${body}.${createHmac("sha256", key).update(body).digest("base64url")}`;
}

export type VerifiedCardToken =
  | { ok: true; payload: CardTokenPayload }
  | { ok: false; reason: "malformed" | "bad-signature" };

/** Checks the signature before looking inside; says nothing about expiry, person or room. */
export function verifyCardToken(token: unknown, key: Buffer): VerifiedCardToken {
  if (typeof token !== "string" || token.length > 4096) return { ok: false, reason: "malformed" };
  const parts = token.split(".");
  if (parts.length !== 3 || parts[0] !== VERSION || !parts[1] || !parts[2])
    return { ok: false, reason: "malformed" };
  const expected = createHmac("sha256", key).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: "bad-signature" };
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  const parsed = cardTokenPayloadSchema.safeParse(json);
  return parsed.success ? { ok: true, payload: parsed.data } : { ok: false, reason: "malformed" };
}
