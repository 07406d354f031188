import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../src/emulator/create-emulator.js";
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

// The real process (node --import tsx src/main.ts, real mode) is killed with SIGKILL after the
// click was claimed and its intent written, while a Webex call is held by the emulator: no
// shutdown code runs. Started again, it must find the intent without an outcome, look the
// extension up, say in the card's thread what became of it, and audit that, once.
const BOT_TOKEN = "bot-token-crash-recovery-0001";
const ADMIN_TOKEN = "admin-token-crash-recovery-0001";
const WEBHOOK_SECRET = "webhook-secret-crash-recovery-0001";
const READ_ROUTE = DELETE_ROUTE;

describe("a process killed in the middle of a confirmed delete", () => {
  let emulator: Emulator;
  let served: ServedEmulator | undefined;
  let apiUrl: string;
  /** Called when a request reaches the emulator (before any injected delay). */
  let onArrival: (method: string, path: string) => void = () => {};
  const bots: SpawnedBot[] = [];

  beforeAll(async () => {
    served = await serveEmulator({ bot: BOT_TOKEN, admin: ADMIN_TOKEN }, (method, path) =>
      onArrival(method, path),
    );
    ({ emulator, apiUrl } = served);
  });
  afterEach(() => {
    for (const bot of bots) if (bot.child.exitCode === null) bot.child.kill("SIGKILL");
  });
  afterAll(async () => {
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
      LOG_LEVEL: "info",
    });
    bots.push(bot);
    await bot.logLine((l) => l.msg === "ready", "ready");
    return bot;
  }

  /** Asks for `extension` at HQ, holds the Webex call `held` matches, confirms, and SIGKILLs the bot once that call arrives. */
  async function killDuring(
    extension: string,
    held: { method: string; path: RegExp },
  ): Promise<{ port: number; auditPath: string; roomId: string; requestId: string }> {
    const port = await freePort();
    const auditPath = join(tempDir("crash"), "audit.jsonl");
    const bot = await start(port, auditPath);
    const roomId = emulator.room("Alice 1:1")?.id ?? "";
    const request = await emulator.say({ from: ALICE, roomId, text: `delete park ext ${extension} at HQ` });
    const cardOf = () =>
      emulator.messages(roomId).find((m) => m.parentId === request.id && (m.attachments?.length ?? 0) > 0);
    await waitUntil(() => cardOf() !== undefined, "the confirm card");
    emulator.faults.inject({ method: held.method, path: held.path, delayMs: 3_000 });
    const arrived = new Promise<void>((resolve) => {
      onArrival = (method, path) => {
        if (method === held.method && held.path.test(path)) resolve();
      };
    });
    await emulator.pressButton({ by: ALICE, messageId: cardOf()?.id ?? "", button: 0 });
    await arrived;
    bot.child.kill("SIGKILL");
    expect(await bot.exited).toBe("SIGKILL");
    onArrival = () => {};
    return { port, auditPath, roomId, requestId: request.id };
  }

  function auditLines(path: string): Record<string, unknown>[] {
    return readFileSync(path, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  const repliesIn = (roomId: string, threadId: string) =>
    emulator.messages(roomId).filter((m) => m.personId === emulator.botPerson.id && m.parentId === threadId);

  it("killed before the DELETE was sent: on restart it says the extension still exists and nothing was deleted", async () => {
    const { port, auditPath, roomId, requestId } = await killDuring("1234", {
      method: "GET",
      path: READ_ROUTE,
    });
    expect(emulator.requests.filter(isParkDelete)).toEqual([]);
    const kinds = auditLines(auditPath).map((l) => l.kind);
    expect(kinds.at(-1)).toBe("intent");

    await start(port, auditPath);
    await waitUntil(() => repliesIn(roomId, requestId).length > 0, "the restart's report");
    expect(repliesIn(roomId, requestId).map((m) => m.text)).toEqual([
      "I was restarted while deleting call park extension 1234 (Lobby Park) at HQ; it still exists, nothing was deleted. Ask again if you still want it deleted.",
    ]);
    expect(emulator.callParkExtension("HQ", "1234")).toBeDefined();
    expect(emulator.requests.filter(isParkDelete)).toEqual([]);
    await waitUntil(() => auditLines(auditPath).at(-1)?.kind === "outcome", "the outcome line");
    const intent = auditLines(auditPath).find((l) => l.kind === "intent");
    expect(auditLines(auditPath).at(-1)).toMatchObject({
      kind: "outcome",
      nonce: intent?.nonce,
      result: "not deleted (interrupted by a restart)",
      requester: { email: ALICE },
      target: { extension: "1234", locationName: "HQ" },
    });
  }, 60_000);

  it("killed while the DELETE was in flight (and Webex carried it out): on restart it says it is deleted, and a third start says nothing more", async () => {
    const { port, auditPath, roomId, requestId } = await killDuring("1235", {
      method: "DELETE",
      path: DELETE_ROUTE,
    });
    // The emulator finishes the held DELETE although its caller is gone.
    await waitUntil(() => emulator.callParkExtension("HQ", "1235") === undefined, "the held DELETE to land");

    const second = await start(port, auditPath);
    await waitUntil(() => repliesIn(roomId, requestId).length > 0, "the restart's report");
    expect(repliesIn(roomId, requestId).map((m) => m.text)).toEqual([
      "I was restarted while deleting call park extension 1235 (Loading Dock) at HQ; it is deleted.",
    ]);
    await waitUntil(() => auditLines(auditPath).at(-1)?.kind === "outcome", "the outcome line");
    expect(auditLines(auditPath).at(-1)).toMatchObject({ result: "deleted (found after a restart)" });

    second.child.kill("SIGTERM");
    await second.exited;
    const linesBefore = auditLines(auditPath).length;
    const third = await start(port, auditPath);
    const looked = await third.logLine((l) => l.msg === "looked for interrupted deletes", "the look");
    expect(looked).toMatchObject({ reported: 0, failed: 0 });
    expect(repliesIn(roomId, requestId)).toHaveLength(1);
    expect(auditLines(auditPath)).toHaveLength(linesBefore);
  }, 60_000);
});
