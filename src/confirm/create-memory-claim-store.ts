import type { Clock } from "../clock.js";
import type { ClaimStore } from "./claim-store.js";

/**
 * A ClaimStore for one process. Expired keys are swept as new ones arrive, so memory stays bounded
 * by the claims of one TTL window.
 */
export function createMemoryClaimStore(clock: Clock): ClaimStore {
  const expiries = new Map<string, number>();
  let nextSweep = 0;

  function sweep(now: number): void {
    if (now < nextSweep) return;
    for (const [key, expiry] of expiries) if (expiry <= now) expiries.delete(key);
    nextSweep = now + 1_000;
  }

  return {
    claim: async (key, ttlMs) => {
      const now = clock.now();
      sweep(now);
      const expiry = expiries.get(key);
      if (expiry !== undefined && expiry > now) return false;
      expiries.set(key, now + ttlMs);
      return true;
    },
    close: async () => {
      expiries.clear();
    },
  };
}
