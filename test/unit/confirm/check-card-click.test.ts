import { describe, expect, it } from "vitest";
import {
  type CardTokenPayload,
  deriveCardSigningKey,
  signCardToken,
  verifyCardToken,
} from "../../../src/confirm/card-token.js";
import { type CardClickCheck, checkCardClick } from "../../../src/confirm/check-card-click.js";

const EXP = 1_700_000_300_000;

const payload: CardTokenPayload = {
  act: "confirm",
  target: {
    callParkExtensionId: "CPE_1",
    locationId: "LOC_HQ",
    locationName: "HQ",
    extension: "1234",
    name: "Lobby",
  },
  requesterId: "PERSON_ALICE",
  requesterEmail: "alice@example.com",
  roomId: "ROOM_ADMINS",
  threadId: "MSG_REQUEST",
  exp: EXP,
  nonce: "nonce-0123456789abcdef",
};

const alice = "PERSON_ALICE";
const mallory = "PERSON_MALLORY";
const room = "ROOM_ADMINS";
const otherRoom = "ROOM_ELSEWHERE";

describe("checkCardClick", () => {
  it.each<[string, { personId: string; roomId: string }, number, CardClickCheck]>([
    [
      "requester, same room, well before expiry",
      { personId: alice, roomId: room },
      EXP - 300_000,
      { ok: true },
    ],
    ["exactly one ms before exp", { personId: alice, roomId: room }, EXP - 1, { ok: true }],
    ["exactly at exp", { personId: alice, roomId: room }, EXP, { ok: false, reason: "expired" }],
    ["after exp", { personId: alice, roomId: room }, EXP + 60_000, { ok: false, reason: "expired" }],
    ["wrong person", { personId: mallory, roomId: room }, EXP - 1, { ok: false, reason: "not-requester" }],
    [
      "wrong person, expired: expiry checked before the person (anyone's press retires it)",
      { personId: mallory, roomId: room },
      EXP + 1,
      { ok: false, reason: "expired" },
    ],
    [
      "wrong person exactly at exp: expired",
      { personId: mallory, roomId: room },
      EXP,
      { ok: false, reason: "expired" },
    ],
    ["wrong room", { personId: alice, roomId: otherRoom }, EXP - 1, { ok: false, reason: "wrong-room" }],
    [
      "wrong room and wrong person: room checked first",
      { personId: mallory, roomId: otherRoom },
      EXP - 1,
      { ok: false, reason: "wrong-room" },
    ],
    [
      "wrong room, expired: room checked first",
      { personId: alice, roomId: otherRoom },
      EXP + 1,
      { ok: false, reason: "wrong-room" },
    ],
    ["empty person id", { personId: "", roomId: room }, EXP - 1, { ok: false, reason: "not-requester" }],
  ])("%s", (_label, click, now, expected) => {
    expect(checkCardClick(payload, click, now)).toEqual(expected);
  });

  it("works on the payload a verified token yields (sign → verify → check on a manual clock)", () => {
    const key = deriveCardSigningKey("webhook-secret-0123456789");
    const verified = verifyCardToken(signCardToken(payload, key), key);
    expect(verified.ok).toBe(true);
    if (!verified.ok) return;
    const clock = { now: EXP - 120_000 };
    expect(checkCardClick(verified.payload, { personId: alice, roomId: room }, clock.now)).toEqual({
      ok: true,
    });
    clock.now += 120_000;
    expect(checkCardClick(verified.payload, { personId: alice, roomId: room }, clock.now)).toEqual({
      ok: false,
      reason: "expired",
    });
  });
});
