import { Redis } from "ioredis";
import type { Logger } from "../logger.js";
import type { ClaimStore } from "./claim-store.js";

/**
 * A ClaimStore shared by every instance: `SET key 1 NX PX ttl` is atomic in Redis, so of two
 * instances claiming one card nonce at once exactly one gets "OK". Keys expire on their own.
 */
export function createRedisClaimStore(url: string, logger: Logger, prefix = "park-bot:"): ClaimStore {
  const redis = new Redis(url, {
    // Fail a claim quickly rather than queue it while Redis is away: the click is refused and can
    // be retried, which is better than a deletion waiting on a reconnect.
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    lazyConnect: false,
  });
  redis.on("error", (err: Error) => logger.warn({ err: err.message }, "redis error"));
  return {
    claim: async (key, ttlMs) => {
      const result = await redis.set(`${prefix}${key}`, "1", "PX", Math.max(1, Math.ceil(ttlMs)), "NX");
      return result === "OK";
    },
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
