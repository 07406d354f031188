import { beforeEach, describe, expect, it } from "vitest";
import type { ClaimStore } from "../../src/confirm/claim-store.js";
import { createMemoryClaimStore } from "../../src/confirm/create-memory-claim-store.js";
import type { RunningEmulator } from "../../src/emulator/create-emulator.js";
import { useHarness } from "./harness.js";
import { auditLines, newBotMessages, parkDeletes, TOKEN_KEY, tokenOf } from "./support.js";
import { ALICE } from "./test-org.js";

/** Bot reads of one message: the fallback check of a card that has no record. */
function messageReads(requests: RunningEmulator["requests"], messageId: string) {
  return requests.filter(
    (r) => r.method === "GET" && r.path === `/messages/${messageId}` && r.auth === "bot",
  );
}

/**
 * A card's token acts only on the card it was posted in: submitted against another card's message
 * (POST /attachment/actions takes any inputs on any message), it must not retire that card.
 */
describe("a token acts only on the card it was posted in", () => {
  let failWrites = false;
  // A manual clock, moved past the refusal window between tests, so each test's refusals are answered.
  let now = Date.parse("2030-01-15T10:00:00Z");
  const clock = { now: () => now };
  const memory = createMemoryClaimStore(clock);
  // The real memory store, whose writes of card records can be made to fail.
  const claims: ClaimStore = {
    claim: (key, ttlMs) => memory.claim(key, ttlMs),
    set: (key, value, ttlMs) =>
      failWrites ? Promise.reject(new Error("store unavailable")) : memory.set(key, value, ttlMs),
    get: (key) => memory.get(key),
    close: () => memory.close(),
  };

  const h = useHarness({ app: { claims, clock } });
  beforeEach(() => {
    failWrites = false;
    now += 60_000;
    h.emulator.reset({ keepWebhooks: true });
    h.emulator.clearRequests();
  });

  async function twoCards() {
    await h.say(ALICE, "Voice Admins", "delete park ext 1234 at HQ");
    const first = h.lastCard("Voice Admins");
    await h.say(ALICE, "Voice Admins", "delete park ext 1235 at HQ");
    const second = h.lastCard("Voice Admins");
    expect(second.id).not.toBe(first.id);
    return { first, second };
  }

  it("Cancel of card 1 submitted on card 2: card 2 stays, card 1 is not cancelled, nothing deleted", async () => {
    const { first, second } = await twoCards();
    const before = h.botMessages("Voice Admins").length;
    await h.submit(ALICE, second.id, { [TOKEN_KEY]: tokenOf(first, /Cancel/) });
    expect(h.emulator.message(second.id)).toBeDefined();
    expect(h.emulator.message(first.id)).toBeDefined();
    const replies = newBotMessages(h, "Voice Admins", before);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toMatch(/belongs to another card .*no card was touched/);
    // Not in either card's thread: the press says nothing trustworthy about which one it was.
    expect(replies[0]?.parentId).toBeUndefined();
    expect(auditLines(h, "cancellation")).toHaveLength(0);
    expect(auditLines(h, "refusal").at(-1)).toMatchObject({
      reason: "card token submitted on another message",
    });
    // The record answered: no read of the message was needed.
    expect(messageReads(h.emulator.requests, second.id)).toHaveLength(0);

    // Both cards still do what they show.
    await h.press(ALICE, first.id, "Cancel");
    expect(h.emulator.message(first.id)).toBeUndefined();
    await h.press(ALICE, second.id, 0);
    expect(parkDeletes(h)).toHaveLength(1);
    expect(h.emulator.callParkExtension("HQ", "1235")).toBeUndefined();
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeDefined();
  });

  it("Confirm of card 1 submitted on card 2: nothing deleted, card 2 stays", async () => {
    const { first, second } = await twoCards();
    await h.submit(ALICE, second.id, { [TOKEN_KEY]: tokenOf(first, /^Delete/) });
    expect(parkDeletes(h)).toHaveLength(0);
    expect(h.emulator.message(second.id)).toBeDefined();
    expect(h.emulator.callParkExtension("HQ", "1234")).toBeDefined();
  });

  it("a card posted while the store cannot record it still works, read back from Webex; a foreign token on it is still refused", async () => {
    failWrites = true;
    const { first, second } = await twoCards();
    failWrites = false;
    expect(
      h.logs.some((l) => l.msg === "could not record a card's message; its presses will read it back"),
    ).toBe(true);
    await h.submit(ALICE, second.id, { [TOKEN_KEY]: tokenOf(first, /Cancel/) });
    expect(h.emulator.message(second.id)).toBeDefined();
    expect(h.botMessages("Voice Admins").at(-1)?.text).toMatch(/belongs to another card/);
    expect(messageReads(h.emulator.requests, second.id)).toHaveLength(1);

    await h.press(ALICE, second.id, 0);
    expect(parkDeletes(h)).toHaveLength(1);
    expect(h.emulator.callParkExtension("HQ", "1235")).toBeUndefined();
  });
});
