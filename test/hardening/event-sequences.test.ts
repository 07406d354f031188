import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CardTokenPayload, deriveCardSigningKey, signCardToken } from "../../src/confirm/card-token.js";
import { type Harness, startHarness } from "../e2e/harness.js";
import { auditLines, decodeTokenPayload, TOKEN_KEY, tokenOf, withPayload } from "../e2e/support.js";
import { ALICE, BOB, MALLORY, testOrg } from "../e2e/test-org.js";
import { isParkDelete } from "./support.js";

// Random sequences of requests, presses, replays, forgeries and cross-room
// submissions against the running bot. A model of the rules (only the requester, in the card's
// room, with a genuine token whose nonce is unclaimed, acts; Confirm deletes, Cancel does not)
// predicts exactly which extensions must be gone; the emulator's state, its request log and the
// audit lines must agree after every sequence.
const SITE = "Prop Site";
const POOL = Array.from({ length: 1_500 }, (_, i) => String(80_000 + i));
const ROOMS: Record<string, string[]> = {
  "Alice 1:1": [ALICE],
  "Bob 1:1": [BOB],
  "Mallory 1:1": [MALLORY],
  "Voice Admins": [ALICE, BOB, MALLORY],
  "Other Room": [ALICE, BOB],
};
const ROOM_TITLES = Object.keys(ROOMS);
const ALLOWED = new Set([ALICE, BOB]);
const OTHER_KEY = deriveCardSigningKey("other-secret-of-another-deployment");

type Card = {
  messageId: string;
  room: string;
  requester: string;
  extension: string;
  confirm: string;
  cancel: string;
  nonce: string;
};
type Submission = { by: string; token: string; genuine: Card | undefined };

const pick = <T>(items: readonly T[], n: number): T | undefined =>
  items.length === 0 ? undefined : items[n % items.length];

const step = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant("request" as const), room: fc.nat(), who: fc.nat() }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("press" as const),
      card: fc.nat(),
      button: fc.constantFrom("confirm" as const, "confirm" as const, "cancel" as const),
      /** -1: the requester presses (as most people would); otherwise some member of the room. */
      who: fc.oneof({ weight: 2, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: fc.nat() }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("replay" as const),
      sub: fc.nat(),
      onto: fc.nat(),
      who: fc.nat(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("forge" as const),
      card: fc.nat(),
      how: fc.constantFrom(
        "junk",
        "later-expiry",
        "other-target",
        "cancel-to-confirm",
        "requester-swap",
        "room-swap",
        "other-key",
      ),
      junk: fc.string({ maxLength: 60 }),
      onto: fc.nat(),
      who: fc.nat(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("crossRoom" as const), card: fc.nat(), onto: fc.nat() }),
  },
);
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

describe("random event sequences against the running bot", () => {
  let h: Harness;
  let next = 0;

  beforeAll(async () => {
    const seed = testOrg();
    seed.rooms.push(
      { title: "Bob 1:1", type: "direct", members: [BOB, "park-bot@webex.bot"] },
      { title: "Mallory 1:1", type: "direct", members: [MALLORY, "park-bot@webex.bot"] },
    );
    seed.locations.push({
      name: SITE,
      callParkExtensions: POOL.map((extension, i) => ({ extension, name: `Prop ${i}` })),
    });
    h = await startHarness({ seed });
  });
  afterAll(async () => {
    await h?.close();
  });

  function freshExtension(): string {
    const extension = POOL[next++];
    if (extension === undefined) throw new Error("out of fresh extensions: raise POOL");
    return extension;
  }

  async function run(steps: Step[]): Promise<void> {
    const cards: Card[] = [];
    const submissions: Submission[] = [];
    const claimed = new Set<string>();
    const requested = new Map<string, string>(); // extension → requester
    const mustBeGone = new Set<string>();
    const logsFrom = h.logs.length;
    const requestsFrom = h.emulator.requests.at(-1)?.seq ?? 0;
    const trace: string[] = [];

    const live = (): Card[] => cards.filter((c) => h.emulator.message(c.messageId) !== undefined);

    /** Submits `token` on the card `onto` as `by`, and applies the model's rules. */
    async function submit(by: string, onto: Card, token: string, genuine: Card | undefined): Promise<void> {
      trace.push(
        `${by.split("@")[0]} submits ${genuine ? `${genuine.extension}'s token` : "a forged token"} on ${onto.extension}'s card in ${onto.room}`,
      );
      await h.emulator.submitAction({ by, messageId: onto.messageId, inputs: { [TOKEN_KEY]: token } });
      await h.app.idle();
      submissions.push({ by, token, genuine });
      if (!genuine) return;
      const action = decodeTokenPayload(token).action;
      // A token acts only on the card it was posted in: on another card's message it is refused.
      const acts =
        by === genuine.requester &&
        onto.messageId === genuine.messageId &&
        onto.room === genuine.room &&
        ALLOWED.has(by) &&
        !claimed.has(genuine.nonce);
      if (!acts) return;
      claimed.add(genuine.nonce);
      if (action === "callpark.delete.confirm") mustBeGone.add(genuine.extension);
    }

    for (const s of steps) {
      switch (s.kind) {
        case "request": {
          const room = ROOM_TITLES[s.room % ROOM_TITLES.length] ?? "Alice 1:1";
          const by = pick(ROOMS[room] ?? [], s.who) ?? ALICE;
          const extension = freshExtension();
          trace.push(`${by.split("@")[0]} asks for ${extension} in ${room}`);
          const said = await h.emulator.say({
            from: by,
            roomId: h.roomId(room),
            text: `delete park ext ${extension} at ${SITE}`,
            mention: room === "Voice Admins" || room === "Other Room",
          });
          await h.app.idle();
          const card = h.emulator
            .messages(h.roomId(room))
            .find((m) => m.parentId === said.id && (m.attachments?.length ?? 0) > 0);
          expect(card !== undefined, `a card for ${by} in ${room}`).toBe(ALLOWED.has(by));
          if (!card) break;
          const confirm = tokenOf(card, /^Delete/);
          cards.push({
            messageId: card.id,
            room,
            requester: by,
            extension,
            confirm,
            cancel: tokenOf(card, /^Cancel/),
            nonce: String(decodeTokenPayload(confirm).nonce),
          });
          requested.set(extension, by);
          break;
        }
        case "press": {
          const card = pick(live(), s.card);
          if (!card) break;
          const by = s.who < 0 ? card.requester : (pick(ROOMS[card.room] ?? [], s.who) ?? ALICE);
          trace.push(`${by.split("@")[0]} presses ${s.button} on ${card.extension}'s card`);
          await h.emulator.pressButton({
            by,
            messageId: card.messageId,
            button: s.button === "confirm" ? 0 : "Cancel",
          });
          await h.app.idle();
          // A press is a submission of the button's own token on its own card.
          const token = s.button === "confirm" ? card.confirm : card.cancel;
          submissions.push({ by, token, genuine: card });
          const acts = by === card.requester && ALLOWED.has(by) && !claimed.has(card.nonce);
          if (acts) {
            claimed.add(card.nonce);
            if (s.button === "confirm") mustBeGone.add(card.extension);
          }
          break;
        }
        case "replay": {
          const previous = pick(submissions, s.sub);
          const onto = pick(live(), s.onto);
          if (!previous || !onto) break;
          const by = pick(ROOMS[onto.room] ?? [], s.who) ?? ALICE;
          await submit(by, onto, previous.token, previous.genuine);
          break;
        }
        case "forge": {
          const source = pick(cards, s.card);
          const onto = pick(live(), s.onto);
          if (!source || !onto) break;
          const payload = decodeTokenPayload(source.confirm) as unknown as CardTokenPayload;
          const members = ROOMS[onto.room] ?? [];
          const by =
            s.how === "requester-swap" || !members.includes(source.requester)
              ? (pick(members, s.who) ?? ALICE)
              : source.requester;
          const other = cards.find((c) => c.extension !== source.extension) ?? source;
          const forged = {
            junk: () => (s.junk.startsWith("v2.") ? s.junk : `v2.${s.junk}.${s.junk}`),
            "later-expiry": () => withPayload(source.confirm, { ...payload, exp: payload.exp + 3_600_000 }),
            "other-target": () =>
              withPayload(source.confirm, {
                ...payload,
                data: (decodeTokenPayload(other.confirm) as unknown as CardTokenPayload).data,
              }),
            "cancel-to-confirm": () =>
              withPayload(source.cancel, {
                ...decodeTokenPayload(source.cancel),
                action: "callpark.delete.confirm",
              }),
            "requester-swap": () =>
              withPayload(source.confirm, { ...payload, requesterId: h.personId(by), requesterEmail: by }),
            "room-swap": () =>
              withPayload(source.confirm, {
                ...payload,
                roomId: h.roomId(source.room === "Other Room" ? "Voice Admins" : "Other Room"),
              }),
            "other-key": () => signCardToken(payload, OTHER_KEY),
          }[s.how]();
          // An "edit" that changed nothing (the other card is this one, the swapped requester is the
          // requester) leaves a genuine token: the model must know it for what it is.
          const genuine = cards.find((c) => c.confirm === forged || c.cancel === forged);
          await submit(by, onto, forged, genuine);
          break;
        }
        case "crossRoom": {
          const source = pick(cards, s.card);
          if (!source) break;
          const elsewhere = live().filter(
            (c) => c.room !== source.room && (ROOMS[c.room] ?? []).includes(source.requester),
          );
          const onto = pick(elsewhere, s.onto);
          if (!onto) break;
          await submit(source.requester, onto, source.confirm, source);
          break;
        }
      }
    }

    // The invariants, from three witnesses: the emulator's state, its request log, the audit.
    const story = trace.join("\n");
    for (const [extension, requester] of requested) {
      const gone = h.emulator.callParkExtension(SITE, extension) === undefined;
      expect(gone, `${extension} (asked by ${requester}) gone?\n${story}`).toBe(mustBeGone.has(extension));
    }
    const idOf = new Map(
      [...requested.keys()].map((e) => [
        h.emulator.callParkExtensions().find((c) => c.extension === e)?.id,
        e,
      ]),
    );
    const deletes = h.emulator.requests.filter((r) => r.seq > requestsFrom && isParkDelete(r));
    const deletedIds = deletes.map((d) => d.path.split("/").at(-1) ?? "");
    // No extension deleted twice, and no DELETE at all for anything not confirmed by its requester.
    expect(new Set(deletedIds).size, story).toBe(deletedIds.length);
    expect(
      deletes.every((d) => d.status === 204),
      story,
    ).toBe(true);
    expect(deletes, story).toHaveLength(mustBeGone.size);
    for (const id of deletedIds)
      expect(idOf.has(id), `DELETE of an extension never gone\n${story}`).toBe(false);
    // Each deletion was confirmed by its own requester, on a card for exactly that extension.
    const intents = h.logs.slice(logsFrom).filter((l) => l.audit === true && l.kind === "intent");
    expect(intents, story).toHaveLength(mustBeGone.size);
    for (const intent of intents) {
      const extension = (intent.target as { extension?: string }).extension ?? "";
      const requester = (intent.requester as { email?: string }).email;
      const confirmer = (intent.confirmer as { email?: string }).email;
      expect(mustBeGone.has(extension), story).toBe(true);
      expect(requester, story).toBe(requested.get(extension));
      expect(confirmer, story).toBe(requester);
      const card = cards.find((c) => c.extension === extension);
      expect(intent.nonce, story).toBe(card?.nonce);
    }
  }

  it("deletes exactly what the requester confirmed, once, and nothing else, for any sequence", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 3, maxLength: 8 }), async (steps) => {
        await run(steps);
      }),
      { numRuns: 25 },
    );
    // The runs did delete things and refuse things (the property is not vacuous).
    process.stdout.write(
      `intents ${auditLines(h, "intent").length} refusals ${auditLines(h, "refusal").length} cancellations ${auditLines(h, "cancellation").length}\n`,
    );
    expect(auditLines(h, "intent").length).toBeGreaterThan(0);
    expect(auditLines(h, "refusal").length).toBeGreaterThan(0);
  }, 120_000);

  it("the same, on sequences that always start with two cards and end with presses and replays", async () => {
    const opening: Step[] = [
      { kind: "request", room: 3, who: 0 },
      { kind: "request", room: 3, who: 1 },
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          step.filter((s) => s.kind !== "request"),
          { minLength: 2, maxLength: 6 },
        ),
        async (steps) => {
          await run([...opening, ...steps]);
        },
      ),
      { numRuns: 12 },
    );
  }, 120_000);
});
