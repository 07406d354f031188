import { beforeEach, describe, expect, it } from "vitest";
import { useHarness } from "./harness.js";
import { auditLines, newBotMessages, parkDeletes, TOKEN_KEY } from "./support.js";
import { ALICE, BOB, MALLORY } from "./test-org.js";

const WINDOW_MS = 30_000;

/**
 * Someone the bot refuses can type or forge presses at will: each refusal costing a message and an
 * audit line would let them spam the space, burn the bot's rate limit and flood the audit trail.
 */
describe("refusals are answered at most once per person and space per window", () => {
  let now = Date.parse("2030-01-15T10:00:00Z");
  const clock = { now: () => now };

  const h = useHarness({ app: { clock } });
  beforeEach(() => {
    now += 10 * WINDOW_MS;
    h.emulator.reset({ keepWebhooks: true });
    h.emulator.clearRequests();
  });

  const cardRefusalsOf = (email: string) =>
    auditLines(h, "refusal").filter((l) => (l.confirmer as { email?: string } | undefined)?.email === email);

  it("a non-admin typing a restricted command 5 times: one answer, one audit line; then one counted line", async () => {
    const linesBefore = auditLines(h, "refusal").length;
    const before = h.botMessages("Voice Admins").length;
    for (let i = 0; i < 5; i++) await h.say(MALLORY, "Voice Admins", "delete park ext 1234 at HQ");
    expect(newBotMessages(h, "Voice Admins", before)).toHaveLength(1);
    expect(auditLines(h, "refusal").slice(linesBefore)).toHaveLength(1);

    now += WINDOW_MS;
    await h.say(MALLORY, "Voice Admins", "delete park ext 1234 at HQ");
    const replies = newBotMessages(h, "Voice Admins", before);
    expect(replies).toHaveLength(2);
    expect(replies[1]?.text).toMatch(/not on the list of admins allowed/);
    const lines = auditLines(h, "refusal").slice(linesBefore);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatchObject({
      requester: { email: MALLORY },
      roomId: h.roomId("Voice Admins"),
      suppressed: 4,
      reason: expect.stringMatching(/^suppressed 4 more refusal/),
    });
    expect(lines[2]).toMatchObject({ reason: "requester not allowlisted", requester: { email: MALLORY } });
    expect(h.telephonyCalls()).toHaveLength(0);
  });

  it("forged presses on someone's card: one answer per window, nothing deleted, the card stays", async () => {
    await h.say(ALICE, "Voice Admins", "delete park ext 1234 at HQ");
    const card = h.lastCard("Voice Admins");
    const linesBefore = cardRefusalsOf(MALLORY).length;
    const before = h.botMessages("Voice Admins").length;
    for (let i = 0; i < 4; i++) await h.submit(MALLORY, card.id, { [TOKEN_KEY]: "v1.forged.forged" });
    for (let i = 0; i < 4; i++) await h.press(MALLORY, card.id, 0);
    expect(newBotMessages(h, "Voice Admins", before)).toHaveLength(1);
    expect(cardRefusalsOf(MALLORY).slice(linesBefore)).toHaveLength(1);
    expect(parkDeletes(h)).toHaveLength(0);
    expect(h.emulator.message(card.id)).toBeDefined();
  });

  it("typed refusals and refused presses share one window; someone else in the space is still answered", async () => {
    await h.say(ALICE, "Voice Admins", "delete park ext 1234 at HQ");
    const card = h.lastCard("Voice Admins");
    const before = h.botMessages("Voice Admins").length;
    await h.say(MALLORY, "Voice Admins", "delete park ext 1234 at HQ");
    await h.press(MALLORY, card.id, 0);
    expect(newBotMessages(h, "Voice Admins", before)).toHaveLength(1);
    // Bob, refused on Alice's card in the same space, is someone else: answered.
    await h.press(BOB, card.id, 0);
    const replies = newBotMessages(h, "Voice Admins", before);
    expect(replies).toHaveLength(2);
    expect(replies[1]?.text).toMatch(/Only alice@acme\.example/);
    // Alice can still confirm her card.
    await h.press(ALICE, card.id, 0);
    expect(parkDeletes(h)).toHaveLength(1);
  });
});
