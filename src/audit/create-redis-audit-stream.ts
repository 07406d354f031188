import type { Redis } from "ioredis";
import type { AuditEvent } from "./audit-log.js";

/** The audit trail every instance shares: one Redis stream. */
export interface AuditStream {
  /** Resolves once Redis has acknowledged the entry (XADD answered). */
  append(line: AuditEvent): Promise<void>;
  /** The newest `limit` entries that `match`, newest first, reading at most `maxScan` entries back. */
  recent(
    match: (event: AuditEvent) => boolean,
    limit: number,
    maxScan: number,
  ): Promise<{ events: AuditEvent[]; scanned: number; exhausted: boolean }>;
}

export interface RedisAuditStreamOptions {
  redis: Redis;
  /** Entries kept (XADD MAXLEN ~): the oldest are trimmed past it. Default 100 000. */
  maxLength?: number;
  key?: string;
}

/** Entries read per XREVRANGE: large enough that `audit` usually needs one round trip. */
const PAGE = 500;

/**
 * Every audit record of every instance in one Redis stream, capped in length (approximate
 * trimming, which Redis does in whole macro-nodes and is far cheaper than exact). `recent` reads
 * backwards from the newest entry, a page at a time, so a flood of refusals costs pages, not the
 * answer.
 */
export function createRedisAuditStream(options: RedisAuditStreamOptions): AuditStream {
  const { redis } = options;
  const key = options.key ?? "park-bot:audit";
  const maxLength = options.maxLength ?? 100_000;

  return {
    append: async (line) => {
      await redis.xadd(key, "MAXLEN", "~", String(maxLength), "*", "event", JSON.stringify(line));
    },
    recent: async (match, limit, maxScan) => {
      const events: AuditEvent[] = [];
      let scanned = 0;
      let end = "+";
      for (;;) {
        const count = Math.min(PAGE, maxScan - scanned);
        const page = await redis.xrevrange(key, end, "-", "COUNT", count);
        for (const [, fields] of page) {
          scanned++;
          const json = fields[fields.indexOf("event") + 1];
          if (json === undefined) continue;
          try {
            const event = JSON.parse(json) as AuditEvent;
            if (match(event)) events.push(event);
          } catch {
            // Not one of ours; the rest is still good.
          }
          if (events.length >= limit) return { events, scanned, exhausted: false };
        }
        const last = page.at(-1);
        if (page.length < count || last === undefined) return { events, scanned, exhausted: true };
        if (scanned >= maxScan) return { events, scanned, exhausted: false };
        end = `(${last[0]}`;
      }
    },
  };
}
