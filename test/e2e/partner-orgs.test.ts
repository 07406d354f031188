import { beforeEach, describe, expect, it } from "vitest";
import type { AuditLog, AuditTarget } from "../../src/audit/audit-log.js";
import { createAuditLog } from "../../src/audit/create-audit-log.js";
import { type CardTokenPayload, signCardToken } from "../../src/confirm/card-token.js";
import type { RunningEmulator } from "../../src/emulator/create-emulator.js";
import type { OrgSeed } from "../../src/emulator/org-seed.js";
import { createLogger } from "../../src/logger.js";
import { waitUntil } from "../hardening/support.js";
import { useHarness } from "./harness.js";
import { decodeTokenPayload, factsOf, parkDeletes, TOKEN_KEY, tokenOf } from "./support.js";
import { ALICE, testOrg } from "./test-org.js";

// A partner admin token managing two customer orgs (WEBEX_ORG_SPACES): each customer's admins use
// their own space, and every command there acts on that customer's org only. The customers reuse
// the partner org's location name and extension number, so acting on the wrong org would show.
const GINA = "gina@globex.example";
const ROB = "rob@globex.example";
const IAN = "ian@initech.example";
const BOT = "park-bot@webex.bot";

function partnerSeed(): OrgSeed {
  const seed = testOrg();
  seed.customerOrgs = [
    {
      name: "Globex",
      locations: [
        {
          name: "HQ",
          callParkExtensions: [{ extension: "1234", name: "Globex Lobby" }],
          callParks: [{ name: "Globex Group", extensions: ["1234"] }],
        },
        { name: "Plant", callParkExtensions: [{ extension: "1234", name: "Plant Park" }] },
      ],
      people: [
        { email: GINA, displayName: "Gina Globex", admin: true },
        { email: ROB, displayName: "Rob Readonly", roles: ["Read-only Administrator"] },
      ],
    },
    {
      name: "Initech",
      locations: [{ name: "HQ", callParkExtensions: [{ extension: "1234", name: "Initech Lobby" }] }],
      people: [{ email: IAN, displayName: "Ian Initech", admin: true }],
    },
  ];
  seed.rooms.push(
    { title: "Globex Admins", type: "group", members: [GINA, ROB, ALICE, BOT] },
    { title: "Initech Admins", type: "group", members: [IAN, BOT] },
  );
  return seed;
}

describe("partner orgs: spaces bound to customer orgs", () => {
  const orgIdOf = (h: { emulator: { orgs(): { id: string; name: string }[] } }, name: string) => {
    const org = h.emulator.orgs().find((o) => o.name === name);
    if (!org) throw new Error(`no org ${name}`);
    return org.id;
  };
  // A manual clock: two refusals of one person in one space are both answered only 30 s apart.
  let now = Date.parse("2030-05-01T08:00:00Z");
  const clock = { now: () => now };
  let audit: AuditLog;
  const h = useHarness(async () => {
    // Kept across a restart, as a file would be.
    audit = await createAuditLog({ logger: createLogger("silent"), clock });
    return { app: { clock, audit }, seed: partnerSeed(), config };
  });
  const config = (emulator: RunningEmulator) => {
    const id = (name: string) => emulator.orgs().find((o) => o.name === name)?.id ?? "";
    return {
      allowedEmails: [ALICE, GINA, ROB, IAN],
      orgSpaces: {
        [emulator.room("Globex Admins")?.id ?? ""]: id("Globex"),
        [emulator.room("Initech Admins")?.id ?? ""]: id("Initech"),
      },
    };
  };
  beforeEach(() => {
    h.emulator.reset({ keepWebhooks: true });
    h.emulator.faults.clear();
    h.emulator.clearRequests();
    now += 60_000;
  });

  const lobby = (org?: string) => h.emulator.callParkExtension("HQ", "1234", org);

  it("each bound space deletes in its own org only; every telephony call carries that orgId", async () => {
    const globex = orgIdOf(h, "Globex");
    await h.say(GINA, "Globex Admins", "delete park ext 1234 at HQ");
    const card = h.lastCard("Globex Admins");
    expect(factsOf(card)).toMatchObject({ Name: "Globex Lobby", Organization: "Globex" });
    expect(factsOf(card)["Used by"]).toContain("Globex Group");
    await h.press(GINA, card.id, "Delete 1234");
    expect(h.botMessages("Globex Admins").at(-1)?.text).toMatch(
      /^Deleted call park extension 1234 \(Globex Lobby\) at HQ in Globex\./,
    );
    expect(lobby("Globex")).toBeUndefined();
    expect(lobby("Initech")).toBeDefined();
    expect(lobby()).toBeDefined();
    const telephony = h.telephonyCalls();
    expect(telephony.length).toBeGreaterThanOrEqual(4);
    expect(telephony.every((r) => r.query.orgId === globex)).toBe(true);

    h.emulator.clearRequests();
    await h.say(IAN, "Initech Admins", "delete park ext 1234 at HQ");
    await h.press(IAN, h.lastCard("Initech Admins").id, "Delete 1234");
    expect(lobby("Initech")).toBeUndefined();
    expect(lobby()).toBeDefined();
    expect(h.telephonyCalls().every((r) => r.query.orgId === orgIdOf(h, "Initech"))).toBe(true);
    expect((await audit.recent("outcome", 1)).events.at(-1)).toMatchObject({ orgId: orgIdOf(h, "Initech") });
  });

  it("a space not bound acts on the token's own org, as before, with no orgId on its calls", async () => {
    await h.say(ALICE, "Alice 1:1", "delete park ext 1234 at HQ");
    const card = h.lastCard("Alice 1:1");
    expect(factsOf(card)).toMatchObject({ Name: "Lobby Park", Organization: "Acme Test Org" });
    await h.press(ALICE, card.id, "Delete 1234");
    expect(lobby()).toBeUndefined();
    expect(lobby("Globex")).toBeDefined();
    expect(h.telephonyCalls().every((r) => r.query.orgId === undefined)).toBe(true);
  });

  it("a card from one customer's space is refused in the other's, even re-signed for that room", async () => {
    await h.say(GINA, "Globex Admins", "delete park ext 1234 at HQ");
    const globexCard = h.lastCard("Globex Admins");
    await h.say(IAN, "Initech Admins", "delete park ext 1234 at HQ");
    const initechCard = h.lastCard("Initech Admins");
    const globexToken = tokenOf(globexCard, /Delete/);
    // As it is: made for another room.
    await h.emulator.submitAction({
      by: IAN,
      messageId: initechCard.id,
      inputs: { [TOKEN_KEY]: globexToken },
    });
    await h.app.idle();
    // Past the refusal window, so the second refusal is answered too.
    now += 31_000;
    // Signed with the deployment's own key for the Initech room and card, but still for Globex's org.
    const payload = decodeTokenPayload(globexToken) as CardTokenPayload;
    const forged = signCardToken(
      {
        ...payload,
        roomId: initechCard.roomId,
        threadId: initechCard.parentId ?? "",
        requesterId: h.personId(IAN),
        requesterEmail: IAN,
      },
      h.app.config.cardSigningKey,
    );
    await h.emulator.submitAction({ by: IAN, messageId: initechCard.id, inputs: { [TOKEN_KEY]: forged } });
    await h.app.idle();
    expect(parkDeletes(h)).toEqual([]);
    expect(lobby("Globex")).toBeDefined();
    expect(lobby("Initech")).toBeDefined();
    // Both times the org is what gives it away (it is checked before the room). The token made in
    // the other space names a thread that is not here, so that answer goes to the top of the space;
    // the re-signed one names this space's thread, and is answered there.
    const refusals = h
      .botMessages("Initech Admins")
      .filter((m) => /^That card was made for another org/.test(m.text));
    expect(refusals.map((m) => m.parentId)).toEqual([undefined, initechCard.parentId]);
    expect((await audit.recent("refusal", 2)).events.map((r) => r.reason)).toEqual([
      "card for another org",
      "card for another org",
    ]);
  });

  it("in a customer's space, a partner-org admin is not a member of the org it acts on: refused", async () => {
    await h.say(ALICE, "Globex Admins", "delete park ext 1234 at HQ");
    expect(h.botMessages("Globex Admins").at(-1)?.text).toMatch(/not a member of the org I manage/);
    expect(h.telephonyCalls()).toEqual([]);
  });

  it("the role check runs against the customer org: its Read-only Administrator is refused", async () => {
    await h.say(ROB, "Globex Admins", "delete park ext 1234 at HQ");
    expect(h.botMessages("Globex Admins").at(-1)?.text).toMatch(
      /needs the Full Administrator role in Control Hub, and you hold “Read-only Administrator”/,
    );
    expect(h.telephonyCalls()).toEqual([]);
  });

  it("without a location, a customer's space searches that org only, and the choice card names it", async () => {
    await h.say(GINA, "Globex Admins", "delete park ext 1234");
    const card = h.lastCard("Globex Admins");
    expect(card.text).toMatch(/^1234 exists at 2 locations in Globex:/);
    expect(card.text).toContain("Plant Park");
    expect(card.text).not.toContain("Lobby Park");
  });

  it("a list in a customer's space names the customer org on the card", async () => {
    await h.say(GINA, "Globex Admins", "list park ext at HQ");
    const card = h.lastCard("Globex Admins");
    expect(card.text).toMatch(/^Call park extensions at HQ in Globex \(1–1 of 1\)/);
    expect(h.telephonyCalls().every((r) => r.query.orgId === orgIdOf(h, "Globex"))).toBe(true);
  });

  it("audit in a customer's space shows that customer's deletions only", async () => {
    await h.say(GINA, "Globex Admins", "delete park ext 1234 at HQ");
    await h.press(GINA, h.lastCard("Globex Admins").id, "Delete 1234");
    await h.say(IAN, "Initech Admins", "delete park ext 1234 at HQ");
    await h.press(IAN, h.lastCard("Initech Admins").id, "Delete 1234");
    await h.say(IAN, "Initech Admins", "audit");
    const report = h.botMessages("Initech Admins").at(-1)?.text ?? "";
    expect(report).toContain("Initech Lobby");
    expect(report).not.toContain("Globex");
  });

  /**
   * Gina's card for Globex's 1234, and the intent a process killed between its durable intent and
   * its DELETE leaves behind; the clock moves past it, so the next start judges it.
   */
  async function interruptedGlobexDelete(): Promise<void> {
    await h.say(GINA, "Globex Admins", "delete park ext 1234 at HQ");
    const payload = decodeTokenPayload(tokenOf(h.lastCard("Globex Admins"), /Delete/)) as CardTokenPayload;
    const gina = { id: payload.requesterId, email: payload.requesterEmail };
    await audit.record({
      kind: "intent",
      requester: gina,
      confirmer: gina,
      orgId: payload.orgId,
      roomId: payload.roomId,
      threadId: payload.threadId,
      target: payload.data as AuditTarget,
      nonce: payload.nonce,
    });
    now += 1_000;
    h.emulator.clearRequests();
  }

  /** The restart's report in Globex's space; the orgId of each by-id extension read it made. */
  async function reportedInGlobex(): Promise<{ text: string | undefined; readOrgIds: unknown[] }> {
    await waitUntil(
      () => h.botMessages("Globex Admins").some((m) => /^I was restarted while deleting/.test(m.text)),
      "the report of the interrupted delete",
    );
    const reads = h.emulator.requests.filter(
      (r) => r.method === "GET" && r.path.includes("/callParkExtensions/"),
    );
    return { text: h.botMessages("Globex Admins").at(-1)?.text, readOrgIds: reads.map((r) => r.query.orgId) };
  }

  it("a delete interrupted in a customer org is looked up in that org at the next start", async () => {
    await interruptedGlobexDelete();
    await h.restartApp();
    const report = await reportedInGlobex();
    // Still there in Globex (the partner org's HQ 1234 is another extension): read with Globex's orgId.
    expect(report.text).toMatch(/it still exists, nothing was deleted/);
    expect(report.readOrgIds).toEqual([orgIdOf(h, "Globex")]);
    expect(lobby("Globex")).toBeDefined();
  });

  it("after WEBEX_ORG_SPACES drops a customer, its interrupted delete is still looked up in its own org", async () => {
    await interruptedGlobexDelete();
    // Globex's space is no longer bound: the default org's lookup would answer 404, "deleted".
    await h.restartApp(undefined, { orgSpaces: { [h.roomId("Initech Admins")]: orgIdOf(h, "Initech") } });
    try {
      const report = await reportedInGlobex();
      expect(report.text).toMatch(/it still exists, nothing was deleted/);
      expect(report.readOrgIds).toEqual([orgIdOf(h, "Globex")]);
    } finally {
      // The tests after this one run with both spaces bound again.
      await h.restartApp(undefined, config(h.emulator));
    }
  });

  it("orgs in a customer's space names that org alone: nothing of the partner's other customers", async () => {
    await h.say(GINA, "Globex Admins", "orgs");
    const text = h.botMessages("Globex Admins").at(-1)?.text ?? "";
    expect(text).toBe(
      `This space acts on Globex ${orgIdOf(h, "Globex")} (WEBEX_ORG_SPACES binds it). This space's id: ${h.roomId("Globex Admins")}.`,
    );
    expect(text).not.toContain("Initech");
    expect(h.emulator.requests.filter((r) => r.path === "/organizations")).toEqual([]);
  });

  it("orgs lists the orgs the token manages, the spaces bound to each, and this space's id", async () => {
    await h.say(ALICE, "Alice 1:1", "orgs");
    const text = h.botMessages("Alice 1:1").at(-1)?.text ?? "";
    expect(text).toMatch(/^Orgs my admin token can manage \(3\):/);
    expect(text).toContain(
      `Globex ${orgIdOf(h, "Globex")}: spaces bound to it: ${h.roomId("Globex Admins")}`,
    );
    expect(text).toContain(
      `Initech ${orgIdOf(h, "Initech")}: spaces bound to it: ${h.roomId("Initech Admins")}`,
    );
    expect(text).toContain(
      `Acme Test Org ${h.emulator.org.id}: no space bound to it ← this space acts on it`,
    );
    expect(text).toContain(`This space's id: ${h.roomId("Alice 1:1")}`);
    expect(h.emulator.requests.filter((r) => r.path === "/organizations")).toHaveLength(1);
  });
});
