import { beforeEach, describe, expect, it } from "vitest";
import { signCardToken } from "../../src/confirm/card-token.js";
import { useHarness } from "./harness.js";
import {
  anyTokenOf,
  buttonsOf,
  decodeTokenPayload,
  factsOf,
  listedRows,
  newBotMessages,
  parkDeletes,
  TOKEN_KEY,
  withPayload,
} from "./support.js";
import { ALICE, BOB, MALLORY, testOrg } from "./test-org.js";

/** The test org, with call park groups: HQ's "Lobby Group" holds 1234; HQ Annex has 12 groups. */
function seed() {
  const org = testOrg();
  for (const location of org.locations) {
    if (location.name === "HQ")
      location.callParks = [
        { name: "Lobby Group", extensions: ["1234"] },
        { name: "Empty Group", extensions: [] },
      ];
    if (location.name === "HQ Annex")
      location.callParks = Array.from({ length: 12 }, (_, i) => ({
        name: `Annex Group ${String(i + 1).padStart(2, "0")}`,
        extensions: i === 11 ? ["3001"] : [],
      }));
  }
  return org;
}

describe("list and show call park extensions", () => {
  // A manual clock, moved past the refusal window before each test: refusals are answered once
  // per person and space per 30 s.
  let now = Date.parse("2030-01-15T10:00:00Z");
  const h = useHarness({ seed: seed(), app: { clock: { now: () => now } } });
  beforeEach(() => {
    h.emulator.reset({ keepWebhooks: true });
    h.emulator.clearRequests();
    now += 30_000;
  });

  /** Says `text` in Alice's 1:1 and returns the bot's replies to it, with the telephony calls made. */
  async function ask(text: string, who = ALICE, room = "Alice 1:1") {
    const since = h.botMessages(room).length;
    const callsFrom = h.telephonyCalls().length;
    await h.say(who, room, text);
    return { replies: newBotMessages(h, room, since), calls: h.telephonyCalls().slice(callsFrom) };
  }

  /** Presses `title` and returns the bot's new messages (a page turn deletes the card it was on). */
  async function press(messageId: string, title: string, who = ALICE, room = "Alice 1:1") {
    const before = new Set(h.botMessages(room).map((m) => m.id));
    const callsFrom = h.telephonyCalls().length;
    await h.press(who, messageId, title);
    return {
      replies: h.botMessages(room).filter((m) => !before.has(m.id)),
      calls: h.telephonyCalls().slice(callsFrom),
    };
  }

  it("lists a location's extensions sorted by extension, each with a Delete button, in two calls", async () => {
    const { replies, calls } = await ask("list park ext at HQ");
    expect(replies).toHaveLength(1);
    const card = replies[0];
    if (!card) throw new Error("no card");
    expect(listedRows(card)).toEqual(["1234 Lobby Park", "1235 Loading Dock", "12345 Lobby Park 2"]);
    expect(card.text).toMatch(/Call park extensions at HQ \(1–3 of 3\)/);
    // One page: no paging buttons.
    expect(buttonsOf(card)).toEqual([]);
    expect(calls.map((c) => c.path)).toEqual([
      "/telephony/config/locations",
      "/telephony/config/callParkExtensions",
    ]);
    expect(calls[1]?.query.locationId).toBe(h.emulator.location("HQ")?.id);
  });

  it("pages a location of 131 extensions 10 at a time; Next and Previous each cost one call and replace the card", async () => {
    const first = (await ask("list park ext at Warehouse")).replies[0];
    if (!first) throw new Error("no card");
    expect(listedRows(first)).toHaveLength(10);
    expect(listedRows(first)[0]).toBe("5555 Shared Park");
    expect(buttonsOf(first).map((b) => b.title)).toEqual(["Next"]);

    const listCalls = h.telephonyCalls().filter((c) => c.path === "/telephony/config/callParkExtensions");
    const next = await press(first.id, "Next");
    expect(h.emulator.message(first.id)).toBeUndefined();
    // A page costs what reading the location's list costs (the emulator's small page cap makes
    // that more than one call here), and nothing else.
    expect(next.calls.map((c) => [c.path, c.query.locationId])).toEqual(
      listCalls.map(() => ["/telephony/config/callParkExtensions", h.emulator.location("Warehouse")?.id]),
    );
    const second = next.replies[0];
    if (!second) throw new Error("no second page");
    expect(listedRows(second)[0]).toBe("6009 Dock 10");
    expect(second.text).toMatch(/\(11–20 of 131\)/);
    expect(buttonsOf(second).map((b) => b.title)).toEqual(["Previous", "Next"]);

    const back = (await press(second.id, "Previous")).replies[0];
    if (!back) throw new Error("no page after Previous");
    expect(listedRows(back)).toEqual(listedRows(first));
  });

  it("Delete on a row posts the confirmation card for that one extension; confirming deletes it, and the list stays", async () => {
    const list = (await ask("list park ext at HQ")).replies[0];
    if (!list) throw new Error("no card");
    const opened = await press(list.id, "Delete 1235");
    expect(parkDeletes(h)).toHaveLength(0);
    const confirm = opened.replies[0];
    if (!confirm) throw new Error("no confirmation card");
    expect(factsOf(confirm)).toMatchObject({ Extension: "1235", Name: "Loading Dock", Location: "HQ" });
    expect(h.emulator.message(list.id)).toBeDefined();

    // The same row again: that button is spent; another row still works.
    const again = await press(list.id, "Delete 1235");
    expect(again.replies.map((m) => m.text)).toEqual([expect.stringMatching(/already handled/)]);
    expect(again.calls).toEqual([]);

    await press(confirm.id, "Delete 1235");
    expect(h.emulator.callParkExtension("HQ", "1235")).toBeUndefined();
    expect(parkDeletes(h)).toHaveLength(1);
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeDefined();
  });

  it("without a location: the whole org, grouped by location, one call per page", async () => {
    const { replies, calls } = await ask("list park ext");
    const card = replies[0];
    if (!card) throw new Error("no card");
    expect(calls.map((c) => [c.path, c.query.start, c.query.max])).toEqual([
      ["/telephony/config/callParkExtensions", "0", "10"],
    ]);
    expect(listedRows(card)).toHaveLength(10);
    const headings = ((card.attachments?.[0]?.content.body ?? []) as { weight?: string; text?: string }[])
      .filter((e) => e.weight === "Bolder")
      .map((e) => e.text);
    expect(headings).toContain("HQ");
    expect(buttonsOf(card).map((b) => b.title)).toEqual(["Next"]);
  });

  it("an unknown location gets the delete command's suggestions; an empty one says so", async () => {
    expect((await ask("list park ext at HQ2")).replies.map((m) => m.text)).toEqual([
      expect.stringMatching(/^I can't find a Webex Calling location named HQ2\. Did you mean HQ/),
    ]);
    expect((await ask("list park ext at Denver")).replies.map((m) => m.text)).toEqual([
      "There are no call park extensions at Denver.",
    ]);
  });

  it("someone not allowlisted may not list: refused before any Webex call", async () => {
    const { replies, calls } = await ask("list park ext at HQ", MALLORY, "Voice Admins");
    expect(calls).toEqual([]);
    expect(replies.map((m) => m.text)).toEqual([expect.stringMatching(/not on the list of admins/)]);
  });

  describe("a forged or misused page button lists nothing", () => {
    async function firstPage() {
      const card = (await ask("list park ext at Warehouse")).replies[0];
      if (!card) throw new Error("no card");
      return card;
    }

    it("another location in the page data, signature kept → refused, no listing", async () => {
      const card = await firstPage();
      const next = anyTokenOf(card, "Next");
      const payload = decodeTokenPayload(next);
      const hq = h.emulator.location("HQ");
      const forged = withPayload(next, {
        ...payload,
        data: { location: { id: hq?.id, name: "HQ" }, start: 0 },
      });
      const since = h.botMessages("Alice 1:1").length;
      const callsFrom = h.telephonyCalls().length;
      await h.submit(ALICE, card.id, { [TOKEN_KEY]: forged });
      expect(h.telephonyCalls().slice(callsFrom)).toEqual([]);
      expect(newBotMessages(h, "Alice 1:1", since).map((m) => m.text)).toEqual([
        expect.stringMatching(/doesn't check out/),
      ]);
    });

    it("signed for another org → refused, no listing", async () => {
      const card = await firstPage();
      const payload = decodeTokenPayload(anyTokenOf(card, "Next"));
      const otherOrg = signCardToken(
        { ...(payload as Parameters<typeof signCardToken>[0]), orgId: "ORG-FROM-BEFORE" },
        h.app.config.cardSigningKey,
      );
      const callsFrom = h.telephonyCalls().length;
      const since = h.botMessages("Alice 1:1").length;
      await h.submit(ALICE, card.id, { [TOKEN_KEY]: otherOrg });
      expect(h.telephonyCalls().slice(callsFrom)).toEqual([]);
      expect(newBotMessages(h, "Alice 1:1", since).map((m) => m.text)).toEqual([
        expect.stringMatching(/made for another org/),
      ]);
    });

    it("pressed by someone other than the requester → refused, no listing", async () => {
      const since = h.botMessages("Voice Admins").length;
      await h.say(ALICE, "Voice Admins", "list park ext at Warehouse");
      const card = newBotMessages(h, "Voice Admins", since)[0];
      if (!card) throw new Error("no card");
      const { replies, calls } = await press(card.id, "Next", BOB, "Voice Admins");
      expect(calls).toEqual([]);
      expect(replies.map((m) => m.text)).toEqual([
        expect.stringMatching(/Only alice@acme\.example, who asked/),
      ]);
      expect(h.emulator.message(card.id)).toBeDefined();
    });

    it("replayed after it was used, on the page it led to → refused, no listing, that page untouched", async () => {
      const card = await firstPage();
      const next = anyTokenOf(card, "Next");
      const second = (await press(card.id, "Next")).replies[0];
      if (!second) throw new Error("no second page");
      const callsFrom = h.telephonyCalls().length;
      const since = h.botMessages("Alice 1:1").length;
      await h.submit(ALICE, second.id, { [TOKEN_KEY]: next });
      expect(h.telephonyCalls().slice(callsFrom)).toEqual([]);
      expect(newBotMessages(h, "Alice 1:1", since).map((m) => m.text)).toEqual([
        expect.stringMatching(/belongs to another card/),
      ]);
      expect(h.emulator.message(second.id)).toBeDefined();
    });
  });

  it("show: name, extension, location and the call park group that uses it, with a Delete that only asks", async () => {
    const { replies, calls } = await ask("show park ext 1234 at HQ");
    const card = replies[0];
    if (!card) throw new Error("no card");
    expect(factsOf(card)).toMatchObject({
      Extension: "1234",
      Name: "Lobby Park",
      Location: "HQ",
      "Used by": "Call park group **Lobby Group**.",
    });
    expect(card.text).toMatch(/monitoring lists \(line keys\) are not checked/);
    // Resolve, then the details and the groups side by side: 1 + (1 + 1 list + 2 groups).
    expect(calls.map((c) => c.path).sort()).toEqual(
      [
        "/telephony/config/callParkExtensions",
        `/telephony/config/locations/${h.emulator.location("HQ")?.id}/callParkExtensions/${h.emulator.callParkExtension("HQ", "1234")?.id}`,
        `/telephony/config/locations/${h.emulator.location("HQ")?.id}/callParks`,
        ...h.emulator
          .callParks("HQ")
          .map((p) => `/telephony/config/locations/${h.emulator.location("HQ")?.id}/callParks/${p.id}`),
      ].sort(),
    );
    const opened = await press(card.id, "Delete 1234…");
    expect(factsOf(opened.replies[0] ?? card)).toMatchObject({ Extension: "1234" });
    expect(buttonsOf(opened.replies[0] ?? card).map((b) => b.title)).toEqual(["Delete 1234", "Cancel"]);
    expect(parkDeletes(h)).toHaveLength(0);
  });

  it("show: an extension in no group says so; more groups than are read says the check was partial", async () => {
    const none = (await ask("show park ext 12345 at HQ")).replies[0];
    expect(factsOf(none ?? ({} as never))["Used by"]).toBe("No call park group at HQ.");
    const { replies, calls } = await ask("show park ext 3001 at HQ Annex");
    expect(factsOf(replies[0] ?? ({} as never))["Used by"]).toBe(
      "No call park group at HQ Annex. (I checked only the first 10 of the 12 call park groups at HQ Annex.)",
    );
    expect(calls.filter((c) => /\/callParks\/[^/]+$/.test(c.path))).toHaveLength(10);
  });

  it("show without a location, at several locations: says which ones", async () => {
    const { replies } = await ask("show park ext 5555");
    expect(replies.map((m) => m.text)).toEqual([
      expect.stringMatching(/^5555 matches 2 call park extensions:\n- 5555 \(Shared Park\) at Branch Office/),
    ]);
  });

  it("the delete confirmation card shows the call park groups that lose the extension", async () => {
    const card = (await ask("delete park ext 1234 at HQ")).replies[0];
    if (!card) throw new Error("no card");
    expect(factsOf(card)["Used by"]).toBe("Call park group **Lobby Group**.");
    expect(card.text).toMatch(/Used by: Call park group Lobby Group\./);
  });
});
