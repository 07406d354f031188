import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../src/emulator/create-emulator.js";
import { type RoundRobinProxy, startRoundRobinProxy } from "../support/round-robin-proxy.js";
import { type BotInstance, startBotInstance } from "../support/start-bot-instance.js";
import { startRedis, type TestRedis } from "../support/start-redis.js";
import { TOKEN_KEY, tokenOf } from "./support.js";
import { ALICE, testOrg } from "./test-org.js";

/** Bot reads of one message: what an instance does when it finds no record of a card. */
function messageReads(requests: RunningEmulator["requests"], messageId: string) {
  return requests.filter(
    (r) => r.method === "GET" && r.path === `/messages/${messageId}` && r.auth === "bot",
  );
}

/** Two instances, records in a real redis-server: the card is recorded on one, pressed on the other. */
describe("a token acts only on its card, whichever instance serves the press", () => {
  let emulator: RunningEmulator;
  let redis: TestRedis;
  let proxy: RoundRobinProxy;
  const instances: BotInstance[] = [];
  const room = () => emulator.room("Voice Admins")?.id ?? "";
  const idle = () => Promise.all(instances.map((i) => i.app.idle()));
  const lastCard = () =>
    emulator
      .messages(room())
      .filter((m) => m.personId === emulator.botPerson.id && (m.attachments?.length ?? 0) > 0)
      .at(-1);

  beforeAll(async () => {
    redis = await startRedis();
    emulator = await startEmulator({ seed: testOrg() });
    proxy = await startRoundRobinProxy([]);
    for (let i = 0; i < 2; i++) {
      instances.push(
        await startBotInstance(emulator, { config: { publicUrl: proxy.url, redisUrl: redis.url } }),
      );
    }
    proxy.setUpstreams(instances.map((i) => i.app.url));
  });
  afterAll(async () => {
    for (const i of instances) await i.app.close().catch(() => {});
    await proxy?.close();
    await emulator?.close();
    await redis?.stop();
  });

  it("a foreign token on a card is refused by either instance from the shared record, without reading the message", async () => {
    const cards = [];
    for (const extension of ["1234", "1235"]) {
      await emulator.say({
        from: ALICE,
        roomId: room(),
        text: `delete park ext ${extension} at HQ`,
        mention: true,
      });
      await idle();
      cards.push(lastCard());
    }
    const [first, second] = cards;
    if (!first || !second) throw new Error("no cards");
    emulator.clearRequests();
    // Round robin: the two submissions reach different instances.
    for (const _ of instances) {
      await emulator.submitAction({
        by: ALICE,
        messageId: second.id,
        inputs: { [TOKEN_KEY]: tokenOf(first, /Cancel/) },
      });
      await idle();
    }
    expect(emulator.message(second.id)).toBeDefined();
    expect(emulator.message(first.id)).toBeDefined();
    expect(messageReads(emulator.requests, second.id)).toHaveLength(0);
    const refusals = instances.flatMap((i) =>
      i.logs.filter((l) => l.audit === true && l.reason === "card token submitted on another message"),
    );
    expect(refusals).toHaveLength(2);
    expect(
      instances.every((i) => i.logs.some((l) => l.reason === "card token submitted on another message")),
    ).toBe(true);
  });
});
