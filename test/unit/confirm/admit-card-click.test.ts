import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  type AdmissibleAction,
  type AdmissionDeps,
  admitCardClick,
  type CardClick,
  CLAIM_GRACE_MS,
} from "../../../src/confirm/admit-card-click.js";
import {
  type CardTokenPayload,
  deriveCardSigningKey,
  signCardToken,
} from "../../../src/confirm/card-token.js";
import { createMemoryClaimStore } from "../../../src/confirm/create-memory-claim-store.js";

const KEY = deriveCardSigningKey("admission-test-webhook-secret");
const NOW = 1_700_000_000_000;
const EXP = NOW + 300_000;
const ORG = "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi9hYWFhYWFhYS0xMTExLTIyMjItMzMzMy00NDQ0NDQ0NDQ0NDQ";
const ALICE = "PERSON_ALICE";
const MALLORY = "PERSON_MALLORY";

const confirm: AdmissibleAction = {
  schema: z.object({ extension: z.string().regex(/^\d+$/) }),
  clicker: "requester",
  claim: "card",
};
const openRow: AdmissibleAction = { ...confirm, claim: "button" };
const anyAllowed: AdmissibleAction = { ...confirm, clicker: "any-allowed" };
const actions: Record<string, AdmissibleAction> = {
  "test.confirm": confirm,
  "test.cancel": confirm,
  "test.row": openRow,
  "test.shared": anyAllowed,
};

const payload: CardTokenPayload = {
  action: "test.confirm",
  data: { extension: "1234" },
  orgId: ORG,
  requesterId: ALICE,
  requesterEmail: "alice@example.com",
  roomId: "ROOM_ADMINS",
  threadId: "MSG_REQUEST",
  exp: EXP,
  nonce: "nonce-0123456789abcdef",
};

const sign = (p: Partial<CardTokenPayload> = {}) => signCardToken({ ...payload, ...p }, KEY);

function click(token: unknown, over: Partial<CardClick> = {}): CardClick {
  return { token, personId: ALICE, roomId: "ROOM_ADMINS", messageId: "MSG_CARD", ...over };
}

/** Dependencies on a manual clock, with every check passing unless a test says otherwise. */
function deps(over: Partial<AdmissionDeps<AdmissibleAction>> & { at?: number } = {}) {
  let now = over.at ?? NOW;
  const store = createMemoryClaimStore({ now: () => now });
  const claimed: { key: string; ttlMs: number }[] = [];
  const d: AdmissionDeps<AdmissibleAction> = {
    key: KEY,
    now: () => now,
    actingOrgId: ORG,
    findAction: (id) => actions[id],
    checkClicker: () => ({ ok: true }),
    isOnItsCard: async (_p, _t, messageId) => messageId === "MSG_CARD",
    claim: async (key, ttlMs) => {
      claimed.push({ key, ttlMs });
      return store.claim(key, ttlMs);
    },
    ...over,
  };
  return { d, claimed, advance: (ms: number) => (now += ms) };
}

describe("admitCardClick", () => {
  it("admits a genuine press by the requester on its card, once, with the parsed data", async () => {
    const { d, claimed } = deps();
    const admitted = await admitCardClick(click(sign()), d);
    expect(admitted).toMatchObject({ ok: true, data: { extension: "1234" }, action: confirm });
    expect(claimed).toEqual([{ key: `nonce:${payload.nonce}`, ttlMs: EXP - NOW + CLAIM_GRACE_MS }]);
    expect(await admitCardClick(click(sign()), d)).toMatchObject({ ok: false, reason: "already-handled" });
  });

  it("a card-scoped claim spends the whole card: the other button of the same card is already handled", async () => {
    const { d } = deps();
    expect((await admitCardClick(click(sign()), d)).ok).toBe(true);
    expect(await admitCardClick(click(sign({ action: "test.cancel" })), d)).toMatchObject({
      ok: false,
      reason: "already-handled",
    });
  });

  it("a button-scoped claim spends that button only: another row works, the same row twice does not", async () => {
    const { d } = deps();
    const row1 = sign({ action: "test.row", data: { extension: "1234" } });
    const row2 = sign({ action: "test.row", data: { extension: "1235" } });
    expect((await admitCardClick(click(row1), d)).ok).toBe(true);
    expect((await admitCardClick(click(row2), d)).ok).toBe(true);
    expect(await admitCardClick(click(row1), d)).toMatchObject({ ok: false, reason: "already-handled" });
  });

  it.each<[string, unknown]>([
    ["no token", undefined],
    ["garbage", "v2.garbage.garbage"],
    ["a number", 7],
  ])("refuses %s before anything else is asked", async (_label, token) => {
    const { d, claimed } = deps({
      isOnItsCard: async () => {
        throw new Error("must not be asked");
      },
    });
    const result = await admitCardClick(click(token), d);
    expect(result.ok).toBe(false);
    expect(result.ok ? undefined : result.reason).toMatch(/^(malformed|bad-signature)$/);
    expect(claimed).toEqual([]);
  });

  it("signature: a payload edited after signing is refused", async () => {
    const { d } = deps();
    const [version, , signature] = sign().split(".");
    const edited = Buffer.from(JSON.stringify({ ...payload, data: { extension: "9999" } })).toString(
      "base64url",
    );
    expect(await admitCardClick(click(`${version}.${edited}.${signature}`), d)).toEqual({
      ok: false,
      reason: "bad-signature",
    });
  });

  it("the action must be one this version knows", async () => {
    const { d } = deps();
    expect(await admitCardClick(click(sign({ action: "test.removed" })), d)).toMatchObject({
      ok: false,
      reason: "unknown-action",
    });
  });

  it("the signed data must pass the action's schema: a handler never sees data of another shape", async () => {
    const { d, claimed } = deps();
    expect(await admitCardClick(click(sign({ data: { extension: "not digits" } })), d)).toEqual({
      ok: false,
      reason: "malformed",
    });
    expect(claimed).toEqual([]);
  });

  it("org: a card signed for another org is refused, and so is every card when the acting org is unknown", async () => {
    expect(await admitCardClick(click(sign({ orgId: "ORG_OTHER" })), deps().d)).toMatchObject({
      ok: false,
      reason: "other-org",
    });
    expect(await admitCardClick(click(sign()), deps({ actingOrgId: undefined }).d)).toMatchObject({
      ok: false,
      reason: "other-org",
    });
  });

  it("room: a press in another room is refused", async () => {
    expect(await admitCardClick(click(sign(), { roomId: "ROOM_ELSEWHERE" }), deps().d)).toMatchObject({
      ok: false,
      reason: "wrong-room",
    });
  });

  it("expiry: at the expiry instant the card is refused and to be retired; a millisecond before, admitted", async () => {
    const early = deps({ at: EXP - 1 });
    expect((await admitCardClick(click(sign()), early.d)).ok).toBe(true);
    const late = deps({ at: EXP });
    expect(await admitCardClick(click(sign()), late.d)).toMatchObject({
      ok: false,
      reason: "expired",
      retire: true,
    });
    expect(late.claimed).toEqual([]);
  });

  it("expiry: an expired token pressed on another card's message retires nothing", async () => {
    const { d } = deps({ at: EXP + 1 });
    const result = await admitCardClick(click(sign(), { messageId: "MSG_OTHER_CARD" }), d);
    expect(result).toMatchObject({ ok: false, reason: "not-on-its-card" });
    expect((result as { retire?: boolean }).retire).toBeUndefined();
  });

  it("the clock moves: a card admitted early is expired later", async () => {
    const { d, advance } = deps();
    advance(EXP - NOW);
    expect(await admitCardClick(click(sign()), d)).toMatchObject({ ok: false, reason: "expired" });
  });

  it("clicker: someone other than the requester is refused, even an allowed admin", async () => {
    const { d } = deps();
    expect(await admitCardClick(click(sign(), { personId: MALLORY }), d)).toMatchObject({
      ok: false,
      reason: "not-requester",
    });
  });

  it("clicker: an action that admits any allowed admin still refuses someone the requester check refuses", async () => {
    const token = sign({ action: "test.shared" });
    expect((await admitCardClick(click(token, { personId: MALLORY }), deps().d)).ok).toBe(true);
    const refused = deps({ checkClicker: () => ({ ok: false, reason: "not-allowlisted" }) });
    expect(await admitCardClick(click(token, { personId: MALLORY }), refused.d)).toMatchObject({
      ok: false,
      reason: "clicker-not-allowlisted",
    });
  });

  it.each([
    ["not-allowlisted", "clicker-not-allowlisted"],
    ["other-org", "clicker-other-org"],
  ] as const)(
    "the requester who no longer passes the requester check (%s) is refused",
    async (why, reason) => {
      const { d, claimed } = deps({ checkClicker: () => ({ ok: false, reason: why }) });
      expect(await admitCardClick(click(sign()), d)).toMatchObject({ ok: false, reason });
      expect(claimed).toEqual([]);
    },
  );

  it.each([
    ["not-full-admin", "clicker-not-admin"],
    ["role-unverified", "clicker-role-unverified"],
  ] as const)(
    "the requester whose admin role fails the check on the press (%s) is refused, with the check's detail",
    async (why, reason) => {
      // The role check is asynchronous (a Webex read when its cache is cold).
      const answer = { ok: false as const, reason: why, heldRoles: ["Read-only Administrator"] };
      const { d, claimed } = deps({ checkClicker: async () => answer });
      expect(await admitCardClick(click(sign()), d)).toMatchObject({ ok: false, reason, clicker: answer });
      expect(claimed).toEqual([]);
    },
  );

  it("card: a genuine token submitted on another message is refused and claims nothing", async () => {
    const { d, claimed } = deps();
    expect(await admitCardClick(click(sign(), { messageId: "MSG_OTHER_CARD" }), d)).toMatchObject({
      ok: false,
      reason: "not-on-its-card",
    });
    expect(claimed).toEqual([]);
  });

  it("card: when it cannot be told which card was pressed, nothing is admitted", async () => {
    const failure = new Error("store and Webex both away");
    const { d } = deps({
      isOnItsCard: async () => {
        throw failure;
      },
    });
    expect(await admitCardClick(click(sign()), d)).toMatchObject({
      ok: false,
      reason: "card-unknown",
      err: failure,
    });
  });

  it("claim: a store that cannot be reached admits nothing and says so", async () => {
    const failure = new Error("ECONNREFUSED");
    const { d } = deps({
      claim: async () => {
        throw failure;
      },
    });
    expect(await admitCardClick(click(sign()), d)).toMatchObject({
      ok: false,
      reason: "store-unreachable",
      err: failure,
    });
  });
});
