import { beforeEach, describe, expect, it } from "vitest";
import {
  batchIdOf,
  batchItemLines,
  batchSummaryLine,
  bulkSummaries,
  countsOf,
  dockName,
  docks,
  effectiveDeletes,
  targetsAt,
} from "./bulk-support.js";
import { type Harness, useHarness } from "./harness.js";
import { auditLines, buttonsOf, deleteBehindTheBotsBack, parkDeletes } from "./support.js";
import { ADMIN_TOKEN, ALICE } from "./test-org.js";

const ROOM = "Alice 1:1";
/** The harness's retry policy leaves maxAttempts at the default: a rule this many times long exhausts it. */
const MAX_ATTEMPTS = 4;
const FOREVER = Number.MAX_SAFE_INTEGER;

function lastSummary(h: Harness) {
  const summary = bulkSummaries(h.botMessages(ROOM)).at(-1);
  if (!summary) throw new Error(`no bulk summary in ${ROOM}`);
  return summary;
}

describe("bulk delete under Webex faults, end to end", () => {
  const h = useHarness();

  beforeEach(() => {
    h.emulator.reset({ keepWebhooks: true });
    h.emulator.faults.clear();
    h.emulator.clearRequests();
  });

  it("30 at one location under seeded random 429/503/502 faults: one effective DELETE per extension, and the summary and the audit match what Webex holds", async () => {
    const extensions = docks(6000, 6029);
    await h.say(ALICE, ROOM, "delete park ext 6000-6029 at Warehouse");
    const card = h.lastCard(ROOM);
    const batchId = batchIdOf(card);
    const targets = targetsAt(h.emulator, "Warehouse", extensions);
    const byExtension = new Map(targets.map((t) => [t.extension, t]));
    const exhausted503 = byExtension.get("6027");
    const exhausted502 = byExtension.get("6028");
    if (!exhausted503 || !exhausted502) throw new Error("no targets");

    // Only the admin token's telephony calls get random faults: rules are tried before the random
    // draw, and a rule with no status, delay or drop lets its request through (logged as "none").
    h.emulator.faults.inject({ auth: "bot", times: FOREVER });
    h.emulator.faults.inject({ path: /^(?!\/telephony\/)/, times: FOREVER });
    // Two DELETEs fail every attempt, so the run always has failures to report: 6027 with 503
    // (Webex did nothing), 6028 with 502 (Webex may have acted).
    h.emulator.faults.inject({ method: "DELETE", path: exhausted503.path, status: 503, times: MAX_ATTEMPTS });
    h.emulator.faults.inject({ method: "DELETE", path: exhausted502.path, status: 502, times: MAX_ATTEMPTS });
    h.emulator.faults.random({
      rate: 0.3,
      seed: 20260611,
      kinds: [{ status: 429, retryAfter: 0 }, { status: 503 }, { status: 502 }],
    });
    await h.press(ALICE, card.id, "Delete 30");
    const injected = h.emulator.faults.stats();
    h.emulator.faults.clear();

    // The faults happened, on DELETEs too, and the bot retried through them.
    expect(injected["429 retry-after=0"] ?? 0).toBeGreaterThan(0);
    expect(injected["503"] ?? 0).toBeGreaterThan(MAX_ATTEMPTS);
    expect(injected["502"] ?? 0).toBeGreaterThan(MAX_ATTEMPTS);
    const deletes = parkDeletes(h);
    expect(deletes.filter((r) => r.fault !== undefined && r.fault !== "none").length).toBeGreaterThan(
      2 * MAX_ATTEMPTS,
    );
    expect(deletes.every((r) => r.status === 204 || r.fault !== undefined)).toBe(true);
    expect(
      h.emulator.requests
        .filter((r) => r.fault !== undefined && r.fault !== "none")
        .every((r) => r.auth === "admin" && r.path.startsWith("/telephony/")),
    ).toBe(true);

    // Each item: one intent and one outcome, under the batch id, with the item's own nonce.
    const intents = batchItemLines(auditLines(h), batchId, "intent");
    const outcomes = batchItemLines(auditLines(h), batchId, "outcome");
    expect(outcomes).toHaveLength(30);
    expect(new Set(outcomes.map((o) => o.nonce)).size).toBe(30);
    expect(intents).toHaveLength(30);
    expect(new Set(intents.map((i) => i.nonce))).toEqual(new Set(outcomes.map((o) => o.nonce)));
    for (const intent of intents) {
      const outcome = outcomes.find((o) => o.nonce === intent.nonce);
      expect(outcome?.target?.extension, `${intent.nonce}`).toBe(intent.target?.extension);
    }

    // What each item's outcome says is what Webex holds, and it took exactly one effective DELETE.
    const resultOf = (extension: string) => outcomes.find((o) => o.target?.extension === extension)?.result;
    for (const extension of extensions) {
      const target = byExtension.get(extension);
      if (!target) throw new Error(`no target ${extension}`);
      const result = resultOf(extension);
      const gone = h.emulator.callParkExtension("Warehouse", extension) === undefined;
      if (result === "deleted") {
        expect(gone, `${extension} reported deleted`).toBe(true);
        expect(effectiveDeletes(h.emulator.requests, target.path), `${extension}'s DELETEs`).toHaveLength(1);
      } else {
        expect(result, extension).toMatch(/^failed \((429|502|503)\)$/);
        expect(gone, `${extension} reported ${result}`).toBe(false);
        expect(effectiveDeletes(h.emulator.requests, target.path), `${extension}'s DELETEs`).toHaveLength(0);
      }
    }
    expect(resultOf("6027")).toBe("failed (503)");
    expect(resultOf("6028")).toBe("failed (502)");
    const deleted = extensions.filter((e) => resultOf(e) === "deleted");
    // Retried, the random faults rarely exhaust a call's four attempts (without retries ~9 of 28 would fail).
    expect(deleted.length).toBeGreaterThanOrEqual(24);

    // The summary's counts are the audit's, and the emulator's.
    const summary = lastSummary(h);
    const failed = extensions.filter((e) => resultOf(e) !== "deleted");
    expect(countsOf(summary)).toEqual({
      deleted: deleted.length,
      "already gone": 0,
      changed: 0,
      failed: failed.length,
      "not attempted": 0,
    });
    expect(batchSummaryLine(auditLines(h), batchId)?.batch?.counts).toMatchObject({
      deleted: deleted.length,
      failed: failed.length,
    });
    expect(extensions.filter((e) => h.emulator.callParkExtension("Warehouse", e) === undefined)).toEqual(
      deleted,
    );
    // Every failed one is named, with why; the 502 says it may or may not be deleted.
    const text = summary.text ?? "";
    for (const extension of failed) expect(text).toContain(`- ${extension} (${dockName(extension)}): `);
    expect(text).toMatch(/- 6027 \(Dock 28\): Webex answered 503/);
    expect(text).toMatch(
      /- 6028 \(Dock 29\): Webex had a gateway problem \(502\); it may or may not be deleted — ask me again to check/,
    );
    expect(buttonsOf(summary).map((b) => b.title)).toEqual([`Undo (${deleted.length})`]);
  });

  it("after the card, one extension deleted behind the bot's back is reported already gone, one renamed and one renumbered are reported changed and not deleted", async () => {
    const extensions = docks(6000, 6009);
    await h.say(ALICE, ROOM, "delete park ext 6000-6009 at Warehouse");
    const card = h.lastCard(ROOM);
    const batchId = batchIdOf(card);
    const targets = targetsAt(h.emulator, "Warehouse", extensions);
    const pathOf = (extension: string) => targets.find((t) => t.extension === extension)?.path ?? "";

    await deleteBehindTheBotsBack(h, "Warehouse", "6003");
    const change = async (extension: string, body: { name?: string; extension?: string }) => {
      const res = await fetch(`${h.emulator.apiUrl}${pathOf(extension)}`, {
        method: "PUT",
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(204);
    };
    await change("6005", { name: "Dock Six Renamed" });
    await change("6007", { extension: "6999" });
    h.emulator.clearRequests();

    await h.press(ALICE, card.id, "Delete 10");

    // Only the seven unchanged ones were deleted, one DELETE each; nothing was sent for the other three.
    const untouched = ["6003", "6005", "6007"];
    const deleted = extensions.filter((e) => !untouched.includes(e));
    for (const extension of deleted) {
      expect(h.emulator.callParkExtension("Warehouse", extension), extension).toBeUndefined();
      expect(effectiveDeletes(h.emulator.requests, pathOf(extension)), extension).toHaveLength(1);
    }
    expect(parkDeletes(h)).toHaveLength(7);
    for (const extension of untouched)
      expect(
        parkDeletes(h).filter((r) => r.path === pathOf(extension)),
        extension,
      ).toEqual([]);
    expect(h.emulator.callParkExtension("Warehouse", "6005")?.name).toBe("Dock Six Renamed");
    expect(h.emulator.callParkExtension("Warehouse", "6999")?.name).toBe("Dock 8");

    const summary = lastSummary(h);
    expect(countsOf(summary)).toEqual({
      deleted: 7,
      "already gone": 1,
      changed: 2,
      failed: 0,
      "not attempted": 0,
    });
    const text = summary.text ?? "";
    expect(text).toContain(
      "Changed since the card, so not deleted:\n- 6005 (Dock 6) is now 6005 (Dock Six Renamed)\n- 6007 (Dock 8) is now 6999 (Dock 8)",
    );
    expect(text).toContain("Already gone (someone deleted them first):\n- 6003 (Dock 4)");
    // Undo offers back what this press deleted, not what someone else did.
    expect(buttonsOf(summary).map((b) => b.title)).toEqual(["Undo (7)"]);

    // Audit: an outcome for each of the ten; an intent only for the seven it tried.
    const outcomes = batchItemLines(auditLines(h), batchId, "outcome");
    expect(outcomes).toHaveLength(10);
    const outcomeOf = (extension: string) => outcomes.find((o) => o.target?.extension === extension);
    expect(outcomeOf("6003")?.result).toBe("already gone");
    expect(outcomeOf("6005")).toMatchObject({
      result: "not deleted: changed since the card",
      reason: "now 6005 (Dock Six Renamed)",
    });
    expect(outcomeOf("6007")).toMatchObject({
      result: "not deleted: changed since the card",
      reason: "now 6999 (Dock 8)",
    });
    for (const extension of deleted) expect(outcomeOf(extension)?.result, extension).toBe("deleted");
    expect(
      batchItemLines(auditLines(h), batchId, "intent")
        .map((i) => i.target?.extension)
        .sort(),
    ).toEqual(deleted);
  });
});
