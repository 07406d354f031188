import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STATE_STORE_UNREACHABLE } from "../../commands/state-store-unreachable.js";
import { waitUntil } from "../hardening/support.js";
import { startRedis, type TestRedis } from "../support/start-redis.js";
import { type Harness, startHarness } from "./harness.js";
import { ALICE } from "./test-org.js";

// REDIS_URL set and Redis gone mid-run (a real redis-server, stopped and started again on its
// port): the instance says it is not ready, tells the space that nothing was done instead of
// answering 500 to Webex in silence, logs the outage once, and is back when Redis is.
describe("the shared state store out of reach", () => {
  let redis: TestRedis;
  let h: Harness;
  let port: number;

  beforeAll(async () => {
    redis = await startRedis();
    port = Number(new URL(redis.url).port);
    h = await startHarness({ config: { redisUrl: redis.url } });
  });
  afterAll(async () => {
    await h?.close();
    await redis?.stop();
  });

  const readyz = async () => {
    const res = await fetch(`${h.app.url}/readyz`);
    return { status: res.status, body: await res.json() };
  };
  const logged = (msg: RegExp) => h.logs.filter((l) => msg.test(String(l.msg)));
  const settle = async () => {
    await h.emulator.whenIdle();
    await h.app.idle();
  };

  it("with Redis up: ready, and commands work", async () => {
    expect(await readyz()).toEqual({ status: 200, body: { status: "ready" } });
    await h.say(ALICE, "Alice 1:1", "help");
    expect(h.botMessages("Alice 1:1").at(-1)?.text).toMatch(/delete park ext/);
  });

  it("Redis stopped: /readyz 503, an event gets 'nothing was done' in its space, no Webex call, one log line", async () => {
    await redis.stop();
    await waitUntil(() => logged(/^Redis is unreachable/).length > 0, "the outage logged");
    // ioredis keeps reconnecting, with an error each time: wait for several.
    await waitUntil(
      () => h.logs.filter((l) => l.msg === "redis error").length >= 3,
      "three reconnect errors",
    );
    expect(await readyz()).toEqual({ status: 503, body: { status: "state store unreachable" } });

    h.emulator.clearRequests();
    const before = h.botMessages("Alice 1:1").length;
    const deliveredBefore = h.emulator.deliveries.length;
    await h.say(ALICE, "Alice 1:1", "delete park ext 1234 at HQ");
    await h.say(ALICE, "Alice 1:1", "help");
    await h.say(ALICE, "Voice Admins", "delete park ext 1234 at HQ");
    await settle();
    // One answer per person and space (Alice's second message is counted, not answered), and the
    // bot's own answer (echoed back in the 1:1 space) got none.
    expect(
      h
        .botMessages("Alice 1:1")
        .slice(before)
        .map((m) => m.text),
    ).toEqual([STATE_STORE_UNREACHABLE]);
    expect(h.botMessages("Voice Admins").at(-1)?.text).toBe(STATE_STORE_UNREACHABLE);
    expect(h.emulator.requests.filter((r) => r.path.startsWith("/telephony"))).toEqual([]);
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeDefined();
    // The webhook was answered 200 (not 500): nothing for Webex to redeliver later.
    const answers = h.emulator.deliveries.slice(deliveredBefore).map((d) => d.status);
    expect(answers.length).toBeGreaterThanOrEqual(2);
    expect(answers.every((status) => status === 200)).toBe(true);
    expect(logged(/^Redis is unreachable/)).toHaveLength(1);
    expect(logged(/^Redis is unreachable/)[0]).toMatchObject({ level: 40 });
  });

  it("Redis back: logged once, ready again, and commands work", async () => {
    redis = await startRedis({ port });
    await waitUntil(() => logged(/^Redis is reachable again/).length > 0, "the recovery logged");
    expect(await readyz()).toEqual({ status: 200, body: { status: "ready" } });
    await h.say(ALICE, "Alice 1:1", "delete park ext 1234 at HQ");
    expect(h.lastCard("Alice 1:1").text).toMatch(/1234/);
    expect(logged(/^Redis is reachable again/)).toHaveLength(1);
    expect(logged(/^Redis is unreachable/)).toHaveLength(1);
  });
});
