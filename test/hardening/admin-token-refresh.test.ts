import { describe, expect, it } from "vitest";
import { useHarness } from "../e2e/harness.js";
import { parkDeletes } from "../e2e/support.js";
import { ALICE, BOB } from "../e2e/test-org.js";
import { lastSeq, refreshAdmin, requestsAfter, serviceAppOrg, telephony, tokenRequests } from "./support.js";

// The admin token comes from a service app's refresh token (POST /access_token).
// The emulator issues real expiring tokens; `expireAccessTokens()` revokes every one issued so far.
describe("admin token from a service app: fetched at start, refreshed once on a 401, single-flight", () => {
  const h = useHarness({ seed: serviceAppOrg(), config: { admin: refreshAdmin() } });

  it("fetches an access token at start, before any call with the admin identity, without a bearer token", () => {
    const requests = h.emulator.requests;
    const fetched = tokenRequests(requests);
    expect(fetched).toHaveLength(1);
    expect(fetched[0]).toMatchObject({ status: 200, auth: "none" });
    const tokenSeq = fetched[0]?.seq ?? Number.POSITIVE_INFINITY;
    const adminSide = requests.filter((r) => r.auth === "service-app");
    // Start-up checks it (GET /people/me, one telephony read) and reads the org's name with it.
    expect(adminSide.length).toBeGreaterThan(0);
    for (const r of adminSide) expect(r.seq, `${r.method} ${r.path}`).toBeGreaterThan(tokenSeq);
    // The seed's static admin token is not what the bot uses in refresh mode.
    expect(requests.filter((r) => r.auth === "admin")).toEqual([]);
    expect(requests.filter((r) => r.auth === "invalid")).toEqual([]);
    // The start-up check's one telephony read, as the service app; nothing else touched telephony.
    expect(
      telephony(requests).map((r) => `${r.method} ${r.path} ${r.auth} ${JSON.stringify(r.query)}`),
    ).toEqual([`GET /telephony/config/locations service-app {"max":"1"}`]);
  });

  it("a whole delete flow works with it: every telephony call is made as the service app", async () => {
    const since = lastSeq(h.emulator.requests);
    await h.say(ALICE, "Alice 1:1", "delete park ext 1234 at HQ");
    await h.press(ALICE, h.lastCard("Alice 1:1").id, 0);
    const calls = telephony(requestsAfter(h.emulator.requests, since));
    expect(calls.map((c) => `${c.method} ${c.status} ${c.auth}`)).toEqual([
      "GET 200 service-app",
      "GET 200 service-app", // the call park groups, for the card's "used by" line
      "GET 200 service-app", // the extension read by id before the DELETE
      "DELETE 204 service-app",
    ]);
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeUndefined();
    expect(h.botMessages("Alice 1:1").at(-1)?.text).toMatch(/^Deleted call park extension 1234/);
    // A valid token is reused: no refresh during the flow.
    expect(tokenRequests(requestsAfter(h.emulator.requests, since))).toEqual([]);
  });

  it("after the token expires: the first call gets a 401, exactly one refresh, that call retried once and succeeds", async () => {
    h.emulator.expireAccessTokens();
    const since = lastSeq(h.emulator.requests);
    await h.say(ALICE, "Alice 1:1", "delete park ext 1235 at HQ");
    const card = h.lastCard("Alice 1:1");
    await h.press(ALICE, card.id, 0);

    const log = requestsAfter(h.emulator.requests, since);
    const calls = telephony(log);
    expect(calls.map((c) => `${c.method} ${c.status} ${c.auth}`)).toEqual([
      "GET 401 invalid",
      "GET 200 service-app",
      "GET 200 service-app", // the call park groups, for the card's "used by" line
      "GET 200 service-app", // the extension read by id before the DELETE
      "DELETE 204 service-app",
    ]);
    const refreshes = tokenRequests(log);
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]?.status).toBe(200);
    // The refresh sits between the rejected call and its retry.
    const [rejected, retried] = calls;
    expect(refreshes[0]?.seq).toBeGreaterThan(rejected?.seq ?? 0);
    expect(refreshes[0]?.seq).toBeLessThan(retried?.seq ?? 0);
    expect(h.emulator.callParkExtension("HQ", "1235")).toBeUndefined();
    expect(h.botMessages("Alice 1:1").at(-1)?.text).toMatch(/^Deleted call park extension 1235/);
  });

  it("concurrent requests after expiry share ONE refresh", async () => {
    h.emulator.expireAccessTokens();
    // Each lookup is sent with the revoked token and held for a moment, so all of them are in
    // flight before the first 401 comes back; a slow token endpoint keeps the refresh in flight
    // while the other 401s arrive. Without single-flight each of them would start its own refresh.
    h.emulator.faults.inject({
      method: "GET",
      path: "/telephony/config/callParkExtensions",
      delayMs: 200,
      times: 5,
    });
    h.emulator.faults.inject({ method: "POST", path: "/access_token", delayMs: 300 });
    const since = lastSeq(h.emulator.requests);
    const asks: [string, string, string][] = [
      [ALICE, "Alice 1:1", "delete park ext 6001 at Warehouse"],
      [ALICE, "Voice Admins", "delete park ext 6002 at Warehouse"],
      [BOB, "Voice Admins", "delete park ext 6003 at Warehouse"],
      [ALICE, "Other Room", "delete park ext 6004 at Warehouse"],
      [BOB, "Other Room", "delete park ext 6005 at Warehouse"],
    ];
    await Promise.all(
      asks.map(([from, room, text]) =>
        h.emulator.say({ from, roomId: h.roomId(room), text, mention: room !== "Alice 1:1" }),
      ),
    );
    await h.app.idle();

    const log = requestsAfter(h.emulator.requests, since);
    expect(tokenRequests(log)).toHaveLength(1);
    const lookups = telephony(log).filter(
      (c) => c.method === "GET" && c.path === "/telephony/config/callParkExtensions",
    );
    // The premise: several calls really were rejected at the same time.
    expect(lookups.filter((c) => c.status === 401).length).toBeGreaterThanOrEqual(2);
    expect(lookups.filter((c) => c.status === 200)).toHaveLength(asks.length);
    expect(lookups.filter((c) => c.status !== 200 && c.status !== 401)).toEqual([]);
    // Every request got its card.
    for (const [, room, text] of asks) {
      const extension = /ext (\d+)/.exec(text)?.[1] ?? "";
      const cards = h
        .botMessages(room)
        .filter((m) => (m.attachments?.length ?? 0) > 0 && JSON.stringify(m.attachments).includes(extension));
      expect(cards, `card for ${extension} in ${room}`).toHaveLength(1);
    }
    expect(parkDeletes(h).filter((d) => d.seq > since)).toEqual([]);
  });
});
