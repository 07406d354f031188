import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/create-emulator.js";
import { adminToken, botToken, client, json, startDemo } from "./support.js";

let emulator: RunningEmulator;
beforeEach(async () => {
  emulator = await startDemo();
});
afterEach(() => emulator.close());

const cardWith = (content: Record<string, unknown>) => ({
  contentType: "application/vnd.microsoft.card.adaptive",
  content: { type: "AdaptiveCard", version: "1.3", ...content },
});

describe("reset()", () => {
  it("restores the seed with the same IDs and drops messages and webhooks", async () => {
    const before = emulator.callParkExtension("HQ", "1234");
    const room = emulator.room("Alice")?.id ?? "";
    const api = client(emulator.apiUrl, adminToken);
    expect(
      (await api.del(`/telephony/config/locations/${before?.locationId}/callParkExtensions/${before?.id}`))
        .status,
    ).toBe(204);
    await emulator.say({ from: "alice@acme.example", roomId: room, text: "hello" });
    await client(emulator.apiUrl, botToken).post("/webhooks", {
      name: "w",
      targetUrl: "https://bot.example/w",
      resource: "messages",
      event: "created",
    });
    expect(emulator.callParkExtension("HQ", "1234")).toBeUndefined();

    emulator.reset();
    expect(emulator.callParkExtension("HQ", "1234")).toEqual(before);
    expect(emulator.room("Alice")?.id).toBe(room);
    expect(emulator.messages(room)).toEqual([]);
    expect(emulator.webhooks()).toEqual([]);
    expect(emulator.callParkExtensions()).toHaveLength(128);
  });

  it("keeps webhooks when asked", async () => {
    await client(emulator.apiUrl, botToken).post("/webhooks", {
      name: "w",
      targetUrl: "https://bot.example/w",
      resource: "messages",
      event: "created",
    });
    emulator.reset({ keepWebhooks: true });
    expect(emulator.webhooks().map((w) => w.name)).toEqual(["w"]);
  });
});

describe("act-as helpers", () => {
  it("say() in a direct room sends plain text with no mention even when asked", async () => {
    const said = await emulator.say({
      from: "alice@acme.example",
      roomId: emulator.room("Alice")?.id ?? "",
      text: "help",
      mention: true,
    });
    expect(said).toMatchObject({ text: "help", roomType: "direct", personEmail: "alice@acme.example" });
    expect(said).not.toHaveProperty("mentionedPeople");
  });

  it("say() refuses a person who is not in the room", async () => {
    await expect(
      emulator.say({ from: "ada@acme.example", roomId: emulator.room("Voice Admins")?.id ?? "", text: "hi" }),
    ).rejects.toThrow(/not in room/);
  });

  it("say() with parentId replies to the thread's root", async () => {
    const room = emulator.room("Alice")?.id ?? "";
    const root = await emulator.say({ from: "alice@acme.example", roomId: room, text: "root" });
    const reply = await emulator.say({
      from: "alice@acme.example",
      roomId: room,
      text: "r1",
      parentId: root.id,
    });
    const replyToReply = await emulator.say({
      from: "alice@acme.example",
      roomId: room,
      text: "r2",
      parentId: reply.id,
    });
    expect(replyToReply.parentId).toBe(root.id);
  });

  it("pressButton() finds Action.Submit inside ActionSets and ShowCards, by title or index", async () => {
    const room = emulator.room("Voice Admins")?.id ?? "";
    const posted = json(
      await client(emulator.apiUrl, botToken).post("/messages", {
        roomId: room,
        text: "choose",
        attachments: [
          cardWith({
            body: [
              { type: "Input.Toggle", id: "notify", title: "Notify" },
              { type: "Input.Text", id: "note", isRequired: true },
              {
                type: "ActionSet",
                actions: [{ type: "Action.Submit", title: "Pick A", data: { pick: "A" } }],
              },
            ],
            actions: [
              {
                type: "Action.ShowCard",
                title: "More",
                card: {
                  type: "AdaptiveCard",
                  body: [],
                  actions: [{ type: "Action.Submit", title: "Pick B", data: { pick: "B" } }],
                },
              },
              { type: "Action.Submit", title: "Skip", data: { pick: "none" }, associatedInputs: "none" },
            ],
          }),
        ],
      }),
    );
    const messageId = String(posted.id);
    const byTitle = await emulator.pressButton({
      by: "bob@acme.example",
      messageId,
      button: "Pick B",
      inputs: { note: "n" },
    });
    expect(byTitle.inputs).toEqual({ pick: "B", notify: "false", note: "n" });
    const byIndex = await emulator.pressButton({
      by: "bob@acme.example",
      messageId,
      button: 0,
      inputs: { note: "x", notify: "true" },
    });
    expect(byIndex.inputs).toEqual({ pick: "A", notify: "true", note: "x" });
    const skip = await emulator.pressButton({ by: "bob@acme.example", messageId, button: "Skip" });
    expect(skip.inputs).toEqual({ pick: "none" });
    await expect(
      emulator.pressButton({ by: "bob@acme.example", messageId, button: "Pick A" }),
    ).rejects.toThrow(/required/);
    await expect(emulator.pressButton({ by: "bob@acme.example", messageId, button: "Nope" })).rejects.toThrow(
      /Pick A/,
    );
    await expect(emulator.pressButton({ by: "ada@acme.example", messageId, button: "Skip" })).rejects.toThrow(
      /not in/,
    );
  });
});
