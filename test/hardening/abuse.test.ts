import { beforeEach, describe, expect, it } from "vitest";
import { type CardTokenPayload, deriveCardSigningKey, signCardToken } from "../../src/confirm/card-token.js";
import type { AttachmentAction, Message } from "../../src/emulator/api-shapes.js";
import { type Harness, signWebhook, useHarness } from "../e2e/harness.js";
import {
  auditLines,
  createExtension,
  decodeTokenPayload,
  expectNoStackTrace,
  newBotMessages,
  parkDeletes,
  requestMessage,
  TOKEN_KEY,
  tokenOf,
  withPayload,
} from "../e2e/support.js";
import { ALICE, BOB, MALLORY } from "../e2e/test-org.js";
import { allBotMessages } from "./support.js";

// Abuse that refusals.test.ts and webhooks.test.ts do not already cover: truncated and
// replayed deliveries, payload edits other than the target, oversized and odd bodies under load,
// and hostile chat text, whose echo in the bot's messages must stay inert.
describe("abuse", () => {
  // Real time, moved a minute on before each test: every refusal window of the test before is
  // closed (the bot answers one person's refusals in a space at most once per 30 s).
  let offset = 0;
  const clock = { now: () => Date.now() + offset };
  const h = useHarness({ app: { clock } });
  beforeEach(() => {
    offset += 60_000;
    h.emulator.reset({ keepWebhooks: true });
    h.emulator.faults.clear();
    h.emulator.clearRequests();
  });

  const webhookUrl = () => `${h.app.url}/webhook`;

  async function post(body: Buffer | string, signature?: string, headers: Record<string, string> = {}) {
    const res = await fetch(webhookUrl(), {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(signature === undefined ? {} : { "x-spark-signature": signature }),
        ...headers,
      },
      body: new Uint8Array(Buffer.from(body)),
    });
    return { status: res.status, body: (await res.json().catch(() => undefined)) as unknown };
  }

  /** The envelope Webex POSTs for an attachment action (ids only, like the emulator's own). */
  function actionEvent(action: AttachmentAction): string {
    const hook = h.emulator
      .webhooks()
      .find((w) => w.resource === "attachmentActions" && w.targetUrl === webhookUrl());
    if (!hook) throw new Error("no attachmentActions webhook");
    const { secret: _secret, ...envelope } = hook;
    return JSON.stringify({
      ...envelope,
      actorId: action.personId,
      data: {
        id: action.id,
        type: action.type,
        messageId: action.messageId,
        personId: action.personId,
        roomId: action.roomId,
        created: action.created,
      },
    });
  }

  /** The envelope of a message event, for a message that exists. */
  function messageEvent(message: Message): string {
    const hook = h.emulator.webhooks().find((w) => w.resource === "messages" && w.targetUrl === webhookUrl());
    if (!hook) throw new Error("no messages webhook");
    const { secret: _secret, ...envelope } = hook;
    return JSON.stringify({
      ...envelope,
      actorId: message.personId,
      data: { id: message.id, roomId: message.roomId, personId: message.personId, created: message.created },
    });
  }

  async function cardFor(from: string, room: string, typed: string): Promise<Message> {
    await h.say(from, room, typed);
    const card = h.lastCard(room);
    expect(card.parentId).toBe(requestMessage(h, room, typed).id);
    return card;
  }

  /** Runs `act` and returns what the bot did meanwhile: every Webex call, and its new messages. */
  async function during(act: () => Promise<void>) {
    const calls = h.emulator.requests.length;
    const messages = allBotMessages(h).length;
    await act();
    await h.app.idle();
    return { calls: h.emulator.requests.slice(calls), messages: allBotMessages(h).slice(messages) };
  }

  describe("webhook bodies", () => {
    it("a truncated body: 401 with the original signature, 400 when re-signed; nothing happens either way", async () => {
      const message = await h.emulator.say({ from: ALICE, roomId: h.roomId("Alice 1:1"), text: "help" });
      await h.app.idle();
      const full = messageEvent(message);
      for (const cut of [full.length - 1, Math.floor(full.length / 2), 1]) {
        const truncated = full.slice(0, cut);
        const { calls, messages } = await during(async () => {
          expect((await post(truncated, signWebhook(full))).status).toBe(401);
          expect((await post(truncated, signWebhook(truncated))).status).toBe(400);
        });
        expect(calls).toEqual([]);
        expect(messages).toEqual([]);
      }
    });

    it("a confirmed card's delivery replayed byte for byte → dropped as a duplicate: no second DELETE, no message", async () => {
      const card = await cardFor(ALICE, "Alice 1:1", "delete park ext 1234 at HQ");
      const action = await h.emulator.pressButton({ by: ALICE, messageId: card.id, button: 0 });
      await h.app.idle();
      expect(parkDeletes(h)).toHaveLength(1);
      const bytes = actionEvent(action);
      const { calls, messages } = await during(async () => {
        for (let i = 0; i < 3; i++) {
          const res = await post(bytes, signWebhook(bytes));
          expect(res).toEqual({ status: 200, body: { status: "duplicate" } });
        }
      });
      expect(calls).toEqual([]);
      expect(messages).toEqual([]);
      expect(parkDeletes(h)).toHaveLength(1);
    });

    it("the same inputs submitted again as new actions on another card (Confirm and Cancel, by Alice and by Bob) → refused, one DELETE", async () => {
      const card = await cardFor(ALICE, "Voice Admins", "delete park ext 1234 at HQ");
      const confirm = tokenOf(card, /^Delete/);
      const cancel = tokenOf(card, /^Cancel/);
      await h.press(ALICE, card.id, 0);
      expect(parkDeletes(h)).toHaveLength(1);
      // The used card is gone; a live card in the same room carries the replays.
      const live = await cardFor(ALICE, "Voice Admins", "delete park ext 1235 at HQ");
      const before = h.botMessages("Voice Admins").length;
      await h.submit(ALICE, live.id, { [TOKEN_KEY]: confirm });
      await h.submit(ALICE, live.id, { [TOKEN_KEY]: cancel });
      await h.submit(BOB, live.id, { [TOKEN_KEY]: confirm });
      const replies = newBotMessages(h, "Voice Admins", before).map((m) => m.text);
      // Alice's: not the tokens' card; her second refusal falls in her refusal window and is
      // counted, not answered. Bob's: not the requester, refused before the card is looked at.
      expect(replies).toHaveLength(2);
      expect(replies[0]).toMatch(/belongs to another card/);
      expect(replies[1]).toMatch(/Only alice@acme\.example, who asked, can press/);
      expect(parkDeletes(h)).toHaveLength(1);
      expect(
        auditLines(h, "cancellation").filter((l) => l.nonce === decodeTokenPayload(cancel).nonce),
      ).toEqual([]);
      // The live card was not consumed by the replays.
      expect(h.emulator.message(live.id)).toBeDefined();
      await h.press(ALICE, live.id, 0);
      expect(parkDeletes(h).map((d) => d.status)).toEqual([204, 204]);
      expect(h.emulator.callParkExtension("HQ", "1235")).toBeUndefined();
    });

    it.each<[string, unknown]>([
      ["a JSON string", "hello"],
      ["null", null],
      ["data.id a number", { id: "x", resource: "messages", event: "created", data: { id: 42 } }],
      ["data null", { id: "x", resource: "messages", event: "created", data: null }],
      ["resource an object", { id: "x", resource: { $ne: "" }, event: "created", data: { id: "y" } }],
      ["event missing", { id: "x", resource: "messages", data: { id: "y" } }],
      ["empty ids", { id: "", resource: "messages", event: "created", data: { id: "" } }],
    ])("valid signature, %s → 400, no Webex call", async (_label, value) => {
      const body = JSON.stringify(value);
      const { calls, messages } = await during(async () => {
        const res = await post(body, signWebhook(body));
        expect(res.status).toBe(400);
        expectNoStackTrace(JSON.stringify(res.body));
      });
      expect(calls).toEqual([]);
      expect(messages).toEqual([]);
    });

    it("deeply nested JSON and a __proto__ key → 400, nothing polluted, server fine", async () => {
      const deep = `${"[".repeat(30_000)}${"]".repeat(30_000)}`;
      expect((await post(deep, signWebhook(deep))).status).toBe(400);
      const polluting = '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}';
      expect((await post(polluting, signWebhook(polluting))).status).toBe(400);
      expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
      expect((await fetch(`${h.app.url}/healthz`)).status).toBe(200);
    });

    it("a flood of oversized bodies (signed or not, with or without Content-Length) → 413 each, and the bot stays up", async () => {
      const big = Buffer.alloc(2 * 1024 * 1024, "a");
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          i % 2 === 0 ? post(big, signWebhook(big)).then((r) => r.status) : post(big).then((r) => r.status),
        ),
      );
      expect(results).toEqual(Array(12).fill(413));
      // Chunked, no Content-Length: the cap is enforced while reading, not only from the header.
      const chunked = await fetch(webhookUrl(), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: new ReadableStream<Uint8Array>({
          start(controller) {
            for (let i = 0; i < 40; i++) controller.enqueue(new Uint8Array(8 * 1024).fill(97));
            controller.close();
          },
        }),
        duplex: "half",
      } as RequestInit & { duplex: "half" });
      expect(chunked.status).toBe(413);

      expect((await fetch(`${h.app.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${h.app.url}/readyz`)).status).toBe(200);
      const card = await cardFor(ALICE, "Alice 1:1", "delete park ext 1234 at HQ");
      await h.press(ALICE, card.id, 0);
      expect(h.emulator.callParkExtension("HQ", "1234")).toBeUndefined();
    });
  });

  describe("tampered card tokens", () => {
    type Edit = (payload: CardTokenPayload, h: Harness) => CardTokenPayload;
    /** What is edited, how, who submits it, and in which room. */
    const edits: [string, Edit, string, string][] = [
      ["a later expiry", (p) => ({ ...p, exp: p.exp + 86_400_000 }), ALICE, "Voice Admins"],
      [
        "Bob as the requester, pressed by Bob",
        (p, hh) => ({ ...p, requesterId: hh.personId(BOB), requesterEmail: BOB }),
        BOB,
        "Voice Admins",
      ],
      [
        "cancel turned into confirm",
        (p) => ({ ...p, action: "callpark.delete.confirm" }),
        ALICE,
        "Voice Admins",
      ],
      [
        "another room, submitted there",
        (p, hh) => ({ ...p, roomId: hh.roomId("Other Room") }),
        ALICE,
        "Other Room",
      ],
      [
        "another extension's ids",
        (p, hh) => {
          const other = hh.emulator.callParkExtension("HQ Annex", "3001");
          if (!other) throw new Error("no 3001");
          return {
            ...p,
            data: {
              ...(p.data as Record<string, string>),
              callParkExtensionId: other.id,
              locationId: other.locationId,
              extension: "3001",
            },
          };
        },
        ALICE,
        "Voice Admins",
      ],
    ];

    it.each(edits)(
      "payload edited (%s), signature kept → refused as a bad signature, nothing deleted",
      async (_label, edit, by, room) => {
        const card = await cardFor(ALICE, "Voice Admins", "delete park ext 1234 at HQ");
        const cancel = tokenOf(card, /^Cancel/);
        const payload = decodeTokenPayload(cancel) as unknown as CardTokenPayload;
        const forged = withPayload(cancel, edit(payload, h) as unknown as Record<string, unknown>);
        const onCard =
          room === "Voice Admins" ? card : await cardFor(ALICE, room, "delete park ext 1235 at HQ");
        const { calls, messages } = await during(() => h.submit(by, onCard.id, { [TOKEN_KEY]: forged }));
        expect(calls.filter((c) => c.path.startsWith("/telephony"))).toEqual([]);
        expect(messages).toHaveLength(1);
        expect(messages[0]?.text).toMatch(/doesn't check out/);
        expect(auditLines(h, "refusal").at(-1)).toMatchObject({ reason: "card token bad-signature" });
        expect(h.emulator.callParkExtension("HQ", "1234")).toBeDefined();
        expect(h.emulator.callParkExtension("HQ Annex", "3001")).toBeDefined();
        expect(h.emulator.message(card.id)).toBeDefined();
      },
    );

    it("a token re-signed with another deployment's key, with every field otherwise valid → refused", async () => {
      const card = await cardFor(ALICE, "Alice 1:1", "delete park ext 1234 at HQ");
      const payload = decodeTokenPayload(tokenOf(card, /^Delete/)) as unknown as CardTokenPayload;
      const foreign = signCardToken(payload, deriveCardSigningKey("other-secret-of-another-deployment"));
      const { calls } = await during(() => h.submit(ALICE, card.id, { [TOKEN_KEY]: foreign }));
      expect(calls.filter((c) => c.path.startsWith("/telephony"))).toEqual([]);
      expect(h.emulator.callParkExtension("HQ", "1234")).toBeDefined();
    });

    it.each<[string, (token: string) => unknown]>([
      ["signature cut short", (t) => t.slice(0, -4)],
      ["a fourth segment", (t) => `${t}.AAAA`],
      ["another version prefix", (t) => t.replace(/^v2\./, "v9.")],
      ["the signature alone", (t) => t.split(".")[2]],
      ["5 000 characters", (t) => `${t}${"A".repeat(5_000)}`],
      ["an array", (t) => [t]],
      ["an object", (t) => ({ toString: t })],
    ])("a malformed token (%s) → refused with a message, nothing deleted", async (_label, mangle) => {
      const card = await cardFor(ALICE, "Alice 1:1", "delete park ext 1234 at HQ");
      const { calls, messages } = await during(() =>
        h.submit(ALICE, card.id, { [TOKEN_KEY]: mangle(tokenOf(card, /^Delete/)) }),
      );
      expect(calls.filter((c) => c.path.startsWith("/telephony"))).toEqual([]);
      expect(messages).toHaveLength(1);
      expectNoStackTrace(messages[0]?.text ?? "");
      expect(h.emulator.callParkExtension("HQ", "1234")).toBeDefined();
    });

    it("Bob submits Alice's genuine Confirm token on his own card in the same room → refused, nothing deleted", async () => {
      const alices = await cardFor(ALICE, "Voice Admins", "delete park ext 1234 at HQ");
      const bobs = await cardFor(BOB, "Voice Admins", "delete park ext 1235 at HQ");
      const { calls, messages } = await during(() =>
        h.submit(BOB, bobs.id, { [TOKEN_KEY]: tokenOf(alices, /^Delete/) }),
      );
      expect(calls.filter((c) => c.path.startsWith("/telephony"))).toEqual([]);
      // Refused as not the token's requester (before any look at which card it is); Bob's card is untouched.
      expect(messages.map((m) => m.text)).toEqual([
        expect.stringMatching(/Only alice@acme\.example, who asked/),
      ]);
      expect(h.emulator.message(bobs.id)).toBeDefined();
      expect(h.emulator.callParkExtension("HQ", "1234")).toBeDefined();
      expect(h.emulator.callParkExtension("HQ", "1235")).toBeDefined();
    });
  });

  describe("hostile chat text", () => {
    /** Escaped characters (`\x`) removed, so what is left is markup a Webex client would act on. */
    const unescaped = (markdown: string) => markdown.replace(/\\[\s\S]/g, "\u0000");

    /** Nothing in the message can be a mention, a link, an image, raw HTML, or user-made emphasis. */
    function expectInert(message: Message, marker: string): void {
      const markdown = message.markdown ?? message.text;
      const live = unescaped(markdown);
      expect(live, markdown).not.toMatch(/[[\]<>]/);
      expect(live, markdown).not.toMatch(new RegExp(`[*_\`~]${marker}|${marker}[*_\`~]`));
      expect(message.mentionedPeople ?? []).toEqual([]);
      expect(message.mentionedGroups ?? []).toEqual([]);
      expect(message.html ?? "").not.toMatch(/<a\s|spark-mention|<img|<script/i);
      expect(message.text).not.toMatch(/\(http:\/\/evil/);
      expectNoStackTrace(message.text);
    }

    /** Says `typed` (1:1 or @mention in a group) and returns the bot's one reply, in the thread. */
    async function replyTo(typed: string, room = "Alice 1:1"): Promise<Message> {
      const before = h.botMessages(room).length;
      const said = await h.emulator.say({
        from: ALICE,
        roomId: h.roomId(room),
        text: typed,
        mention: room !== "Alice 1:1",
      });
      await h.app.idle();
      const replies = newBotMessages(h, room, before);
      expect(replies, `replies to ${JSON.stringify(typed)}`).toHaveLength(1);
      const reply = replies[0];
      if (!reply) throw new Error("no reply");
      expect(reply.parentId).toBe(said.id);
      return reply;
    }

    /** Says whitespace in `room`; expects one hint in the thread, the message fetched once, no lookup. */
    async function expectHintForBlank(typed: string, room: string): Promise<void> {
      const since = h.emulator.requests.length;
      const before = h.botMessages(room).length;
      const said = await h.emulator.say({
        from: ALICE,
        roomId: h.roomId(room),
        text: typed,
        mention: room !== "Alice 1:1",
      });
      await h.app.idle();
      const replies = newBotMessages(h, room, before);
      expect(
        replies.map((m) => m.text),
        JSON.stringify(typed),
      ).toEqual([expect.stringMatching(/didn't understand/)]);
      expect(replies[0]?.parentId).toBe(said.id);
      const fetches = h.emulator.requests.slice(since).filter((r) => r.path === `/messages/${said.id}`);
      expect(fetches).toHaveLength(1);
      expect(h.telephonyCalls()).toEqual([]);
    }
    const BLANKS = ["   ", "\t \u00a0 ", " \u3000 "];

    it("whitespace only after an @mention in a group space → a hint in the thread, no lookup", async () => {
      for (const typed of BLANKS) await expectHintForBlank(typed, "Voice Admins");
    });

    // BUG: the framework emits no "message" for text that is empty once trimmed, and the bot takes
    // the silence for a failed fetch: it fetches the message and its sender again and again, then
    // posts "Webex would not give me your message just now, so I did nothing. Please send it
    // again." outside the thread — untrue, and asking for a resend that would fail the same way.
    it("whitespace only in a 1:1 space → a hint in the thread, the message fetched once, no lookup", async () => {
      for (const typed of BLANKS) await expectHintForBlank(typed, "Alice 1:1");
    });

    it("text longer than Webex's limit never reaches the bot (the emulator refuses it, as Webex does)", async () => {
      await expect(
        h.emulator.say({
          from: ALICE,
          roomId: h.roomId("Alice 1:1"),
          text: `delete park ext 1234 at ${"H".repeat(10_240)}`,
        }),
      ).rejects.toThrow(/too long/i);
    });

    it("control characters are not echoed", async () => {
      const typed =
        "delete park ext 1234 at H\u0000Q\u0007\u001b[31m\u0008\u007f\u0085\u009b\u2028X\u2029Y\r";
      const reply = await replyTo(typed);
      expect(reply.text).toMatch(/can't find a Webex Calling location/);
      const markdown = reply.markdown ?? "";
      // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point
      expect(markdown).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/);
      expectInert(reply, "XQX");
    });

    // BUG: escapeMarkdown strips C0/C1 controls but not the bidirectional overrides and isolates
    // (U+202A–U+202E, U+2066–U+2069). U+202E turns what follows around on screen, so
    // "HQ\u202Eetalsnart" displays as "HQtranslate" (CVE-2021-42574, "Trojan Source"). Echoed in a
    // reply, or shown on the confirm card from a name set in Control Hub, the text people read is
    // not the text that is there.
    it("bidirectional-override characters (Trojan Source) are not echoed, in replies or on the card", async () => {
      const BIDI = /[\u202a-\u202e\u2066-\u2069]/;
      const reply = await replyTo(
        "delete park ext 1234 at HQ\u202Egnp.exe\u2066x\u2069\u202a\u202b\u202c\u202d",
      );
      expect(reply.markdown ?? "").not.toMatch(BIDI);
      await createExtension(h, "HQ", "4322", "Lobby \u202ekrap ybbol\u202c");
      const card = await cardFor(ALICE, "Alice 1:1", "delete park ext 4322 at HQ");
      expect(card.markdown ?? "").not.toMatch(BIDI);
      expect(JSON.stringify(card.attachments?.[0]?.content.body)).not.toMatch(/\\u202[a-e]|[\u202a-\u202e]/i);
    });

    it.each<[string, string]>([
      ["a link as the location", "delete park ext 1234 at [PWNED click](http://evil/x)"],
      ["@all as the location", "delete park ext 1234 at <@all> PWNED x"],
      [
        "a person mention as the location",
        "delete park ext 1234 at <@personEmail:bob@acme.example|Bob> PWNED x",
      ],
      ["bold as the location", "delete park ext 1234 at **PWNED bold**"],
      [
        "a fake button as the location",
        // On one line: after a line break the rest is ignored (test/e2e/wording.test.ts).
        "delete park ext 1234 at HQ --- **[✅ Confirm PWNED](http://evil/confirm)**",
      ],
      ["a link as the extension", "delete park ext [PWNED](http://evil) at HQ"],
      ["markup after the extension", "delete park ext 1234 <@all> [PWNED](http://evil) _x_"],
      ["a mention as a quoted name", 'delete park ext "<@personEmail:bob@acme.example|PWNED>" at HQ'],
      ["code, heading and a list as a quoted name", 'delete park ext "`PWNED` # h - [x](http://evil)"'],
      ["an image", "delete park ext 1234 at ![PWNED](http://evil/pixel.png)"],
      ["raw HTML", 'delete park ext 1234 at <a href="http://evil">PWNED</a><script>x</script>'],
      ["an autolink", "delete park ext 1234 at <http://evil/PWNED>"],
    ])("markdown injection (%s) is echoed inert", async (_label, typed) => {
      for (const room of ["Alice 1:1", "Voice Admins"]) {
        const reply = await replyTo(typed, room);
        expectInert(reply, "PWNED");
        expect(reply.attachments).toBeUndefined();
      }
    });

    it("a name set in Control Hub with markup → inert on the card, in its fallback text and in the outcome", async () => {
      const name = "[OK](http://e) <@all> *PWNED*";
      expect(name.length).toBeLessThanOrEqual(30);
      await createExtension(h, "HQ", "4321", name);
      const card = await cardFor(ALICE, "Voice Admins", "delete park ext 4321 at HQ");
      expectInert(card, "PWNED");
      const content = card.attachments?.[0]?.content ?? {};
      const texts: string[] = [];
      JSON.stringify(content, (key, value: unknown) => {
        if (typeof value === "string" && ["text", "value", "title"].includes(key)) texts.push(value);
        return value;
      });
      expect(texts.join("\n")).toContain("OK");
      for (const text of texts) expect(unescaped(text), text).not.toMatch(/[[\]<>]/);
      await h.press(ALICE, card.id, 0);
      const outcome = h.botMessages("Voice Admins").at(-1);
      if (!outcome) throw new Error("no outcome");
      expect(outcome.text).toMatch(/^Deleted call park extension 4321/);
      expectInert(outcome, "PWNED");
    });
  });

  it("Mallory's hostile text gets the same refusal, never an echo", async () => {
    const before = h.botMessages("Voice Admins").length;
    await h.say(MALLORY, "Voice Admins", "delete park ext 1234 at <@all> [x](http://evil)");
    const replies = newBotMessages(h, "Voice Admins", before);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toMatch(/not on the list of admins/);
    expect(replies[0]?.markdown).not.toContain("evil");
    expect(replies[0]?.mentionedGroups ?? []).toEqual([]);
  });
});
