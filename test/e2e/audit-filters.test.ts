import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE_ROUTE } from "../hardening/support.js";
import { type Harness, startHarness } from "./harness.js";
import { newBotMessages } from "./support.js";
import { ALICE, BOB } from "./test-org.js";

// Three outcomes: Alice deletes 1234 at HQ, Bob deletes 3001 at HQ Annex, Alice's delete of 1235
// at HQ fails (403). Each filter must pick exactly its own.
describe("`audit` narrowed to a location, a person, or the failures", () => {
  let h: Harness;
  const path = join(mkdtempSync(join(tmpdir(), "audit-filters-")), "audit.jsonl");

  beforeAll(async () => {
    h = await startHarness({ config: { auditLogPath: path } });
    await h.say(ALICE, "Alice 1:1", "delete park ext 1234 at HQ");
    await h.press(ALICE, h.lastCard("Alice 1:1").id, 0);
    await h.say(BOB, "Other Room", "delete park ext 3001 at HQ Annex");
    await h.press(BOB, h.lastCard("Other Room").id, 0);
    await h.say(ALICE, "Alice 1:1", "delete park ext 1235 at HQ");
    h.emulator.faults.inject({ method: "DELETE", path: DELETE_ROUTE, status: 403 });
    await h.press(ALICE, h.lastCard("Alice 1:1").id, 0);
  });
  afterAll(async () => {
    await h?.close();
  });

  async function audit(text: string): Promise<string[]> {
    const before = h.botMessages("Alice 1:1").length;
    await h.say(ALICE, "Alice 1:1", text);
    const [reply] = newBotMessages(h, "Alice 1:1", before);
    return (reply?.text ?? "").split("\n");
  }

  it("`audit` lists all three, newest first", async () => {
    const lines = await audit("audit");
    expect(lines[0]).toBe("Last 3 deletion outcome(s), newest first:");
    expect(lines.slice(1).map((l) => /— (\d+) /.exec(l)?.[1])).toEqual(["1235", "3001", "1234"]);
  });

  it("`audit at HQ` lists only HQ's (not HQ Annex's)", async () => {
    const lines = await audit("audit at hq");
    expect(lines[0]).toBe("Last 2 deletion outcome(s) at hq, newest first:");
    expect(lines.slice(1).map((l) => /— (\d+) /.exec(l)?.[1])).toEqual(["1235", "1234"]);
  });

  it("`audit by` lists what that person asked for or confirmed", async () => {
    const lines = await audit(`audit by ${BOB}`);
    expect(lines[0]).toBe(`Last 1 deletion outcome(s) by ${BOB}, newest first:`);
    expect(lines[1]).toMatch(/3001 \(Annex Park\) at HQ Annex: deleted, asked by bob@/);
  });

  it("`audit failed` lists only the delete that failed", async () => {
    const lines = await audit("audit failed");
    expect(lines).toEqual([
      "Last 1 deletion outcome(s) that failed, newest first:",
      expect.stringMatching(/1235 \(Loading Dock\) at HQ: failed \(403\)/),
    ]);
  });

  it("filters combine, and a filter nothing matches says so", async () => {
    expect(await audit(`audit failed at HQ Annex`)).toEqual(["No deletions that failed at HQ Annex found."]);
    expect((await audit(`audit 1 at HQ by ${ALICE}`)).slice(1)).toEqual([expect.stringMatching(/— 1235 /)]);
  });
});
