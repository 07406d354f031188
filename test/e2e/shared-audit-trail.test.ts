import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../src/emulator/create-emulator.js";
import { orgUuid } from "../../src/webex/is-same-org.js";
import { type RoundRobinProxy, startRoundRobinProxy } from "../support/round-robin-proxy.js";
import { type BotInstance, startBotInstance } from "../support/start-bot-instance.js";
import { startRedis, type TestRedis } from "../support/start-redis.js";
import { ALICE, testOrg } from "./test-org.js";

/** Each instance with an audit file of its own (as on separate machines) and one Redis. */
describe("the audit trail with Redis: shared by every instance", () => {
  let emulator: RunningEmulator;
  let server: TestRedis;
  let redis: Redis;
  let proxy: RoundRobinProxy;
  const instances: BotInstance[] = [];

  const start = async () => {
    const instance = await startBotInstance(emulator, {
      config: {
        publicUrl: proxy.url,
        redisUrl: server.url,
        auditLogPath: join(mkdtempSync(join(tmpdir(), "shared-audit-")), "audit.jsonl"),
      },
    });
    instances.push(instance);
    return instance;
  };
  const alice = () => emulator.room("Alice 1:1")?.id ?? "";
  const botTexts = () =>
    emulator
      .messages(alice())
      .filter((m) => m.personId === emulator.botPerson.id)
      .map((m) => m.text);
  /** The org's own stream: park-bot:audit:<org uuid>. */
  const streamKey = () => `park-bot:audit:${orgUuid(emulator.org.id)}`;
  const idle = () => Promise.all(instances.map((i) => i.app.idle()));
  const stream = async () =>
    (await redis.xrange(streamKey(), "-", "+")).map(
      ([, fields]) => JSON.parse(fields[1] ?? "{}") as Record<string, unknown>,
    );

  beforeAll(async () => {
    server = await startRedis();
    redis = new Redis(server.url);
    emulator = await startEmulator({ seed: testOrg() });
    proxy = await startRoundRobinProxy([]);
  });
  afterAll(async () => {
    for (const i of instances) await i.app.close().catch(() => {});
    await proxy?.close();
    await emulator?.close();
    await redis?.quit();
    await server?.stop();
  });

  it("a deletion made through one instance is listed by `audit` on another", async () => {
    const a = await start();
    proxy.setUpstreams([a.app.url]);
    await emulator.say({ from: ALICE, roomId: alice(), text: "delete park ext 1234 at HQ" });
    await idle();
    const card = emulator.messages(alice()).findLast((m) => (m.attachments?.length ?? 0) > 0);
    await emulator.pressButton({ by: ALICE, messageId: card?.id ?? "", button: 0 });
    await idle();
    expect(emulator.callParkExtension("HQ", "1234")).toBeUndefined();
    const kinds = (await stream()).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(["request", "intent", "outcome"]));

    const b = await start();
    proxy.setUpstreams([b.app.url]);
    await emulator.say({ from: ALICE, roomId: alice(), text: "audit" });
    await idle();
    expect(botTexts().at(-1)).toMatch(
      /^Last 1 deletion outcome\(s\), newest first:\n- .* — 1234 \(Lobby Park\) at HQ: deleted, asked by alice@/,
    );
    for (const i of instances.splice(0)) await i.app.close();
  });

  it("an intent left without an outcome is reported once, by one of two instances starting together", async () => {
    const cpe = emulator.callParkExtension("HQ", "1235");
    if (!cpe) throw new Error("no 1235 at HQ");
    // What a process killed after its intent leaves behind, written ten minutes ago.
    const threadId = emulator.messages(alice()).find((m) => m.text === "delete park ext 1234 at HQ")?.id;
    const nonce = "interrupted-nonce-0000000001";
    await redis.xadd(
      streamKey(),
      "*",
      "event",
      JSON.stringify({
        at: new Date(Date.now() - 10 * 60_000).toISOString(),
        kind: "intent",
        requester: { id: emulator.person(ALICE)?.id, email: ALICE },
        confirmer: { id: emulator.person(ALICE)?.id, email: ALICE },
        roomId: alice(),
        threadId,
        target: {
          callParkExtensionId: cpe.id,
          locationId: cpe.locationId,
          locationName: "HQ",
          extension: "1235",
          name: "Loading Dock",
        },
        nonce,
      }),
    );
    const [c, d] = await Promise.all([start(), start()]);
    for (const i of [c, d]) {
      await expect.poll(() => i?.logs.some((l) => l.msg === "looked for interrupted deletes")).toBe(true);
    }
    const reports = botTexts().filter((t) => t.startsWith("I was restarted while deleting"));
    expect(reports).toEqual([
      "I was restarted while deleting call park extension 1235 (Loading Dock) at HQ; it still exists, nothing was deleted. Ask again if you still want it deleted.",
    ]);
    const outcomes = (await stream()).filter((e) => e.kind === "outcome" && e.nonce === nonce);
    expect(outcomes).toEqual([expect.objectContaining({ result: "not deleted (interrupted by a restart)" })]);
  });
});
