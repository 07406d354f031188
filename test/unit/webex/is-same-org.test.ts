import { describe, expect, it } from "vitest";
import { isSameOrg } from "../../../src/webex/is-same-org.js";

const uuid = "96abc2aa-3dcc-11e5-a152-fe34819cdc9a";
const base64 = Buffer.from(`ciscospark://us/ORGANIZATION/${uuid}`).toString("base64url");
const padded = Buffer.from(`ciscospark://us/ORGANIZATION/${uuid}`).toString("base64");

describe("isSameOrg", () => {
  it.each([
    [base64, base64, true],
    [base64, uuid, true],
    [uuid.toUpperCase(), base64, true],
    [padded, uuid, true],
    [base64, "11111111-2222-3333-4444-555555555555", false],
    [base64, Buffer.from(`ciscospark://us/PEOPLE/${uuid}`).toString("base64url"), false],
    [base64, undefined, false],
    [undefined, undefined, false],
  ])("%s and %s → %s", (a, b, same) => {
    expect(isSameOrg(a, b)).toBe(same);
  });
});
