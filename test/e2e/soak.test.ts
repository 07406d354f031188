import { mkdirSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Message } from "../../src/emulator/api-shapes.js";
import { type Harness, startHarness } from "./harness.js";
import { ALICE, BOB, testOrg } from "./test-org.js";

const COMMANDS = Number(process.env.SOAK_COMMANDS ?? 240);
const CONCURRENCY = 8;
const SOAK_EXTENSIONS = Array.from({ length: COMMANDS }, (_, i) => String(70000 + i));

/**
 * A bounded soak: a few hundred commands while every Webex route fails at random (429 with and
 * without Retry-After, 423, 502, 503, 504, slow answers, dropped connections). Each command is
 * confirmed, cancelled, left alone, or garbage; afterwards the emulator's state and request log
 * must show exactly the confirmed deletions, each done by exactly one effective DELETE.
 */
describe("soak under random faults", () => {
  let h: Harness;
  const figures: Record<string, unknown> = {};

  beforeAll(async () => {
    const seed = testOrg();
    seed.locations.push({
      name: "Soak Site",
      callParkExtensions: SOAK_EXTENSIONS.map((extension, i) => ({ extension, name: `Soak ${i}` })),
    });
    h = await startHarness({ seed, app: { retry: { maxAttempts: 6 } } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("deletes exactly what was confirmed, once each, answers every request, and stays up", async () => {
    const emulator = h.emulator;
    const rooms = ["Alice 1:1", "Voice Admins", "Other Room"];
    let retries = 0;
    const started = process.memoryUsage().rss;
    let maxRss = started;
    emulator.clearRequests();
    emulator.faults.random({
      rate: 0.08,
      seed: 20261128,
      kinds: [
        { status: 429, retryAfter: 0 },
        { status: 429 },
        { status: 423 },
        { status: 502 },
        { status: 503 },
        { status: 504 },
        { delayMs: 30 },
        { drop: true },
      ],
    });

    type Plan = "confirm" | "cancel" | "ignore" | "garbage";
    const plans: Plan[] = SOAK_EXTENSIONS.map(
      (_, i) => (["confirm", "confirm", "cancel", "ignore", "garbage"] as const)[i % 5] ?? "ignore",
    );
    const requests: { plan: Plan; extension: string; message: Message; roomId: string }[] = [];

    const run = async (i: number) => {
      const extension = SOAK_EXTENSIONS[i] ?? "";
      const plan = plans[i] ?? "ignore";
      const roomTitle = rooms[i % rooms.length] ?? "Alice 1:1";
      const roomId = h.roomId(roomTitle);
      const who = roomTitle === "Alice 1:1" || i % 2 === 0 ? ALICE : BOB;
      const text =
        plan === "garbage"
          ? `please do something with ${extension}`
          : `delete park ext ${extension} at Soak Site`;
      const message = await emulator.say({ from: who, roomId, text, mention: roomTitle !== "Alice 1:1" });
      await h.app.idle();
      requests.push({ plan, extension, message, roomId });
      if (plan !== "confirm" && plan !== "cancel") return;
      const card = emulator
        .messages(roomId)
        .find((m) => m.parentId === message.id && (m.attachments?.length ?? 0) > 0);
      if (!card) return; // the card post itself failed; the request was still answered (checked below)
      await emulator.pressButton({ by: who, messageId: card.id, button: plan === "confirm" ? 0 : 1 });
      await h.app.idle();
      maxRss = Math.max(maxRss, process.memoryUsage().rss);
    };

    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < COMMANDS) await run(next++);
      }),
    );
    await h.app.idle();
    // Nothing kept per event outlives it: every handled message's fetched body once stayed forever.
    expect(h.app.bot.heldEvents()).toBe(0);
    const faultsInjected = emulator.faults.stats();
    emulator.faults.clear();

    const deletes = emulator.requests.filter(
      (r) => r.method === "DELETE" && r.path.includes("/callParkExtensions/"),
    );
    const effective = deletes.filter((r) => r.status === 204);
    const confirmedAndDone: string[] = [];
    for (const { plan, extension, message, roomId } of requests) {
      const thread = emulator
        .messages(roomId)
        .filter((m) => m.parentId === message.id || m.id === message.id);
      const botAnswers = emulator
        .messages(roomId)
        .filter(
          (m) =>
            m.personId === emulator.botPerson.id &&
            (m.parentId === message.id || m.parentId === undefined) &&
            m.created >= message.created,
        );
      // Every request got an answer in the space (normally in its thread).
      expect(thread.length + botAnswers.length, `request ${extension} (${plan}) unanswered`).toBeGreaterThan(
        1,
      );
      const exists = emulator.callParkExtension("Soak Site", extension) !== undefined;
      const deletedReply = thread.some((m) =>
        (m.text ?? "").startsWith(`Deleted call park extension ${extension}`),
      );
      if (plan === "confirm" && deletedReply) {
        expect(exists, `${extension} reported deleted but still exists`).toBe(false);
        confirmedAndDone.push(extension);
      } else if (plan !== "confirm") {
        expect(exists, `${extension} was never confirmed but is gone`).toBe(true);
      }
    }
    // Exactly one effective DELETE per deleted extension, and none for anything else.
    expect(effective).toHaveLength(confirmedAndDone.length);
    expect(new Set(effective.map((r) => r.path)).size).toBe(effective.length);
    // Nearly every confirmation ends in a deletion despite the faults (a few may exhaust the bounded retries).
    const confirms = plans.filter((p) => p === "confirm").length;
    expect(confirmedAndDone.length).toBeGreaterThanOrEqual(confirms * 0.95);

    retries = h.logs.filter((l) => l.msg === "webex call failed, retrying").length;
    Object.assign(figures, {
      commands: COMMANDS,
      confirmed: confirms,
      deleted: confirmedAndDone.length,
      deleteRequests: deletes.length,
      effectiveDeletes: effective.length,
      webexRequests: emulator.requests.length,
      faultsInjected,
      clientRetries: retries,
      rssStartMb: Math.round(started / 1e6),
      rssMaxMb: Math.round(maxRss / 1e6),
    });
    mkdirSync("test-results", { recursive: true });
    writeFileSync("test-results/soak.json", `${JSON.stringify(figures, null, 2)}\n`);
    process.stdout.write(`soak: ${JSON.stringify(figures)}\n`);
  }, 120_000);
});
