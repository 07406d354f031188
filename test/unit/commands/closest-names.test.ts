import { describe, expect, it } from "vitest";
import { closestNames } from "../../../commands/closest-names.js";

describe("closestNames", () => {
  it.each<[string, string[], number, string[]]>([
    ["HQ2", ["HQ", "HQ Annex", "Denver"], 3, ["HQ", "HQ Annex"]],
    ["HQ2", ["Denver", "HQ Annex", "HQ"], 3, ["HQ", "HQ Annex"]],
    ["hq", ["HQ", "Denver"], 3, ["HQ"]],
    ["Denvr", ["HQ", "Denver", "Dallas"], 3, ["Denver"]],
    ["Denvr", ["HQ", "Denver", "Dallas"], 1, ["Denver"]],
    ["HQ2", ["HQ", "HQ Annex", "HQ3"], 1, ["HQ"]],
    ["HQ2", ["HQ", "HQ", "HQ"], 3, ["HQ"]],
    ["Zurich", ["HQ", "Denver"], 3, []],
    ["HQ2", [], 3, []],
    ["HQ2", ["HQ", "HQ Annex"], 0, []],
    ["Zu\u0308rch", ["Z\u00fcrich", "Denver"], 3, ["Z\u00fcrich"]],
    ["H\u200bQ2", ["HQ\u200b Annex", "Denver"], 3, ["HQ\u200b Annex"]],
  ])("%j in %j (limit %i) → %j", (typed, names, limit, expected) => {
    expect(closestNames(typed, names, limit)).toEqual(expected);
  });

  it("ranks the nearest first", () => {
    const result = closestNames("Bostn", ["Boston Annex", "Boston", "Austin"], 3);
    expect(result[0]).toBe("Boston");
    expect(result).toContain("Boston Annex");
  });
});
