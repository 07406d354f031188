import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Checks `X-Spark-Signature`: lowercase hex HMAC-SHA1 of the raw body bytes, keyed by the webhook
 * secret (developer.webex.com "Using a Webhook Secret").
 *
 * Rules, in order:
 * 1. No header, or more than one → invalid.
 * 2. Not 40 hex digits → invalid (never compare buffers of different lengths).
 * 3. Hash the bytes as received — never a re-serialized parse, which reorders and re-escapes.
 * 4. Compare in constant time.
 */
export function verifyWebexSignature(
  rawBody: Buffer,
  header: string | string[] | undefined,
  secret: string,
): boolean {
  if (typeof header !== "string" || !/^[0-9a-fA-F]{40}$/.test(header)) return false;
  const expected = createHmac("sha1", secret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(header, "hex"));
}
