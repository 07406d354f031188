import { createHmac } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/create-emulator.js";
import { adminToken, botToken, client, items, json, nextLink, startDemo, startReceiver } from "./support.js";

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

describe("webhook CRUD", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startDemo();
  });
  afterAll(() => emulator.close());

  it("creates, reads, updates and deletes a webhook owned by the token's identity", async () => {
    const api = client(emulator.apiUrl, botToken);
    const created = await api.post("/webhooks", {
      name: "bot",
      targetUrl: "https://bot.example/webhook",
      resource: "messages",
      event: "created",
      secret: "s1",
    });
    expect(created.status).toBe(200);
    const webhook = json(created);
    expect(webhook).toMatchObject({
      name: "bot",
      targetUrl: "https://bot.example/webhook",
      resource: "messages",
      event: "created",
      secret: "s1",
      status: "active",
      ownedBy: "creator",
      orgId: emulator.org.id,
      createdBy: emulator.botPerson.id,
      appId: expect.any(String),
      created: expect.any(String),
    });
    const id = String(webhook.id);
    expect(Buffer.from(id, "base64url").toString()).toMatch(/^ciscospark:\/\/us\/WEBHOOK\//);
    expect(json(await api.get(`/webhooks/${id}`)).id).toBe(id);
    // Other identities do not see it.
    expect((await client(emulator.apiUrl, adminToken).get(`/webhooks/${id}`)).status).toBe(404);
    expect(items(await client(emulator.apiUrl, adminToken).get("/webhooks"))).toEqual([]);

    const updated = await api.put(`/webhooks/${id}`, {
      name: "renamed",
      targetUrl: "https://bot.example/v2",
      secret: "s2",
      resource: "rooms",
      status: "active",
    });
    expect(json(updated)).toMatchObject({
      name: "renamed",
      targetUrl: "https://bot.example/v2",
      secret: "s2",
      resource: "messages",
    });
    expect(
      (
        await api.put(`/webhooks/${id}`, {
          name: "x",
          targetUrl: "https://bot.example/v2",
          status: "inactive",
        })
      ).status,
    ).toBe(400);

    expect((await api.del(`/webhooks/${id}`)).status).toBe(204);
    expect((await api.get(`/webhooks/${id}`)).status).toBe(404);
  });

  it("validates required fields, enums, URLs and filters with 400", async () => {
    const api = client(emulator.apiUrl, botToken);
    const base = { name: "w", targetUrl: "https://bot.example/w", resource: "messages", event: "created" };
    expect((await api.post("/webhooks", { ...base, name: undefined })).status).toBe(400);
    expect((await api.post("/webhooks", { ...base, targetUrl: "not a url" })).status).toBe(400);
    expect((await api.post("/webhooks", { ...base, resource: "callParks" })).status).toBe(400);
    expect((await api.post("/webhooks", { ...base, event: "exploded" })).status).toBe(400);
    expect((await api.post("/webhooks", { ...base, filter: "colour=blue" })).status).toBe(400);
    expect((await api.post("/webhooks", { ...base, filter: "roomId=abc" })).status).toBe(200);
  });

  it("pages the list with Link", async () => {
    const own = await startDemo();
    try {
      const api = client(own.apiUrl, botToken);
      for (let i = 0; i < 3; i++)
        await api.post("/webhooks", {
          name: `w${i}`,
          targetUrl: "https://bot.example/w",
          resource: "all",
          event: "all",
        });
      const first = await api.get("/webhooks?max=2");
      expect(items(first).map((w) => w.name)).toEqual(["w0", "w1"]);
      const second = await api.get(nextLink(first.headers) ?? "");
      expect(items(second).map((w) => w.name)).toEqual(["w2"]);
      expect(own.webhooks()).toHaveLength(3);
    } finally {
      await own.close();
    }
  });

  it("with allowedWebhookOrigins, refuses targets elsewhere on create and update with a Webex 400", async () => {
    const own = await startDemo({ allowedWebhookOrigins: () => ["http://127.0.0.1:8080"] });
    try {
      const api = client(own.apiUrl, botToken);
      const base = { name: "w", resource: "all", event: "all" };
      for (const targetUrl of [
        "https://bot.example/webhook",
        "http://127.0.0.1:8081/webhook",
        "http://localhost:8080/webhook",
        "https://127.0.0.1:8080/webhook",
      ]) {
        const refused = await api.post("/webhooks", { ...base, targetUrl });
        expect(refused.status).toBe(400);
        expect(refused.body).toEqual({
          message: "Invalid targetUrl.",
          errors: [{ description: expect.stringContaining("own origin") }],
          trackingId: refused.headers.get("trackingid"),
        });
      }
      expect(own.webhooks()).toEqual([]);

      const created = await api.post("/webhooks", { ...base, targetUrl: "http://127.0.0.1:8080/webhook" });
      expect(created.status).toBe(200);
      const id = String(json(created).id);
      const moved = await api.put(`/webhooks/${id}`, { name: "w", targetUrl: "https://evil.example/hook" });
      expect(moved.status).toBe(400);
      expect(json(moved).message).toBe("Invalid targetUrl.");
      expect(own.webhooks().map((w) => w.targetUrl)).toEqual(["http://127.0.0.1:8080/webhook"]);
      const renamed = await api.put(`/webhooks/${id}`, { name: "v2", targetUrl: "http://127.0.0.1:8080/v2" });
      expect(renamed.status).toBe(200);
    } finally {
      await own.close();
    }
  });
});

describe("webhook delivery", () => {
  let emulator: RunningEmulator;
  let receiver: Receiver;
  let direct: string;
  let group: string;
  beforeEach(async () => {
    emulator = await startDemo();
    receiver = await startReceiver();
    direct = emulator.room("Alice")?.id ?? "";
    group = emulator.room("Voice Admins")?.id ?? "";
  });
  afterEach(async () => {
    await emulator.close();
    await receiver.close();
  });

  async function hook(token: string, body: Record<string, unknown>) {
    const response = await client(emulator.apiUrl, token).post("/webhooks", {
      name: "test",
      targetUrl: receiver.url,
      ...body,
    });
    expect(response.status).toBe(200);
    return json(response);
  }

  it("signs the exact body bytes with HMAC-SHA1 of the secret in X-Spark-Signature", async () => {
    const webhook = await hook(botToken, { resource: "messages", event: "created", secret: "sekrit" });
    const said = await emulator.say({
      from: "alice@acme.example",
      roomId: direct,
      text: "delete park ext 1234 at HQ",
    });
    expect(receiver.hits).toHaveLength(1);
    const [hit] = receiver.hits;
    expect(hit?.headers["content-type"]).toMatch(/^application\/json/);
    const expected = createHmac("sha1", "sekrit")
      .update(hit?.raw ?? Buffer.alloc(0))
      .digest("hex");
    expect(hit?.headers["x-spark-signature"]).toBe(expected);
    expect(
      createHmac("sha1", "wrong")
        .update(hit?.raw ?? Buffer.alloc(0))
        .digest("hex"),
    ).not.toBe(expected);
    expect(hit?.body).toEqual({
      id: webhook.id,
      name: "test",
      targetUrl: receiver.url,
      resource: "messages",
      event: "created",
      orgId: emulator.org.id,
      createdBy: emulator.botPerson.id,
      appId: webhook.appId,
      ownedBy: "creator",
      status: "active",
      created: webhook.created,
      actorId: said.personId,
      data: {
        id: said.id,
        roomId: direct,
        roomType: "direct",
        personId: said.personId,
        personEmail: "alice@acme.example",
        created: said.created,
      },
    });
    expect(emulator.deliveries.at(-1)).toMatchObject({
      webhookId: webhook.id,
      targetUrl: receiver.url,
      resource: "messages",
      dataId: said.id,
      status: 200,
    });
  });

  it("omits the signature header when the webhook has no secret", async () => {
    await hook(botToken, { resource: "messages", event: "created" });
    await emulator.say({ from: "alice@acme.example", roomId: direct, text: "hi" });
    expect(receiver.hits).toHaveLength(1);
    expect(receiver.hits[0]?.headers).not.toHaveProperty("x-spark-signature");
  });

  it("gives a bot only the group messages that @mention it, but all direct ones (its own too)", async () => {
    await hook(botToken, { resource: "all", event: "all" });
    await emulator.say({ from: "bob@acme.example", roomId: group, text: "just chatting" });
    expect(receiver.hits).toHaveLength(0);
    const mentioned = await emulator.say({
      from: "bob@acme.example",
      roomId: group,
      text: "help",
      mention: true,
    });
    expect(receiver.hits.map((h) => (h.body.data as { id: string }).id)).toEqual([mentioned.id]);
    expect(receiver.hits[0]?.body.data).toMatchObject({
      mentionedPeople: [emulator.botPerson.id],
      roomType: "group",
    });
    expect(receiver.hits[0]?.body.resource).toBe("messages");

    await client(emulator.apiUrl, botToken).post("/messages", { roomId: direct, text: "bot talking" });
    await emulator.whenIdle();
    expect(receiver.hits).toHaveLength(2);
    expect(receiver.hits[1]?.body).toMatchObject({
      actorId: emulator.botPerson.id,
      data: { personId: emulator.botPerson.id },
    });
  });

  it("applies filters, and delivers only to owners who are in the room", async () => {
    // Ada (admin) is in no room: her webhook never fires.
    await hook(adminToken, { resource: "messages", event: "created" });
    await hook(botToken, { resource: "messages", event: "created", filter: `roomId=${direct}` });
    await emulator.say({ from: "bob@acme.example", roomId: group, text: "x", mention: true });
    expect(receiver.hits).toHaveLength(0);
    await emulator.say({ from: "alice@acme.example", roomId: direct, text: "y" });
    expect(receiver.hits).toHaveLength(1);
    expect(receiver.hits[0]?.body.createdBy).toBe(emulator.botPerson.id);
  });

  it("records a failed delivery without retrying", async () => {
    await hook(botToken, { resource: "messages", event: "created" });
    await receiver.close();
    await emulator.say({ from: "alice@acme.example", roomId: direct, text: "anyone?" });
    expect(emulator.deliveries).toHaveLength(1);
    expect(emulator.deliveries[0]?.error).toMatch(/\w/);
    expect(emulator.deliveries[0]?.status).toBeUndefined();
  });

  it("delivers attachment actions to the card author's attachmentActions webhook, without inputs", async () => {
    await hook(botToken, { resource: "all", event: "all" });
    await hook(botToken, { resource: "attachmentActions", event: "created", secret: "cards" });
    const api = client(emulator.apiUrl, botToken);
    const card = json(
      await api.post("/messages", {
        roomId: group,
        markdown: "Delete 1234 at HQ?",
        attachments: [
          {
            contentType: "application/vnd.microsoft.card.adaptive",
            content: {
              type: "AdaptiveCard",
              version: "1.3",
              body: [{ type: "Input.Text", id: "reason", value: "cleanup" }],
              actions: [
                { type: "Action.Submit", title: "Confirm", data: { action: "confirm", token: "t0k" } },
                {
                  type: "Action.ShowCard",
                  title: "More",
                  card: {
                    type: "AdaptiveCard",
                    actions: [{ type: "Action.Submit", title: "Cancel", data: { action: "cancel" } }],
                  },
                },
              ],
            },
          },
        ],
      }),
    );
    await emulator.whenIdle();
    expect(receiver.hits).toHaveLength(0);

    const action = await emulator.pressButton({
      by: "alice@acme.example",
      messageId: String(card.id),
      button: "Confirm",
      inputs: { reason: "moved" },
    });
    expect(action.inputs).toEqual({ action: "confirm", token: "t0k", reason: "moved" });
    expect(receiver.hits).toHaveLength(1);
    const [hit] = receiver.hits;
    expect(hit?.body).toMatchObject({
      resource: "attachmentActions",
      event: "created",
      actorId: emulator.person("alice@acme.example")?.id,
    });
    expect(hit?.body.data).toEqual({
      id: action.id,
      type: "submit",
      messageId: card.id,
      personId: action.personId,
      roomId: group,
      created: action.created,
    });
    expect(hit?.headers["x-spark-signature"]).toBe(
      createHmac("sha1", "cards")
        .update(hit?.raw ?? Buffer.alloc(0))
        .digest("hex"),
    );

    const fetched = await api.get(`/attachment/actions/${action.id}`);
    expect(json(fetched)).toEqual({ ...action });
    // The presser sees it too; a bystander (an admin not in the room) does not.
    expect((await client(emulator.apiUrl, adminToken).get(`/attachment/actions/${action.id}`)).status).toBe(
      404,
    );

    const cancel = await emulator.pressButton({
      by: "mallory@contractor.example",
      messageId: String(card.id),
      button: "Cancel",
    });
    expect(cancel.inputs).toEqual({ action: "cancel", reason: "cleanup" });
    const forged = await emulator.submitAction({
      by: "mallory@contractor.example",
      messageId: String(card.id),
      inputs: { action: "confirm", token: "forged" },
    });
    expect(forged.inputs).toEqual({ action: "confirm", token: "forged" });
    expect(receiver.hits).toHaveLength(3);
  });

  it("accepts POST /attachment/actions with 202 and refuses a message without a card", async () => {
    const bot = client(emulator.apiUrl, botToken);
    const card = json(
      await bot.post("/messages", {
        roomId: direct,
        text: "ok?",
        attachments: [
          {
            contentType: "application/vnd.microsoft.card.adaptive",
            content: { type: "AdaptiveCard", version: "1.3", actions: [] },
          },
        ],
      }),
    );
    const plain = json(await bot.post("/messages", { roomId: direct, text: "plain" }));
    const response = await bot.post("/attachment/actions", {
      type: "submit",
      messageId: card.id,
      inputs: { a: "1" },
    });
    expect(response.status).toBe(202);
    expect(json(response)).toMatchObject({
      type: "submit",
      messageId: card.id,
      inputs: { a: "1" },
      roomId: direct,
    });
    expect(
      (await bot.post("/attachment/actions", { type: "submit", messageId: plain.id, inputs: {} })).status,
    ).toBe(400);
    expect(
      (await bot.post("/attachment/actions", { type: "click", messageId: card.id, inputs: {} })).status,
    ).toBe(400);
  });
});
