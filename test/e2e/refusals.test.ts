import { beforeEach, describe, expect, it } from "vitest";
import { deriveCardSigningKey, signCardToken } from "../../src/confirm/card-token.js";
import { useHarness } from "./harness.js";
import {
  auditLines,
  buttonsOf,
  decodeTokenPayload,
  expectNoStackTrace,
  newBotMessages,
  parkDeletes,
  requestMessage,
  TOKEN_KEY,
  tokenOf,
  withPayload,
} from "./support.js";
import { ALICE, BOB, MALLORY } from "./test-org.js";

// Refusals on Confirm, and who may ask. The whole file runs on a manual clock
// so that a card can be made to expire without waiting or fake timers.
const CONFIRM_TTL_MS = 300_000;
/** The bot answers one person's refusals in one space at most once per 30 s. */
const REFUSAL_WINDOW_MS = 30_000;

describe("refusals: nothing is deleted by the wrong click", () => {
  let now = Date.parse("2030-01-15T10:00:00Z");
  const clock = { now: () => now };

  const h = useHarness({ app: { clock }, config: { confirmTtlSeconds: CONFIRM_TTL_MS / 1000 } });
  beforeEach(() => {
    h.emulator.reset({ keepWebhooks: true });
    h.emulator.faults.clear();
    h.emulator.clearRequests();
    // Each test starts with every refusal window of the one before closed.
    now += REFUSAL_WINDOW_MS;
  });

  async function cardFor(from: string, room: string, typed: string) {
    await h.say(from, room, typed);
    const card = h.lastCard(room);
    expect(card.parentId).toBe(requestMessage(h, room, typed).id);
    return card;
  }

  it("Cancel → nothing deleted, card retired, a 'Cancelled' reply in the thread", async () => {
    const card = await cardFor(ALICE, "Alice 1:1", "delete park ext 1234 at HQ");
    const before = h.botMessages("Alice 1:1").length;
    await h.press(ALICE, card.id, "Cancel");
    expect(parkDeletes(h)).toHaveLength(0);
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeDefined();
    expect(h.emulator.message(card.id)).toBeUndefined();
    const replies = newBotMessages(h, "Alice 1:1", before - 1);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toMatch(/^Cancelled/);
    expect(replies[0]?.text).toContain("1234");
    expect(replies[0]?.parentId).toBe(card.parentId);
    expect(auditLines(h, "cancellation").at(-1)).toMatchObject({
      requester: { email: ALICE },
      confirmer: { email: ALICE },
      target: { extension: "1234", locationName: "HQ" },
    });
  });

  it("a double click: exactly one DELETE; the second click is told it was already handled", async () => {
    const card = await cardFor(ALICE, "Alice 1:1", "delete park ext 1234 at HQ");
    // Both presses reach Webex before the card is retired, as a fast double click does.
    await Promise.all([
      h.emulator.pressButton({ by: ALICE, messageId: card.id, button: 0 }),
      h.emulator.pressButton({ by: ALICE, messageId: card.id, button: 0 }),
    ]);
    await h.app.idle();
    expect(parkDeletes(h)).toHaveLength(1);
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeUndefined();
    const texts = h.botMessages("Alice 1:1").map((m) => m.text);
    expect(texts.filter((t) => /^Deleted call park extension 1234/.test(t))).toHaveLength(1);
    expect(texts.filter((t) => /already handled/i.test(t))).toHaveLength(1);
  });

  it("Confirm and Cancel pressed at once: exactly one wins, never both", async () => {
    const card = await cardFor(ALICE, "Alice 1:1", "delete park ext 1234 at HQ");
    await Promise.all([
      h.emulator.pressButton({ by: ALICE, messageId: card.id, button: 0 }),
      h.emulator.pressButton({ by: ALICE, messageId: card.id, button: "Cancel" }),
    ]);
    await h.app.idle();
    const texts = h.botMessages("Alice 1:1").map((m) => m.text);
    const deleted = texts.filter((t) => /^Deleted call park extension 1234/.test(t)).length;
    const cancelled = texts.filter((t) => /^Cancelled/.test(t)).length;
    expect(deleted + cancelled).toBe(1);
    expect(texts.filter((t) => /already handled/i.test(t))).toHaveLength(1);
    expect(parkDeletes(h)).toHaveLength(deleted);
    expect(h.emulator.callParkExtension("HQ", "1234") === undefined).toBe(deleted === 1);
  });

  describe("the choice card", () => {
    async function choiceCard() {
      await h.say(ALICE, "Voice Admins", "delete park ext 5555");
      const card = h.lastCard("Voice Admins");
      const titles = buttonsOf(card).map((b) => b.title);
      expect(titles).toHaveLength(2);
      return card;
    }

    it("pressed by Bob → refused, no confirm card, the choice stays", async () => {
      const choice = await choiceCard();
      const before = h.botMessages("Voice Admins").length;
      await h.press(BOB, choice.id, 0);
      const replies = newBotMessages(h, "Voice Admins", before);
      expect(replies).toHaveLength(1);
      expect(replies[0]?.attachments).toBeUndefined();
      expect(replies[0]?.text).toMatch(/Only alice@acme\.example/);
      expect(h.emulator.message(choice.id)).toBeDefined();
    });

    it("once one location is chosen, the other button (replayed) is refused: one confirm card only", async () => {
      const choice = await choiceCard();
      const branchToken = tokenOf(choice, /Branch Office/);
      await h.press(ALICE, choice.id, "2. Warehouse (5555)");
      const confirm = h.lastCard("Voice Admins");
      expect(confirm.id).not.toBe(choice.id);
      const cardsBefore = h.botMessages("Voice Admins").filter((m) => m.attachments).length;
      await h.submit(ALICE, confirm.id, { [TOKEN_KEY]: branchToken });
      expect(h.botMessages("Voice Admins").filter((m) => m.attachments)).toHaveLength(cardsBefore);
      // Submitted against the confirm card's message: not that token's card, so refused before its
      // nonce is even looked at, and the confirm card is left alone.
      expect(h.botMessages("Voice Admins").at(-1)?.text).toMatch(/belongs to another card/i);
      expect(h.emulator.message(confirm.id)).toBeDefined();
      expect(parkDeletes(h)).toHaveLength(0);
    });

    it("expired → refused, no confirm card", async () => {
      const choice = await choiceCard();
      now += CONFIRM_TTL_MS + 1;
      await h.press(ALICE, choice.id, 0);
      expect(h.botMessages("Voice Admins").filter((m) => m.attachments && m.id !== choice.id)).toHaveLength(
        0,
      );
      expect(h.botMessages("Voice Admins").at(-1)?.text).toMatch(/expired/);
    });
  });

  it("a replayed Confirm (same inputs, after the card is gone) is refused: still exactly one DELETE", async () => {
    const first = await cardFor(ALICE, "Alice 1:1", "delete park ext 1234 at HQ");
    const confirmToken = tokenOf(first, /^Delete/);
    await h.press(ALICE, first.id, 0);
    expect(parkDeletes(h)).toHaveLength(1);
    expect(h.emulator.message(first.id)).toBeUndefined();
    // The card's message is gone, so the same inputs are submitted against another live card of
    // the bot (POST /attachment/actions takes any inputs). A replay that got through would DELETE.
    const second = await cardFor(ALICE, "Alice 1:1", "delete park ext 1235 at HQ");
    const before = h.botMessages("Alice 1:1").length;
    await h.submit(ALICE, second.id, { [TOKEN_KEY]: confirmToken });
    expect(parkDeletes(h)).toHaveLength(1);
    const replies = newBotMessages(h, "Alice 1:1", before);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toMatch(/belongs to another card/i);
    expect(h.emulator.message(second.id)).toBeDefined();
    expect(h.emulator.callParkExtension("HQ", "1235")).toBeDefined();
    expect(auditLines(h, "refusal").at(-1)).toMatchObject({
      reason: "card token submitted on another message",
    });
  });

  it("a click by someone else (Bob on Alice's card) → told only Alice can; card stays; Alice can still confirm", async () => {
    const card = await cardFor(ALICE, "Voice Admins", "delete park ext 1234 at HQ");
    const before = h.botMessages("Voice Admins").length;
    await h.press(BOB, card.id, 0);
    expect(parkDeletes(h)).toHaveLength(0);
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeDefined();
    expect(h.emulator.message(card.id)).toBeDefined();
    const replies = newBotMessages(h, "Voice Admins", before);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toMatch(/Only alice@acme\.example/);
    expect(replies[0]?.text).toMatch(/Nothing was deleted/);
    expect(auditLines(h, "refusal").at(-1)).toMatchObject({
      confirmer: { email: BOB },
      requester: { email: ALICE },
      reason: expect.stringMatching(/other than the requester/),
    });

    await h.press(ALICE, card.id, 0);
    expect(parkDeletes(h)).toHaveLength(1);
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeUndefined();
  });

  it("Mallory pressing Alice's card → refused, nothing deleted", async () => {
    const card = await cardFor(ALICE, "Voice Admins", "delete park ext 1234 at HQ");
    const before = h.botMessages("Voice Admins").length;
    await h.press(MALLORY, card.id, 0);
    now += REFUSAL_WINDOW_MS; // past the refusal window, so the second press is answered too
    await h.press(MALLORY, card.id, "Cancel");
    expect(parkDeletes(h)).toHaveLength(0);
    expect(h.emulator.message(card.id)).toBeDefined();
    const replies = newBotMessages(h, "Voice Admins", before);
    expect(replies).toHaveLength(2);
    for (const reply of replies) expect(reply.text).toMatch(/Only alice@acme\.example/);
    expect(
      auditLines(h, "refusal").filter((l) => (l.confirmer as { email?: string })?.email === MALLORY),
    ).toHaveLength(2);
  });

  it("an expired card → refused, nothing deleted", async () => {
    const card = await cardFor(ALICE, "Alice 1:1", "delete park ext 1234 at HQ");
    now += CONFIRM_TTL_MS + 1_000;
    const before = h.botMessages("Alice 1:1").length;
    await h.press(ALICE, card.id, 0);
    expect(parkDeletes(h)).toHaveLength(0);
    expect(h.telephonyCalls()).toHaveLength(2); // the lookup and the call park groups, for the card
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeDefined();
    const replies = h
      .botMessages("Alice 1:1")
      .slice(before - 1)
      .filter((m) => m.id !== card.id);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toMatch(/expired/);
    expect(auditLines(h, "refusal").at(-1)).toMatchObject({ reason: "card expired" });
  });

  it("an expired card pressed by someone else (Bob on Alice's card) → retired, so it stops looking live", async () => {
    const card = await cardFor(ALICE, "Voice Admins", "delete park ext 1234 at HQ");
    now += CONFIRM_TTL_MS + 1_000;
    const before = h.botMessages("Voice Admins").length;
    await h.press(BOB, card.id, 0);
    expect(parkDeletes(h)).toHaveLength(0);
    expect(h.emulator.message(card.id)).toBeUndefined();
    const replies = h
      .botMessages("Voice Admins")
      .slice(before - 1)
      .filter((m) => m.id !== card.id);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toMatch(/expired/);
    expect(auditLines(h, "refusal").at(-1)).toMatchObject({
      reason: "card expired",
      confirmer: { email: BOB },
    });
  });

  it("a card one second before expiry still works", async () => {
    const card = await cardFor(ALICE, "Alice 1:1", "delete park ext 1234 at HQ");
    now += CONFIRM_TTL_MS - 1_000;
    await h.press(ALICE, card.id, 0);
    expect(parkDeletes(h)).toHaveLength(1);
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeUndefined();
  });

  it("a forged card: the payload re-pointed at another extension, signature kept → refused, both untouched", async () => {
    const card = await cardFor(ALICE, "Alice 1:1", "delete park ext 1234 at HQ");
    const token = tokenOf(card, /^Delete/);
    const annex = h.emulator.callParkExtension("HQ Annex", "3001");
    if (!annex) throw new Error("no 3001");
    const payload = decodeTokenPayload(token);
    const forged = withPayload(token, {
      ...payload,
      data: {
        callParkExtensionId: annex.id,
        locationId: annex.locationId,
        locationName: "HQ Annex",
        extension: "3001",
        name: "Annex Park",
      },
    });
    const before = h.botMessages("Alice 1:1").length;
    await h.submit(ALICE, card.id, { [TOKEN_KEY]: forged });
    expect(parkDeletes(h)).toHaveLength(0);
    expect(h.emulator.callParkExtension("HQ Annex", "3001")).toBeDefined();
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeDefined();
    const replies = newBotMessages(h, "Alice 1:1", before);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toMatch(/nothing was deleted|did nothing|ignored/i);
    expectNoStackTrace(replies[0]?.text ?? "");
    // The real card still works afterwards, and deletes what it showed.
    await h.press(ALICE, card.id, 0);
    expect(parkDeletes(h)).toHaveLength(1);
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeUndefined();
    expect(h.emulator.callParkExtension("HQ Annex", "3001")).toBeDefined();
  });

  it("forged inputs around a valid token are ignored: only the signed target is acted on", async () => {
    const card = await cardFor(ALICE, "Alice 1:1", "delete park ext 1234 at HQ");
    const annex = h.emulator.callParkExtension("HQ Annex", "3001");
    await h.submit(ALICE, card.id, {
      [TOKEN_KEY]: tokenOf(card, /^Delete/),
      callParkExtensionId: annex?.id,
      locationId: annex?.locationId,
      extension: "3001",
    });
    expect(parkDeletes(h)).toHaveLength(1);
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeUndefined();
    expect(h.emulator.callParkExtension("HQ Annex", "3001")).toBeDefined();
  });

  it("a token signed with another key → refused", async () => {
    const card = await cardFor(ALICE, "Alice 1:1", "delete park ext 1234 at HQ");
    const payload = decodeTokenPayload(tokenOf(card, /^Delete/));
    const otherKey = deriveCardSigningKey("some-other-webhook-secret-xyz");
    const foreign = signCardToken(payload as Parameters<typeof signCardToken>[0], otherKey);
    const before = h.botMessages("Alice 1:1").length;
    await h.submit(ALICE, card.id, { [TOKEN_KEY]: foreign });
    expect(parkDeletes(h)).toHaveLength(0);
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeDefined();
    const replies = newBotMessages(h, "Alice 1:1", before);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toMatch(/Nothing was deleted/);
    expect(auditLines(h, "refusal").at(-1)).toMatchObject({ reason: "card token bad-signature" });
  });

  it.each([
    ["no token", {}],
    ["a non-string token", { [TOKEN_KEY]: 42 }],
    ["garbage", { [TOKEN_KEY]: "v1.garbage.garbage" }],
  ])("a submission with %s → refused with a message, nothing deleted", async (_label, inputs) => {
    const card = await cardFor(ALICE, "Alice 1:1", "delete park ext 1234 at HQ");
    const before = h.botMessages("Alice 1:1").length;
    await h.submit(ALICE, card.id, inputs);
    expect(parkDeletes(h)).toHaveLength(0);
    const replies = newBotMessages(h, "Alice 1:1", before);
    expect(replies).toHaveLength(1);
    expectNoStackTrace(replies[0]?.text ?? "");
  });

  it("a card's token used in another space → refused", async () => {
    const card = await cardFor(ALICE, "Voice Admins", "delete park ext 1234 at HQ");
    const other = await cardFor(ALICE, "Other Room", "delete park ext 1235 at HQ");
    const before = h.botMessages("Other Room").length;
    await h.submit(ALICE, other.id, { [TOKEN_KEY]: tokenOf(card, /^Delete/) });
    expect(parkDeletes(h)).toHaveLength(0);
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeDefined();
    expect(newBotMessages(h, "Other Room", before)).toHaveLength(1);
    expect(auditLines(h, "refusal").at(-1)).toMatchObject({ reason: "card pressed in another room" });
  });

  describe("who may ask", () => {
    it("Mallory (not allowlisted) asking → told she's not allowed, no telephony request at all, a refusal audit line", async () => {
      const typed = "delete park ext 1234 at HQ";
      const before = h.botMessages("Voice Admins").length;
      await h.say(MALLORY, "Voice Admins", typed);
      const replies = newBotMessages(h, "Voice Admins", before);
      expect(replies).toHaveLength(1);
      expect(replies[0]?.text).toMatch(/not on the list of admins allowed/);
      expect(replies[0]?.attachments).toBeUndefined();
      expect(replies[0]?.parentId).toBe(requestMessage(h, "Voice Admins", typed).id);
      expect(h.telephonyCalls()).toHaveLength(0);
      expect(h.emulator.requests.filter((r) => r.auth === "admin")).toHaveLength(0);
      const refusal = auditLines(h, "refusal").at(-1);
      expect(refusal).toMatchObject({
        requester: { email: MALLORY, id: h.personId(MALLORY) },
        roomId: h.roomId("Voice Admins"),
        reason: "requester not allowlisted",
      });
    });

    it("Mallory may still read `help` (it reveals nothing)", async () => {
      const before = h.botMessages("Voice Admins").length;
      await h.say(MALLORY, "Voice Admins", "help");
      expect(newBotMessages(h, "Voice Admins", before)[0]?.text).toContain("delete park ext 1234 at HQ");
      expect(h.telephonyCalls()).toHaveLength(0);
    });

    it("Bob (allowlisted) may ask in a group space and confirm his own card", async () => {
      const card = await cardFor(BOB, "Voice Admins", "delete park ext 1235 at HQ");
      expect(buttonsOf(card)).toHaveLength(2);
      await h.press(BOB, card.id, 0);
      expect(parkDeletes(h)).toHaveLength(1);
      expect(h.emulator.callParkExtension("HQ", "1235")).toBeUndefined();
    });
  });
});
