import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClaimStore } from "../../../src/confirm/claim-store.js";
import { createRedisClaimStore } from "../../../src/confirm/create-redis-claim-store.js";
import { createLogger } from "../../../src/logger.js";
import { startRedis, type TestRedis } from "../../support/start-redis.js";

// Against the system's real redis-server: TTLs are Redis's own, so only what needs no waiting is
// asserted here (a key's lifetime is read back with PTTL, never slept on).
describe("createRedisClaimStore", () => {
  let redis: TestRedis;
  let a: ClaimStore;
  let b: ClaimStore;
  const logger = createLogger("silent", new Writable({ write: (_c, _e, done) => done() }));

  beforeAll(async () => {
    redis = await startRedis();
    // Two stores on one server: two instances of the bot.
    a = createRedisClaimStore(redis.url, logger, "test:");
    b = createRedisClaimStore(redis.url, logger, "test:");
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await redis?.stop();
  });

  it("a key is claimed once, across instances", async () => {
    const results = await Promise.all([a.claim("nonce:1", 60_000), b.claim("nonce:1", 60_000)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await a.claim("nonce:1", 60_000)).toBe(false);
  });

  it("a value set on one instance reads back on another; a later set replaces it", async () => {
    expect(await b.get("card:n1")).toBeUndefined();
    await a.set("card:n1", "MSG_1", 60_000);
    expect(await b.get("card:n1")).toBe("MSG_1");
    await b.set("card:n1", "MSG_2", 60_000);
    expect(await a.get("card:n1")).toBe("MSG_2");
  });

  it("a claimed key reads back as nothing; a key that was set cannot be claimed", async () => {
    expect(await a.claim("nonce:2", 60_000)).toBe(true);
    expect(await b.get("nonce:2")).toBeUndefined();
    await a.set("card:n2", "MSG", 60_000);
    expect(await b.claim("card:n2", 60_000)).toBe(false);
  });

  it("a value that lapses is gone", async () => {
    await a.set("card:short", "MSG", 1);
    // 1 ms in Redis: poll until it is gone rather than sleep a guessed time.
    let value: string | undefined = "MSG";
    for (let i = 0; i < 1_000 && value !== undefined; i++) value = await b.get("card:short");
    expect(value).toBeUndefined();
  });
});
