import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../src/emulator/create-emulator.js";
import { type RoundRobinProxy, startRoundRobinProxy } from "../support/round-robin-proxy.js";
import { type BotInstance, startBotInstance } from "../support/start-bot-instance.js";
import { startRedis, type TestRedis } from "../support/start-redis.js";
import { ALICE, testOrg } from "./test-org.js";

/** Two instances behind a round-robin proxy, one emulator, claims in a real redis-server. */
describe("several instances behind a load balancer", () => {
  let emulator: RunningEmulator;
  let redis: TestRedis;
  let proxy: RoundRobinProxy;
  const instances: BotInstance[] = [];

  const start = async () => {
    const instance = await startBotInstance(emulator, {
      config: { publicUrl: proxy.url, redisUrl: redis.url },
    });
    instances.push(instance);
    return instance;
  };
  const room = () => {
    const r = emulator.room("Voice Admins");
    if (!r) throw new Error("no room");
    return r.id;
  };
  const idle = () => Promise.all(instances.map((i) => i.app.idle()));
  const ourWebhooks = () => emulator.webhooks().filter((w) => w.targetUrl === `${proxy.url}/webhook`);

  beforeAll(async () => {
    redis = await startRedis();
    emulator = await startEmulator({ seed: testOrg() });
    proxy = await startRoundRobinProxy([]);
  });
  afterAll(async () => {
    for (const i of instances) await i.app.close().catch(() => {});
    await proxy?.close();
    await emulator?.close();
    await redis?.stop();
  });

  it("starting and stopping instances in any order leaves exactly the two webhooks, deleting none", async () => {
    const a = await start();
    const b = await start();
    proxy.setUpstreams([a.app.url, b.app.url]);
    const first = ourWebhooks()
      .map((w) => w.id)
      .sort();
    expect(
      ourWebhooks()
        .map((w) => `${w.resource}/${w.event}`)
        .sort(),
    ).toEqual(["attachmentActions/created", "messages/created"]);
    await a.app.close();
    instances.splice(instances.indexOf(a), 1);
    expect(
      ourWebhooks()
        .map((w) => w.id)
        .sort(),
    ).toEqual(first);
    const a2 = await start();
    proxy.setUpstreams([a2.app.url, b.app.url]);
    expect(
      ourWebhooks()
        .map((w) => w.id)
        .sort(),
    ).toEqual(first);
    expect(emulator.requests.filter((r) => r.method === "DELETE" && r.path.startsWith("/webhooks"))).toEqual(
      [],
    );
  });

  it("the same card clicked twice, on different instances: exactly one DELETE, one 'already handled'", async () => {
    await emulator.say({ from: ALICE, roomId: room(), text: "delete park ext 1234 at HQ", mention: true });
    await idle();
    const card = emulator
      .messages(room())
      .filter((m) => m.personId === emulator.botPerson.id && (m.attachments?.length ?? 0) > 0)
      .at(-1);
    expect(card).toBeDefined();
    if (!card) return;
    const content = card.attachments?.[0]?.content as
      | { actions?: { data: Record<string, unknown> }[] }
      | undefined;
    const action = content?.actions?.[0];
    const hitsBefore = proxy.hits.length;
    emulator.clearRequests();
    await Promise.all([
      emulator.pressButton({ by: ALICE, messageId: card.id, button: 0 }),
      emulator.submitAction({ by: ALICE, messageId: card.id, inputs: action?.data ?? {} }),
    ]);
    await idle();
    const clicks = proxy.hits.slice(hitsBefore).filter((h) => h.body.includes('"attachmentActions"'));
    expect(new Set(clicks.map((c) => c.upstream)).size).toBe(2);
    const deletes = emulator.requests.filter(
      (r) => r.method === "DELETE" && r.path.includes("/callParkExtensions/"),
    );
    expect(deletes).toHaveLength(1);
    expect(emulator.callParkExtension("HQ", "1234")).toBeUndefined();
    const texts = emulator.messages(room()).map((m) => m.text ?? "");
    expect(texts.filter((t) => t.includes("already handled"))).toHaveLength(1);
    expect(texts.filter((t) => t.startsWith("Deleted call park extension 1234"))).toHaveLength(1);
  });

  it("a restart between request and click loses nothing: the card still works", async () => {
    await emulator.say({ from: ALICE, roomId: room(), text: "delete park ext 1235 at HQ", mention: true });
    await idle();
    const card = emulator
      .messages(room())
      .filter((m) => m.personId === emulator.botPerson.id && (m.attachments?.length ?? 0) > 0)
      .at(-1);
    if (!card) throw new Error("no card");
    for (const old of instances.splice(0)) await old.app.close();
    const fresh = [await start(), await start()];
    proxy.setUpstreams(fresh.map((f) => f.app.url));
    await emulator.pressButton({ by: ALICE, messageId: card.id, button: 0 });
    await idle();
    expect(emulator.callParkExtension("HQ", "1235")).toBeUndefined();
    expect(
      emulator.messages(room()).some((m) => (m.text ?? "").startsWith("Deleted call park extension 1235")),
    ).toBe(true);
  });
});
