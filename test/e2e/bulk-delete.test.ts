import { beforeEach, describe, expect, it } from "vitest";
import { useHarness } from "./harness.js";
import { auditLines, createExtension, factsOf, parkDeletes, TOKEN_KEY, tokenOf } from "./support.js";
import { ALICE, BOB } from "./test-org.js";

const ROOM = "Alice 1:1";
const DOCKS = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

describe("bulk delete, end to end", () => {
  const h = useHarness();

  beforeEach(() => {
    h.emulator.reset({ keepWebhooks: true });
    h.emulator.faults.clear();
  });

  it("one card for a list and ranges at a location; Delete removes exactly that set and reports each item", async () => {
    await h.say(ALICE, ROOM, "delete park ext 6000, 6001, 6010-6019, 6999 at Warehouse");
    const card = h.lastCard(ROOM);
    const facts = factsOf(card);
    expect(facts.Extensions).toBe("12 at Warehouse");
    expect(facts["Not found"]).toBe("6999");
    expect(JSON.stringify(card.attachments)).toContain("6000 (Dock 1)");
    h.emulator.clearRequests();

    await h.press(ALICE, card.id, "Delete 12");
    for (const ext of [...DOCKS(6000, 6001), ...DOCKS(6010, 6019)])
      expect(h.emulator.callParkExtension("Warehouse", ext), ext).toBeUndefined();
    expect(h.emulator.callParkExtension("Warehouse", "6002")).toBeDefined();
    expect(parkDeletes(h)).toHaveLength(12);
    expect(h.emulator.message(card.id)).toBeUndefined();

    const messages = h.botMessages(ROOM);
    const summary = messages.at(-1);
    expect(summary?.text).toMatch(/12 call park extensions: 12 deleted\./);
    expect(summary?.attachments?.[0]).toBeDefined();
    const progress = messages.find((m) => m.text?.startsWith("Deleting 12 call park extensions"));
    expect(progress?.text).toMatch(/finished — 12 deleted/);
    expect(summary?.parentId).toBe(progress?.parentId);

    const outcomes = auditLines(h, "outcome");
    const items = outcomes.filter((o) => (o.batch as { counts?: unknown } | undefined)?.counts === undefined);
    expect(items.filter((o) => o.result === "deleted")).toHaveLength(12);
    expect(auditLines(h, "intent").filter((i) => i.batch !== undefined)).toHaveLength(12);
  });

  it("an extension added at the location after the card is not deleted by it", async () => {
    await h.say(ALICE, ROOM, "delete all park ext at HQ");
    const card = h.lastCard(ROOM);
    expect(factsOf(card).Extensions).toBe("3 at HQ");
    await createExtension(h, "HQ", "1299", "Late Park");
    h.emulator.clearRequests();
    await h.submit(ALICE, card.id, { [TOKEN_KEY]: tokenOf(card, /Delete 3/), typedLocation: "HQ" });
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeUndefined();
    expect(h.emulator.callParkExtension("HQ", "1299")).toBeDefined();
    expect(parkDeletes(h)).toHaveLength(3);
  });

  it("delete all without the location typed into the card deletes nothing, and the card still works", async () => {
    await h.say(ALICE, ROOM, "delete all park ext at HQ");
    const card = h.lastCard(ROOM);
    const token = tokenOf(card, /Delete 3/);
    h.emulator.clearRequests();
    await h.submit(ALICE, card.id, { [TOKEN_KEY]: token });
    await h.submit(ALICE, card.id, { [TOKEN_KEY]: token, typedLocation: "HQ Annex" });
    expect(parkDeletes(h)).toHaveLength(0);
    expect(h.botMessages(ROOM).at(-1)?.text).toMatch(/type HQ in the card's box/);
    expect(h.emulator.message(card.id)).toBeDefined();

    await h.submit(ALICE, card.id, { [TOKEN_KEY]: token, typedLocation: " hq " });
    expect(parkDeletes(h)).toHaveLength(3);
  });

  it("a double press deletes each item once", async () => {
    await h.say(ALICE, ROOM, "delete park ext 6020-6029 at Warehouse");
    const card = h.lastCard(ROOM);
    h.emulator.clearRequests();
    await Promise.all([h.press(ALICE, card.id, "Delete 10"), h.press(ALICE, card.id, "Delete 10")]);
    expect(parkDeletes(h)).toHaveLength(10);
  });

  it("more than BULK_MAX is refused with the limit, before any lookup", async () => {
    h.emulator.clearRequests();
    await h.say(ALICE, ROOM, "delete park ext 1000-1300 at Warehouse");
    expect(h.botMessages(ROOM).at(-1)?.text).toMatch(
      /names 301 extensions; I delete at most 200 at once \(BULK_MAX\)/,
    );
    expect(h.telephonyCalls()).toHaveLength(0);
  });

  it("delete all at a location with more than BULK_MAX extensions is refused", async () => {
    await h.restartApp(undefined, { bulk: { max: 100, concurrency: 4, undoTtlSeconds: 600 } });
    await h.say(ALICE, ROOM, "delete all park ext at Warehouse");
    expect(h.botMessages(ROOM).at(-1)?.text).toMatch(/more than 100 call park extensions/);
    await h.restartApp(undefined, { bulk: { max: 200, concurrency: 4, undoTtlSeconds: 600 } });
  });

  it("only the requester can press a bulk card", async () => {
    await h.say(ALICE, "Voice Admins", "delete park ext 6030-6031 at Warehouse");
    const card = h.lastCard("Voice Admins");
    h.emulator.clearRequests();
    await h.press(BOB, card.id, "Delete 2");
    expect(parkDeletes(h)).toHaveLength(0);
  });

  it("audit shows a batch as one line with its counts, and audit failed finds a batch with a failure", async () => {
    await h.say(ALICE, ROOM, "delete park ext 6040-6044 at Warehouse");
    const card = h.lastCard(ROOM);
    const second = h.emulator.callParkExtension("Warehouse", "6041");
    h.emulator.faults.inject({
      method: "DELETE",
      path: `/telephony/config/locations/${second?.locationId}/callParkExtensions/${second?.id}`,
      status: 403,
    });
    await h.press(ALICE, card.id, "Delete 5");
    expect(h.emulator.callParkExtension("Warehouse", "6041")).toBeDefined();
    await h.say(ALICE, ROOM, "audit");
    const audit = h.botMessages(ROOM).at(-1)?.text ?? "";
    const batchLines = audit.split("\n").filter((l) => l.includes("bulk delete of 5 at Warehouse"));
    expect(batchLines).toHaveLength(1);
    expect(batchLines[0]).toMatch(/4 deleted, 1 failed, asked by alice@acme\.example/);
    expect(audit).not.toMatch(/6042 \(Dock 43\)/);

    await h.say(ALICE, ROOM, "audit failed");
    expect(h.botMessages(ROOM).at(-1)?.text).toMatch(/bulk delete of 5 at Warehouse: 4 deleted, 1 failed/);
  });

  it("a rate limit longer than I wait stops the batch: the rest are reported not started, not each failed", async () => {
    await h.say(ALICE, ROOM, "delete park ext 6060-6069 at Warehouse");
    const card = h.lastCard(ROOM);
    h.emulator.clearRequests();
    // Retry-After 30 s: longer than the client waits (maxRetryAfterMs), so each DELETE fails at once.
    h.emulator.faults.inject({
      method: "DELETE",
      path: /callParkExtensions\//,
      status: 429,
      retryAfter: 30,
      times: 100,
    });
    await h.press(ALICE, card.id, "Delete 10");
    const deletes = parkDeletes(h);
    expect(deletes.length).toBeLessThanOrEqual(4);
    expect(deletes.every((d) => d.status === 429)).toBe(true);
    const summary = h.botMessages(ROOM).at(-1)?.text ?? "";
    expect(summary).toMatch(/Not started, because Webex kept rate-limiting me \(429\)/);
    expect(summary).toMatch(new RegExp(`${10 - deletes.length} not attempted`));
    expect(
      auditLines(h, "outcome").filter(
        (o) => o.result === "not deleted: stopped after Webex kept rate-limiting the batch",
      ),
    ).toHaveLength(10 - deletes.length);
  });

  it("without a location, a list is looked up across the org, grouped by location; a number at two locations is left out", async () => {
    await h.say(ALICE, ROOM, "delete park ext 1234, 3001, 5555, 7777");
    const card = h.lastCard(ROOM);
    const facts = factsOf(card);
    expect(facts.Extensions).toBe("2 at 2 locations");
    expect(facts["Not found"]).toBe("7777");
    expect(facts["Left out"]).toMatch(/^5555 \(at Branch Office, Warehouse\): at several locations/);
    const text = JSON.stringify(card.attachments);
    expect(text).toContain("**HQ** — 1: 1234 (Lobby Park)");
    expect(text).toContain("**HQ Annex** — 1: 3001 (Annex Park)");
    h.emulator.clearRequests();
    await h.press(ALICE, card.id, "Delete 2");
    expect(parkDeletes(h)).toHaveLength(2);
    expect(h.emulator.callParkExtension("Branch Office", "5555")).toBeDefined();
    expect(h.emulator.callParkExtension("Warehouse", "5555")).toBeDefined();
    expect(h.botMessages(ROOM).at(-1)?.text).toMatch(
      /Bulk delete at HQ and HQ Annex, 2 call park extensions: 2 deleted/,
    );
  });

  it("names none that exist: says so, posts no card", async () => {
    await h.say(ALICE, ROOM, "delete park ext 7770-7772 at HQ");
    const reply = h.botMessages(ROOM).at(-1);
    expect(reply?.attachments ?? []).toHaveLength(0);
    expect(reply?.text).toBe(
      "None of those call park extensions exist at HQ (not found: 7770, 7771, 7772). Nothing to delete.",
    );
  });

  it("costs a fixed number of calls beside one DELETE per item", async () => {
    const calls = () =>
      h.emulator.requests
        // People and their roles are cached across these tests (call-budget.test.ts counts them);
        // progress edits depend on how long the batch takes (counted below).
        .filter(
          (r) => !r.path.startsWith("/people/") && !(r.method === "PUT" && r.path.startsWith("/messages/")),
        )
        .map((r) => `${r.method} ${r.path.replace(/\/[A-Za-z0-9_-]{40,}/g, "/{id}")} ${r.auth}`)
        .sort();
    h.emulator.clearRequests();
    await h.say(ALICE, ROOM, "delete park ext 6070-6081 at Warehouse");
    expect(calls()).toEqual(
      [
        "GET /messages/{id} bot",
        "GET /telephony/config/locations admin", // the location by name
        "GET /telephony/config/callParkExtensions admin", // its extensions (one page of 1 000)
        "GET /telephony/config/locations/{id}/callParks admin", // which groups lose members
        "POST /messages bot",
      ].sort(),
    );
    const card = h.lastCard(ROOM);
    h.emulator.clearRequests();
    await h.press(ALICE, card.id, "Delete 12");
    const deletes = Array.from(
      { length: 12 },
      () => "DELETE /telephony/config/locations/{id}/callParkExtensions/{id} admin",
    );
    expect(calls()).toEqual(
      [
        "GET /attachment/actions/{id} bot", // the press
        "DELETE /messages/{id} bot", // the card, retired
        "GET /telephony/config/callParkExtensions admin", // the location again: gone or changed since the card?
        "GET /telephony/config/locations/{id}/callParks admin", // its groups, for Undo
        "POST /messages bot", // progress
        ...deletes,
        "POST /messages bot", // the summary, with Undo
      ].sort(),
    );
    // At least the final edit; never more than Webex's 10 per message, whatever the batch's length.
    const edits = h.emulator.requests.filter((r) => r.method === "PUT" && r.path.startsWith("/messages/"));
    expect(edits.length).toBeGreaterThanOrEqual(1);
    expect(edits.length).toBeLessThanOrEqual(10);
  });

  it("when the summary card cannot be posted, the result still comes as text and never says nothing was deleted", async () => {
    await h.say(ALICE, ROOM, "delete park ext 6082-6083 at Warehouse");
    const card = h.lastCard(ROOM);
    const before = h.botMessages(ROOM).length;
    // The press's posts: the progress message, then the summary card (refused), then its text.
    h.emulator.faults.inject({
      method: "POST",
      path: "/messages",
      auth: "bot",
      every: 2,
      times: 1,
      status: 400,
    });
    await h.press(ALICE, card.id, "Delete 2");
    expect(h.emulator.callParkExtension("Warehouse", "6082")).toBeUndefined();
    const said = h
      .botMessages(ROOM)
      .slice(before)
      .map((m) => m.text ?? "");
    expect(said.at(-1)).toMatch(
      /2 call park extensions: 2 deleted\.[\s\S]*Undo is not available: I could not post its button/,
    );
    expect(said.some((t) => /Nothing was deleted/.test(t))).toBe(false);
  });

  it("a 403 on the deletes stops the batch: the rest are not started, not each refused", async () => {
    await h.say(ALICE, ROOM, "delete park ext 6084-6093 at Warehouse");
    const card = h.lastCard(ROOM);
    h.emulator.clearRequests();
    h.emulator.faults.inject({ method: "DELETE", path: /callParkExtensions\//, status: 403, times: 100 });
    await h.press(ALICE, card.id, "Delete 10");
    const deletes = parkDeletes(h);
    expect(deletes.length).toBeLessThanOrEqual(4);
    const summary = h.botMessages(ROOM).at(-1)?.text ?? "";
    expect(summary).toMatch(/Not started, because Webex refused the admin token's rights for this \(403/);
    expect(summary).toMatch(new RegExp(`${10 - deletes.length} not attempted`));
    expect(h.emulator.callParkExtension("Warehouse", "6093")).toBeDefined();
  });
});
