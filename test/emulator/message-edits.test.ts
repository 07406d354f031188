import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/create-emulator.js";
import type { EmulatorChange } from "../../src/emulator/emulator-change.js";
import { buildPlaygroundState } from "../../src/playground/build-playground-state.js";
import { adminToken, botToken, client, json, startDemo, startReceiver } from "./support.js";

// "Edit a Message" (webex-messaging.json, PUT /messages/{messageId}): body roomId (required), text,
// markdown; answers 200 with the Message. "Edits of messages containing files or attachments are
// not currently supported … a 400 Bad Request will be returned by the API with a message stating
// that the feature is currently unsupported." Only the author may edit (403 otherwise); an
// unknown message is 404.
let emulator: RunningEmulator;
let roomId: string;
const changes: EmulatorChange[] = [];
beforeAll(async () => {
  emulator = await startDemo();
  emulator.events.on("change", (change: EmulatorChange) => changes.push(change));
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.reset({ keepWebhooks: true });
  roomId = emulator.room("Alice")?.id ?? "";
  changes.length = 0;
});

const bot = () => client(emulator.apiUrl, botToken);
const card = {
  contentType: "application/vnd.microsoft.card.adaptive",
  content: { type: "AdaptiveCard", version: "1.3", body: [{ type: "TextBlock", text: "Delete?" }] },
};

function expectWebexError(body: Record<string, unknown>) {
  expect(body).toMatchObject({
    message: expect.any(String),
    errors: [{ description: expect.any(String) }],
    trackingId: expect.any(String),
  });
}

describe("PUT /messages/{id}", () => {
  it("edits the bot's own text message: 200 with the updated Message and `updated` set", async () => {
    const posted = json(await bot().post("/messages", { roomId, text: "draft" }));
    const response = await bot().put(`/messages/${String(posted.id)}`, { roomId, markdown: "**final**" });
    expect(response.status).toBe(200);
    const edited = json(response);
    expect(edited).toMatchObject({
      id: posted.id,
      roomId,
      text: "final",
      markdown: "**final**",
      created: posted.created,
      updated: expect.any(String),
    });
    expect(Number.isNaN(Date.parse(String(edited.updated)))).toBe(false);
    expect(posted.updated).toBeUndefined();
    expect(json(await bot().get(`/messages/${String(posted.id)}`))).toEqual(edited);
  });

  it("emits message.updated for the playground, whose state then shows the edit", async () => {
    const posted = json(await bot().post("/messages", { roomId, text: "draft" }));
    changes.length = 0;
    const edited = json(await bot().put(`/messages/${String(posted.id)}`, { roomId, text: "final" }));
    expect(changes.filter((c) => c.kind.startsWith("message."))).toEqual([
      { kind: "message.updated", message: edited },
    ]);
    const state = buildPlaygroundState(emulator, {
      isAllowed: () => true,
      requiresFullAdmin: false,
      armedFault: undefined,
    });
    const shown = state.rooms.flatMap((r) => r.messages).find((m) => m.id === posted.id);
    expect(shown).toMatchObject({ text: "final", updated: edited.updated });
  });

  it("sends a messages/updated webhook", async () => {
    const receiver = await startReceiver();
    try {
      await bot().post("/webhooks", {
        name: "edits",
        targetUrl: receiver.url,
        resource: "messages",
        event: "updated",
      });
      const posted = json(await bot().post("/messages", { roomId, text: "draft" }));
      await bot().put(`/messages/${String(posted.id)}`, { roomId, text: "final" });
      await expect.poll(() => receiver.hits.length).toBe(1);
      expect(receiver.hits[0]?.body).toMatchObject({
        resource: "messages",
        event: "updated",
        data: { id: posted.id },
      });
    } finally {
      await receiver.close();
      emulator.reset();
    }
  });

  it("refuses to edit a card message with a Webex 400 saying it is unsupported, and keeps the card", async () => {
    const posted = json(await bot().post("/messages", { roomId, text: "Confirm?", attachments: [card] }));
    changes.length = 0;
    const response = await bot().put(`/messages/${String(posted.id)}`, { roomId, text: "Done" });
    expect(response.status).toBe(400);
    expectWebexError(json(response));
    expect(json(response).message).toMatch(/not currently supported/i);
    expect(emulator.message(String(posted.id))).toMatchObject({ text: "Confirm?", attachments: [card] });
    expect(emulator.message(String(posted.id))?.updated).toBeUndefined();
    expect(changes.filter((c) => c.kind === "message.updated")).toEqual([]);
  });

  it("refuses to edit someone else's message with 403, and an unknown one with 404", async () => {
    const alices = await emulator.say({ from: "alice@acme.example", roomId, text: "mine" });
    const response = await bot().put(`/messages/${alices.id}`, { roomId, text: "yours" });
    expect(response.status).toBe(403);
    expectWebexError(json(response));
    expect(emulator.message(alices.id)?.text).toBe("mine");
    const unknown = await bot().put("/messages/Y2lzY29zcGFyazovL3VzL01FU1NBR0Uvbm9wZQ", {
      roomId,
      text: "x",
    });
    expect(unknown.status).toBe(404);
    expectWebexError(json(unknown));
  });

  it("refuses a body without roomId, with another room's id, or without text and markdown", async () => {
    const posted = json(await bot().post("/messages", { roomId, text: "draft" }));
    const path = `/messages/${String(posted.id)}`;
    const other = emulator.room("Voice Admins")?.id;
    for (const body of [{ text: "x" }, { roomId: other, text: "x" }, { roomId }]) {
      const response = await bot().put(path, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expectWebexError(json(response));
    }
    expect(emulator.message(String(posted.id))?.text).toBe("draft");
  });

  it("an admin not in the room cannot edit the bot's message (404, as if it did not exist)", async () => {
    const posted = json(await bot().post("/messages", { roomId, text: "draft" }));
    const response = await client(emulator.apiUrl, adminToken).put(`/messages/${String(posted.id)}`, {
      roomId,
      text: "hijacked",
    });
    expect(response.status).toBe(404);
    expect(emulator.message(String(posted.id))?.text).toBe("draft");
  });
});
