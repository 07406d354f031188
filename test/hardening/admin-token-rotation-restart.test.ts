import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../e2e/harness.js";
import { ALICE } from "../e2e/test-org.js";
import { startRedis, type TestRedis } from "../support/start-redis.js";
import { refreshAdmin, serviceAppOrg, tokenRequests } from "./support.js";

// This service app gets a new refresh token on every refresh and the old one stops working. The
// configured WEBEX_REFRESH_TOKEN is therefore retired by the first start's refresh: a restart
// must use the rotated one, kept in Redis, or it cannot start at all.
describe("admin token: a restart uses the refresh token Webex rotated in, kept in Redis", () => {
  let h: Harness;
  let redis: TestRedis;

  beforeAll(async () => {
    redis = await startRedis();
    h = await startHarness({
      seed: serviceAppOrg({ rotateRefreshToken: true }),
      config: { admin: refreshAdmin(), redisUrl: redis.url },
    });
  });
  afterAll(async () => {
    await h?.close();
    await redis?.stop();
  });

  it("two restarts each refresh with the newest refresh token, none refused, and the bot still deletes", async () => {
    await h.restartApp();
    await h.restartApp();
    expect(tokenRequests(h.emulator.requests).map((r) => r.status)).toEqual([200, 200, 200]);
    await h.say(ALICE, "Alice 1:1", "delete park ext 1234 at HQ");
    await h.press(ALICE, h.lastCard("Alice 1:1").id, 0);
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeUndefined();
  });
});
