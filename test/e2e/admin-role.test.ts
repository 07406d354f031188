import { beforeEach, describe, expect, it } from "vitest";
import { useHarness } from "./harness.js";
import { auditLines, parkDeletes } from "./support.js";
import { ALICE, BOB, RITA } from "./test-org.js";

// The admin-role rule (REQUIRE_WEBEX_ADMIN, on by default): an allowlisted requester must also hold
// Full Administrator in Control Hub, read with the admin token and cached for ROLE_CACHE_SECONDS.
// A manual clock moves past the cache and the refusal limiter's window without waiting.
const ROLE_CACHE_MS = 60_000;
const REFUSAL_WINDOW_MS = 30_000;

describe("the admin-role rule", () => {
  let now = Date.parse("2030-03-01T09:00:00Z");
  const clock = { now: () => now };
  const h = useHarness({ app: { clock } });
  beforeEach(() => {
    h.emulator.reset({ keepWebhooks: true });
    h.emulator.faults.clear();
    h.emulator.clearRequests();
    // Every person's cached roles and every refusal window of the test before have lapsed.
    now += ROLE_CACHE_MS + REFUSAL_WINDOW_MS;
  });

  /** The role reads: GET /people/{id} with the admin token (the framework reads people with the bot's). */
  const roleReads = () =>
    h.emulator.requests.filter(
      (r) => r.method === "GET" && r.path.startsWith("/people/") && r.auth === "admin",
    );
  const lastText = (room: string) => h.botMessages(room).at(-1)?.text ?? "";

  it("an allowlisted Full Administrator deletes; one role read, and the audit says which rules admitted her", async () => {
    await h.say(ALICE, "Voice Admins", "delete park ext 1234 at HQ");
    const card = h.lastCard("Voice Admins");
    expect(roleReads()).toHaveLength(1);
    expect(roleReads()[0]?.path).toBe(`/people/${h.personId(ALICE)}`);
    // Within the cache: the press costs no second read.
    await h.press(ALICE, card.id, "Delete 1234");
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeUndefined();
    expect(roleReads()).toHaveLength(1);
    expect(auditLines(h, "request").at(-1)).toMatchObject({
      requester: { email: ALICE },
      admittedBy: "allowlist and Full Administrator role",
    });
    expect(auditLines(h, "intent").at(-1)).toMatchObject({
      confirmer: { email: ALICE },
      admittedBy: "allowlist and Full Administrator role",
    });
  });

  it("an allowlisted Read-only Administrator is refused before any telephony call, told the role she needs", async () => {
    await h.say(RITA, "Voice Admins", "delete park ext 1234 at HQ");
    expect(lastText("Voice Admins")).toBe(
      "Sorry, delete park ext needs the Full Administrator role in Control Hub, and you hold “Read-only Administrator”. Ask a full administrator to do it, or to give you the role.",
    );
    expect(h.telephonyCalls()).toEqual([]);
    expect(roleReads()).toHaveLength(1);
    expect(auditLines(h, "refusal").at(-1)).toMatchObject({
      requester: { email: RITA },
      rule: "role",
      reason: "not a Full Administrator (holds “Read-only Administrator”)",
    });
  });

  it("an allowlisted person with no admin role is refused before any telephony call, list and show too", async () => {
    h.emulator.setRoles(BOB, []);
    await h.say(BOB, "Voice Admins", "delete park ext 1234 at HQ");
    expect(lastText("Voice Admins")).toContain(
      "needs the Full Administrator role in Control Hub, and you hold no admin role.",
    );
    now += REFUSAL_WINDOW_MS;
    await h.say(BOB, "Voice Admins", "list park ext at HQ");
    expect(lastText("Voice Admins")).toMatch(/^Sorry, list park ext needs the Full Administrator role/);
    now += REFUSAL_WINDOW_MS;
    await h.say(BOB, "Voice Admins", "show park ext 1234 at HQ");
    expect(lastText("Voice Admins")).toMatch(/^Sorry, show park ext needs the Full Administrator role/);
    expect(h.telephonyCalls()).toEqual([]);
  });

  it("help needs no role, and makes no role read", async () => {
    await h.say(RITA, "Voice Admins", "help");
    expect(lastText("Voice Admins")).toMatch(/^Park Bot/);
    expect(roleReads()).toEqual([]);
  });

  it("a role revoked between card and press is refused on the press once the cache lapses; nothing deleted", async () => {
    await h.say(ALICE, "Voice Admins", "delete park ext 1234 at HQ");
    const card = h.lastCard("Voice Admins");
    h.emulator.setRoles(ALICE, ["Read-only Administrator"]);
    now += ROLE_CACHE_MS;
    await h.press(ALICE, card.id, "Delete 1234");
    expect(parkDeletes(h)).toEqual([]);
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeDefined();
    const reply = h.botMessages("Voice Admins").at(-1);
    expect(reply?.parentId).toBe(card.parentId);
    expect(reply?.text).toBe(
      "That button needs the Full Administrator role in Control Hub, and you hold “Read-only Administrator”. So I did nothing. Nothing was deleted.",
    );
    expect(roleReads()).toHaveLength(2);
    expect(auditLines(h, "refusal").at(-1)).toMatchObject({ confirmer: { email: ALICE }, rule: "role" });
  });

  it("within the cache a revoked role still passes: the rule's promise is 'within ROLE_CACHE_SECONDS', no sooner", async () => {
    await h.say(ALICE, "Voice Admins", "delete park ext 1234 at HQ");
    const card = h.lastCard("Voice Admins");
    h.emulator.setRoles(ALICE, ["Read-only Administrator"]);
    now += ROLE_CACHE_MS - 1;
    await h.press(ALICE, card.id, "Delete 1234");
    expect(parkDeletes(h)).toHaveLength(1);
    expect(roleReads()).toHaveLength(1);
  });

  it("the role read failing refuses (fail closed), says why, and is not remembered", async () => {
    h.emulator.faults.inject({ path: `/people/${h.personId(ALICE)}`, auth: "admin", status: 403, times: 1 });
    await h.say(ALICE, "Voice Admins", "delete park ext 1234 at HQ");
    expect(lastText("Voice Admins")).toBe(
      "Sorry, I couldn't check your Control Hub role with Webex just now, so I won't run delete park ext (only a Full Administrator may). Try again in a minute.",
    );
    expect(h.telephonyCalls()).toEqual([]);
    expect(h.logs.some((l) => l.msg === "could not check a requester's role")).toBe(true);
    now += REFUSAL_WINDOW_MS;
    await h.say(ALICE, "Voice Admins", "delete park ext 1234 at HQ");
    expect(h.lastCard("Voice Admins").text).toContain("1234");
  });

  it("Webex down for the role read (503 after retries) refuses the press too; nothing deleted", async () => {
    await h.say(ALICE, "Voice Admins", "delete park ext 1234 at HQ");
    const card = h.lastCard("Voice Admins");
    now += ROLE_CACHE_MS;
    h.emulator.faults.inject({ path: `/people/${h.personId(ALICE)}`, auth: "admin", status: 503, times: 50 });
    await h.press(ALICE, card.id, "Delete 1234");
    expect(parkDeletes(h)).toEqual([]);
    expect(lastText("Voice Admins")).toMatch(
      /^I couldn't check your Control Hub role with Webex just now, so I did nothing/,
    );
  });
});
