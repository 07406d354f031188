import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  type CardTokenPayload,
  deriveCardSigningKey,
  signCardToken,
  verifyCardToken,
} from "../../../src/confirm/card-token.js";

const KEY = deriveCardSigningKey("deployment-one-webhook-secret");
const OTHER_KEY = deriveCardSigningKey("deployment-two-webhook-secret");

const payload: CardTokenPayload = {
  act: "confirm",
  target: {
    callParkExtensionId: "CPE_1",
    locationId: "LOC_HQ",
    locationName: "HQ",
    extension: "1234",
    name: "Lobby Park",
  },
  orgId: "ORG_1",
  requesterId: "PERSON_ALICE",
  requesterEmail: "alice@example.com",
  roomId: "ROOM_ADMINS",
  threadId: "MSG_REQUEST",
  exp: 1_700_000_300_000,
  nonce: "nonce-0123456789abcdef",
};

/** Signs an arbitrary middle part the way signCardToken does, so only the content is wrong. */
function signRaw(middle: string, key = KEY, version = "v1"): string {
  const body = `${version}.${middle}`;
  return `${body}.${createHmac("sha256", key).update(body).digest("base64url")}`;
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

function flipChar(text: string, index: number): string {
  const c = text[index];
  return `${text.slice(0, index)}${c === "A" ? "B" : "A"}${text.slice(index + 1)}`;
}

describe("signCardToken / verifyCardToken", () => {
  it.each<[string, CardTokenPayload]>([
    ["confirm", payload],
    ["cancel", { ...payload, act: "cancel" }],
    ["choose without orgId", { ...payload, act: "choose", orgId: undefined }],
    [
      "unicode names",
      { ...payload, target: { ...payload.target, name: "Café ✓ 停车", locationName: "Zürich" } },
    ],
  ])("round trip: %s", (_label, p) => {
    const token = signCardToken(p, KEY);
    expect(token).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(verifyCardToken(token, KEY)).toEqual({ ok: true, payload: p });
  });

  it("the action is part of what is signed: confirm and cancel tokens differ", () => {
    expect(signCardToken(payload, KEY)).not.toBe(signCardToken({ ...payload, act: "cancel" }, KEY));
  });

  const token = signCardToken(payload, KEY);
  const [version, middle, sig] = token.split(".") as [string, string, string];

  it.each<[string, string]>([
    ["a char flipped at the start of the payload part", `${version}.${flipChar(middle, 0)}.${sig}`],
    [
      "a char flipped in the middle of the payload part",
      `${version}.${flipChar(middle, Math.floor(middle.length / 2))}.${sig}`,
    ],
    ["a char flipped in the signature", `${version}.${middle}.${flipChar(sig, 5)}`],
    [
      "re-encoded JSON with another extension, old signature",
      `${version}.${encode({ ...payload, target: { ...payload.target, extension: "9999" } })}.${sig}`,
    ],
    [
      "re-encoded JSON with another requester, old signature",
      `${version}.${encode({ ...payload, requesterId: "PERSON_MALLORY" })}.${sig}`,
    ],
    [
      "re-encoded JSON with a later expiry, old signature",
      `${version}.${encode({ ...payload, exp: payload.exp + 86_400_000 })}.${sig}`,
    ],
    [
      "cancel payload with the confirm signature",
      `${version}.${encode({ ...payload, act: "cancel" })}.${sig}`,
    ],
    ["signed with another deployment's key", signCardToken(payload, OTHER_KEY)],
    ["signature truncated", `${version}.${middle}.${sig.slice(0, -4)}`],
    ["signature not base64url", `${version}.${middle}.!!!!`],
  ])("tampered: %s → bad-signature", (_label, t) => {
    expect(verifyCardToken(t, KEY)).toEqual({ ok: false, reason: "bad-signature" });
  });

  it.each<[string, unknown]>([
    ["undefined", undefined],
    ["null", null],
    ["a number", 42],
    ["an object", { token }],
    ["an array of parts", [version, middle, sig]],
    ["empty string", ""],
    ["one part", "v1"],
    ["two parts", `${version}.${middle}`],
    ["four parts", `${token}.extra`],
    ["empty payload part", `${version}..${sig}`],
    ["empty signature part", `${version}.${middle}.`],
    ["wrong version", token.replace(/^v1\./, "v2.")],
    ["wrong version, correctly signed", signRaw(middle, KEY, "v2")],
    ["garbage base64 payload, correctly signed", signRaw("%%%not-base64%%%")],
    ["base64 of non-JSON, correctly signed", signRaw(Buffer.from("not json {").toString("base64url"))],
    ["JSON of the wrong shape, correctly signed", signRaw(encode({ hello: "world" }))],
    ["JSON missing the nonce, correctly signed", signRaw(encode({ ...payload, nonce: undefined }))],
    ["JSON with a short nonce, correctly signed", signRaw(encode({ ...payload, nonce: "short" }))],
    ["JSON with an unknown act, correctly signed", signRaw(encode({ ...payload, act: "delete-all" }))],
    ["over-long token", `${token}${"A".repeat(4097)}`],
    [
      "over-long but otherwise well-formed",
      signRaw(encode({ ...payload, target: { ...payload.target, name: "x".repeat(4000) } })),
    ],
  ])("malformed: %s", (_label, t) => {
    expect(verifyCardToken(t, KEY)).toEqual({ ok: false, reason: "malformed" });
  });
});

describe("deriveCardSigningKey", () => {
  it("is deterministic: every instance and restart agree", () => {
    const a = deriveCardSigningKey("same-webhook-secret-value");
    const b = deriveCardSigningKey("same-webhook-secret-value");
    expect(a.equals(b)).toBe(true);
  });

  it.each([
    ["secret-a-0123456789", "secret-b-0123456789"],
    ["secret", "Secret"],
    ["secret-0123456789", "secret-0123456789 "],
  ])("differs for %j and %j", (a, b) => {
    expect(deriveCardSigningKey(a).equals(deriveCardSigningKey(b))).toBe(false);
  });

  it("is 32 bytes and not the secret itself", () => {
    const secret = "webhook-secret-0123456789abcdef0123";
    const key = deriveCardSigningKey(secret);
    expect(key.length).toBe(32);
    expect(key.equals(Buffer.from(secret).subarray(0, 32))).toBe(false);
  });
});
