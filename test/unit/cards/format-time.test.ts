import { describe, expect, it } from "vitest";
import { formatTime } from "../../../src/cards/format-time.js";

const at = (month: number, day: number, hours: number, minutes: number, year = 2024) =>
  Date.UTC(year, month - 1, day, hours, minutes);

describe("formatTime", () => {
  it.each<[string, number, number | undefined, string]>([
    ["same UTC day: the time only", at(12, 3, 14, 5), at(12, 3, 0, 1), "14:05 UTC"],
    ["tomorrow: with the date", at(12, 3, 14, 5), at(12, 2, 23, 59), "Dec 3, 14:05 UTC"],
    ["yesterday: with the date", at(12, 2, 23, 59), at(12, 3, 0, 4), "Dec 2, 23:59 UTC"],
    ["the same day of another month", at(2, 3, 9, 0), at(1, 3, 9, 0), "Feb 3, 09:00 UTC"],
    ["another year: with the year", at(1, 1, 0, 3), at(12, 31, 23, 58, 2023), "Jan 1, 2024, 00:03 UTC"],
    ["midnight UTC is the start of the day", at(6, 10, 0, 0), at(6, 10, 23, 59), "00:00 UTC"],
    ["without now: the time only (older callers)", at(12, 3, 14, 5), undefined, "14:05 UTC"],
  ])("%s", (_label, ms, now, expected) => {
    expect(formatTime(ms, now)).toBe(expected);
  });
});
