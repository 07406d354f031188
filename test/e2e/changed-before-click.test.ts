import { beforeEach, describe, expect, it } from "vitest";
import { useHarness } from "./harness.js";
import { auditLines, newBotMessages, parkDeletes } from "./support.js";
import { ADMIN_TOKEN, ALICE } from "./test-org.js";

const EXTENSION_ROUTE = /^\/telephony\/config\/locations\/[^/]+\/callParkExtensions\/[^/]+$/;

/** The bot deletes by id; the id must still name what the card showed when the button is pressed. */
describe("a press deletes only what the card showed", () => {
  const h = useHarness();
  beforeEach(() => {
    h.emulator.reset({ keepWebhooks: true });
    h.emulator.faults.clear();
    h.emulator.clearRequests();
  });

  /** Changes an extension with the admin token, as another admin in Control Hub would. */
  async function changeBehindTheBotsBack(change: { extension?: string; name?: string }): Promise<string> {
    const cpe = h.emulator.callParkExtension("HQ", "1234");
    if (!cpe) throw new Error("no 1234 at HQ");
    const res = await fetch(
      `${h.emulator.apiUrl}/telephony/config/locations/${cpe.locationId}/callParkExtensions/${cpe.id}`,
      {
        method: "PUT",
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify(change),
      },
    );
    expect(res.status).toBe(204);
    return cpe.id;
  }

  async function cardFor1234() {
    await h.say(ALICE, "Alice 1:1", "delete park ext 1234 at HQ");
    return h.lastCard("Alice 1:1");
  }

  it("renumbered and renamed between card and click → nothing deleted, the reply says what it is now", async () => {
    const card = await cardFor1234();
    const id = await changeBehindTheBotsBack({ extension: "9999", name: "CEO Hotline Park" });
    const before = h.botMessages("Alice 1:1").length;
    await h.press(ALICE, card.id, 0);
    expect(parkDeletes(h)).toHaveLength(0);
    expect(h.emulator.callParkExtension("HQ", "9999")?.id).toBe(id);
    const replies = newBotMessages(h, "Alice 1:1", before - 1).filter((m) => m.id !== card.id);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toMatch(
      /1234 \(Lobby Park\) at HQ is now 9999 \(CEO Hotline Park\), so nothing was deleted\. Ask again/,
    );
    // The card is retired: it was used, and what it shows no longer exists.
    expect(h.emulator.message(card.id)).toBeUndefined();
    expect(auditLines(h, "outcome").at(-1)).toMatchObject({
      result: "not deleted: changed since the card",
      target: { extension: "1234", name: "Lobby Park" },
      reason: "now 9999 (CEO Hotline Park)",
    });
  });

  it.each([
    ["renamed only", { name: "CEO Hotline Park" }, /is now 1234 \(CEO Hotline Park\)/],
    ["renumbered only", { extension: "9999" }, /is now 9999 \(Lobby Park\)/],
  ])("%s → nothing deleted", async (_label, change, said) => {
    const card = await cardFor1234();
    await changeBehindTheBotsBack(change);
    await h.press(ALICE, card.id, 0);
    expect(parkDeletes(h)).toHaveLength(0);
    expect(h.botMessages("Alice 1:1").at(-1)?.text).toMatch(said);
  });

  it("unchanged → read by id, then deleted: one read, one DELETE, both with the admin token", async () => {
    const card = await cardFor1234();
    h.emulator.clearRequests();
    await h.press(ALICE, card.id, 0);
    const reads = h.emulator.requests.filter((r) => r.method === "GET" && EXTENSION_ROUTE.test(r.path));
    expect(reads.map((r) => `${r.auth} ${r.status}`)).toEqual(["admin 200"]);
    expect(parkDeletes(h).map((r) => `${r.auth} ${r.status}`)).toEqual(["admin 204"]);
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeUndefined();
  });

  it("the read goes through the client's retries: a 503 on it, then the delete goes ahead", async () => {
    const card = await cardFor1234();
    h.emulator.faults.inject({ method: "GET", path: EXTENSION_ROUTE, status: 503 });
    h.emulator.clearRequests();
    await h.press(ALICE, card.id, 0);
    const reads = h.emulator.requests.filter((r) => r.method === "GET" && EXTENSION_ROUTE.test(r.path));
    expect(reads.map((r) => r.status)).toEqual([503, 200]);
    expect(parkDeletes(h)).toHaveLength(1);
    expect(h.botMessages("Alice 1:1").at(-1)?.text).toMatch(/^Deleted call park extension 1234/);
  });

  it("the read fails for good → nothing deleted, and the reply says so", async () => {
    const card = await cardFor1234();
    h.emulator.faults.inject({ method: "GET", path: EXTENSION_ROUTE, status: 500, times: 10 });
    await h.press(ALICE, card.id, 0);
    expect(parkDeletes(h)).toHaveLength(0);
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeDefined();
    expect(h.botMessages("Alice 1:1").at(-1)?.text).toMatch(/couldn't check .*Nothing was deleted\./);
  });
});
