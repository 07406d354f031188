import { describe, expect, it } from "vitest";
import type { AuditEvent, AuditLog } from "../../src/audit/audit-log.js";
import { createAuditLog } from "../../src/audit/create-audit-log.js";
import { createLogger } from "../../src/logger.js";
import { useHarness } from "./harness.js";
import { newBotMessages, parkDeletes } from "./support.js";
import { ALICE, MALLORY } from "./test-org.js";

/** An audit trail that refuses to take some records, as the Redis stream does while Redis is away. */
async function failingAudit(fails: (event: AuditEvent) => boolean): Promise<AuditLog> {
  const real = await createAuditLog({ logger: createLogger("silent"), clock: { now: Date.now } });
  return {
    ...real,
    record: (event) =>
      fails(event) ? Promise.reject(new Error("audit stream unreachable")) : real.record(event),
  };
}

describe("the audit trail failing during a click or a refusal", () => {
  let failing: (event: AuditEvent) => boolean = () => false;

  const h = useHarness(async () => ({ app: { audit: await failingAudit((e) => failing(e)) } }));

  it("the intent cannot be written → nothing is deleted, and the thread says so", async () => {
    await h.say(ALICE, "Alice 1:1", "delete park ext 1234 at HQ");
    const card = h.lastCard("Alice 1:1");
    failing = (e) => e.kind === "intent";
    const seen = new Set(h.botMessages("Alice 1:1").map((m) => m.id));
    await h.press(ALICE, card.id, 0);
    failing = () => false;
    expect(parkDeletes(h)).toEqual([]);
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeDefined();
    // The card is retired (its nonce is spent either way); the answer is new.
    expect(h.emulator.message(card.id)).toBeUndefined();
    expect(
      h
        .botMessages("Alice 1:1")
        .filter((m) => !seen.has(m.id))
        .map((m) => m.text),
    ).toEqual([
      "I couldn't write this deletion to the audit trail, so I did not delete call park extension 1234 (Lobby Park) at HQ. Nothing was deleted; ask again in a moment.",
    ]);
  });

  it("a refusal that cannot be audited is still answered", async () => {
    failing = (e) => e.kind === "refusal";
    const before = h.botMessages("Voice Admins").length;
    await h.say(MALLORY, "Voice Admins", "delete park ext 1234 at HQ");
    failing = () => false;
    expect(newBotMessages(h, "Voice Admins", before).map((m) => m.text)).toEqual([
      expect.stringMatching(/not on the list of admins allowed/),
    ]);
  });
});
