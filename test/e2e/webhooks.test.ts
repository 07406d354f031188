import { beforeEach, describe, expect, it } from "vitest";
import type { Message } from "../../src/emulator/api-shapes.js";
import { signWebhook, useHarness, WEBHOOK_SECRET } from "./harness.js";
import { parkDeletes } from "./support.js";
import { ALICE, BOT_TOKEN } from "./test-org.js";

// Webhooks and health: plain HTTP requests to the running bot, and the
// emulator's webhook registry and request log as the witnesses.
describe("webhooks and health", () => {
  const h = useHarness();
  beforeEach(() => {
    h.emulator.faults.clear();
  });

  const webhookUrl = () => `${h.app.url}/webhook`;

  /** Calls the emulator's API with the bot's token, as the bot's owner could. */
  async function asBot(method: string, path: string, body?: unknown): Promise<{ id: string }> {
    const res = await fetch(`${h.emulator.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${BOT_TOKEN}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(res.status).toBeLessThan(300);
    return (await res.json()) as { id: string };
  }

  /**
   * A real @mention of the bot that Webex did not deliver to it: the bot's messages webhook is
   * pointed elsewhere while Alice speaks, then back. The test then delivers the event itself.
   */
  async function undeliveredMessage(text = "help"): Promise<Message> {
    const hook = h.emulator.webhooks().find((w) => w.resource === "messages" && w.targetUrl === webhookUrl());
    if (!hook) throw new Error("the bot has no messages webhook");
    await asBot("PUT", `/webhooks/${hook.id}`, { name: hook.name, targetUrl: "http://127.0.0.1:9/diverted" });
    const message = await h.emulator.say({
      from: ALICE,
      roomId: h.roomId("Other Room"),
      text,
      mention: true,
    });
    await asBot("PUT", `/webhooks/${hook.id}`, { name: hook.name, targetUrl: webhookUrl() });
    expect(
      h.emulator.deliveries.filter((d) => d.dataId === message.id && d.targetUrl === webhookUrl()),
    ).toEqual([]);
    return message;
  }

  /** The envelope Webex would POST for a new message: the webhook object plus actorId and data. */
  function eventFor(message: Message): Record<string, unknown> {
    const hook = h.emulator.webhooks().find((w) => w.resource === "messages" && w.targetUrl === webhookUrl());
    if (!hook) throw new Error("the bot has no messages webhook");
    const { secret: _secret, ...envelope } = hook;
    return {
      ...envelope,
      actorId: message.personId,
      data: {
        id: message.id,
        roomId: message.roomId,
        roomType: message.roomType,
        personId: message.personId,
        personEmail: message.personEmail,
        created: message.created,
      },
    };
  }

  async function post(body: Buffer | string, signature?: string) {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (signature !== undefined) headers["x-spark-signature"] = signature;
    const res = await fetch(webhookUrl(), {
      method: "POST",
      headers,
      body: new Uint8Array(Buffer.from(body)),
    });
    return { status: res.status, body: (await res.json().catch(() => undefined)) as unknown };
  }

  /** Runs `act`, lets the bot finish, and returns the Webex calls made meanwhile. */
  async function webexCallsDuring(act: () => Promise<void>) {
    const before = h.emulator.requests.length;
    const repliesBefore = h.botMessages("Other Room").length;
    await act();
    await h.app.idle();
    return {
      calls: h.emulator.requests.slice(before),
      replies: h.botMessages("Other Room").length - repliesBefore,
    };
  }

  describe("registration", () => {
    it("exactly one messages/created and one attachmentActions/created webhook, with the secret, to /webhook", () => {
      const hooks = h.emulator.webhooks();
      expect(hooks).toHaveLength(2);
      for (const [resource, event] of [
        ["messages", "created"],
        ["attachmentActions", "created"],
      ]) {
        const matching = hooks.filter((w) => w.resource === resource && w.event === event);
        expect(matching).toHaveLength(1);
        expect(matching[0]).toMatchObject({
          name: "Park Bot",
          targetUrl: `${h.app.url}/webhook`,
          secret: WEBHOOK_SECRET,
          status: "active",
          createdBy: h.emulator.botPerson.id,
        });
      }
      // A firehose would miss attachmentActions and carry everything else.
      expect(hooks.some((w) => w.resource === "all")).toBe(false);
    });
  });

  describe("POST /webhook", () => {
    it("missing signature → 401, and nothing happens", async () => {
      const bytes = JSON.stringify(eventFor(await undeliveredMessage()));
      const { calls, replies } = await webexCallsDuring(async () => {
        expect((await post(bytes)).status).toBe(401);
      });
      expect(calls).toHaveLength(0);
      expect(replies).toBe(0);
    });

    it.each([
      ["signed with another secret", (b: string) => signWebhook(b, "not-the-secret-at-all-000")],
      ["not hex", () => "z".repeat(40)],
      ["too short", (b: string) => signWebhook(b).slice(0, 39)],
      ["empty", () => ""],
      ["sha256 instead of sha1", (b: string) => signWebhook(b).padEnd(64, "0")],
    ])("wrong signature (%s) → 401, and nothing happens", async (_label, sign) => {
      const bytes = JSON.stringify(eventFor(await undeliveredMessage()));
      const { calls, replies } = await webexCallsDuring(async () => {
        expect((await post(bytes, sign(bytes))).status).toBe(401);
      });
      expect(calls).toHaveLength(0);
      expect(replies).toBe(0);
    });

    it("body changed by one byte after signing → 401, and nothing happens", async () => {
      const bytes = Buffer.from(JSON.stringify(eventFor(await undeliveredMessage())));
      const signature = signWebhook(bytes);
      const tampered = Buffer.from(bytes);
      const at = tampered.indexOf("created");
      tampered[at] = "C".charCodeAt(0);
      const { calls, replies } = await webexCallsDuring(async () => {
        expect((await post(tampered, signature)).status).toBe(401);
      });
      expect(calls).toHaveLength(0);
      expect(replies).toBe(0);
    });

    it("the signature is checked on the raw bytes: re-serialised JSON of the same event is refused", async () => {
      const event = eventFor(await undeliveredMessage());
      const signedBytes = JSON.stringify(event);
      const reformatted = JSON.stringify(event, null, 2);
      const { calls } = await webexCallsDuring(async () => {
        expect((await post(reformatted, signWebhook(signedBytes))).status).toBe(401);
      });
      expect(calls).toHaveLength(0);
    });

    it("valid signature, non-JSON body → 400", async () => {
      const { calls } = await webexCallsDuring(async () => {
        const body = "this is not json";
        expect((await post(body, signWebhook(body))).status).toBe(400);
      });
      expect(calls).toHaveLength(0);
    });

    it.each([
      ["an object of the wrong shape", { hello: "world" }],
      ["no data id", { id: "x", resource: "messages", event: "created", data: {} }],
      ["an array", [1, 2, 3]],
    ])("valid signature, %s → 400", async (_label, value) => {
      const { calls } = await webexCallsDuring(async () => {
        const body = JSON.stringify(value);
        expect((await post(body, signWebhook(body))).status).toBe(400);
      });
      expect(calls).toHaveLength(0);
    });

    it("a body over the size cap → 413 without a stack, and nothing happens", async () => {
      const body = JSON.stringify({ padding: "x".repeat(100 * 1024) });
      const { calls } = await webexCallsDuring(async () => {
        const res = await post(body, signWebhook(body));
        expect(res.status).toBe(413);
        expect(JSON.stringify(res.body)).not.toMatch(/Error:|\bat \w/);
      });
      expect(calls).toHaveLength(0);
    });

    it("a valid signed event → 200 at once, then processed (a reply)", async () => {
      const message = await undeliveredMessage("help");
      const bytes = JSON.stringify(eventFor(message));
      // Hold the framework's fetch of the message, so processing is still under way when we look.
      h.emulator.faults.inject({ method: "GET", path: `/messages/${message.id}`, delayMs: 3_000 });
      const repliesBefore = h.botMessages("Other Room").length;
      const res = await post(bytes, signWebhook(bytes));
      expect(res.status).toBe(200);
      // Answered before the bot had even read the message.
      expect(h.emulator.requests.some((r) => r.path === `/messages/${message.id}`)).toBe(false);
      expect(h.botMessages("Other Room")).toHaveLength(repliesBefore);
      await h.app.idle();
      const replies = h.botMessages("Other Room").slice(repliesBefore);
      expect(replies).toHaveLength(1);
      expect(replies[0]?.text).toContain("delete park ext 1234 at HQ");
      expect(replies[0]?.parentId).toBe(message.id);
    }, 20_000);

    it("the same event delivered twice → processed once (one reply)", async () => {
      const message = await undeliveredMessage("help");
      const bytes = JSON.stringify(eventFor(message));
      const { replies } = await webexCallsDuring(async () => {
        expect((await post(bytes, signWebhook(bytes))).status).toBe(200);
        await h.app.idle();
        const again = await post(bytes, signWebhook(bytes));
        expect(again.status).toBe(200);
      });
      expect(replies).toBe(1);
      expect(h.emulator.requests.filter((r) => r.path === `/messages/${message.id}`)).toHaveLength(1);
    });

    it("a redelivery of an event Webex already delivered is dropped (one reply)", async () => {
      const roomId = h.roomId("Alice 1:1");
      const before = h.botMessages("Alice 1:1").length;
      const message = await h.emulator.say({ from: ALICE, roomId, text: "help" });
      await h.app.idle();
      const bytes = JSON.stringify(eventFor(message));
      expect((await post(bytes, signWebhook(bytes))).status).toBe(200);
      await h.app.idle();
      expect(h.botMessages("Alice 1:1").length - before).toBe(1);
    });
  });

  describe("health", () => {
    it("GET /healthz → 200", async () => {
      const res = await fetch(`${h.app.url}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: "ok" });
    });

    it("GET /readyz → 200 once started", async () => {
      const res = await fetch(`${h.app.url}/readyz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: "ready" });
    });
  });

  // Last: it restarts the bot.
  describe("a restart", () => {
    it("keeps exactly our two webhooks, deletes nothing it did not create, and closing deletes none", async () => {
      // Someone else's webhook under the bot's token, and another deployment's "Park Bot" webhook.
      const unrelated = await asBot("POST", "/webhooks", {
        name: "Another integration",
        targetUrl: "http://127.0.0.1:9/other",
        resource: "rooms",
        event: "created",
      });
      const otherDeployment = await asBot("POST", "/webhooks", {
        name: "Park Bot",
        targetUrl: "http://127.0.0.1:9/webhook",
        resource: "rooms",
        event: "created",
        secret: "another-deployment-secret",
      });
      const ours = h.emulator
        .webhooks()
        .filter((w) => w.targetUrl === webhookUrl())
        .map((w) => w.id)
        .sort();
      expect(ours).toHaveLength(2);

      // A card posted before the restart...
      h.emulator.clearRequests();
      await h.emulator.say({
        from: ALICE,
        roomId: h.roomId("Alice 1:1"),
        text: "delete park ext 1235 at HQ",
      });
      await h.app.idle();
      const card = h.lastCard("Alice 1:1");
      const urlBefore = h.app.url;

      let afterClose: string[] = [];
      await h.restartApp(() => {
        afterClose = h.emulator
          .webhooks()
          .map((w) => w.id)
          .sort();
      });
      // Closing deleted no webhook.
      expect(afterClose).toEqual([...ours, unrelated.id, otherDeployment.id].sort());
      expect(h.app.url).toBe(urlBefore);

      const hooks = h.emulator.webhooks();
      expect(hooks).toHaveLength(4);
      expect(
        hooks
          .filter((w) => w.targetUrl === webhookUrl())
          .map((w) => w.id)
          .sort(),
      ).toEqual(ours);
      expect(hooks.map((w) => w.id)).toEqual(expect.arrayContaining([unrelated.id, otherDeployment.id]));
      const webhookWrites = h.emulator.requests.filter(
        (r) => r.path.startsWith("/webhooks") && r.method !== "GET",
      );
      expect(webhookWrites).toEqual([]);

      // ...is still honoured after it: the card carries its own signed state.
      await h.press(ALICE, card.id, 0);
      expect(parkDeletes(h)).toHaveLength(1);
      expect(h.emulator.callParkExtension("HQ", "1235")).toBeUndefined();
    });
  });
});
