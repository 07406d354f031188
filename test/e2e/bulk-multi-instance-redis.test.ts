import { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Message } from "../../src/emulator/api-shapes.js";
import { type RunningEmulator, startEmulator } from "../../src/emulator/create-emulator.js";
import { type RoundRobinProxy, startRoundRobinProxy } from "../support/round-robin-proxy.js";
import { type BotInstance, startBotInstance } from "../support/start-bot-instance.js";
import { startRedis, type TestRedis } from "../support/start-redis.js";
import {
  batchIdOf,
  batchItemLines,
  bulkSummaries,
  countsOf,
  docks,
  effectiveDeletes,
  targetsAt,
} from "./bulk-support.js";
import { buttonsOf, decodeTokenPayload, TOKEN_KEY, tokenOf } from "./support.js";
import { ALICE, testOrg } from "./test-org.js";

/** The claim store's key prefix (src/confirm/create-redis-claim-store.ts). */
const PREFIX = "park-bot:";
/** What the claim store's `set` puts before a value (create-redis-claim-store.ts VALUE). */
const VALUE_MARK = "v:";

/**
 * Two instances behind a round-robin proxy, one emulator, claims, stashed sets and the audit
 * stream in one real redis-server. A test picks which instance gets an event by narrowing the
 * proxy's upstreams.
 */
describe("bulk delete across two instances sharing Redis", () => {
  let emulator: RunningEmulator;
  let redis: TestRedis;
  let client: Redis;
  let proxy: RoundRobinProxy;
  let a: BotInstance;
  let b: BotInstance;
  /** Every instance started, closed ones too: their logs hold the audit lines they wrote. */
  const everStarted: BotInstance[] = [];

  const start = async () => {
    const instance = await startBotInstance(emulator, {
      config: { publicUrl: proxy.url, redisUrl: redis.url },
    });
    everStarted.push(instance);
    return instance;
  };
  const running = () => [a, b];
  const parkDeletes = () =>
    emulator.requests.filter((r) => r.method === "DELETE" && r.path.includes("/callParkExtensions/"));
  const idle = () => Promise.all(running().map((i) => i.app.idle()));
  const roomId = () => emulator.room("Voice Admins")?.id ?? "";
  const botMessages = () => emulator.messages(roomId()).filter((m) => m.personId === emulator.botPerson.id);
  const lastCard = (): Message => {
    const card = botMessages()
      .filter(
        (m) => (m.attachments?.length ?? 0) > 0 && buttonsOf(m).some((x) => /^Delete \d+$/.test(x.title)),
      )
      .at(-1);
    if (!card) throw new Error("no bulk card");
    return card;
  };
  /** Alice asks; the request reaches only `via`. */
  const ask = async (text: string, via: BotInstance) => {
    proxy.setUpstreams([via.app.url]);
    await emulator.say({ from: ALICE, roomId: roomId(), text, mention: true });
    await idle();
    return lastCard();
  };
  const press = async (card: Message, via: BotInstance) => {
    proxy.setUpstreams([via.app.url]);
    await emulator.pressButton({ by: ALICE, messageId: card.id, button: buttonsOf(card)[0]?.title ?? "" });
    await idle();
  };
  const auditOf = (instances: readonly BotInstance[]) =>
    instances.flatMap((i) => i.logs.filter((l) => l.audit === true));
  const cardData = (card: Message) => {
    const payload = decodeTokenPayload(tokenOf(card, /^Delete \d+$/));
    return {
      orgId: typeof payload.orgId === "string" ? payload.orgId : "",
      data: payload.data as { setHash: string },
    };
  };

  beforeAll(async () => {
    redis = await startRedis();
    client = new Redis(redis.url);
    emulator = await startEmulator({ seed: testOrg() });
    proxy = await startRoundRobinProxy([]);
    a = await start();
    b = await start();
  });
  afterAll(async () => {
    for (const i of running()) await i?.app.close().catch(() => {});
    await proxy?.close();
    await emulator?.close();
    client?.disconnect();
    await redis?.stop();
  });
  beforeEach(() => {
    emulator.reset({ keepWebhooks: true });
    emulator.faults.clear();
  });

  it("a card posted by instance A and pressed on instance B: B reads the set A stashed in Redis and deletes each extension once", async () => {
    const extensions = docks(6000, 6009);
    const card = await ask("delete park ext 6000-6009 at Warehouse", a);
    const batchId = batchIdOf(card);
    const targets = targetsAt(emulator, "Warehouse", extensions);

    // The set the card shows is in Redis, under the hash its button signs, for every instance.
    const stashed = await client.get(`${PREFIX}stash:${cardData(card).data.setHash}`);
    expect(stashed?.startsWith(VALUE_MARK)).toBe(true);
    const set = JSON.parse(stashed?.slice(VALUE_MARK.length) ?? "[]") as {
      extension: string;
      callParkExtensionId: string;
    }[];
    expect(set.map((t) => t.extension)).toEqual(extensions);
    expect(set.map((t) => t.callParkExtensionId)).toEqual(targets.map((t) => t.id));

    emulator.clearRequests();
    await press(card, b);

    for (const t of targets) {
      expect(emulator.callParkExtension("Warehouse", t.extension), t.extension).toBeUndefined();
      expect(effectiveDeletes(emulator.requests, t.path), t.extension).toHaveLength(1);
    }
    expect(parkDeletes()).toHaveLength(10);
    const summaries = bulkSummaries(botMessages());
    expect(summaries).toHaveLength(1);
    expect(countsOf(summaries[0] as Message)).toMatchObject({ deleted: 10, "not attempted": 0, failed: 0 });
    // B ran the batch: its intents and outcomes are in B's log, none in A's.
    expect(batchItemLines(auditOf([b]), batchId, "intent")).toHaveLength(10);
    expect(batchItemLines(auditOf([b]), batchId, "outcome")).toHaveLength(10);
    expect(batchItemLines(auditOf([a]), batchId, "intent")).toHaveLength(0);
  });

  it("the same bulk press delivered to both instances at once: one batch runs, each extension is deleted once, the other press is told it was already handled", async () => {
    const extensions = docks(6010, 6019);
    const card = await ask("delete park ext 6010-6019 at Warehouse", a);
    const batchId = batchIdOf(card);
    const targets = targetsAt(emulator, "Warehouse", extensions);
    const before = new Set(botMessages().map((m) => m.id));
    const hitsBefore = proxy.hits.length;
    emulator.clearRequests();

    proxy.setUpstreams([a.app.url, b.app.url]);
    await Promise.all([
      emulator.pressButton({ by: ALICE, messageId: card.id, button: "Delete 10" }),
      emulator.submitAction({
        by: ALICE,
        messageId: card.id,
        inputs: { [TOKEN_KEY]: tokenOf(card, /^Delete 10$/) },
      }),
    ]);
    await idle();

    const presses = proxy.hits.slice(hitsBefore).filter((x) => x.body.includes('"attachmentActions"'));
    expect(new Set(presses.map((x) => x.upstream)).size).toBe(2);
    for (const t of targets) expect(effectiveDeletes(emulator.requests, t.path), t.extension).toHaveLength(1);
    expect(parkDeletes()).toHaveLength(10);
    // The card itself is deleted once used: what is new is what was not there before.
    const replies = botMessages().filter((m) => !before.has(m.id));
    expect(bulkSummaries(replies)).toHaveLength(1);
    expect(replies.filter((m) => (m.text ?? "").includes("already handled"))).toHaveLength(1);
    expect(batchItemLines(auditOf(running()), batchId, "intent")).toHaveLength(10);
    expect(batchItemLines(auditOf(running()), batchId, "outcome")).toHaveLength(10);
  });

  it("both instances restarted between card and press: the set kept in Redis still deletes exactly what the card showed", async () => {
    const extensions = docks(6020, 6029);
    const card = await ask("delete park ext 6020-6029 at Warehouse", a);
    const targets = targetsAt(emulator, "Warehouse", extensions);
    for (const old of running()) await old.app.close();
    a = await start();
    b = await start();
    emulator.clearRequests();

    await press(card, b);

    for (const t of targets) {
      expect(emulator.callParkExtension("Warehouse", t.extension), t.extension).toBeUndefined();
      expect(effectiveDeletes(emulator.requests, t.path), t.extension).toHaveLength(1);
    }
    expect(emulator.callParkExtension("Warehouse", "6030")).toBeDefined();
    expect(parkDeletes()).toHaveLength(10);
    const summary = bulkSummaries(botMessages()).at(-1);
    expect(summary && countsOf(summary)).toMatchObject({ deleted: 10, failed: 0, "not attempted": 0 });
  });

  it("an item whose claim another batch holds in Redis is reported not attempted and not deleted; the others are deleted once and their claims released", async () => {
    const extensions = docks(6030, 6039);
    const card = await ask("delete park ext 6030-6039 at Warehouse", a);
    const batchId = batchIdOf(card);
    const targets = targetsAt(emulator, "Warehouse", extensions);
    const held = targets.find((t) => t.extension === "6034");
    if (!held) throw new Error("no 6034");
    const itemKey = (id: string) => `${PREFIX}bulk-item:${cardData(card).orgId}:${id}`;
    // Another batch (on some instance) is deleting 6034 right now.
    expect(await client.set(itemKey(held.id), "1", "PX", 60_000, "NX")).toBe("OK");
    emulator.clearRequests();

    await press(card, b);

    expect(parkDeletes().filter((r) => r.path === held.path)).toEqual([]);
    expect(emulator.callParkExtension("Warehouse", "6034")).toBeDefined();
    const others = targets.filter((t) => t !== held);
    for (const t of others) {
      expect(emulator.callParkExtension("Warehouse", t.extension), t.extension).toBeUndefined();
      expect(effectiveDeletes(emulator.requests, t.path), t.extension).toHaveLength(1);
    }
    expect(parkDeletes()).toHaveLength(9);

    const summary = bulkSummaries(botMessages()).at(-1);
    if (!summary) throw new Error("no summary");
    expect(countsOf(summary)).toMatchObject({ deleted: 9, failed: 0, "not attempted": 1 });
    expect(summary.text).toContain(
      "Not attempted:\n- 6034 (Dock 35): another request was deleting it at the same moment",
    );
    expect(buttonsOf(summary).map((x) => x.title)).toEqual(["Undo (9)"]);

    const outcomes = batchItemLines(auditOf(running()), batchId, "outcome");
    expect(outcomes).toHaveLength(10);
    expect(outcomes.find((o) => o.target?.extension === "6034")?.result).toBe(
      "not deleted: another request was deleting it at the same moment",
    );
    const intents = batchItemLines(auditOf(running()), batchId, "intent");
    expect(intents.map((i) => i.target?.extension).sort()).toEqual(others.map((t) => t.extension));

    // The holder's claim is untouched; the batch's own claims were released for later requests.
    expect(await client.get(itemKey(held.id))).toBe("1");
    for (const t of others) expect(await client.exists(itemKey(t.id)), t.extension).toBe(0);
  });

  it("two overlapping bulk cards pressed at once on different instances: each shared extension is deleted by one batch only, and the other batch says so", async () => {
    // Both sets start with the shared ten, so both batches reach for the same extensions at once.
    const first = await ask("delete park ext 6050-6059, 6040-6049 at Warehouse", a);
    const second = await ask("delete park ext 6050-6069 at Warehouse", b);
    const [firstBatch, secondBatch] = [batchIdOf(first), batchIdOf(second)];
    const targets = targetsAt(emulator, "Warehouse", docks(6040, 6069));
    const shared = docks(6050, 6059);
    // Slow DELETEs, so the two batches overlap in time (the outcome rules below hold either way).
    emulator.faults.inject({ method: "DELETE", path: /\/callParkExtensions\//, delayMs: 25, times: 1_000 });
    const hitsBefore = proxy.hits.length;
    emulator.clearRequests();

    proxy.setUpstreams([a.app.url, b.app.url]);
    await Promise.all([
      emulator.pressButton({ by: ALICE, messageId: first.id, button: "Delete 20" }),
      emulator.pressButton({ by: ALICE, messageId: second.id, button: "Delete 20" }),
    ]);
    await idle();

    const presses = proxy.hits.slice(hitsBefore).filter((x) => x.body.includes('"attachmentActions"'));
    expect(new Set(presses.map((x) => x.upstream)).size).toBe(2);
    // Webex carried out one DELETE per extension, and every one of the thirty is gone.
    for (const t of targets) {
      expect(emulator.callParkExtension("Warehouse", t.extension), t.extension).toBeUndefined();
      expect(effectiveDeletes(emulator.requests, t.path), t.extension).toHaveLength(1);
    }

    const audit = auditOf(running());
    const resultsOf = (extension: string) =>
      [firstBatch, secondBatch].map(
        (batch) =>
          batchItemLines(audit, batch, "outcome").find((o) => o.target?.extension === extension)?.result,
      );
    for (const extension of shared) {
      const results = resultsOf(extension);
      expect(
        results.filter((r) => r === "deleted"),
        `${extension}: ${results.join(", ")}`,
      ).toHaveLength(1);
      expect(
        results.find((r) => r !== "deleted"),
        extension,
      ).toMatch(/^(already gone|not deleted: another request was deleting it at the same moment)$/);
    }
    for (const extension of [...docks(6040, 6049), ...docks(6060, 6069)])
      expect(
        resultsOf(extension).filter((r) => r === "deleted"),
        extension,
      ).toHaveLength(1);

    // The two summaries between them report each of the thirty deleted once.
    const summaries = bulkSummaries(botMessages()).slice(-2);
    expect(summaries).toHaveLength(2);
    const counts = summaries.map(countsOf);
    expect(counts.reduce((n, c) => n + (c.deleted ?? 0), 0)).toBe(30);
    expect(counts.reduce((n, c) => n + (c["already gone"] ?? 0) + (c["not attempted"] ?? 0), 0)).toBe(10);
    expect(counts.every((c) => c.failed === 0)).toBe(true);
  });
});
