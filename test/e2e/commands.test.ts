import { beforeEach, describe, expect, it } from "vitest";
import { useHarness } from "./harness.js";
import {
  buttonsOf,
  callParkLists,
  createExtension,
  expectNoStackTrace,
  factsOf,
  newBotMessages,
  parkDeletes,
  requestMessage,
  TOKEN_KEY,
} from "./support.js";
import { ALICE, BOB } from "./test-org.js";

// Commands, name resolution and the confirmation card, end to end: the real
// server and framework against the emulator over HTTP, asserting on the emulator's state and log.
describe("commands and resolution", () => {
  const h = useHarness();
  beforeEach(() => {
    h.emulator.reset({ keepWebhooks: true });
    h.emulator.faults.clear();
    h.emulator.clearRequests();
  });

  /** Says `text`, expects exactly one new bot message, a confirm card in the request's thread. */
  async function expectConfirmCard(from: string, room: string, text: string) {
    const before = h.botMessages(room).length;
    await h.say(from, room, text);
    const posted = newBotMessages(h, room, before);
    expect(posted).toHaveLength(1);
    const card = posted[0];
    if (!card) throw new Error("no card");
    expect(buttonsOf(card).map((b) => b.title)).toEqual([expect.stringMatching(/^Delete /), "Cancel"]);
    expect(card.parentId).toBe(requestMessage(h, room, text).id);
    return card;
  }

  describe("the command forms", () => {
    it("1:1: `delete park ext 1234 at HQ` → one list call with both filters, a card for exactly 1234", async () => {
      const card = await expectConfirmCard(ALICE, "Alice 1:1", "delete park ext 1234 at HQ");
      const lists = callParkLists(h);
      expect(lists).toHaveLength(1);
      expect(lists[0]?.query).toMatchObject({ locationName: "HQ", extension: "1234" });
      expect(lists[0]?.auth).toBe("admin");
      // The one list call, then the location's call park groups for the "used by" line (none
      // here): no location listing, no per-location crawl of extensions.
      expect(h.telephonyCalls().map((c) => c.path.replace(/locations\/[^/]+/, "locations/{id}"))).toEqual([
        "/telephony/config/callParkExtensions",
        "/telephony/config/locations/{id}/callParks",
      ]);
      // The emulator's filter is a substring match (12345 matched too); the card is for 1234.
      expect(factsOf(card)).toMatchObject({ Extension: "1234", Name: "Lobby Park", Location: "HQ" });

      await h.press(ALICE, card.id, 0);
      expect(h.emulator.callParkExtension("HQ", "1234")).toBeUndefined();
      expect(h.emulator.callParkExtension("HQ", "12345")).toBeDefined();
      expect(parkDeletes(h)).toHaveLength(1);
    });

    it("group space: @mention stripped, `delete park extension 1235 at HQ`", async () => {
      const typed = "delete park extension 1235 at HQ";
      const card = await expectConfirmCard(ALICE, "Voice Admins", typed);
      // The emulator put the bot's name in front of the text, as a Webex client does.
      expect(requestMessage(h, "Voice Admins", typed).text).toBe(`Park Bot ${typed}`);
      expect(callParkLists(h)[0]?.query).toMatchObject({ locationName: "HQ", extension: "1235" });
      expect(factsOf(card)).toMatchObject({ Extension: "1235", Name: "Loading Dock", Location: "HQ" });
    });

    it("`remove call park extension 1234 from HQ`", async () => {
      const card = await expectConfirmCard(ALICE, "Alice 1:1", "remove call park extension 1234 from HQ");
      expect(factsOf(card)).toMatchObject({ Extension: "1234", Location: "HQ" });
    });

    it("multi-word location: `delete park ext 3001 in HQ Annex`", async () => {
      const card = await expectConfirmCard(ALICE, "Voice Admins", "delete park ext 3001 in HQ Annex");
      expect(callParkLists(h)[0]?.query).toMatchObject({ locationName: "HQ Annex", extension: "3001" });
      expect(factsOf(card)).toMatchObject({ Extension: "3001", Name: "Annex Park", Location: "HQ Annex" });
      await h.press(ALICE, card.id, 0);
      expect(h.emulator.callParkExtension("HQ Annex", "3001")).toBeUndefined();
    });

    it('quoted names: `delete park ext "Lobby Park" at "HQ"` deletes by name (not "Lobby Park 2")', async () => {
      const card = await expectConfirmCard(ALICE, "Alice 1:1", 'delete park ext "Lobby Park" at "HQ"');
      const lists = callParkLists(h);
      expect(lists).toHaveLength(1);
      expect(lists[0]?.query).toMatchObject({ locationName: "HQ", name: "Lobby Park" });
      expect(factsOf(card)).toMatchObject({ Extension: "1234", Name: "Lobby Park", Location: "HQ" });
      await h.press(ALICE, card.id, 0);
      expect(h.emulator.callParkExtension("HQ", "1234")).toBeUndefined();
      expect(h.emulator.callParkExtension("HQ", "12345")).toBeDefined();
    });

    it.each([
      "DELETE Park EXT 1234 AT HQ",
      "delete park ext 1234 at hq",
      "delete park ext 1234 at HQ.",
      "Delete park ext 1234 at HQ!!",
      "delete park ext 1234 at HQ ?",
      'DELETE PARK EXT "lobby park" AT "hq".',
    ])("case-insensitive, trailing punctuation ignored: %s", async (typed) => {
      const card = await expectConfirmCard(BOB, "Voice Admins", typed);
      expect(factsOf(card)).toMatchObject({ Extension: "1234", Location: "HQ" });
    });

    it("`help` lists the commands with examples, in 1:1 and group spaces", async () => {
      for (const room of ["Alice 1:1", "Voice Admins"]) {
        const before = h.botMessages(room).length;
        await h.say(ALICE, room, "help");
        const [reply, ...more] = newBotMessages(h, room, before);
        expect(more).toHaveLength(0);
        expect(reply?.text).toContain("delete park ext 1234 at HQ");
        expect(reply?.text).toContain("remove call park extension 1234 from HQ Annex");
        expect(reply?.text).toContain('delete park ext "Lobby Park" at "HQ"');
        expect(reply?.text).toMatch(/\bhelp\b/);
        expect(reply?.parentId).toBe(requestMessage(h, room, "help").id);
      }
      expect(h.telephonyCalls()).toHaveLength(0);
    });

    it.each([
      ["hello there", /help/],
      ["delete call park 1234", /extension/i],
      ["delete park ext abc at HQ", /extension number|quotes/i],
      ["delete park ext", /Which extension/i],
      ["delete park ext 1234 near HQ", /at/],
      ['delete park ext "Lobby Park at HQ', /quote/i],
      ['{"json": true}', /help/],
      [`delete park ext 1234 at ${"A".repeat(81)}`, /too long/],
    ])("anything else gets a short hint, never silence or a stack: %s", async (typed, hint) => {
      for (const room of ["Alice 1:1", "Voice Admins"]) {
        const before = h.botMessages(room).length;
        await h.say(ALICE, room, typed);
        const replies = newBotMessages(h, room, before);
        expect(replies).toHaveLength(1);
        const text = replies[0]?.text ?? "";
        expect(text).toMatch(hint);
        expect(text.length).toBeLessThan(400);
        expectNoStackTrace(text);
        expect(replies[0]?.attachments).toBeUndefined();
      }
      expect(h.telephonyCalls()).toHaveLength(0);
    });
    it("a bare @mention in a group space gets the hint", async () => {
      const before = h.botMessages("Voice Admins").length;
      await h.say(ALICE, "Voice Admins", "");
      const replies = newBotMessages(h, "Voice Admins", before);
      expect(replies).toHaveLength(1);
      expect(replies[0]?.text).toMatch(/help/);
    });

    it("a request typed inside a thread is answered in that thread (its root)", async () => {
      await h.say(ALICE, "Voice Admins", "help");
      const root = requestMessage(h, "Voice Admins", "help");
      await h.say(ALICE, "Voice Admins", "delete park ext 1234 at HQ", { parentId: root.id });
      const card = h.lastCard("Voice Admins");
      expect(card.parentId).toBe(root.id);
      await h.press(ALICE, card.id, 0);
      expect(h.botMessages("Voice Admins").at(-1)?.parentId).toBe(root.id);
      expect(h.emulator.callParkExtension("HQ", "1234")).toBeUndefined();
    });

    it.each([
      ["an @all", "delete park ext 1234 at <@all>"],
      ["a person mention", "delete park ext 1234 at <@personEmail:bob@acme.example|Bob>"],
      ["a link", "delete park ext 1234 at [click me](https://evil.example)"],
    ])("words echoed back cannot smuggle in %s", async (_label, typed) => {
      const before = h.botMessages("Alice 1:1").length;
      await h.say(ALICE, "Alice 1:1", typed);
      const replies = newBotMessages(h, "Alice 1:1", before);
      expect(replies).toHaveLength(1);
      expect(replies[0]?.mentionedPeople).toBeUndefined();
      expect(replies[0]?.mentionedGroups).toBeUndefined();
      expect(replies[0]?.html ?? "").not.toContain("<a ");
      expect(replies[0]?.html ?? "").not.toContain("spark-mention");
    });
  });

  describe("the confirmation card", () => {
    it("is a reply in the request's thread with a full text fallback and a token-only Submit", async () => {
      const typed = "delete park ext 1234 at HQ";
      const card = await expectConfirmCard(BOB, "Voice Admins", typed);
      const request = requestMessage(h, "Voice Admins", typed);
      expect(card.parentId).toBe(request.id);
      // Text fallback (markdown) for clients that cannot render cards.
      expect(card.markdown).toBeDefined();
      expect(card.text).toContain("1234");
      expect(card.text).toContain("Lobby Park");
      expect(card.text).toContain("HQ");
      expect(card.text).toContain("Acme Test Org");
      expect(card.text).toContain("Bob Builder");
      expect(card.text).toMatch(/expires (\w{3} \d{1,2}, )?\d\d:\d\d UTC/);
      expect(factsOf(card)).toMatchObject({
        Extension: "1234",
        Name: "Lobby Park",
        Location: "HQ",
        Organization: "Acme Test Org",
        "Requested by": expect.stringContaining("Bob Builder"),
        Expires: expect.stringMatching(/^(\w{3} \d{1,2}, )?\d\d:\d\d UTC$/),
      });
      const buttons = buttonsOf(card);
      expect(buttons).toHaveLength(2);
      expect(buttons[0]?.title).toMatch(/^Delete 1234/);
      expect(buttons[1]?.title).toBe("Cancel");
      for (const button of buttons) {
        expect(Object.keys(button.data)).toEqual([TOKEN_KEY]);
        expect(button.data[TOKEN_KEY]).toMatch(/^v2\.[\w-]+\.[\w-]+$/);
      }
      // Nothing is deleted until someone confirms.
      expect(parkDeletes(h)).toHaveLength(0);
      expect(h.emulator.callParkExtension("HQ", "1234")).toBeDefined();
    });
  });

  describe("resolution", () => {
    it("unknown location → offers the closest names, no card, nothing deleted", async () => {
      const before = h.botMessages("Alice 1:1").length;
      await h.say(ALICE, "Alice 1:1", "delete park ext 1234 at HQ2");
      const replies = newBotMessages(h, "Alice 1:1", before);
      expect(replies).toHaveLength(1);
      expect(replies[0]?.text).toMatch(/HQ2/);
      expect(replies[0]?.text).toMatch(/Did you mean .*\bHQ\b/);
      expect(replies[0]?.attachments).toBeUndefined();
      expect(parkDeletes(h)).toHaveLength(0);
      // Cost does not grow with the org: a few filtered calls, never a full listing.
      for (const call of h.telephonyCalls()) {
        expect(call.query.name ?? call.query.locationName ?? call.query.extension).toBeDefined();
      }
    });

    it("unknown extension at a known location → says so", async () => {
      for (const [typed, location] of [
        ["delete park ext 9999 at HQ", "HQ"],
        ["delete park ext 9999 at Denver", "Denver"],
      ] as const) {
        const before = h.botMessages("Alice 1:1").length;
        await h.say(ALICE, "Alice 1:1", typed);
        const replies = newBotMessages(h, "Alice 1:1", before);
        expect(replies).toHaveLength(1);
        expect(replies[0]?.text).toMatch(new RegExp(`no call park extension 9999 at ${location}`, "i"));
        expect(replies[0]?.attachments).toBeUndefined();
      }
      expect(parkDeletes(h)).toHaveLength(0);
    });

    it("no location, one match in the org → a card for it", async () => {
      const card = await expectConfirmCard(ALICE, "Alice 1:1", "delete park ext 3001");
      const lists = callParkLists(h);
      expect(lists).toHaveLength(1);
      expect(lists[0]?.query.extension).toBe("3001");
      expect(lists[0]?.query.locationName).toBeUndefined();
      expect(factsOf(card)).toMatchObject({ Extension: "3001", Location: "HQ Annex" });
    });

    it("no location, several matches → a choice card; the chosen location is confirmed and only it deleted", async () => {
      const typed = "delete park ext 5555";
      const before = h.botMessages("Voice Admins").length;
      await h.say(ALICE, "Voice Admins", typed);
      const request = requestMessage(h, "Voice Admins", typed);
      const [choice, ...more] = newBotMessages(h, "Voice Admins", before);
      expect(more).toHaveLength(0);
      if (!choice) throw new Error("no choice card");
      expect(choice.parentId).toBe(request.id);
      const titles = buttonsOf(choice).map((b) => b.title);
      expect(titles).toHaveLength(2);
      expect(titles).toEqual(
        expect.arrayContaining([
          expect.stringContaining("Branch Office"),
          expect.stringContaining("Warehouse"),
        ]),
      );
      for (const b of buttonsOf(choice)) expect(Object.keys(b.data)).toEqual([TOKEN_KEY]);
      expect(parkDeletes(h)).toHaveLength(0);

      const warehouse = titles.findIndex((t) => t.includes("Warehouse"));
      await h.press(ALICE, choice.id, warehouse);
      expect(h.emulator.message(choice.id)).toBeUndefined();
      const confirm = h.lastCard("Voice Admins");
      expect(confirm.id).not.toBe(choice.id);
      expect(confirm.parentId).toBe(request.id);
      expect(factsOf(confirm)).toMatchObject({ Extension: "5555", Location: "Warehouse" });
      expect(parkDeletes(h)).toHaveLength(0);

      await h.press(ALICE, confirm.id, 0);
      const deletes = parkDeletes(h);
      expect(deletes).toHaveLength(1);
      expect(deletes[0]?.path).toContain(h.emulator.location("Warehouse")?.id ?? "missing");
      expect(h.emulator.callParkExtension("Warehouse", "5555")).toBeUndefined();
      expect(h.emulator.callParkExtension("Branch Office", "5555")).toBeDefined();
    });

    it("no location, no match in the org → says so", async () => {
      const before = h.botMessages("Alice 1:1").length;
      await h.say(ALICE, "Alice 1:1", "delete park ext 8888");
      const replies = newBotMessages(h, "Alice 1:1", before);
      expect(replies).toHaveLength(1);
      expect(replies[0]?.text).toMatch(/no call park extension 8888 in this org/i);
      expect(replies[0]?.attachments).toBeUndefined();
    });

    it("follows Link pagination: the only exact match is on the second page of 100", async () => {
      // "Dock" is a substring of all 130 "Dock n" names at Warehouse; the exact one comes last.
      const id = await createExtension(h, "Warehouse", "7777", "Dock");
      h.emulator.clearRequests();
      const card = await expectConfirmCard(ALICE, "Alice 1:1", 'delete park ext "Dock" at Warehouse');
      const lists = callParkLists(h);
      expect(lists.length).toBeGreaterThanOrEqual(2);
      for (const list of lists) expect(list.query).toMatchObject({ locationName: "Warehouse", name: "Dock" });
      expect(lists[1]?.query.start).toBe("100");
      expect(factsOf(card)).toMatchObject({ Extension: "7777", Name: "Dock", Location: "Warehouse" });
      await h.press(ALICE, card.id, 0);
      expect(parkDeletes(h)).toHaveLength(1);
      expect(parkDeletes(h)[0]?.path).toContain(id);
      expect(h.emulator.callParkExtension("Warehouse", "7777")).toBeUndefined();
      expect(h.emulator.callParkExtensions().filter((c) => c.locationName === "Warehouse")).toHaveLength(131);
    });
  });
});
