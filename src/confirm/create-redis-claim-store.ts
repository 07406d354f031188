import { Redis } from "ioredis";
import type { Logger } from "../logger.js";
import type { ClaimStore } from "./claim-store.js";

/** Marks what `set` stored, so a claimed key ("1") never reads back as a value. */
const VALUE = "v:";

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
  // ioredis emits "error" on every reconnect attempt (every 50 ms to 2 s while Redis is down):
  // only a change of state is worth a log line above debug.
  let state: "connecting" | "up" | "down" = "connecting";
  let closing = false;
  const lost = (reason: string) => {
    if (closing || state === "down") return;
    state = "down";
    logger.warn(
      { reason },
      "Redis is unreachable: card claims and event de-duplication are unavailable; /readyz answers 503 until it is back",
    );
  };
  redis.on("ready", () => {
    if (state === "down") logger.info("Redis is reachable again: card claims and seen events are shared");
    state = "up";
  });
  redis.on("close", () => lost("connection closed"));
  redis.on("error", (err: Error) => {
    logger.debug({ err: err.message }, "redis error");
    lost(err.message);
  });
  return {
    claim: async (key, ttlMs) => {
      const result = await redis.set(`${prefix}${key}`, "1", "PX", Math.max(1, Math.ceil(ttlMs)), "NX");
      return result === "OK";
    },
    set: async (key, value, ttlMs) => {
      await redis.set(`${prefix}${key}`, `${VALUE}${value}`, "PX", Math.max(1, Math.ceil(ttlMs)));
    },
    get: async (key) => {
      const stored = await redis.get(`${prefix}${key}`);
      // A claimed key holds "1": only what `set` stored reads back.
      return stored?.startsWith(VALUE) ? stored.slice(VALUE.length) : undefined;
    },
    close: async () => {
      closing = true;
      await redis.quit().catch(() => redis.disconnect());
    },
    isReachable: () => state === "up",
  };
}
