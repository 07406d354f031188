import { describe, expect, it } from "vitest";
import {
  isExtensionList,
  MAX_BULK_EXTENSIONS,
  parseExtensionList,
} from "../../../commands/parse-extension-list.js";

const parse = (text: string, max = MAX_BULK_EXTENSIONS) => parseExtensionList(text, max);
const errorOf = (text: string, max = MAX_BULK_EXTENSIONS): string => {
  const result = parse(text, max);
  expect(result.ok).toBe(false);
  return result.ok ? "" : result.error;
};
/** "1000".."1000+n-1" as strings. */
const numbersFrom = (start: number, n: number): string[] =>
  Array.from({ length: n }, (_, i) => String(start + i));

describe("parseExtensionList: good input", () => {
  it.each<[string, string[]]>([
    ["1234", ["1234"]],
    ["1234,1235", ["1234", "1235"]],
    ["1234, 1235, 1236", ["1234", "1235", "1236"]],
    ["1234 , 1235", ["1234", "1235"]],
    ["1234 1235 1236", ["1234", "1235", "1236"]],
    ["1234 and 1235", ["1234", "1235"]],
    ["1234, 1235 and 1236", ["1234", "1235", "1236"]],
    ["1234, 1235, and 1236", ["1234", "1235", "1236"]],
    ["1234, 1235 AND 1236", ["1234", "1235", "1236"]],
    ["1240-1243", ["1240", "1241", "1242", "1243"]],
    ["1240 - 1243", ["1240", "1241", "1242", "1243"]],
    ["1240 -1243", ["1240", "1241", "1242", "1243"]],
    ["1240\u20131243", ["1240", "1241", "1242", "1243"]],
    ["1240 \u2013 1243", ["1240", "1241", "1242", "1243"]],
    ["1240\u20141243", ["1240", "1241", "1242", "1243"]],
    ["1234-1234", ["1234"]],
    ["1234, 1235, 1240-1242", ["1234", "1235", "1240", "1241", "1242"]],
    ["1240-1241 1234 and 1250\u20131251", ["1240", "1241", "1234", "1250", "1251"]],
    ["  1234,   1235  ", ["1234", "1235"]],
    ["12, 1234567890", ["12", "1234567890"]],
  ])("%j → %j", (text, extensions) => {
    expect(parse(text)).toStrictEqual({ ok: true, intent: extensions });
  });

  it("a range without leading zeros crosses a digit count: 998-1002", () => {
    expect(parse("998-1002")).toStrictEqual({ ok: true, intent: ["998", "999", "1000", "1001", "1002"] });
  });

  it("a range with leading zeros keeps them: 0100-0103", () => {
    expect(parse("0100-0103")).toStrictEqual({ ok: true, intent: ["0100", "0101", "0102", "0103"] });
  });

  it("a single number keeps its leading zeros: 0123", () => {
    expect(parse("0123, 00")).toStrictEqual({ ok: true, intent: ["0123", "00"] });
  });

  it("0100 and 100 are different extensions, so both stay", () => {
    expect(parse("0100, 100, 99-101")).toStrictEqual({ ok: true, intent: ["0100", "100", "99", "101"] });
  });

  it("repeats are dropped, keeping the order each extension was first typed", () => {
    expect(parse("1236, 1234, 1236, 1233-1235, 1234")).toStrictEqual({
      ok: true,
      intent: ["1236", "1234", "1233", "1235"],
    });
  });

  it("a zero-padded range and a plain one overlap where they write the same digits", () => {
    // 0998-1001 writes 1000 and 1001 as the plain range does; 0998 and 0999 are their own.
    expect(parse("1000-1001, 0998-1001")).toStrictEqual({
      ok: true,
      intent: ["1000", "1001", "0998", "0999"],
    });
  });
});

describe("parseExtensionList: the limit", () => {
  it("MAX_BULK_EXTENSIONS is 1000, the upper bound config allows for BULK_MAX", () => {
    expect(MAX_BULK_EXTENSIONS).toBe(1000);
  });

  it("exactly the limit is accepted", () => {
    const result = parse("1000-1999");
    expect(result).toStrictEqual({ ok: true, intent: numbersFrom(1000, 1000) });
  });

  it("the limit plus one is refused, saying how many and the limit", () => {
    expect(errorOf("1000-1999, 2000")).toBe(
      "You named 1,001 different extensions; one request takes at most 1,000 (BULK_MAX may allow fewer). Split it into smaller requests.",
    );
  });

  it("one range above the limit is refused by name", () => {
    expect(errorOf("1000-2000")).toBe(
      "The range 1000-2000 names 1,001 extensions; one request takes at most 1,000 (BULK_MAX may allow fewer). Split it into smaller ranges.",
    );
  });

  it("repeats do not count against the limit", () => {
    const result = parse("1000-1999, 1500-1999, 1000, 1999-1999");
    expect(result.ok && result.intent.length).toBe(1000);
  });

  it("overlapping ranges count each extension once when over the limit", () => {
    expect(errorOf("1000-1600, 1500-2100")).toMatch(/^You named 1,101 different extensions/);
  });

  it("a range of 10^9 extensions is refused from its bounds, not by listing them", () => {
    expect(errorOf("1000000000-1999999999")).toBe(
      "The range 1000000000-1999999999 names 1,000,000,000 extensions; one request takes at most 1,000 (BULK_MAX may allow fewer). Split it into smaller ranges.",
    );
  });

  it("many huge ranges together are refused the same way", () => {
    expect(errorOf("10-9999999999, 10-9999999999")).toMatch(/^The range 10-9999999999 names 9,999,999,990/);
  });

  it("small ranges that add up past the limit are counted, not listed", () => {
    const text = Array.from({ length: 300 }, (_, i) => `${10000 + i * 1000}-${10000 + i * 1000 + 999}`).join(
      ", ",
    );
    expect(errorOf(text)).toBe(
      "You named 300,000 different extensions; one request takes at most 1,000 (BULK_MAX may allow fewer). Split it into smaller requests.",
    );
  });

  it("the limit is the caller's: max 3 refuses four", () => {
    expect(parse("1234-1236", 3).ok).toBe(true);
    expect(errorOf("1234-1237", 3)).toMatch(/one request takes at most 3 \(BULK_MAX/);
  });
});

describe("parseExtensionList: bad input", () => {
  it.each<[string, string, RegExp[]]>([
    ["nothing", "", [/which extensions/i, /1234, 1235, 1240-1249/]],
    ["one digit", "1234, 1", [/"1"/, /2–10 digits/]],
    ["eleven digits", "1234, 12345678901", [/"12345678901"/, /2–10 digits/]],
    ["a word", "1234, lobby, 1235", [/"lobby"/, /extension numbers/, /1240-1249/]],
    ["a letter in a number", "1234, 12a4", [/"12a4"/, /extension number/]],
    ["two commas", "1234,,1235", [/empty item after "1234"/, /two commas/]],
    ["two commas with spaces", "1234, , 1235", [/empty item after "1234"/]],
    ["leading comma", ",1234", [/starts with a comma/]],
    ["trailing comma", "1234, 1235,", [/ends with a comma after "1235"/]],
    ["a quoted name", '1234, "Lobby Park"', [/numbers and ranges only/, /not names in quotes/]],
    ["a single-quoted name", "1234, 'Lobby'", [/not names in quotes/]],
    ["a curly-quoted name", "1234, \u201cLobby\u201d", [/not names in quotes/]],
    ["a dangling dash", "1234, 1240-", [/"1240\\-"/, /range/]],
    ["two dashes", "1240-1245-1250", [/"1240\\-1245\\-1250"/, /range/]],
    [
      "a one-digit range end",
      "1-20",
      [/In the range "1\\-20", "1" isn't an extension number/, /2–10 digits/],
    ],
    ["an eleven-digit range end", "10-12345678901", [/"12345678901"/, /2–10 digits/]],
    ["a lone and", "1234 and", [/"and"/]],
  ])("%s: %j", (_label, text, patterns) => {
    const error = errorOf(text);
    for (const pattern of patterns) expect(error).toMatch(pattern);
  });

  it("a reversed range suggests the right order", () => {
    expect(errorOf("1249-1240")).toBe("The range 1249-1240 runs backwards: did you mean 1240-1249?");
  });

  it("a reversed range with leading zeros suggests them kept", () => {
    expect(errorOf("0110-0100")).toMatch(/did you mean 0100-0110\?/);
  });

  it("a reversed range typed with an en dash and spaces is still caught", () => {
    expect(errorOf("1249 \u2013 1240")).toMatch(/did you mean 1240-1249\?/);
  });

  it.each(["0100-110", "100-0110", "010-0110"])(
    "%j: with a leading zero both ends need the same number of digits",
    (text) => {
      expect(errorOf(text)).toMatch(/different lengths.*same number of digits/);
    },
  );

  it("the first bad item is the one named", () => {
    expect(errorOf("1234, lobby, 1, 1249-1240")).toMatch(/^"lobby"/);
  });

  it("echoes of bad items are markdown-escaped", () => {
    const error = errorOf("1234, [x](http://evil)");
    expect(error).not.toContain("[x](http");
    expect(error).toContain("\\[x\\]\\(http");
  });

  it("echoes of bad items are cut short, however long the item", () => {
    const error = errorOf(`1234, ${"x".repeat(5000)}`);
    expect(error).toContain(`"${"x".repeat(40)}…"`);
    expect(error.length).toBeLessThan(200);
  });

  it("a range end of thousands of digits is cut short too", () => {
    const error = errorOf(`10-${"9".repeat(5000)}`);
    expect(error.length).toBeLessThan(250);
    expect(error).toMatch(/2–10 digits/);
  });
});

describe("isExtensionList", () => {
  it.each([
    "1234, 1235",
    "1234,1235",
    "1234 1235",
    "1234 and 1235",
    "1240-1249",
    "1240 \u2013 1249",
    "1-20",
    "1234,",
  ])("%j is written as a list", (text) => {
    expect(isExtensionList(text)).toBe(true);
  });

  it.each([
    "1234",
    "",
    '"Lobby, Park"',
    "lobby, park",
    "Lobby Park",
    "1234 near HQ",
    "lobby-park",
    ",1234",
    "12a4",
  ])("%j is not a list (left to the one-extension form)", (text) => {
    expect(isExtensionList(text)).toBe(false);
  });
});
