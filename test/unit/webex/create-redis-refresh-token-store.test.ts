import { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../../src/emulator/create-emulator.js";
import { createLogger } from "../../../src/logger.js";
import { createRedisRefreshTokenStore } from "../../../src/webex/create-redis-refresh-token-store.js";
import { createRefreshingToken } from "../../../src/webex/create-refreshing-token.js";
import { createWebexClient } from "../../../src/webex/create-webex-client.js";
import { staticToken } from "../../../src/webex/token-provider.js";
import {
  CLIENT_ID,
  CLIENT_SECRET,
  REFRESH_TOKEN,
  serviceAppOrg,
  tokenRequests,
} from "../../hardening/support.js";
import { startRedis, type TestRedis } from "../../support/start-redis.js";

describe("the rotated admin refresh token, kept in Redis", () => {
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

  const store = (overrides: { clientSecret?: string; configuredRefreshToken?: string } = {}) =>
    createRedisRefreshTokenStore({
      redis,
      clientId: CLIENT_ID,
      clientSecret: overrides.clientSecret ?? CLIENT_SECRET,
      configuredRefreshToken: overrides.configuredRefreshToken ?? REFRESH_TOKEN,
    });

  it("reads back what it stored, and Redis holds it encrypted", async () => {
    await store().save("rt-rotated-secret-value");
    expect(await store().load()).toBe("rt-rotated-secret-value");
    const keys = await redis.keys("*");
    expect(keys).toHaveLength(1);
    const raw = (await redis.get(keys[0] ?? "")) ?? "";
    expect(raw).not.toContain("rt-rotated-secret-value");
    expect(raw).not.toContain(Buffer.from("rt-rotated-secret-value").toString("base64"));
  });

  it("ignores a token stored before the configured refresh token changed (the app was re-authorized)", async () => {
    await store().save("rt-from-the-old-authorization");
    expect(await store({ configuredRefreshToken: "a-new-configured-token" }).load()).toBeUndefined();
  });

  it("cannot be read with another client secret", async () => {
    await store().save("rt-rotated");
    expect(await store({ clientSecret: "another-client-secret-0002" }).load()).toBeUndefined();
  });

  describe("with a service app whose refresh token Webex rotates on every refresh", () => {
    let emulator: RunningEmulator;
    beforeAll(async () => {
      emulator = await startEmulator({ seed: serviceAppOrg({ rotateRefreshToken: true }) });
    });
    afterAll(async () => {
      await emulator?.close();
    });

    const provider = () =>
      createRefreshingToken({
        client: createWebexClient({
          baseUrl: emulator.apiUrl,
          tokens: staticToken(""),
          logger: createLogger("silent"),
          retry: { maxAttempts: 1 },
        }),
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        refreshToken: REFRESH_TOKEN,
        clock: { now: Date.now },
        logger: createLogger("silent"),
        store: store(),
      });

    it("a restarted bot (or a second instance) starts with the newest refresh token, not the retired configured one", async () => {
      const first = provider();
      await first.getToken();
      first.stop();
      // The configured token was retired by that rotation: a new process must not send it.
      const second = provider();
      await second.getToken();
      second.stop();
      const third = provider();
      await third.getToken();
      third.stop();
      expect(tokenRequests(emulator.requests).map((r) => r.status)).toEqual([200, 200, 200]);
    });
  });
});
