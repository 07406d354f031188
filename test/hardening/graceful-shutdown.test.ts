import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../src/emulator/create-emulator.js";
import { signWebhook } from "../e2e/harness.js";
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

// A real process (node --import tsx src/main.ts, real mode) gets SIGTERM while a
// confirmed DELETE is in flight. It must stop taking events (503), finish and report the delete,
// write its audit lines, keep its webhooks, and exit 0.
const BOT_TOKEN = "BOT-TOKEN-CANARY-shutdown-5d1e";
const ADMIN_TOKEN = "ADMIN-TOKEN-CANARY-shutdown-9b2f";
const WEBHOOK_SECRET = "WEBHOOK-SECRET-CANARY-shutdown-77c1";
const DELETE_DELAY_MS = 2_000;

describe("graceful shutdown of the real process", () => {
  let emulator: Emulator;
  let served: ServedEmulator | undefined;
  let apiUrl: string;
  /** Called when a call park DELETE reaches the emulator (before the injected delay). */
  let onDeleteArrived: () => void = () => {};
  let bot: SpawnedBot | undefined;
  const auditPath = join(tempDir("shutdown"), "audit.jsonl");

  beforeAll(async () => {
    served = await serveEmulator({ bot: BOT_TOKEN, admin: ADMIN_TOKEN }, (method, path) => {
      if (method === "DELETE" && DELETE_ROUTE.test(path)) onDeleteArrived();
    });
    ({ emulator, apiUrl } = served);
  });
  afterAll(async () => {
    if (bot && bot.child.exitCode === null) bot.child.kill("SIGKILL");
    await served?.close();
  });

  it("SIGTERM during a DELETE: 503 to new events, the delete finishes and is reported and audited, webhooks stay, exit 0", async () => {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const running = spawnBot({
      WEBEX_BOT_TOKEN: BOT_TOKEN,
      WEBEX_ADMIN_TOKEN: ADMIN_TOKEN,
      WEBEX_API_URL: apiUrl,
      WEBEX_WEBHOOK_SECRET: WEBHOOK_SECRET,
      PUBLIC_URL: publicUrl,
      PORT: String(port),
      ALLOWED_EMAILS: `${ALICE},${BOB}`,
      AUDIT_LOG_PATH: auditPath,
      LOG_LEVEL: "info",
    });
    bot = running;
    await running.logLine((l) => l.msg === "ready", "ready");
    expect((await fetch(`${publicUrl}/readyz`)).status).toBe(200);
    const hooks = emulator
      .webhooks()
      .map((w) => `${w.id} ${w.resource}/${w.event} ${w.targetUrl}`)
      .sort();
    expect(hooks).toHaveLength(2);

    // A request, and its card.
    const roomId = emulator.room("Alice 1:1")?.id ?? "";
    await emulator.say({ from: ALICE, roomId, text: "delete park ext 1234 at HQ" });
    const cardOf = () => emulator.messages(roomId).find((m) => (m.attachments?.length ?? 0) > 0);
    await waitUntil(() => cardOf() !== undefined, "the confirm card");
    const card = cardOf();
    if (!card) throw new Error("no card");

    // Confirm; the DELETE is held by the emulator for a while.
    emulator.faults.inject({ method: "DELETE", path: DELETE_ROUTE, delayMs: DELETE_DELAY_MS });
    const arrived = new Promise<void>((resolve) => {
      onDeleteArrived = resolve;
    });
    await emulator.pressButton({ by: ALICE, messageId: card.id, button: 0 });
    await arrived;

    // SIGTERM while it is in flight.
    running.child.kill("SIGTERM");
    await running.logLine((l) => String(l.msg).startsWith("shutting down"), "the shutdown line");
    expect(emulator.callParkExtension("HQ", "1234")).toBeDefined();

    // Draining: not ready, and new events are refused with 503 (so Webex retries elsewhere).
    const readyz = await fetch(`${publicUrl}/readyz`);
    expect(readyz.status).toBe(503);
    expect(await readyz.json()).toEqual({ status: "draining" });
    const event = JSON.stringify({
      id: "hook",
      name: "Park Bot",
      resource: "messages",
      event: "created",
      data: { id: "late-message", roomId, personId: emulator.person(ALICE)?.id },
    });
    const late = await fetch(`${publicUrl}/webhook`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-spark-signature": signWebhook(event, WEBHOOK_SECRET),
      },
      body: event,
    });
    expect(late.status).toBe(503);
    // Webex's own signed delivery of a new message is refused the same way.
    const help = await emulator.say({ from: ALICE, roomId, text: "help" });
    expect(emulator.deliveries.filter((d) => d.dataId === help.id).map((d) => d.status)).toEqual([503]);

    expect(await running.exited).toBe(0);

    // The delete in flight finished and was reported in the request's thread.
    expect(emulator.callParkExtension("HQ", "1234")).toBeUndefined();
    expect(emulator.requests.filter(isParkDelete).map((r) => r.status)).toEqual([204]);
    const botMessages = emulator.messages(roomId).filter((m) => m.personId === emulator.botPerson.id);
    const outcome = botMessages.at(-1);
    expect(outcome?.text).toMatch(/^Deleted call park extension 1234 \(Lobby Park\) at HQ/);
    expect(outcome?.parentId).toBe(
      emulator.messages(roomId).find((m) => m.text === "delete park ext 1234 at HQ")?.id,
    );
    // Nothing answered the refused "help".
    expect(botMessages.filter((m) => m.parentId === help.id)).toEqual([]);

    // The audit file holds the intent and the outcome, as complete JSON lines.
    const text = readFileSync(auditPath, "utf8");
    expect(text.endsWith("\n")).toBe(true);
    const lines = text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const nonce = lines.find((l) => l.kind === "intent")?.nonce;
    expect(lines.filter((l) => l.nonce === nonce).map((l) => l.kind)).toEqual([
      "request",
      "intent",
      "outcome",
    ]);
    expect(lines.find((l) => l.kind === "outcome")).toMatchObject({
      result: "deleted",
      target: { extension: "1234", locationName: "HQ" },
      requester: { email: ALICE },
    });

    // Both webhooks are still registered; the bot never deleted one.
    expect(
      emulator
        .webhooks()
        .map((w) => `${w.id} ${w.resource}/${w.event} ${w.targetUrl}`)
        .sort(),
    ).toEqual(hooks);
    expect(emulator.requests.filter((r) => r.method === "DELETE" && r.path.startsWith("/webhooks"))).toEqual(
      [],
    );

    // The process's own output never carried a token or the secret.
    const output = [...running.stdout, ...running.stderr].join("\n");
    expect(running.stdout.length).toBeGreaterThan(3);
    for (const secret of [BOT_TOKEN, ADMIN_TOKEN, WEBHOOK_SECRET]) expect(output).not.toContain(secret);
    expect(output).not.toMatch(/Bearer\s+(?!\[redacted\])\S/i);
    expect(readFileSync(auditPath, "utf8")).not.toMatch(/CANARY/);
  });
});
