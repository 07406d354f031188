import { describe, expect, it } from "vitest";
import { useHarness } from "./harness.js";
import { ALICE } from "./test-org.js";

describe("delete a call park extension, end to end", () => {
  const h = useHarness();

  it("posts a card in the thread, deletes on Confirm, reports in the thread", async () => {
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeDefined();
    h.emulator.clearRequests();
    await h.say(ALICE, "Alice 1:1", "delete park ext 1234 at HQ");
    const card = h.lastCard("Alice 1:1");
    const request = h.emulator
      .messages(h.roomId("Alice 1:1"))
      .find((m) => m.text === "delete park ext 1234 at HQ");
    expect(card.parentId).toBe(request?.id);
    expect(JSON.stringify(card.attachments)).toContain("Lobby Park");
    h.emulator.clearRequests();

    await h.press(ALICE, card.id, 0);
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeUndefined();
    expect(h.emulator.message(card.id)).toBeUndefined();
    const result = h.botMessages("Alice 1:1").at(-1);
    expect(result?.parentId).toBe(request?.id);
    expect(result?.text).toMatch(/Deleted call park extension 1234/);
    const deletes = h.emulator.requests.filter(
      (r) => r.method === "DELETE" && r.path.includes("callParkExtensions"),
    );
    expect(deletes).toHaveLength(1);
    expect(deletes[0]?.auth).toBe("admin");
  });
});
