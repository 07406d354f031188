import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../src/emulator/create-emulator.js";
import {
  batchIdOf,
  batchItemLines,
  batchSummaryLine,
  bulkSummaries,
  countsOf,
  dockName,
  docks,
  targetsAt,
} from "../e2e/bulk-support.js";
import { buttonsOf } from "../e2e/support.js";
import { ALICE, BOB } from "../e2e/test-org.js";
import {
  DELETE_ROUTE,
  freePort,
  isParkDelete,
  type ServedEmulator,
  type SpawnedBot,
  serveEmulator,
  spawnBot,
  tempDir,
  waitUntil,
} from "./support.js";

// A real process (node --import tsx src/main.ts, real mode, BULK_CONCURRENCY=3) gets SIGTERM
// in the middle of a bulk delete of 12, while the emulator holds a Webex call. It must start no
// item after the signal, let those in flight finish, report all twelve (deleted, or not started)
// in the summary and in the audit file, and exit 0; started again, it finds nothing unreported.
const BOT_TOKEN = "bot-token-bulk-shutdown-0001";
const ADMIN_TOKEN = "admin-token-bulk-shutdown-0001";
const WEBHOOK_SECRET = "webhook-secret-bulk-shutdown-0001";
const CONCURRENCY = 3;
/** Long enough that no held call can finish before the signal is sent. */
const HOLD_MS = 2_000;
const LIST_ROUTE = "/telephony/config/callParkExtensions";
const EXTENSIONS = docks(6000, 6011);

describe("SIGTERM in the middle of a bulk delete", () => {
  let emulator: Emulator;
  let served: ServedEmulator | undefined;
  let apiUrl: string;
  /** Requests as they reach the emulator (before any injected delay). */
  const arrivals: { method: string; path: string }[] = [];
  /** Call park DELETEs that reached the emulator, by path. */
  const deleteArrivals = () =>
    arrivals.filter((a) => a.method === "DELETE" && DELETE_ROUTE.test(a.path)).map((a) => a.path);
  const listings = () => arrivals.filter((a) => a.method === "GET" && a.path === LIST_ROUTE).length;
  const bots: SpawnedBot[] = [];

  beforeAll(async () => {
    served = await serveEmulator({ bot: BOT_TOKEN, admin: ADMIN_TOKEN }, (method, path) =>
      arrivals.push({ method, path }),
    );
    ({ emulator, apiUrl } = served);
  });
  beforeEach(() => {
    // Each test starts its own process, which registers its own webhooks.
    emulator.reset();
    emulator.faults.clear();
    emulator.clearRequests();
    arrivals.length = 0;
  });
  afterAll(async () => {
    for (const bot of bots) if (bot.child.exitCode === null) bot.child.kill("SIGKILL");
    await served?.close();
  });

  async function start(port: number, auditPath: string): Promise<SpawnedBot> {
    const bot = spawnBot({
      WEBEX_BOT_TOKEN: BOT_TOKEN,
      WEBEX_ADMIN_TOKEN: ADMIN_TOKEN,
      WEBEX_API_URL: apiUrl,
      WEBEX_WEBHOOK_SECRET: WEBHOOK_SECRET,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      PORT: String(port),
      ALLOWED_EMAILS: `${ALICE},${BOB}`,
      AUDIT_LOG_PATH: auditPath,
      BULK_CONCURRENCY: String(CONCURRENCY),
      LOG_LEVEL: "info",
    });
    bots.push(bot);
    await bot.logLine((l) => l.msg === "ready", "ready");
    return bot;
  }

  /** Alice asks for 6000–6011 at Warehouse in her 1:1 space; the bot's card, and its thread. */
  async function askForCard() {
    const roomId = emulator.room("Alice 1:1")?.id ?? "";
    const request = await emulator.say({
      from: ALICE,
      roomId,
      text: "delete park ext 6000-6011 at Warehouse",
    });
    const cardOf = () =>
      emulator.messages(roomId).find((m) => m.parentId === request.id && (m.attachments?.length ?? 0) > 0);
    await waitUntil(() => cardOf() !== undefined, "the bulk card");
    const card = cardOf();
    if (!card) throw new Error("no card");
    expect(buttonsOf(card).map((b) => b.title)).toContain("Delete 12");
    const thread = () =>
      emulator
        .messages(roomId)
        .filter((m) => m.personId === emulator.botPerson.id && m.parentId === request.id);
    return { card, batchId: batchIdOf(card), thread };
  }

  function auditFile(path: string): Record<string, unknown>[] {
    const text = readFileSync(path, "utf8");
    expect(text.endsWith("\n")).toBe(true);
    return text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  /** Started again on the same audit file, the bot finds no intent without an outcome, and writes nothing. */
  async function expectNothingUnreported(port: number, auditPath: string): Promise<void> {
    const linesBefore = auditFile(auditPath).length;
    const again = await start(port, auditPath);
    const looked = await again.logLine((l) => l.msg === "looked for interrupted deletes", "the look");
    expect(looked).toMatchObject({ reported: 0, failed: 0 });
    again.child.kill("SIGTERM");
    expect(await again.exited).toBe(0);
    expect(auditFile(auditPath)).toHaveLength(linesBefore);
  }

  it("no new item starts after the signal, the three DELETEs in flight finish, and all twelve are reported as deleted or not started in the summary and the audit; a restart finds nothing unreported", async () => {
    const port = await freePort();
    const auditPath = join(tempDir("bulk-shutdown"), "audit.jsonl");
    const bot = await start(port, auditPath);
    const targets = targetsAt(emulator, "Warehouse", EXTENSIONS);
    const { card, batchId, thread } = await askForCard();

    // Every DELETE is held; the first CONCURRENCY arrive, and then the signal.
    emulator.faults.inject({ method: "DELETE", path: DELETE_ROUTE, delayMs: HOLD_MS, times: 100 });
    await emulator.pressButton({ by: ALICE, messageId: card.id, button: "Delete 12" });
    await waitUntil(() => deleteArrivals().length === CONCURRENCY, "the first DELETEs");
    bot.child.kill("SIGTERM");
    expect(await bot.exited).toBe(0);

    // Only the three in flight were sent, the first three in typed order, and each finished.
    const inFlight = targets.slice(0, CONCURRENCY);
    const notStarted = targets.slice(CONCURRENCY);
    expect(deleteArrivals()).toEqual(inFlight.map((t) => t.path));
    expect(emulator.requests.filter(isParkDelete).map((r) => `${r.path} ${r.status}`)).toEqual(
      inFlight.map((t) => `${t.path} 204`),
    );
    for (const t of inFlight)
      expect(emulator.callParkExtension("Warehouse", t.extension), t.extension).toBeUndefined();
    for (const t of notStarted)
      expect(emulator.callParkExtension("Warehouse", t.extension), t.extension).toBeDefined();

    // The summary: three deleted, the other nine each named as not started; nothing else.
    const [summary, ...more] = bulkSummaries(thread());
    expect(more).toEqual([]);
    if (!summary) throw new Error("no summary");
    expect(countsOf(summary)).toEqual({
      deleted: CONCURRENCY,
      "already gone": 0,
      changed: 0,
      failed: 0,
      "not attempted": EXTENSIONS.length - CONCURRENCY,
    });
    expect(summary.text).toContain(
      [
        "Not started, because I was shutting down (ask again for these):",
        ...notStarted.map((t) => `- ${t.extension} (${dockName(t.extension)})`),
      ].join("\n"),
    );
    for (const t of inFlight) expect(summary.text).not.toContain(`- ${t.extension} (`);
    // No Redis: what Undo would restore dies with this process, so no Undo is offered.
    expect(summary.attachments ?? []).toEqual([]);
    expect(summary.text).toMatch(/No Undo: I am restarting, and what was deleted is kept only in my memory/);
    expect(thread().find((m) => (m.text ?? "").startsWith("Deleting 12"))?.text).toBe(
      "Deleting 12 call park extensions at Warehouse: stopped — 3 deleted, 9 not started. The summary follows.",
    );

    // The audit file: an intent for each DELETE sent, an outcome for every one of the twelve.
    const lines = auditFile(auditPath);
    const intents = batchItemLines(lines, batchId, "intent");
    const outcomes = batchItemLines(lines, batchId, "outcome");
    expect(intents.map((i) => i.target?.extension)).toEqual(inFlight.map((t) => t.extension));
    expect(outcomes).toHaveLength(EXTENSIONS.length);
    expect(new Set(outcomes.map((o) => o.nonce)).size).toBe(EXTENSIONS.length);
    const resultOf = (extension: string) => outcomes.find((o) => o.target?.extension === extension)?.result;
    for (const t of inFlight) expect(resultOf(t.extension), t.extension).toBe("deleted");
    for (const t of notStarted)
      expect(resultOf(t.extension), t.extension).toBe("not deleted: the bot was stopping");
    for (const intent of intents)
      expect(
        outcomes.some((o) => o.nonce === intent.nonce),
        `${intent.nonce}`,
      ).toBe(true);
    expect(batchSummaryLine(lines, batchId)?.batch?.counts).toMatchObject({
      deleted: CONCURRENCY,
      "not started": EXTENSIONS.length - CONCURRENCY,
      failed: 0,
    });

    await expectNothingUnreported(port, auditPath);
    expect(emulator.requests.filter(isParkDelete)).toHaveLength(CONCURRENCY);
  }, 60_000);

  it("SIGTERM while the press re-reads the location: no DELETE at all, and all twelve are reported not started, in the summary and the audit", async () => {
    const port = await freePort();
    const auditPath = join(tempDir("bulk-shutdown"), "audit.jsonl");
    const bot = await start(port, auditPath);
    const { card, batchId, thread } = await askForCard();

    // The press's one listing of the location is held; the signal comes while it is.
    const listingsBefore = listings();
    emulator.faults.inject({ method: "GET", path: LIST_ROUTE, delayMs: HOLD_MS });
    await emulator.pressButton({ by: ALICE, messageId: card.id, button: "Delete 12" });
    await waitUntil(() => listings() > listingsBefore, "the press's listing");
    bot.child.kill("SIGTERM");
    expect(await bot.exited).toBe(0);

    expect(deleteArrivals()).toEqual([]);
    for (const extension of EXTENSIONS)
      expect(emulator.callParkExtension("Warehouse", extension), extension).toBeDefined();

    const [summary, ...more] = bulkSummaries(thread());
    expect(more).toEqual([]);
    if (!summary) throw new Error("no summary");
    expect(countsOf(summary)).toEqual({
      deleted: 0,
      "already gone": 0,
      changed: 0,
      failed: 0,
      "not attempted": EXTENSIONS.length,
    });
    expect(summary.text).toContain(
      [
        "Not started, because I was shutting down (ask again for these):",
        ...EXTENSIONS.map((e) => `- ${e} (${dockName(e)})`),
      ].join("\n"),
    );
    // Nothing was deleted, so there is nothing to undo.
    expect(summary.attachments ?? []).toEqual([]);

    const lines = auditFile(auditPath);
    expect(batchItemLines(lines, batchId, "intent")).toEqual([]);
    const outcomes = batchItemLines(lines, batchId, "outcome");
    expect(outcomes.map((o) => o.target?.extension)).toEqual(expect.arrayContaining(EXTENSIONS));
    expect(outcomes).toHaveLength(EXTENSIONS.length);
    expect(outcomes.every((o) => o.result === "not deleted: the bot was stopping")).toBe(true);

    await expectNothingUnreported(port, auditPath);
    expect(deleteArrivals()).toEqual([]);
  }, 60_000);
});
