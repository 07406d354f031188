import { describe, expect, it } from "vitest";
import { useHarness } from "../e2e/harness.js";
import { ALICE } from "../e2e/test-org.js";
import { lastSeq, refreshAdmin, requestsAfter, serviceAppOrg, telephony, tokenRequests } from "./support.js";

// Proactive refresh: access tokens live 600 s here; the bot refreshes a tenth of
// the lifetime (60 s) before expiry. The bot and the emulator share one manual clock, so moving it
// forward really expires tokens in the emulator, without waiting and without fake timers.
const TTL_SECONDS = 600;

describe("admin token: refreshed before it expires, not after a 401", () => {
  let now = Date.parse("2030-03-01T09:00:00Z");
  const clock = { now: () => now };

  const h = useHarness({
    seed: serviceAppOrg({ accessTokenTtlSeconds: TTL_SECONDS }),
    config: { admin: refreshAdmin() },
    app: { clock },
    emulator: { now: clock.now },
  });

  async function deleteFlow(extension: string) {
    const since = lastSeq(h.emulator.requests);
    await h.say(ALICE, "Alice 1:1", `delete park ext ${extension} at HQ`);
    await h.press(ALICE, h.lastCard("Alice 1:1").id, 0);
    expect(h.emulator.callParkExtension("HQ", extension)).toBeUndefined();
    return requestsAfter(h.emulator.requests, since);
  }

  it("within the lifetime, before the refresh point: the token is reused", async () => {
    now += (TTL_SECONDS - 120) * 1000;
    const log = await deleteFlow("1234");
    expect(tokenRequests(log)).toEqual([]);
    expect(telephony(log).map((c) => c.status)).toEqual([200, 200, 200, 204]); // lookup, call park groups, read by id, DELETE
  });

  it("past the refresh point but before expiry: refreshed before the first call", async () => {
    now += 90_000; // 570 s after the token was issued: past 540 s, before 600 s
    const log = await deleteFlow("1235");
    const refreshes = tokenRequests(log);
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]?.status).toBe(200);
    const calls = telephony(log);
    expect(calls.map((c) => `${c.method} ${c.status} ${c.auth}`)).toEqual([
      "GET 200 service-app",
      "GET 200 service-app", // the call park groups, for the card's "used by" line
      "GET 200 service-app", // the extension read by id before the DELETE
      "DELETE 204 service-app",
    ]);
    expect(refreshes[0]?.seq).toBeLessThan(calls[0]?.seq ?? 0);
  });

  it("long past expiry: refreshed before the call, so Webex never answers 401", async () => {
    now += (TTL_SECONDS + 100) * 1000;
    const log = await deleteFlow("12345");
    expect(tokenRequests(log)).toHaveLength(1);
    expect(log.filter((r) => r.status === 401 || r.auth === "invalid")).toEqual([]);
    expect(telephony(log).map((c) => c.status)).toEqual([200, 200, 200, 204]); // lookup, call park groups, read by id, DELETE
  });
});
