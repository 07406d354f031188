import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STATE_STORE_UNREACHABLE } from "../../commands/state-store-unreachable.js";
import { startRedis, type TestRedis } from "../support/start-redis.js";
import { type Harness, startHarness } from "./harness.js";
import { newBotMessages, parkDeletes, requestMessage } from "./support.js";
import { ALICE } from "./test-org.js";

// Redis failing in the middle of a press, after the event was taken in: a real redis-server whose
// default user loses every key but the webhook-event ones (ACL), so the event is de-duplicated
// and then the card's claim fails. The press must be answered in the request's thread, and nothing
// deleted; before, such a failure ended in a log line and silence.
describe("the state store failing during a press", () => {
  let redis: TestRedis;
  let admin: Redis;
  let h: Harness;

  beforeAll(async () => {
    redis = await startRedis();
    admin = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await admin.connect();
    h = await startHarness({ config: { redisUrl: redis.url } });
  });
  afterAll(async () => {
    await h?.close();
    admin?.disconnect();
    await redis?.stop();
  });

  it("a claim refused by Redis is answered in the thread: the store is unreachable, nothing was done", async () => {
    await h.say(ALICE, "Alice 1:1", "delete park ext 1234 at HQ");
    const card = h.lastCard("Alice 1:1");
    const request = requestMessage(h, "Alice 1:1", "delete park ext 1234 at HQ");
    // From here on only webhook-event keys may be written: the press is taken in, its claim is not.
    await admin.call("ACL", "SETUSER", "default", "resetkeys", "~park-bot:event:*");
    try {
      const since = h.botMessages("Alice 1:1").length;
      await h.press(ALICE, card.id, 0);
      const replies = newBotMessages(h, "Alice 1:1", since);
      expect(replies.map((m) => [m.text, m.parentId])).toEqual([[STATE_STORE_UNREACHABLE, request.id]]);
      expect(parkDeletes(h)).toEqual([]);
      expect(h.emulator.callParkExtension("HQ", "1234")).toBeDefined();
      expect(
        h.logs.some((l) => l.msg === "card press not admitted" && l.reason === "store-unreachable"),
      ).toBe(true);
    } finally {
      await admin.call("ACL", "SETUSER", "default", "allkeys");
    }
  });
});
