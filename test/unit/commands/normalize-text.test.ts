import { describe, expect, it } from "vitest";
import { normalizeText } from "../../../commands/normalize-text.js";

describe("normalizeText", () => {
  it.each<[string, string, string]>([
    ["zero-width space", "H\u200bQ", "HQ"],
    ["zero-width non-joiner and joiner", "H\u200cQ\u200d", "HQ"],
    ["LRM and RLM", "\u200eHQ\u200f", "HQ"],
    ["embeddings and overrides U+202A–U+202E", "\u202aa\u202bb\u202cc\u202dd\u202ee", "abcde"],
    [
      "word joiner, invisible operators and isolates U+2060–U+2069",
      "\u2060a\u2061\u2062\u2063\u2064b\u2066\u2067\u2068\u2069",
      "ab",
    ],
    ["byte order mark", "\ufeffHQ", "HQ"],
    ["decomposed to composed (NFC)", "Zu\u0308rich", "Z\u00fcrich"],
    ["already composed stays", "Z\u00fcrich", "Z\u00fcrich"],
    ["white space and line breaks stay", " a\tb\nc ", " a\tb\nc "],
    ["fullwidth digits stay (not NFKC)", "\uff11\uff12", "\uff11\uff12"],
    ["the ligature ﬁ stays (not NFKC)", "\ufb01", "\ufb01"],
    [
      "a visible character next to the ranges stays (U+2010 hyphen, U+206A)",
      "a\u2010b\u206a",
      "a\u2010b\u206a",
    ],
  ])("%s", (_label, input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  it("is idempotent", () => {
    const once = normalizeText("\ufeffZu\u0308rich \u200bHQ\u202e");
    expect(normalizeText(once)).toBe(once);
  });
});
