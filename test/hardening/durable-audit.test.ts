import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../e2e/harness.js";
import { newBotMessages, parkDeletes } from "../e2e/support.js";
import { ALICE, BOB, MALLORY } from "../e2e/test-org.js";
import { DELETE_ROUTE, tempDir, waitUntil } from "./support.js";

// AUDIT_LOG_PATH is an append-only file of JSON lines, each on disk before the bot
// goes on (the intent before the DELETE leaves), and the `audit` command reads it back.
type Line = Record<string, unknown> & { kind: string; nonce?: string };

describe("durable audit file", () => {
  let h: Harness;
  const path = join(tempDir("audit"), "nested", "audit.jsonl");

  /** The file as it is on disk right now, one parsed object per line. */
  function fileLines(): Line[] {
    const text = readFileSync(path, "utf8");
    expect(text.endsWith("\n") || text === "").toBe(true);
    return text
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as Line);
  }
  const ofNonce = (nonce: unknown) => fileLines().filter((l) => l.nonce === nonce);

  // Real time, moved a minute on before each test: every refusal window of the test before is
  // closed (the bot answers one person's refusals in a space at most once per 30 s).
  let offset = 0;
  const clock = { now: () => Date.now() + offset };
  beforeAll(async () => {
    h = await startHarness({ config: { auditLogPath: path }, app: { clock } });
  });
  beforeEach(() => {
    offset += 60_000;
  });
  afterAll(async () => {
    await h?.close();
  });

  it("request, intent, outcome, in that order; the intent is on disk before the DELETE reaches Webex", async () => {
    await h.say(ALICE, "Alice 1:1", "delete park ext 1234 at HQ");
    const request = fileLines().at(-1);
    expect(request).toMatchObject({ kind: "request", result: "card-posted", target: { extension: "1234" } });
    const nonce = request?.nonce;
    expect(nonce).toEqual(expect.any(String));

    h.emulator.faults.inject({ method: "DELETE", path: DELETE_ROUTE, delayMs: 800 });
    await h.emulator.pressButton({ by: ALICE, messageId: h.lastCard("Alice 1:1").id, button: 0 });
    // The emulator has received the DELETE and is holding it: read the file now.
    await waitUntil(() => (h.emulator.faults.stats()["delay 800ms"] ?? 0) === 1, "the DELETE to arrive");
    const whileDeleting = ofNonce(nonce);
    expect(whileDeleting.map((l) => l.kind)).toEqual(["request", "intent"]);
    expect(whileDeleting[1]).toMatchObject({
      requester: { email: ALICE },
      confirmer: { email: ALICE },
      target: { extension: "1234", locationName: "HQ", name: "Lobby Park" },
    });
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeDefined();

    await h.app.idle();
    const done = ofNonce(nonce);
    expect(done.map((l) => l.kind)).toEqual(["request", "intent", "outcome"]);
    expect(done[2]).toMatchObject({ result: "deleted", trackingId: expect.stringMatching(/^EMULATOR_/) });
    // Timestamps never go backwards.
    const times = done.map((l) => Date.parse(String(l.at)));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(parkDeletes(h)).toHaveLength(1);
  });

  it("the file is created with its directory, readable by its owner only", () => {
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it("refusals and cancellations are lines in the file too", async () => {
    await h.say(MALLORY, "Voice Admins", "delete park ext 1235 at HQ");
    expect(fileLines().at(-1)).toMatchObject({
      kind: "refusal",
      requester: { email: MALLORY },
      reason: "requester not allowlisted",
    });

    await h.say(ALICE, "Voice Admins", "delete park ext 3001 at HQ Annex");
    const card = h.lastCard("Voice Admins");
    const nonce = fileLines().at(-1)?.nonce;
    await h.press(BOB, card.id, 0);
    await h.press(ALICE, card.id, "Cancel");
    expect(ofNonce(nonce).map((l) => l.kind)).toEqual(["request", "cancellation"]);
    const refusal = fileLines().filter(
      (l) => l.kind === "refusal" && (l.confirmer as { email?: string } | undefined)?.email === BOB,
    );
    expect(refusal).toEqual([
      expect.objectContaining({
        requester: expect.objectContaining({ email: ALICE }),
        target: expect.objectContaining({ extension: "3001" }),
        reason: expect.stringMatching(/other than the requester/),
      }),
    ]);
    expect(h.emulator.callParkExtension("HQ Annex", "3001")).toBeDefined();
  });

  it("a failed deletion is audited with its result", async () => {
    await h.say(BOB, "Other Room", "delete park ext 5555 at Branch Office");
    h.emulator.faults.inject({ method: "DELETE", path: DELETE_ROUTE, status: 403 });
    await h.press(BOB, h.lastCard("Other Room").id, 0);
    expect(fileLines().at(-1)).toMatchObject({
      kind: "outcome",
      result: "failed (403)",
      requester: { email: BOB },
      target: { extension: "5555", locationName: "Branch Office" },
    });
  });

  it("`audit` (an allowed admin) lists the last deletions from the file, newest first", async () => {
    const before = h.botMessages("Alice 1:1").length;
    await h.say(ALICE, "Alice 1:1", "audit");
    const [reply] = newBotMessages(h, "Alice 1:1", before);
    const text = reply?.text ?? "";
    expect(text).toMatch(/^Last 2 deletion outcome\(s\)/);
    const lines = text.split("\n").slice(1);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /5555 \(Shared Park\) at Branch Office: failed \(403\), asked by bob@acme\.example/,
    );
    expect(lines[1]).toMatch(
      /1234 \(Lobby Park\) at HQ: deleted, asked by alice@acme\.example, confirmed by alice/,
    );

    const again = h.botMessages("Alice 1:1").length;
    await h.say(ALICE, "Alice 1:1", "audit 1");
    const [one] = newBotMessages(h, "Alice 1:1", again);
    expect(one?.text.split("\n").slice(1)).toEqual([expect.stringMatching(/5555 .* failed \(403\)/)]);
  });

  it("Mallory asking `audit` is refused and sees nothing of the trail; the refusal is audited", async () => {
    const before = h.botMessages("Voice Admins").length;
    await h.say(MALLORY, "Voice Admins", "audit");
    const replies = newBotMessages(h, "Voice Admins", before);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.markdown).toMatch(/not on the list of admins allowed to use `audit`/);
    for (const leaked of ["1234", "5555", "Lobby", "alice@", "bob@", "deleted"]) {
      expect(replies[0]?.text).not.toContain(leaked);
    }
    expect(fileLines().at(-1)).toMatchObject({
      kind: "refusal",
      requester: { email: MALLORY },
      reason: "requester not allowlisted",
    });
  });

  // Last: it restarts the bot.
  it("the trail survives a restart: same file appended to, `audit` still lists the deletions", async () => {
    const linesBefore = fileLines();
    await h.restartApp();
    expect(fileLines()).toEqual(linesBefore);
    const before = h.botMessages("Alice 1:1").length;
    await h.say(ALICE, "Alice 1:1", "audit");
    expect(newBotMessages(h, "Alice 1:1", before)[0]?.text).toMatch(/^Last 2 deletion outcome\(s\)/);
    await h.say(ALICE, "Alice 1:1", "delete park ext 1235 at HQ");
    expect(fileLines().slice(0, linesBefore.length)).toEqual(linesBefore);
    expect(fileLines().at(-1)).toMatchObject({ kind: "request", target: { extension: "1235" } });
  });
});
