import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deriveCardSigningKey } from "../../src/confirm/card-token.js";
import type { Message } from "../../src/emulator/api-shapes.js";
import { type Harness, startHarness, WEBHOOK_SECRET } from "./harness.js";
import { auditLines, buttonsOf, parkDeletes, quotedTrackingId, requestMessage } from "./support.js";
import { ADMIN_TOKEN, ALICE, BOB, BOT_TOKEN, MALLORY } from "./test-org.js";

// orgId on every telephony call, the two tokens never mixed, WEBEX_API_URL, no token leaks and the audit,
// asserted over one whole session that exercises every path: delete, choice, cancel, refusals,
// a failure, an unknown location, help. The bot runs with WEBEX_ORG_ID set.
const MESSAGING = /^\/(messages|attachment\/actions|rooms|memberships|webhooks)(\/|$)/;

describe("tokens, orgId and the audit trail over a whole session", () => {
  let h: Harness;
  let orgId: string;
  let deletedReply: Message | undefined;

  beforeAll(async () => {
    h = await startHarness({ config: (emulator) => ({ orgId: emulator.org.id }) });
    orgId = h.emulator.org.id;

    // 1. Alice deletes 1234 at HQ in her 1:1 space.
    await h.say(ALICE, "Alice 1:1", "delete park ext 1234 at HQ");
    await h.press(ALICE, h.lastCard("Alice 1:1").id, 0);
    deletedReply = h.botMessages("Alice 1:1").at(-1);

    // 2. Bob asks for 3001 in a group space; Alice presses his card (refused); Bob cancels.
    await h.say(BOB, "Voice Admins", "delete park ext 3001 at HQ Annex");
    const bobsCard = h.lastCard("Voice Admins");
    await h.press(ALICE, bobsCard.id, 0);
    await h.press(BOB, bobsCard.id, "Cancel");

    // 3. Mallory is not allowed to ask.
    await h.say(MALLORY, "Voice Admins", "delete park ext 1235 at HQ");

    // 4. Without a location: a choice, then a confirm that Webex refuses (403).
    await h.say(ALICE, "Voice Admins", "delete park ext 5555");
    const choice = h.lastCard("Voice Admins");
    const branch = buttonsOf(choice).findIndex((b) => b.title.includes("Branch Office"));
    await h.press(ALICE, choice.id, branch);
    h.emulator.faults.inject({ method: "DELETE", path: "/telephony/config/locations", status: 403 });
    await h.press(ALICE, h.lastCard("Voice Admins").id, 0);

    // 5. An unknown location, and help.
    await h.say(BOB, "Other Room", "delete park ext 1234 at HQ2");
    await h.say(BOB, "Other Room", "help");
  });
  afterAll(async () => {
    await h?.close();
  });

  it("the session did what it should (sanity for the assertions below)", () => {
    expect(deletedReply?.text).toMatch(/^Deleted call park extension 1234/);
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeUndefined();
    expect(h.emulator.callParkExtension("HQ Annex", "3001")).toBeDefined();
    expect(h.emulator.callParkExtension("HQ", "1235")).toBeDefined();
    expect(h.emulator.callParkExtension("Branch Office", "5555")).toBeDefined();
    expect(parkDeletes(h).map((d) => d.status)).toEqual([204, 403]);
  });

  it("every telephony call (lookups too) uses the admin token and carries orgId", () => {
    const telephony = h.telephonyCalls();
    // list 1234@HQ, list 3001@HQ Annex, list 5555, DELETE ×2, HQ2 lookups
    expect(telephony.length).toBeGreaterThanOrEqual(6);
    expect(telephony.some((r) => r.path === "/telephony/config/locations")).toBe(true);
    for (const call of telephony) {
      expect(call.auth, `${call.method} ${call.path}`).toBe("admin");
      expect(call.query.orgId, `${call.method} ${call.path}`).toBe(orgId);
    }
  });

  it("the bot token is never used on telephony, the admin token never on messaging", () => {
    const requests = h.emulator.requests;
    expect(requests.filter((r) => r.auth === "bot" && r.path.startsWith("/telephony"))).toEqual([]);
    expect(requests.filter((r) => r.auth === "admin" && MESSAGING.test(r.path))).toEqual([]);
    // Every message the bot posted or retired went with the bot token.
    const posts = requests.filter((r) => r.path.startsWith("/messages") && r.method !== "GET");
    expect(posts.length).toBeGreaterThan(5);
    expect(posts.every((r) => r.auth === "bot")).toBe(true);
    // No call went out unauthenticated or with a token Webex did not know.
    expect(requests.filter((r) => r.auth === "none" || r.auth === "invalid")).toEqual([]);
  });

  it("WEBEX_API_URL: every call the bot and its framework made reached the emulator", () => {
    const logged = h.emulator.requests.map((r) => `${r.method} ${r.path}`);
    const remaining = new Map<string, number>();
    for (const key of logged) remaining.set(key, (remaining.get(key) ?? 0) + 1);
    expect(h.attempts.length).toBeGreaterThan(10);
    for (const attempt of h.attempts) {
      const key = `${attempt.method} ${attempt.path}`;
      const left = remaining.get(key) ?? 0;
      expect(left, `${key} reached the emulator`).toBeGreaterThan(0);
      remaining.set(key, left - 1);
    }
    // The framework's SDK (not our client) fetched each message and button press from the emulator.
    const alicesRequest = requestMessage(h, "Alice 1:1", "delete park ext 1234 at HQ");
    expect(logged).toContain(`GET /messages/${alicesRequest.id}`);
    expect(
      h.emulator.requests.some((r) => r.path.startsWith("/attachment/actions/") && r.auth === "bot"),
    ).toBe(true);
  });

  it("no token, secret or signing key appears in any log line or any message in any room", () => {
    const key = deriveCardSigningKey(WEBHOOK_SECRET);
    const secrets = [
      BOT_TOKEN,
      ADMIN_TOKEN,
      WEBHOOK_SECRET,
      key.toString("hex"),
      key.toString("base64"),
      key.toString("base64url"),
    ];
    const logText = h.logs.map((l) => JSON.stringify(l)).join("\n");
    expect(h.logs.length).toBeGreaterThan(20);
    const messages = h.emulator.rooms().flatMap((room) => h.emulator.messages(room.id));
    expect(messages.length).toBeGreaterThan(10);
    const messageText = messages.map((m) => JSON.stringify(m)).join("\n");
    const queries = h.emulator.requests.map((r) => JSON.stringify(r.query)).join("\n");
    for (const secret of secrets) {
      expect(logText).not.toContain(secret);
      expect(messageText).not.toContain(secret);
      expect(queries).not.toContain(secret);
    }
    expect(logText).not.toMatch(/Bearer\s+\S/i);
  });

  describe("audit: one JSON line per request, confirmation, cancellation, refusal and outcome", () => {
    it("the deletion: one request, one intent, one outcome, all with who, where, what, ids and result", () => {
      const cpeIs = (l: Record<string, unknown>) =>
        (l.target as { extension?: string } | undefined)?.extension === "1234" &&
        l.roomId === h.roomId("Alice 1:1");
      const request = auditLines(h, "request").filter(cpeIs);
      const intent = auditLines(h, "intent").filter(cpeIs);
      const outcome = auditLines(h, "outcome").filter(cpeIs);
      expect([request.length, intent.length, outcome.length]).toEqual([1, 1, 1]);
      const alice = { id: h.personId(ALICE), email: ALICE };
      const location = h.emulator.location("HQ");
      const target = {
        extension: "1234",
        name: "Lobby Park",
        locationName: "HQ",
        locationId: location?.id,
        callParkExtensionId: expect.stringMatching(/^\w+/),
      };
      expect(request[0]).toMatchObject({ requester: alice, orgId, target, result: "card-posted" });
      expect(intent[0]).toMatchObject({ requester: alice, confirmer: alice, orgId, target });
      expect(outcome[0]).toMatchObject({
        requester: alice,
        confirmer: alice,
        orgId,
        target,
        result: "deleted",
      });
      expect(outcome[0]?.trackingId).toMatch(/^EMULATOR_/);
      expect(outcome[0]?.trackingId).toBe(quotedTrackingId(deletedReply?.text ?? ""));
      // One card, one nonce, through request → intent → outcome.
      expect(intent[0]?.nonce).toBe(request[0]?.nonce);
      expect(outcome[0]?.nonce).toBe(request[0]?.nonce);
      for (const line of [...request, ...intent, ...outcome]) expect(line.at).toEqual(expect.any(String));
    });

    it("the cancelled card: a cancellation line, a refusal for the wrong clicker, and no intent or outcome", () => {
      const is3001 = (l: Record<string, unknown>) =>
        (l.target as { extension?: string } | undefined)?.extension === "3001";
      const bob = { id: h.personId(BOB), email: BOB };
      expect(auditLines(h, "cancellation").filter(is3001)).toEqual([
        expect.objectContaining({
          requester: bob,
          confirmer: bob,
          orgId,
          target: expect.objectContaining({ locationName: "HQ Annex" }),
        }),
      ]);
      expect(auditLines(h, "refusal").filter(is3001)).toEqual([
        expect.objectContaining({
          requester: bob,
          confirmer: { id: h.personId(ALICE), email: ALICE },
          reason: expect.stringMatching(/other than the requester/),
        }),
      ]);
      expect(auditLines(h, "intent").filter(is3001)).toEqual([]);
      expect(auditLines(h, "outcome").filter(is3001)).toEqual([]);
    });

    it("Mallory's request: one refusal line, and no request line", () => {
      const mallorys = (l: Record<string, unknown>) =>
        (l.requester as { email?: string } | undefined)?.email === MALLORY;
      expect(auditLines(h, "refusal").filter(mallorys)).toEqual([
        expect.objectContaining({
          requester: { id: h.personId(MALLORY), email: MALLORY },
          roomId: h.roomId("Voice Admins"),
          reason: "requester not allowlisted",
        }),
      ]);
      expect(auditLines(h).filter((l) => l.kind !== "refusal" && mallorys(l))).toEqual([]);
    });

    it("the choice and the refused delete: request lines, then intent and a failed outcome with Webex's trackingId", () => {
      const is5555 = (l: Record<string, unknown>) =>
        (l.target as { extension?: string } | undefined)?.extension === "5555";
      const requests = auditLines(h, "request").filter(
        (l) => is5555(l) || String(l.result).startsWith("choice-posted"),
      );
      // The choice card, then the confirm card for Branch Office.
      expect(requests.map((l) => l.result)).toEqual(["choice-posted (2 locations)", "card-posted"]);
      const outcome = auditLines(h, "outcome").filter(is5555);
      expect(outcome).toEqual([
        expect.objectContaining({
          result: "failed (403)",
          trackingId: expect.stringMatching(/^EMULATOR_/),
          target: expect.objectContaining({ locationName: "Branch Office" }),
        }),
      ]);
      expect(auditLines(h, "intent").filter(is5555)).toHaveLength(1);
    });

    it("a request that found nothing: one request line with the reason", () => {
      const lines = auditLines(h, "request").filter(
        (l) => (l.target as { locationName?: string } | undefined)?.locationName === "HQ2",
      );
      expect(lines).toEqual([
        expect.objectContaining({
          requester: { id: h.personId(BOB), email: BOB },
          result: "unknown-location",
        }),
      ]);
    });

    it("help leaves no audit line", () => {
      const inOtherRoom = auditLines(h).filter((l) => l.roomId === h.roomId("Other Room"));
      expect(inOtherRoom).toHaveLength(1);
    });
  });
});
