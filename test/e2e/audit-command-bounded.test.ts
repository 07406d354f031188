import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditLog } from "../../src/audit/audit-log.js";
import { createAuditLog } from "../../src/audit/create-audit-log.js";
import { createLogger } from "../../src/logger.js";
import { type Harness, startHarness } from "./harness.js";
import { newBotMessages } from "./support.js";
import { ALICE, MALLORY } from "./test-org.js";

// The search for the last deletions has a bounded cost; when it stops at its bound, `audit` says so
// rather than "No deletions recorded yet".
describe("`audit` command when the search reaches its byte bound", () => {
  let h: Harness;
  let audit: AuditLog;

  beforeAll(async () => {
    const path = join(mkdtempSync(join(tmpdir(), "audit-bounded-")), "audit.jsonl");
    audit = await createAuditLog({
      logger: createLogger("silent"),
      clock: { now: Date.now },
      path,
      scan: { chunkBytes: 512, maxScanBytes: 16 * 1024 },
    });
    h = await startHarness({ app: { audit } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('says the search stopped instead of "No deletions recorded yet" when no deletion is within the bound', async () => {
    await h.say(ALICE, "Alice 1:1", "delete park ext 1234 at HQ");
    await h.press(ALICE, h.lastCard("Alice 1:1").id, 0);
    const first = h.botMessages("Alice 1:1").length;
    await h.say(ALICE, "Alice 1:1", "audit");
    expect(newBotMessages(h, "Alice 1:1", first)[0]?.text).toMatch(/^Last 1 deletion outcome/);

    for (let i = 0; i < 200; i++) {
      await audit.record({
        kind: "refusal",
        roomId: h.roomId("Voice Admins"),
        requester: { id: h.personId(MALLORY), email: MALLORY },
        text: `delete park ext ${i} at HQ`,
        reason: "requester not allowlisted",
      });
    }
    const second = h.botMessages("Alice 1:1").length;
    await h.say(ALICE, "Alice 1:1", "audit");
    const text = newBotMessages(h, "Alice 1:1", second)[0]?.text ?? "";
    expect(text).not.toMatch(/No deletions recorded yet/);
    expect(text).toMatch(/^No deletions found in the most recent part of the audit trail\./);
    expect(text).toMatch(/stopped searching the audit trail at its size limit/);
  });
});
