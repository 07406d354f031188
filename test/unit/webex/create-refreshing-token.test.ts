import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Timers } from "../../../src/clock.js";
import { type RunningEmulator, startEmulator } from "../../../src/emulator/create-emulator.js";
import { createLogger } from "../../../src/logger.js";
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

const TTL_SECONDS = 600;

/** Timers that only run when the test says so; each remembers its delay. */
function manualTimers() {
  const pending = new Map<number, { fn: () => void; ms: number }>();
  let next = 0;
  const timers: Timers = {
    set: (fn, ms) => {
      pending.set(++next, { fn, ms });
      return next;
    },
    clear: (handle) => {
      pending.delete(handle as number);
    },
  };
  return {
    timers,
    delays: () => [...pending.values()].map((t) => t.ms),
    /** Runs every pending timer once (a timer may schedule the next). */
    fire: () => {
      const due = [...pending.entries()];
      for (const [id] of due) pending.delete(id);
      for (const [, t] of due) t.fn();
    },
  };
}

describe("admin token: refreshed on a timer, even when the bot is idle", () => {
  let emulator: RunningEmulator;
  let now = Date.parse("2030-03-01T09:00:00Z");
  const clock = { now: () => now };

  beforeEach(async () => {
    emulator = await startEmulator({
      seed: serviceAppOrg({ accessTokenTtlSeconds: TTL_SECONDS }),
      now: clock.now,
    });
  });
  afterEach(async () => {
    await emulator.close();
  });

  function provider(timers: Timers, marginMs?: number) {
    return createRefreshingToken({
      client: createWebexClient({
        baseUrl: emulator.apiUrl,
        tokens: staticToken(""),
        logger: createLogger("silent"),
        clock,
        retry: { maxAttempts: 1 },
      }),
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      refreshToken: REFRESH_TOKEN,
      clock,
      logger: createLogger("silent"),
      retryMs: 1_000,
      timers,
      ...(marginMs === undefined ? {} : { marginMs }),
    });
  }

  it("schedules the next refresh a tenth of the lifetime before expiry, and it runs with no call in between", async () => {
    const t = manualTimers();
    const tokens = provider(t.timers);
    const first = await tokens.getToken();
    expect(t.delays()).toEqual([(TTL_SECONDS - TTL_SECONDS / 10) * 1000]);

    now += (TTL_SECONDS - TTL_SECONDS / 10) * 1000;
    t.fire();
    await expect.poll(() => tokens.refreshes()).toBe(2);
    expect(tokenRequests(emulator.requests).map((r) => r.status)).toEqual([200, 200]);
    expect(emulator.requests.filter((r) => r.path !== "/access_token")).toEqual([]);

    // The fresh token is served without asking Webex again, and the timer is set for the next one.
    const second = await tokens.getToken();
    expect(second).not.toBe(first);
    expect(tokenRequests(emulator.requests)).toHaveLength(2);
    expect(t.delays()).toEqual([(TTL_SECONDS - TTL_SECONDS / 10) * 1000]);
  });

  it("a scheduled refresh that fails is tried again after the retry wait", async () => {
    const t = manualTimers();
    const tokens = provider(t.timers);
    await tokens.getToken();
    emulator.faults.inject({ method: "POST", path: "/access_token", status: 503 });

    t.fire();
    await expect.poll(() => t.delays()).toEqual([1_000]);
    expect(tokens.refreshes()).toBe(1);

    t.fire();
    await expect.poll(() => tokens.refreshes()).toBe(2);
    expect(tokenRequests(emulator.requests).map((r) => r.status)).toEqual([200, 503, 200]);
  });

  it("a scheduled refresh Webex refuses (the refresh token revoked) is not retried on a timer", async () => {
    const t = manualTimers();
    const tokens = provider(t.timers);
    await tokens.getToken();
    emulator.faults.inject({ method: "POST", path: "/access_token", status: 400 });
    t.fire();
    await expect.poll(() => tokenRequests(emulator.requests).map((r) => r.status)).toEqual([200, 400]);
    expect(t.delays()).toEqual([]);
  });

  it("a lifetime longer than a timer can hold waits the longest a timer can, not zero", async () => {
    const t = manualTimers();
    // A negative margin puts the refresh point 60 days past the lifetime.
    const tokens = provider(t.timers, -60 * 24 * 60 * 60_000);
    await tokens.getToken();
    expect(t.delays()).toEqual([2 ** 31 - 1]);
  });

  it("stop() cancels the scheduled refresh", async () => {
    const t = manualTimers();
    const tokens = provider(t.timers);
    await tokens.getToken();
    expect(t.delays()).toHaveLength(1);
    tokens.stop();
    expect(t.delays()).toEqual([]);
  });
});
