import { describe, expect, it } from "vitest";
import { useHarness } from "./harness.js";
import { callParkLists, factsOf, parkDeletes } from "./support.js";
import { ADMIN_TOKEN, ALICE } from "./test-org.js";

// Webex has returned the location's name under `location` instead of `locationName`
// in call park extension lists; the bot must accept either. This emulator answers with `location`.
describe("call park extension lists that name the location `location`", () => {
  const h = useHarness({ emulator: { callParkLocationField: "location" } });

  it("the emulator really answers with `location` and no `locationName`", async () => {
    const res = await fetch(`${h.emulator.apiUrl}/telephony/config/callParkExtensions?extension=1234`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const body = (await res.json()) as { callParkExtensions: Record<string, unknown>[] };
    expect(body.callParkExtensions.length).toBeGreaterThan(0);
    for (const item of body.callParkExtensions) {
      expect(item.location).toEqual(expect.any(String));
      expect(item).not.toHaveProperty("locationName");
    }
  });

  it("`delete park ext 1234 at HQ` still resolves exactly 1234 at HQ, and deletes it", async () => {
    h.emulator.clearRequests();
    await h.say(ALICE, "Alice 1:1", "delete park ext 1234 at HQ");
    const card = h.lastCard("Alice 1:1");
    expect(callParkLists(h)).toHaveLength(1);
    expect(factsOf(card)).toMatchObject({ Extension: "1234", Name: "Lobby Park", Location: "HQ" });
    expect(card.text).toContain("at HQ");
    await h.press(ALICE, card.id, 0);
    expect(parkDeletes(h)).toHaveLength(1);
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeUndefined();
    expect(h.emulator.callParkExtension("HQ", "12345")).toBeDefined();
    expect(h.botMessages("Alice 1:1").at(-1)?.text).toMatch(
      /^Deleted call park extension 1234 \(Lobby Park\) at HQ/,
    );
  });

  it("without a location, the choice card names each location from the `location` field", async () => {
    await h.say(ALICE, "Alice 1:1", "delete park ext 5555");
    const choice = h.lastCard("Alice 1:1");
    expect(choice.text).toContain("Branch Office");
    expect(choice.text).toContain("Warehouse");
  });
});
