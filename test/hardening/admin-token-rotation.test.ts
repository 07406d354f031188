import { describe, expect, it } from "vitest";
import { useHarness } from "../e2e/harness.js";
import { ALICE } from "../e2e/test-org.js";
import { lastSeq, refreshAdmin, requestsAfter, serviceAppOrg, telephony, tokenRequests } from "./support.js";

// Rotation: this service app gets a new refresh token on every refresh and the old
// one stops working, so every refresh after the first must use the token Webex rotated in.
describe("admin token: refresh-token rotation", () => {
  const h = useHarness({
    seed: serviceAppOrg({ rotateRefreshToken: true }),
    config: { admin: refreshAdmin() },
  });

  it("the start-up refresh rotated the configured refresh token", () => {
    expect(tokenRequests(h.emulator.requests).map((r) => r.status)).toEqual([200]);
    expect(h.logs.some((l) => l.msg === "admin refresh token rotated by Webex")).toBe(true);
  });

  it.each([
    ["1234", "second"],
    ["1235", "third"],
  ])(
    "after expiry, the %s flow's refresh (the %s) uses the rotated token and succeeds",
    async (extension) => {
      h.emulator.expireAccessTokens();
      const since = lastSeq(h.emulator.requests);
      await h.say(ALICE, "Alice 1:1", `delete park ext ${extension} at HQ`);
      await h.press(ALICE, h.lastCard("Alice 1:1").id, 0);
      const log = requestsAfter(h.emulator.requests, since);
      expect(tokenRequests(log).map((r) => r.status)).toEqual([200]);
      // The first admin call after expiry meets the 401 (the requester's role read when it is not
      // cached, else the lookup), refreshes, and is retried on the same path with the new token.
      // (An expired token is logged as `invalid`, the refreshed one as `service-app`.)
      const admin = log.filter((r) => r.auth !== "bot" && r.path !== "/access_token");
      expect(admin[0]?.status).toBe(401);
      expect(admin[1]).toMatchObject({ method: admin[0]?.method, path: admin[0]?.path, status: 200 });
      expect(admin.slice(1).every((r) => r.status < 400)).toBe(true);
      expect(
        telephony(log)
          .filter((c) => c.status !== 401)
          .map((c) => `${c.method} ${c.status}`),
      ).toEqual([
        "GET 200",
        "GET 200", // the call park groups, for the card's "used by" line
        "GET 200", // the extension read by id before the DELETE
        "DELETE 204",
      ]);
      expect(h.emulator.callParkExtension("HQ", extension)).toBeUndefined();
      expect(h.botMessages("Alice 1:1").at(-1)?.text).toMatch(
        new RegExp(`^Deleted call park extension ${extension}`),
      );
    },
  );

  it("over the whole run every refresh succeeded: three in all, none refused", () => {
    expect(tokenRequests(h.emulator.requests).map((r) => r.status)).toEqual([200, 200, 200]);
  });
});
