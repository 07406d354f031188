import { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AuditEvent } from "../../../src/audit/audit-log.js";
import { createRedisAuditStream } from "../../../src/audit/create-redis-audit-stream.js";
import { startRedis, type TestRedis } from "../../support/start-redis.js";

describe("the audit stream in Redis", () => {
  let server: TestRedis;
  let redis: Redis;

  beforeAll(async () => {
    server = await startRedis();
    redis = new Redis(server.url);
  });
  afterAll(async () => {
    await redis?.quit();
    await server?.stop();
  });
  beforeEach(async () => {
    await redis.flushall();
  });

  const outcome = (i: number): AuditEvent => ({ kind: "outcome", roomId: "r", result: `deleted ${i}` });
  const isOutcome = (e: AuditEvent) => e.kind === "outcome";

  it("reads back the newest matching entries first", async () => {
    const stream = createRedisAuditStream({ redis });
    for (let i = 0; i < 5; i++) {
      await stream.append(outcome(i));
      await stream.append({ kind: "refusal", roomId: "r" });
    }
    const { events, exhausted } = await stream.recent(isOutcome, 3, 10_000);
    expect(events.map((e) => e.result)).toEqual(["deleted 4", "deleted 3", "deleted 2"]);
    expect(exhausted).toBe(false);
  });

  it("finds a deletion behind 10 000 later refusals", async () => {
    const stream = createRedisAuditStream({ redis });
    await stream.append(outcome(1));
    const pipeline = redis.pipeline();
    for (let i = 0; i < 10_000; i++)
      pipeline.xadd("park-bot:audit", "*", "event", JSON.stringify({ kind: "refusal", roomId: "r" }));
    await pipeline.exec();
    const { events, scanned } = await stream.recent(isOutcome, 10, 50_000);
    expect(events.map((e) => e.result)).toEqual(["deleted 1"]);
    expect(scanned).toBe(10_001);
  });

  it("stops at the scan bound and says the answer may be incomplete", async () => {
    const stream = createRedisAuditStream({ redis });
    await stream.append(outcome(1));
    for (let i = 0; i < 20; i++) await stream.append({ kind: "refusal", roomId: "r" });
    const result = await stream.recent(isOutcome, 10, 10);
    expect(result).toEqual({ events: [], scanned: 10, exhausted: false });
  });

  it("keeps the stream near its length cap", async () => {
    const stream = createRedisAuditStream({ redis, maxLength: 100 });
    for (let i = 0; i < 1_000; i++) await stream.append(outcome(i));
    const length = await redis.xlen("park-bot:audit");
    // Approximate trimming keeps at least the cap and drops whole nodes (100 entries each by default).
    expect(length).toBeGreaterThanOrEqual(100);
    expect(length).toBeLessThan(300);
  });
});
