import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/create-emulator.js";
import { adminToken, botToken, client, items, json, nextLink, startDemo } from "./support.js";

let emulator: RunningEmulator;
let directRoomId: string;
let groupRoomId: string;
beforeAll(async () => {
  emulator = await startDemo();
  directRoomId = emulator.room("Alice")?.id ?? "";
  groupRoomId = emulator.room("Voice Admins")?.id ?? "";
});
afterAll(() => emulator.close());

const card = (title = "Confirm") => ({
  contentType: "application/vnd.microsoft.card.adaptive",
  content: {
    type: "AdaptiveCard",
    version: "1.3",
    body: [{ type: "TextBlock", text: "Delete?" }],
    actions: [{ type: "Action.Submit", title, data: { action: "confirm" } }],
  },
});

describe("POST /messages", () => {
  it("posts a message and answers the Message object", async () => {
    const response = await client(emulator.apiUrl, botToken).post("/messages", {
      roomId: directRoomId,
      text: "hello",
    });
    expect(response.status).toBe(200);
    expect(json(response)).toMatchObject({
      id: expect.any(String),
      roomId: directRoomId,
      roomType: "direct",
      text: "hello",
      personId: emulator.botPerson.id,
      personEmail: "park-bot@webex.bot",
      created: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(emulator.message(String(json(response).id))?.text).toBe("hello");
  });

  it("derives plain text, html and mentions from markdown", async () => {
    const alice = emulator.person("alice@acme.example");
    const response = await client(emulator.apiUrl, botToken).post("/messages", {
      roomId: groupRoomId,
      markdown: `Deleted **1234** at _HQ_ for <@personId:${alice?.id}|Alice>. See [docs](https://example.com/x)`,
    });
    const message = json(response);
    expect(message.text).toBe("Deleted 1234 at HQ for Alice. See docs (https://example.com/x)");
    expect(message.markdown).toContain("**1234**");
    expect(message.html).toContain("<strong>1234</strong>");
    expect(message.html).toContain(`data-object-id="${alice?.id}"`);
    expect(message.mentionedPeople).toEqual([alice?.id]);
  });

  it("accepts one card and refuses two", async () => {
    const api = client(emulator.apiUrl, botToken);
    const one = await api.post("/messages", {
      roomId: directRoomId,
      markdown: "Confirm?",
      attachments: [card()],
    });
    expect(one.status).toBe(200);
    expect(json(one).attachments).toEqual([card()]);
    const two = await api.post("/messages", {
      roomId: directRoomId,
      markdown: "Confirm?",
      attachments: [card(), card("Again")],
    });
    expect(two.status).toBe(400);
    expect(json(two)).toMatchObject({
      message: expect.any(String),
      errors: [{ description: expect.stringContaining("at most one") }],
    });
  });

  it("refuses a card without fallback text and one with more than five buttons", async () => {
    const api = client(emulator.apiUrl, botToken);
    expect((await api.post("/messages", { roomId: directRoomId, attachments: [card()] })).status).toBe(400);
    const six = card();
    six.content.actions = Array.from({ length: 6 }, (_, i) => ({
      type: "Action.Submit",
      title: `B${i}`,
      data: { action: String(i) },
    }));
    expect(
      (await api.post("/messages", { roomId: directRoomId, text: "pick", attachments: [six] })).status,
    ).toBe(400);
  });

  it("enforces the 7439-byte limit on text and markdown, in bytes", async () => {
    const api = client(emulator.apiUrl, botToken);
    expect((await api.post("/messages", { roomId: directRoomId, text: "a".repeat(7439) })).status).toBe(200);
    expect((await api.post("/messages", { roomId: directRoomId, text: "a".repeat(7440) })).status).toBe(400);
    // "é" is 2 bytes in UTF-8: 3720 of them are 7440 bytes though only 3720 characters.
    expect((await api.post("/messages", { roomId: directRoomId, markdown: "é".repeat(3720) })).status).toBe(
      400,
    );
    expect((await api.post("/messages", { roomId: directRoomId, markdown: "é".repeat(3719) })).status).toBe(
      200,
    );
  });

  it("answers 400 with an error body to malformed JSON and to a body without a destination", async () => {
    const response = await fetch(`${emulator.apiUrl}/messages`, {
      method: "POST",
      headers: { authorization: `Bearer ${botToken}`, "content-type": "application/json" },
      body: '{"roomId": ',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      message: expect.any(String),
      trackingId: response.headers.get("trackingid"),
    });
    expect((await client(emulator.apiUrl, botToken).post("/messages", { text: "where to?" })).status).toBe(
      400,
    );
  });

  it("answers 404 when the caller is not in the room", async () => {
    const response = await client(emulator.apiUrl, adminToken).post("/messages", {
      roomId: groupRoomId,
      text: "hi",
    });
    expect(response.status).toBe(404);
  });

  it("creates a 1:1 room for toPersonEmail on first contact", async () => {
    const api = client(emulator.apiUrl, botToken);
    const first = json(await api.post("/messages", { toPersonEmail: "bob@acme.example", text: "hi Bob" }));
    const second = json(await api.post("/messages", { toPersonEmail: "bob@acme.example", text: "again" }));
    expect(first.roomType).toBe("direct");
    expect(second.roomId).toBe(first.roomId);
    const members = items(await api.get(`/memberships?roomId=${String(first.roomId)}`)).map(
      (m) => m.personEmail,
    );
    expect(members.sort()).toEqual(["bob@acme.example", "park-bot@webex.bot"]);
  });

  it("threads replies with parentId and refuses a reply to a reply", async () => {
    const api = client(emulator.apiUrl, botToken);
    const root = json(await api.post("/messages", { roomId: directRoomId, text: "root" }));
    const reply = await api.post("/messages", { roomId: directRoomId, parentId: root.id, text: "reply" });
    expect(json(reply).parentId).toBe(root.id);
    expect(
      (await api.post("/messages", { roomId: directRoomId, parentId: json(reply).id, text: "nested" }))
        .status,
    ).toBe(400);
    const thread = items(await api.get(`/messages?roomId=${directRoomId}&parentId=${String(root.id)}`));
    expect(thread.map((m) => m.text)).toEqual(["reply"]);
  });
});

describe("PUT and DELETE /messages/{id}", () => {
  it("edits text, but refuses a card with 400", async () => {
    const api = client(emulator.apiUrl, botToken);
    const text = json(await api.post("/messages", { roomId: directRoomId, text: "draft" }));
    const edited = await api.put(`/messages/${String(text.id)}`, { roomId: directRoomId, text: "final" });
    expect(edited.status).toBe(200);
    expect(json(edited)).toMatchObject({ text: "final", updated: expect.any(String) });
    const posted = json(
      await api.post("/messages", { roomId: directRoomId, text: "Confirm?", attachments: [card()] }),
    );
    const refused = await api.put(`/messages/${String(posted.id)}`, { roomId: directRoomId, text: "Done" });
    expect(refused.status).toBe(400);
    expect(json(refused).message).toMatch(/not (currently )?supported/i);
    expect(emulator.message(String(posted.id))?.attachments).toHaveLength(1);
  });

  it("allows 10 edits, refuses the 11th, and refuses html and non-authors", async () => {
    const api = client(emulator.apiUrl, botToken);
    const message = json(await api.post("/messages", { roomId: groupRoomId, text: "v0" }));
    const path = `/messages/${String(message.id)}`;
    for (let i = 1; i <= 10; i++)
      expect((await api.put(path, { roomId: groupRoomId, text: `v${i}` })).status).toBe(200);
    expect((await api.put(path, { roomId: groupRoomId, text: "v11" })).status).toBe(400);
    const other = json(await api.post("/messages", { roomId: directRoomId, text: "x" }));
    expect(
      (
        await api.put(`/messages/${String(other.id)}`, {
          roomId: directRoomId,
          markdown: "*y*",
          html: "<p>y</p>",
        })
      ).status,
    ).toBe(400);
    const alices = await emulator.say({ from: "alice@acme.example", roomId: directRoomId, text: "mine" });
    expect((await api.put(`/messages/${alices.id}`, { roomId: directRoomId, text: "yours" })).status).toBe(
      403,
    );
  });

  it("deletes with 204, then 404; only the author may delete", async () => {
    const api = client(emulator.apiUrl, botToken);
    const message = json(
      await api.post("/messages", { roomId: directRoomId, text: "bye", attachments: [card()] }),
    );
    const response = await api.del(`/messages/${String(message.id)}`);
    expect(response.status).toBe(204);
    expect(response.text).toBe("");
    expect(emulator.message(String(message.id))).toBeUndefined();
    expect((await api.del(`/messages/${String(message.id)}`)).status).toBe(404);
    const alices = await emulator.say({ from: "alice@acme.example", roomId: directRoomId, text: "keep" });
    expect((await api.del(`/messages/${alices.id}`)).status).toBe(403);
    expect(emulator.message(alices.id)).toBeDefined();
  });
});

describe("GET /messages", () => {
  it("lists newest first and pages with Link", async () => {
    const own = await startDemo();
    try {
      const room = own.room("Alice")?.id ?? "";
      for (let i = 0; i < 7; i++) await own.say({ from: "alice@acme.example", roomId: room, text: `m${i}` });
      const api = client(own.apiUrl, botToken);
      const first = await api.get(`/messages?roomId=${room}&max=5`);
      expect(items(first).map((m) => m.text)).toEqual(["m6", "m5", "m4", "m3", "m2"]);
      const next = nextLink(first.headers);
      expect(next).toContain(`roomId=${room}`);
      const second = await api.get(next ?? "");
      expect(items(second).map((m) => m.text)).toEqual(["m1", "m0"]);
      expect(nextLink(second.headers)).toBeUndefined();
      expect(own.messages(room).map((m) => m.text)).toEqual(["m0", "m1", "m2", "m3", "m4", "m5", "m6"]);
    } finally {
      await own.close();
    }
  });

  it("makes a bot ask for mentionedPeople=me in group rooms and shows only its mentions", async () => {
    const api = client(emulator.apiUrl, botToken);
    await emulator.say({ from: "bob@acme.example", roomId: groupRoomId, text: "not for the bot" });
    const mention = await emulator.say({
      from: "bob@acme.example",
      roomId: groupRoomId,
      text: "help",
      mention: true,
    });
    expect((await api.get(`/messages?roomId=${groupRoomId}`)).status).toBe(403);
    const listed = items(await api.get(`/messages?roomId=${groupRoomId}&mentionedPeople=me`));
    expect(listed.map((m) => m.id)).toContain(mention.id);
    expect(listed.every((m) => (m.mentionedPeople as string[]).includes(emulator.botPerson.id))).toBe(true);
  });

  it("hides unmentioned group messages from a bot's GET /messages/{id}", async () => {
    const api = client(emulator.apiUrl, botToken);
    const quiet = await emulator.say({
      from: "bob@acme.example",
      roomId: groupRoomId,
      text: "private chatter",
    });
    const loud = await emulator.say({
      from: "bob@acme.example",
      roomId: groupRoomId,
      text: "delete park ext 1234 at HQ",
      mention: true,
    });
    expect((await api.get(`/messages/${quiet.id}`)).status).toBe(404);
    const fetched = json(await api.get(`/messages/${loud.id}`));
    expect(fetched.text).toBe("Park Bot delete park ext 1234 at HQ");
    expect(fetched.html).toContain(
      `<spark-mention data-object-type="person" data-object-id="${emulator.botPerson.id}">Park Bot</spark-mention>`,
    );
    expect(fetched.mentionedPeople).toEqual([emulator.botPerson.id]);
  });
});
