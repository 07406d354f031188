import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness.js";
import { buttonsOf, callParkLists, factsOf, newBotMessages } from "./support.js";
import { ALICE, BOB, testOrg } from "./test-org.js";

/** 23:58 UTC: a card valid for five minutes expires tomorrow. */
const NOW = Date.UTC(2024, 0, 15, 23, 58);
const ROOM = "Voice Admins";

/** What people type reaches the commands normalized, one line of it; what the bot says names real things. */
describe("input and wording, end to end", () => {
  let h: Harness;
  beforeAll(async () => {
    const seed = testOrg();
    // A Webex name with an invisible character at its end (pasted into Control Hub): it still
    // contains what the admin types, so Webex's filter finds it; only the exact re-check differs.
    seed.locations.push({
      name: "North Campus\u200b",
      callParkExtensions: [{ extension: "4100", name: "North Park" }],
    });
    for (let i = 1; i <= 7; i++) {
      seed.locations.push({
        name: `Site ${i}`,
        callParkExtensions: [{ extension: "7777", name: `Shared ${i}` }],
      });
    }
    // Pages of 5: the seven matches of 7777 span two pages, the second the last.
    h = await startHarness({ seed, app: { clock: { now: () => NOW } }, emulator: { pageSizeCap: 5 } });
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => {
    h.emulator.clearRequests();
  });

  async function reply(text: string, from = ALICE) {
    const before = h.botMessages(ROOM).length;
    await h.say(from, ROOM, text);
    const posted = newBotMessages(h, ROOM, before);
    expect(posted).toHaveLength(1);
    const message = posted[0];
    if (!message) throw new Error("no reply");
    return message;
  }

  it("a newline ends the command: the rest of the message is not read as part of the location", async () => {
    const card = await reply("delete park ext 1234 at HQ\nthanks!");
    expect(callParkLists(h)[0]?.query).toMatchObject({ locationName: "HQ", extension: "1234" });
    expect(factsOf(card)).toMatchObject({ Extension: "1234", Location: "HQ" });
  });

  it("markup on the lines after the command (a fake button) is ignored: it appears nowhere", async () => {
    const card = await reply(
      "delete park ext 1234 at HQ\n\n---\n**[✅ Confirm PWNED](http://evil/confirm)**",
    );
    expect(factsOf(card)).toMatchObject({ Extension: "1234", Location: "HQ" });
    expect(JSON.stringify(card)).not.toContain("PWNED");
  });

  it("zero-width and bidi characters in what is typed are removed before parsing and before asking Webex", async () => {
    const card = await reply("delete park ext 12\u200b34 at \u202aH\u200bQ\u202c");
    expect(callParkLists(h)[0]?.query).toMatchObject({ locationName: "HQ", extension: "1234" });
    expect(factsOf(card)).toMatchObject({ Extension: "1234", Location: "HQ" });
  });

  it("a location name from Webex with an invisible character matches the name as typed", async () => {
    const card = await reply("delete park ext 4100 at North Campus");
    expect(buttonsOf(card).map((b) => b.title)).toEqual(["Delete 4100", "Cancel"]);
    expect(factsOf(card)).toMatchObject({ Extension: "4100", Name: "North Park" });
  });

  it("`extensions` and single curly quotes are understood", async () => {
    const card = await reply("delete park extensions \u2018Lobby Park\u2019 at 'HQ'");
    expect(callParkLists(h)[0]?.query).toMatchObject({ locationName: "HQ", name: "Lobby Park" });
    expect(factsOf(card)).toMatchObject({ Extension: "1234", Name: "Lobby Park", Location: "HQ" });
  });

  it("`help delete` shows help", async () => {
    const message = await reply("help delete", BOB);
    expect(message.text).toContain("Park Bot deletes Webex Calling call park extensions");
    expect(message.text).toContain("delete park ext 1234 at HQ");
  });

  it("the confirm card's fallback names its real buttons, and its expiry names tomorrow's date", async () => {
    const card = await reply("delete park ext 1235 at HQ");
    expect(card.markdown).toContain("press **Delete 1235** or **Cancel**");
    expect(card.markdown).not.toContain("press Confirm");
    expect(factsOf(card).Expires).toBe("Jan 16, 00:03 UTC");
    expect(card.markdown).toContain("expires Jan 16, 00:03 UTC");
  });

  it("the choose-location card lists its choices in the body, not only in button titles", async () => {
    const card = await reply("delete park ext 5555");
    const body = (card.attachments?.[0]?.content.body ?? []) as { type: string; text?: string }[];
    const texts = body.map((e) => e.text ?? "");
    expect(texts).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^1\. \*\*(Branch Office|Warehouse)\*\*: 5555 \(Shared Park\)$/),
        expect.stringMatching(/^2\. \*\*(Branch Office|Warehouse)\*\*: 5555 \(Shared Park\)$/),
      ]),
    );
    expect(buttonsOf(card).map((b) => b.title)).toEqual([
      expect.stringMatching(/^1\. /),
      expect.stringMatching(/^2\. /),
    ]);
    expect(texts.join("\n")).toContain("Expires Jan 16, 00:03 UTC");
  });

  it("more matches than a card holds, every page read: the reply says how many and lists them all", async () => {
    const message = await reply("delete park ext 7777");
    expect(callParkLists(h)).toHaveLength(2);
    expect(message.text).toMatch(/^7777 matches 7 call park extensions:\n/);
    expect(message.text).not.toContain("for example");
    for (let i = 1; i <= 7; i++) expect(message.text).toContain(`7777 (Shared ${i}) at Site ${i}`);
  });
});
