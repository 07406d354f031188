import { createHash } from "node:crypto";
import type { z } from "zod";
import type { ClaimStore } from "./claim-store.js";

/**
 * Keeps a value too big for a card token (a bulk delete's set, an Undo's snapshot) in the claim
 * store, where every instance sharing it can read it, under the SHA-256 of its JSON. The token
 * signs that hash: whoever can write to the store still cannot change what a signed button acts on,
 * since `unstash` re-hashes what it reads and refuses anything else.
 */
export async function stash(claims: ClaimStore, value: unknown, ttlMs: number): Promise<string> {
  const json = JSON.stringify(value);
  const hash = sha256(json);
  await claims.set(keyOf(hash), json, ttlMs);
  return hash;
}

/**
 * The value stashed under `hash`, while it lives; undefined when it expired, the store was
 * emptied (a restart of a store in memory), or what is there no longer matches the hash or the
 * schema. Throws when the store cannot be reached.
 */
export async function unstash<T>(
  claims: ClaimStore,
  hash: string,
  schema: z.ZodType<T>,
): Promise<T | undefined> {
  const json = await claims.get(keyOf(hash));
  if (json === undefined || sha256(json) !== hash) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

function keyOf(hash: string): string {
  return `stash:${hash}`;
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("base64url");
}
