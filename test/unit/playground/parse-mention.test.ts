import { describe, expect, it } from "vitest";
import { parseMention } from "../../../src/playground/parse-mention.js";

describe("parseMention", () => {
  it.each([
    ["@Park Bot delete park ext 1 at HQ", "delete park ext 1 at HQ", true],
    ["@park bot, help", "help", true],
    ["  @Park help", "help", true],
    ["@Park Bot", "", true],
    ["@Parking lot help", "@Parking lot help", false],
    ["help @Park Bot", "help @Park Bot", false],
    ["delete park ext 1", "delete park ext 1", false],
  ])("%j → %j (mention %s)", (input, text, mention) => {
    expect(parseMention(input, "Park Bot")).toEqual({ text, mention });
  });
});
