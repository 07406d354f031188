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

const target = {
  callParkExtensionId: "CPE_1",
  locationId: "LOC_HQ",
  locationName: "HQ",
  extension: "1234",
  name: "Lobby Park",
};

const payload: CardTokenPayload = {
  action: "callpark.delete.confirm",
  data: target,
  orgId: "ORG_1",
  requesterId: "PERSON_ALICE",
  requesterEmail: "alice@example.com",
  roomId: "ROOM_ADMINS",
  threadId: "MSG_REQUEST",
  exp: 1_700_000_300_000,
  nonce: "nonce-0123456789abcdef",
};

/** Signs an arbitrary middle part the way signCardToken does, so only the content is wrong. */
function signRaw(middle: string, key = KEY, version = "v2"): string {
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
    ["cancel", { ...payload, action: "callpark.delete.cancel" }],
    ["choose without orgId", { ...payload, action: "callpark.delete.choose", orgId: undefined }],
    ["unicode names", { ...payload, data: { ...target, name: "Café ✓ 停车", locationName: "Zürich" } }],
    [
      "data of another shape (a page)",
      { ...payload, action: "callpark.list.page", data: { page: 2, locationId: null } },
    ],
  ])("round trip: %s", (_label, p) => {
    const token = signCardToken(p, KEY);
    expect(token).toMatch(/^v2\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(verifyCardToken(token, KEY)).toEqual({ ok: true, payload: p });
  });

  it("the action is part of what is signed: confirm and cancel tokens differ", () => {
    expect(signCardToken(payload, KEY)).not.toBe(
      signCardToken({ ...payload, action: "callpark.delete.cancel" }, KEY),
    );
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
      `${version}.${encode({ ...payload, data: { ...target, extension: "9999" } })}.${sig}`,
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
      `${version}.${encode({ ...payload, action: "callpark.delete.cancel" })}.${sig}`,
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
    ["unknown version", token.replace(/^v2\./, "v9.")],
    ["unknown version, correctly signed", signRaw(middle, KEY, "v9")],
    ["garbage base64 payload, correctly signed", signRaw("%%%not-base64%%%")],
    ["base64 of non-JSON, correctly signed", signRaw(Buffer.from("not json {").toString("base64url"))],
    ["JSON of the wrong shape, correctly signed", signRaw(encode({ hello: "world" }))],
    ["JSON missing the nonce, correctly signed", signRaw(encode({ ...payload, nonce: undefined }))],
    ["JSON with a short nonce, correctly signed", signRaw(encode({ ...payload, nonce: "short" }))],
    [
      "JSON with an action id that is not dotted lower case, correctly signed",
      signRaw(encode({ ...payload, action: "Delete All" })),
    ],
    ["JSON without data, correctly signed", signRaw(encode({ ...payload, data: undefined }))],
    ["over-long token", `${token}${"A".repeat(4097)}`],
    [
      "over-long but otherwise well-formed",
      signRaw(encode({ ...payload, data: { ...target, name: "x".repeat(4000) } })),
    ],
  ])("malformed: %s", (_label, t) => {
    expect(verifyCardToken(t, KEY)).toEqual({ ok: false, reason: "malformed" });
  });

  it("a token of the earlier format, signed with this key, is recognised as outdated (not as forged)", () => {
    const v1 = signRaw(encode({ act: "confirm", target, nonce: payload.nonce }), KEY, "v1");
    expect(verifyCardToken(v1, KEY)).toEqual({ ok: false, reason: "outdated" });
  });

  it("a token of the earlier format with a bad signature is a bad signature", () => {
    const v1 = signRaw(encode({ act: "confirm", target }), OTHER_KEY, "v1");
    expect(verifyCardToken(v1, KEY)).toEqual({ ok: false, reason: "bad-signature" });
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
