import { beforeEach, describe, expect, it } from "vitest";
import type { AuditLog, AuditTarget } from "../../src/audit/audit-log.js";
import { createAuditLog } from "../../src/audit/create-audit-log.js";
import type { CardTokenPayload } from "../../src/confirm/card-token.js";
import { createLogger } from "../../src/logger.js";
import { waitUntil } from "../hardening/support.js";
import { useHarness } from "./harness.js";
import { createExtension, decodeTokenPayload, tokenOf } from "./support.js";
import { ADMIN_TOKEN, ALICE, BOB } from "./test-org.js";

const ROOM = "Alice 1:1";
const UNDO_TTL_MS = 600_000;

describe("Undo after a delete, end to end", () => {
  let now = Date.parse("2026-12-03T09:00:00Z");
  const clock = { now: () => now };
  let audit: AuditLog;
  const h = useHarness(async () => {
    // Kept across a restart, as a file would be.
    audit = await createAuditLog({ logger: createLogger("silent"), clock });
    return { app: { clock, audit } };
  });

  beforeEach(() => {
    h.emulator.reset({ keepWebhooks: true });
    h.emulator.faults.clear();
    // Past every refusal window and cache of the test before.
    now += 3_600_000;
  });

  /** Creates a call park group at a location holding these extensions (by number); returns its id. */
  async function createGroup(locationName: string, name: string, extensions: string[]): Promise<string> {
    const location = h.emulator.location(locationName);
    if (!location) throw new Error(`no location ${locationName}`);
    const ids = extensions.map((ext) => {
      const cpe = h.emulator.callParkExtension(locationName, ext);
      if (!cpe) throw new Error(`no extension ${ext}`);
      return cpe.id;
    });
    const res = await fetch(`${h.emulator.apiUrl}/telephony/config/locations/${location.id}/callParks`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ name, recall: { option: "ALERT_PARKING_USER_ONLY" }, callParkExtensions: ids }),
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  }

  /** The audit trail's outcomes (the bot writes them to `audit`, kept across restarts here). */
  const outcomes = async () => (await audit.recent("outcome", 1_000)).events;

  const groupMembers = (locationName: string, name: string) =>
    h.emulator
      .callParks(locationName)
      .find((g) => g.name === name)
      ?.callParkExtensions.map((e) => e.extension)
      .sort();

  const creates = () =>
    h.emulator.requests.filter(
      (r) =>
        r.method === "POST" && /^\/telephony\/config\/locations\/[^/]+\/callParkExtensions$/.test(r.path),
    );

  async function bulkDelete(room: string, text: string, by = ALICE) {
    await h.say(by, room, text);
    const card = h.lastCard(room);
    const button = /Delete \d+/.exec(JSON.stringify(card.attachments))?.[0] ?? "Delete";
    await h.press(by, card.id, button);
    return h.lastCard(room);
  }

  it("restores a bulk delete: the extensions are back, with new IDs, in the call park group they were in", async () => {
    await createGroup("Warehouse", "Dock Group", ["6040", "6041", "6100"]);
    const before = ["6040", "6041", "6042"].map((e) => h.emulator.callParkExtension("Warehouse", e)?.id);
    const summary = await bulkDelete(ROOM, "delete park ext 6040-6042 at Warehouse");
    expect(summary.text).toMatch(/3 deleted/);
    expect(groupMembers("Warehouse", "Dock Group")).toEqual(["6100"]);
    h.emulator.clearRequests();

    await h.press(ALICE, summary.id, "Undo (3)");
    const after = ["6040", "6041", "6042"].map((e) => h.emulator.callParkExtension("Warehouse", e));
    expect(after.map((e) => e?.name)).toEqual(["Dock 41", "Dock 42", "Dock 43"]);
    for (const [i, e] of after.entries()) expect(e?.id).not.toBe(before[i]);
    expect(groupMembers("Warehouse", "Dock Group")).toEqual(["6040", "6041", "6100"]);
    // One read and one write of the group, however many of its members came back.
    const groupCalls = h.emulator.requests.filter((r) => /\/callParks\/[^/]+$/.test(r.path));
    expect(groupCalls.map((r) => r.method).sort()).toEqual(["GET", "PUT"]);
    expect(creates()).toHaveLength(3);

    const reply = h.botMessages(ROOM).at(-1)?.text ?? "";
    expect(reply).toMatch(/3 of 3 restored/);
    expect(reply).toMatch(/6040 \(Dock 41\) at Warehouse: restored with a new ID, back in Dock Group/);
    expect(reply).toMatch(/monitoring lists and line-key labels .* are not restored/);
    expect(h.emulator.message(summary.id)).toBeUndefined();
    const undoOutcomes = (await outcomes()).filter((o) => o.action === "callpark.delete.undo");
    expect(undoOutcomes.filter((o) => o.result === "restored")).toHaveLength(3);

    await h.say(ALICE, ROOM, "audit");
    const audit = h.botMessages(ROOM).at(-1)?.text ?? "";
    expect(audit).toMatch(/Undo of 3 at Warehouse: 3 restored, asked by alice@acme\.example/);
    expect(audit).toMatch(/bulk delete of 3 at Warehouse: 3 deleted/);
  });

  it("restores a single delete into its call park group", async () => {
    await createGroup("HQ", "Lobby Group", ["1234", "1235"]);
    await h.say(ALICE, ROOM, "delete park ext 1234 at HQ");
    await h.press(ALICE, h.lastCard(ROOM).id, "Delete 1234");
    const result = h.lastCard(ROOM);
    expect(result.text).toMatch(/^Deleted call park extension 1234/);
    expect(groupMembers("HQ", "Lobby Group")).toEqual(["1235"]);

    await h.press(ALICE, result.id, "Undo");
    expect(h.emulator.callParkExtension("HQ", "1234")?.name).toBe("Lobby Park");
    expect(groupMembers("HQ", "Lobby Group")).toEqual(["1234", "1235"]);
  });

  it("an Undo pressed twice at once restores once", async () => {
    const summary = await bulkDelete(ROOM, "delete park ext 6050-6051 at Warehouse");
    h.emulator.clearRequests();
    await Promise.all([h.press(ALICE, summary.id, "Undo (2)"), h.press(ALICE, summary.id, "Undo (2)")]);
    expect(creates()).toHaveLength(2);
    expect(h.emulator.callParkExtension("Warehouse", "6050")).toBeDefined();
  });

  it("only the person who asked can press Undo", async () => {
    const summary = await bulkDelete("Voice Admins", "delete park ext 6052 at Warehouse");
    h.emulator.clearRequests();
    await h.press(BOB, summary.id, "Undo");
    expect(creates()).toHaveLength(0);
    expect(h.botMessages("Voice Admins").at(-1)?.text).toMatch(/Only alice@acme\.example, who asked/);
    expect(h.emulator.message(summary.id)).toBeDefined();
  });

  it("an Undo past UNDO_TTL_SECONDS is refused and restores nothing", async () => {
    const summary = await bulkDelete(ROOM, "delete park ext 6053 at Warehouse");
    now += UNDO_TTL_MS + 1;
    h.emulator.clearRequests();
    await h.press(ALICE, summary.id, "Undo");
    expect(creates()).toHaveLength(0);
    expect(h.botMessages(ROOM).at(-1)?.text).toMatch(/expired .* Re-create them in Control Hub/);
  });

  it("a number taken meanwhile is reported with Webex's words, and the others are restored", async () => {
    const summary = await bulkDelete(ROOM, "delete park ext 6054-6055 at Warehouse");
    await createExtension(h, "Warehouse", "6054", "Someone Else");
    await h.press(ALICE, summary.id, "Undo (2)");
    const reply = h.botMessages(ROOM).at(-1)?.text ?? "";
    expect(reply).toMatch(/1 of 2 restored/);
    expect(reply).toMatch(/6054 \(Dock 55\) at Warehouse: not restored — Webex answered 400/);
    expect(h.emulator.callParkExtension("Warehouse", "6054")?.name).toBe("Someone Else");
    expect(h.emulator.callParkExtension("Warehouse", "6055")?.name).toBe("Dock 56");
    expect((await outcomes()).some((o) => o.result === "not restored")).toBe(true);
  });

  it("a group renamed meanwhile (so its ID changed) is named; the extension itself is still restored", async () => {
    const groupId = await createGroup("Warehouse", "Gone Group", ["6056"]);
    const summary = await bulkDelete(ROOM, "delete park ext 6056 at Warehouse");
    const location = h.emulator.location("Warehouse");
    // "The Call Park ID will change upon modification of the Call Park name" (spec).
    const res = await fetch(
      `${h.emulator.apiUrl}/telephony/config/locations/${location?.id}/callParks/${groupId}`,
      {
        method: "PUT",
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify({ name: "Renamed Group" }),
      },
    );
    expect(res.status).toBe(200);
    await h.press(ALICE, summary.id, "Undo");
    const reply = h.botMessages(ROOM).at(-1)?.text ?? "";
    expect(reply).toMatch(
      /6056 \(Dock 57\) at Warehouse: restored with a new ID; not put back in Gone Group: it no longer exists/,
    );
    expect(h.emulator.callParkExtension("Warehouse", "6056")).toBeDefined();
  });

  it("an Undo cut short by a crash is not reported at the next start as an interrupted delete", async () => {
    const summary = await bulkDelete(ROOM, "delete park ext 6058 at Warehouse");
    const payload = decodeTokenPayload(tokenOf(summary, /Undo/)) as CardTokenPayload;
    const alice = { id: payload.requesterId, email: payload.requesterEmail };
    const gone = (await audit.recent("intent", 500)).events.find((i) => i.target?.extension === "6058")
      ?.target as AuditTarget;
    const place = { orgId: payload.orgId, roomId: payload.roomId, threadId: payload.threadId };
    // The Undo's intent for 6058 (gone: its old id would read as "deleted"), and a delete's
    // intent for 6059 (still there), both without an outcome, as a killed process leaves them.
    await audit.record({
      kind: "intent",
      requester: alice,
      confirmer: alice,
      ...place,
      target: gone,
      action: "callpark.delete.undo",
      nonce: "undo-cut-short",
    });
    const still = h.emulator.callParkExtension("Warehouse", "6059");
    await audit.record({
      kind: "intent",
      requester: alice,
      confirmer: alice,
      ...place,
      target: {
        callParkExtensionId: still?.id,
        locationId: still?.locationId,
        locationName: "Warehouse",
        extension: "6059",
        name: "Dock 60",
      },
      nonce: "delete-cut-short",
    });
    now += 1_000;
    const posted = h.botMessages(ROOM).length;
    await h.restartApp();
    await waitUntil(
      () =>
        h
          .botMessages(ROOM)
          .some((m) => /^I was restarted while deleting call park extension 6059/.test(m.text ?? "")),
      "the report of the interrupted delete",
    );
    const reports = h
      .botMessages(ROOM)
      .slice(posted)
      .map((m) => m.text);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatch(/6059 .*it still exists/);
  });

  it("at a location with more call park groups than I read, the summary and the Undo say it may not be back in every group", async () => {
    for (let i = 0; i <= 10; i++)
      await createGroup("Warehouse", `G${String(i).padStart(2, "0")}`, [String(6110 + i)]);
    const summary = await bulkDelete(ROOM, "delete park ext 6110-6120 at Warehouse");
    expect(summary.text).toMatch(/Undo may not put those extensions back in every group they were in/);
    await h.press(ALICE, summary.id, "Undo (11)");
    const reply = h.botMessages(ROOM).at(-1)?.text ?? "";
    expect(reply).toMatch(/11 of 11 restored/);
    expect(reply).toMatch(
      /6110 \(Dock 111\) at Warehouse: restored with a new ID, back in G00 \(I could not read every call park group/,
    );
  });

  it("a long Undo reply lists the problems first and counts the rest by what became of them", async () => {
    const summary = await bulkDelete(ROOM, "delete park ext 6000-6021 at Warehouse");
    for (let n = 6000; n <= 6020; n++) await createExtension(h, "Warehouse", String(n), `Taken ${n}`);
    await h.press(ALICE, summary.id, "Undo (22)");
    const reply = h.botMessages(ROOM).at(-1)?.text ?? "";
    expect(reply).toMatch(/1 of 22 restored, 21 not restored/);
    expect(reply.match(/: not restored — /g)).toHaveLength(20);
    expect(reply).toMatch(/…and 1 more not restored, or not back in every group/);
    expect(reply).toMatch(/…and 1 more restored, back in their groups/);
    expect(reply).not.toMatch(/restored as they were/);
  });
});
