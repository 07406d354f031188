import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyWebexSignature } from "../../../src/webex/verify-webex-signature.js";

const SECRET = "webhook-secret-0123456789";

function sign(body: Buffer, secret = SECRET): string {
  return createHmac("sha1", secret).update(body).digest("hex");
}

const body = Buffer.from(
  JSON.stringify({ id: "wh1", resource: "messages", event: "created", data: { id: "m1", roomId: "r1" } }),
);
const signature = sign(body);

function flipByte(buf: Buffer, index: number): Buffer {
  const copy = Buffer.from(buf);
  copy[index] = (copy[index] ?? 0) ^ 0x01;
  return copy;
}

describe("verifyWebexSignature", () => {
  it("the vector is a 40-digit lowercase hex HMAC-SHA1", () => {
    expect(signature).toMatch(/^[0-9a-f]{40}$/);
  });

  it.each<[string, Buffer, string | string[] | undefined, string, boolean]>([
    ["valid", body, signature, SECRET, true],
    ["uppercase hex", body, signature.toUpperCase(), SECRET, true],
    ["empty body, valid signature", Buffer.alloc(0), sign(Buffer.alloc(0)), SECRET, true],
    ["first byte of body changed", flipByte(body, 0), signature, SECRET, false],
    ["middle byte of body changed", flipByte(body, Math.floor(body.length / 2)), signature, SECRET, false],
    ["last byte of body changed", flipByte(body, body.length - 1), signature, SECRET, false],
    ["truncated body", body.subarray(0, body.length - 1), signature, SECRET, false],
    ["body with a trailing newline", Buffer.concat([body, Buffer.from("\n")]), signature, SECRET, false],
    ["signature one digit short", body, signature.slice(0, 39), SECRET, false],
    ["signature one digit long", body, `${signature}0`, SECRET, false],
    ["signature truncated to 20 digits", body, signature.slice(0, 20), SECRET, false],
    [
      "SHA-256 signature (64 digits)",
      body,
      createHmac("sha256", SECRET).update(body).digest("hex"),
      SECRET,
      false,
    ],
    ["signature with a non-hex character", body, `${signature.slice(0, 39)}g`, SECRET, false],
    ["signature with surrounding spaces", body, ` ${signature} `, SECRET, false],
    [
      "one signature digit changed",
      body,
      `${signature.slice(0, 39)}${signature.endsWith("0") ? "1" : "0"}`,
      SECRET,
      false,
    ],
    ["missing header", body, undefined, SECRET, false],
    ["empty header", body, "", SECRET, false],
    ["array header (sent twice)", body, [signature, signature], SECRET, false],
    ["array header with one value", body, [signature], SECRET, false],
    ["wrong secret", body, signature, "another-secret-0123456789", false],
    ["signed with another secret", body, sign(body, "another-secret-0123456789"), SECRET, false],
  ])("%s → %s", (_label, raw, header, secret, expected) => {
    expect(verifyWebexSignature(raw, header, secret)).toBe(expected);
  });

  it.each([
    ["extra spaces", '{ "id" :  "wh1",  "data": { "id": "m1" } }'],
    ["unicode escapes", '{"id":"wh1","data":{"name":"caf\\u00e9 \\u2713"}}'],
    ["escaped slashes", '{"id":"wh1","data":{"url":"https:\\/\\/example.com\\/x"}}'],
    ["a trailing newline", '{"id":"wh1","data":{"id":"m1"}}\n'],
    ["number formats", '{"id":"wh1","n":1.0,"m":1e3}'],
  ])("raw bytes with %s verify, their re-serialization does not", (_label, text) => {
    const raw = Buffer.from(text, "utf8");
    const reserialized = Buffer.from(JSON.stringify(JSON.parse(text)), "utf8");
    expect(reserialized.equals(raw)).toBe(false);
    const header = sign(raw);
    expect(verifyWebexSignature(raw, header, SECRET)).toBe(true);
    expect(verifyWebexSignature(reserialized, header, SECRET)).toBe(false);
  });

  it("hashes bytes, not a decoded string (invalid UTF-8 still verifies)", () => {
    const raw = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
    expect(verifyWebexSignature(raw, sign(raw), SECRET)).toBe(true);
    const roundTripped = Buffer.from(raw.toString("utf8"), "utf8");
    expect(verifyWebexSignature(roundTripped, sign(raw), SECRET)).toBe(false);
  });
});
