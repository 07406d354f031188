import { describe, expect, it } from "vitest";
import { useHarness } from "./harness.js";
import { factsOf, parkDeletes } from "./support.js";
import { ALICE } from "./test-org.js";

const ROOM = "Alice 1:1";

/**
 * Webex pages lists itself, and one listing reads at most 10 pages: with pages of 10, Warehouse's
 * 131 extensions take 14, so a listing of them is partial. Nothing may then be called "not found",
 * "gone" or "every" on the strength of it.
 */
describe("bulk delete at a location longer than one listing reads", () => {
  const h = useHarness({ emulator: { pageSizeCap: 10 } });

  it("numbers past the listing are looked up one by one, not reported not found", async () => {
    await h.say(ALICE, ROOM, "delete park ext 6000, 6125-6129 at Warehouse");
    const card = h.lastCard(ROOM);
    expect(factsOf(card).Extensions).toBe("6 at Warehouse");
    expect(factsOf(card)["Not found"]).toBeUndefined();

    h.emulator.clearRequests();
    await h.press(ALICE, card.id, "Delete 6");
    expect(parkDeletes(h).filter((r) => r.status === 204)).toHaveLength(6);
    for (const ext of ["6000", "6125", "6129"])
      expect(h.emulator.callParkExtension("Warehouse", ext)).toBeUndefined();
    expect(h.botMessages(ROOM).at(-1)?.text).toMatch(/6 call park extensions: 6 deleted\./);
  });

  it("delete all is refused rather than offering part of the location as all of it", async () => {
    await h.say(ALICE, ROOM, "delete all park ext at Warehouse");
    const reply = h.botMessages(ROOM).at(-1);
    expect(reply?.attachments ?? []).toHaveLength(0);
    expect(reply?.text).toMatch(
      /Warehouse has more call park extensions than I can read in one request \(I read 100\)/,
    );
  });
});
