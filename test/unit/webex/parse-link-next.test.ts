import { describe, expect, it } from "vitest";
import { parseLinkNext } from "../../../src/webex/parse-link-next.js";

const NEXT = "https://webexapis.com/v1/people?cursor=abc&max=100";

describe("parseLinkNext", () => {
  it.each<[string, string | string[] | undefined, string | undefined]>([
    ["undefined", undefined, undefined],
    ["empty", "", undefined],
    ["next only", `<${NEXT}>; rel="next"`, NEXT],
    ["unquoted rel", `<${NEXT}>; rel=next`, NEXT],
    ["upper-case rel", `<${NEXT}>; rel="NEXT"`, NEXT],
    ["no space before rel", `<${NEXT}>;rel="next"`, NEXT],
    [
      "first and next",
      `<https://webexapis.com/v1/people?cursor=first>; rel="first", <${NEXT}>; rel="next"`,
      NEXT,
    ],
    ["next then prev", `<${NEXT}>; rel="next", <https://webexapis.com/v1/people?cursor=p>; rel="prev"`, NEXT],
    ["prev only", `<https://webexapis.com/v1/people?cursor=p>; rel="prev"`, undefined],
    ["first only", `<https://webexapis.com/v1/people?cursor=f>; rel="first"`, undefined],
    ["array of headers", [`<https://x/first>; rel="first"`, `<${NEXT}>; rel="next"`], NEXT],
    ["empty array", [], undefined],
    ["no angle brackets", `${NEXT}; rel="next"`, undefined],
    ["no rel", `<${NEXT}>`, undefined],
    ["rel=nextpage is not next", `<${NEXT}>; rel="nextpage"`, undefined],
    [
      "comma inside the URL (comma-separated ids filter)",
      `<https://webexapis.com/v1/people?id=a,b&cursor=x>; rel="next"`,
      "https://webexapis.com/v1/people?id=a,b&cursor=x",
    ],
    [
      "comma inside a prev URL before next",
      `<https://webexapis.com/v1/people?id=a,b>; rel="prev", <${NEXT}>; rel="next"`,
      NEXT,
    ],
    ["relative link", `</v1/people?cursor=abc>; rel="next"`, "/v1/people?cursor=abc"],
  ])("%s", (_label, header, expected) => {
    expect(parseLinkNext(header)).toBe(expected);
  });
});
