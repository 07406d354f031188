import { beforeEach, describe, expect, it } from "vitest";
import { useHarness } from "./harness.js";
import { buttonsOf, callParkLists, createExtension, factsOf, parkDeletes } from "./support.js";
import { ALICE } from "./test-org.js";

// Pagination is followed. This emulator caps every page at one item, whatever `max`
// the bot asks for, so any lookup that matches more than one extension spans several pages. (The
// requests are made in a group space: the framework reads a 1:1 space's members from one page only.)
describe("Link pagination with one item per page", () => {
  const h = useHarness({ emulator: { pageSizeCap: 1 } });
  beforeEach(() => {
    h.emulator.reset({ keepWebhooks: true });
    h.emulator.clearRequests();
  });

  it("no location: both locations of 5555 are found across two pages → a choice of two", async () => {
    await h.say(ALICE, "Voice Admins", "delete park ext 5555");
    const lists = callParkLists(h);
    expect(lists.length).toBeGreaterThanOrEqual(2);
    // The next link keeps the filters (the bot follows it verbatim) and moves on.
    for (const list of lists) expect(list.query.extension).toBe("5555");
    expect(lists[1]?.query.start).toBe("1");
    const titles = buttonsOf(h.lastCard("Voice Admins")).map((b) => b.title);
    expect(titles).toHaveLength(2);
    expect(titles.join(" ")).toContain("Branch Office");
    expect(titles.join(" ")).toContain("Warehouse");
  });

  it("`delete park ext 1234 at HQ`: 1234 is on the first page, so the substring match 12345 on the next is never read; the card is for 1234", async () => {
    await h.say(ALICE, "Voice Admins", "delete park ext 1234 at HQ");
    const lists = callParkLists(h);
    // An extension is unique within a location: the first exact hit ends the lookup.
    expect(lists).toHaveLength(1);
    for (const list of lists) expect(list.query).toMatchObject({ locationName: "HQ", extension: "1234" });
    const card = h.lastCard("Voice Admins");
    expect(factsOf(card)).toMatchObject({ Extension: "1234", Location: "HQ" });
    await h.press(ALICE, card.id, 0);
    expect(parkDeletes(h)).toHaveLength(1);
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeUndefined();
    expect(h.emulator.callParkExtension("HQ", "12345")).toBeDefined();
  });

  it("`delete park ext 6125 at Warehouse` (Warehouse has 131 extensions) → a card for 6125", async () => {
    await h.say(ALICE, "Voice Admins", "delete park ext 6125 at Warehouse");
    const card = h.lastCard("Voice Admins");
    expect(factsOf(card)).toMatchObject({ Extension: "6125", Name: "Dock 126", Location: "Warehouse" });
    // The filters keep the lookup to the one match: the bot never walks all 131.
    expect(callParkLists(h).length).toBeLessThanOrEqual(2);
  });

  it("an exact name on the third page is found; the substring matches before it are not taken", async () => {
    const id = await createExtension(h, "HQ", "4321", "Lobby");
    h.emulator.clearRequests();
    // The name filter matches "Lobby Park", "Lobby Park 2" and, last, "Lobby".
    await h.say(ALICE, "Voice Admins", 'delete park ext "Lobby" at HQ');
    const lists = callParkLists(h);
    expect(lists).toHaveLength(3);
    expect(lists.map((l) => l.query.start)).toEqual([undefined, "1", "2"]);
    for (const list of lists) expect(list.query).toMatchObject({ locationName: "HQ", name: "Lobby" });
    const card = h.lastCard("Voice Admins");
    expect(factsOf(card)).toMatchObject({ Extension: "4321", Name: "Lobby", Location: "HQ" });
    await h.press(ALICE, card.id, 0);
    expect(parkDeletes(h)).toHaveLength(1);
    expect(parkDeletes(h)[0]?.path).toContain(id);
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeDefined();
  });
});
