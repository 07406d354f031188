import type { Clock } from "../clock.js";
import type { ClaimStore } from "./claim-store.js";

/**
 * A ClaimStore for one process. Expired keys are swept as new ones arrive, so memory stays bounded
 * by the keys of one TTL window.
 */
export function createMemoryClaimStore(clock: Clock): ClaimStore {
  /** A claimed key has no value. */
  const entries = new Map<string, { expiry: number; value?: string }>();
  let nextSweep = 0;

  function sweep(now: number): void {
    if (now < nextSweep) return;
    for (const [key, entry] of entries) if (entry.expiry <= now) entries.delete(key);
    nextSweep = now + 1_000;
  }

  function live(key: string, now: number) {
    const entry = entries.get(key);
    return entry !== undefined && entry.expiry > now ? entry : undefined;
  }

  return {
    claim: async (key, ttlMs) => {
      const now = clock.now();
      sweep(now);
      if (live(key, now)) return false;
      entries.set(key, { expiry: now + ttlMs });
      return true;
    },
    set: async (key, value, ttlMs) => {
      const now = clock.now();
      sweep(now);
      entries.set(key, { expiry: now + ttlMs, value });
    },
    get: async (key) => live(key, clock.now())?.value,
    close: async () => {
      entries.clear();
    },
  };
}
