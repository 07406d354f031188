import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDemoOrg } from "../../src/emulator/demo-org.js";
import { createLogger } from "../../src/logger.js";
import { type RunningDemo, startDemo } from "../../src/start-demo.js";

// The demo as `npm start` runs it, with its defaults: its act-as API, public demo tokens and
// webhook secret stay on this machine, webhooks go nowhere else, and it writes no file.
const ALICE = "alice@acme.example";

describe("the demo is local (startDemo with its defaults)", () => {
  let demo: RunningDemo;

  beforeAll(async () => {
    demo = await startDemo({
      port: 0,
      logger: createLogger("silent"),
      retry: { baseBackoffMs: 5, maxBackoffMs: 20, defaultRetryAfterMs: 20 },
    });
  });
  afterAll(async () => {
    await demo?.close();
  });

  const botReplies = (title: string) => {
    const room = demo.emulator.room(title);
    if (!room) throw new Error(`no room ${title}`);
    return demo.emulator.messages(room.id).filter((m) => m.personId === demo.emulator.botPerson.id);
  };
  const say = async (text: string) => {
    const room = demo.emulator.room("Alice");
    if (!room) throw new Error("no room Alice");
    await demo.emulator.say({ from: ALICE, roomId: room.id, text });
    await demo.idle();
  };

  it("listens on 127.0.0.1 only", () => {
    expect((demo.server.address() as AddressInfo).address).toBe("127.0.0.1");
  });

  it("its emulator takes webhooks for its own origin only: the bot's, and no other", async () => {
    const origin = new URL(demo.url).origin;
    expect(demo.emulator.webhooks().map((w) => new URL(w.targetUrl).origin)).toContain(origin);
    expect(demo.emulator.webhooks().every((w) => new URL(w.targetUrl).origin === origin)).toBe(true);
    const res = await fetch(`${demo.url}/emulator/v1/webhooks`, {
      method: "POST",
      headers: { authorization: `Bearer ${buildDemoOrg().bot.token}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "x", targetUrl: "http://192.0.2.10/hook", resource: "all", event: "all" }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toBe("Invalid targetUrl.");
  });

  it("keeps its audit in memory, so `audit` lists the demo's deletions without a file", async () => {
    expect(demo.config.auditLogPath).toBe("");
    await say("delete park ext 1234 at HQ");
    const card = botReplies("Alice").findLast((m) => (m.attachments?.length ?? 0) > 0);
    if (!card) throw new Error("no confirm card");
    await demo.emulator.pressButton({ by: ALICE, messageId: card.id, button: 0 });
    await demo.idle();
    expect(demo.emulator.callParkExtension("HQ", "1234")).toBeUndefined();
    await say("audit");
    expect(botReplies("Alice").at(-1)?.text).toMatch(
      /^Last 1 deletion outcome\(s\), newest first:\n- \d{4}-\d\d-\d\d \d\d:\d\d UTC — 1234 \(Lobby Park\) at HQ: deleted/,
    );
  });
});
