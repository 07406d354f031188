import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createAuditLog } from "../../src/audit/create-audit-log.js";
import { createLogger } from "../../src/logger.js";
import { useHarness } from "./harness.js";
import { newBotMessages } from "./support.js";
import { ALICE, MALLORY } from "./test-org.js";

// `audit` reads the audit file: what was written after the last deletions (a flood of refused
// commands from someone not allowed) must not hide them.
describe("`audit` command over a large audit file", () => {
  const path = join(mkdtempSync(join(tmpdir(), "audit-e2e-")), "audit.jsonl");
  const clock = { now: () => Date.UTC(2026, 11, 2, 14, 5, 42, 123) };

  const h = useHarness({ config: { auditLogPath: path }, app: { clock } });

  it("lists a deletion followed by 10 000 refusals, with a readable time", async () => {
    await h.say(ALICE, "Alice 1:1", "delete park ext 1234 at HQ");
    await h.press(ALICE, h.lastCard("Alice 1:1").id, 0);
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeUndefined();

    // A few refusals through the bot itself, the bulk through the audit log API (same file, appended).
    const before = h.botMessages("Voice Admins").length;
    await h.say(MALLORY, "Voice Admins", "audit");
    expect(newBotMessages(h, "Voice Admins", before)[0]?.markdown).toMatch(/not on the list of admins/);
    const flood = await createAuditLog({ logger: createLogger("silent"), clock, path });
    await Promise.all(
      Array.from({ length: 10_000 }, (_, i) =>
        flood.record({
          kind: "refusal",
          roomId: h.roomId("Voice Admins"),
          requester: { id: h.personId(MALLORY), email: MALLORY },
          text: `delete park ext ${i} at HQ`,
          reason: "requester not allowlisted",
        }),
      ),
    );
    await flood.close();
    expect(statSync(path).size).toBeGreaterThan(1024 * 1024);

    const since = h.botMessages("Alice 1:1").length;
    await h.say(ALICE, "Alice 1:1", "audit");
    const [reply] = newBotMessages(h, "Alice 1:1", since);
    const text = reply?.text ?? "";
    expect(text).not.toMatch(/No deletions/);
    expect(text.split("\n")).toEqual([
      "Last 1 deletion outcome(s), newest first:",
      expect.stringMatching(/^- 2026-12-02 14:05 UTC — 1234 \(Lobby Park\) at HQ: deleted, asked by alice@/),
    ]);
    expect(text).not.toMatch(/T14:05|\.123Z|stopped searching/);
  });
});
