import { describe, expect, it } from "vitest";
import { parseCommand } from "../../../commands/parse-command.js";
import {
  type ListParkExtensionsIntent,
  parseListParkExtensions,
} from "../../../commands/parse-list-park-extensions.js";

const at = (locationName?: string): ListParkExtensionsIntent => ({
  kind: "callpark.list",
  ...(locationName !== undefined ? { locationName } : {}),
});

describe("parseListParkExtensions: good input", () => {
  it.each<[string, ListParkExtensionsIntent]>([
    ["list park ext at HQ", at("HQ")],
    ["list park extensions at HQ", at("HQ")],
    ["list call park extensions in HQ Annex", at("HQ Annex")],
    ["show park ext at HQ", at("HQ")],
    ["show park exts at HQ", at("HQ")],
    ["view park ext at HQ", at("HQ")],
    ['list park ext at "HQ Annex"', at("HQ Annex")],
    ["list park ext at \u201cHQ Annex\u201d.", at("HQ Annex")],
    ["LIST PARK EXT AT hq", at("hq")],
    ["list all park extensions at HQ", at("HQ")],
    ["list park ext @ HQ", at("HQ")],
    ["list park ext", at()],
    ["list park extensions", at()],
    ["show park ext", at()],
    ["list   park   ext   at   HQ   West  ", at("HQ West")],
    ["list park ext at O'Hare", at("O'Hare")],
  ])("%j", (text, intent) => {
    expect(parseListParkExtensions(text)).toStrictEqual({ ok: true, intent });
  });
});

describe("parseListParkExtensions: not a listing", () => {
  it.each([
    "show park ext 1234 at HQ",
    'show park ext "Lobby Park"',
    "delete park ext 1234",
    "list rooms",
    "hello",
  ])("%j is left to another command", (text) => {
    expect(parseListParkExtensions(text)).toBeUndefined();
  });
});

describe("parseListParkExtensions: bad input", () => {
  it.each<[string, RegExp]>([
    ["list park ext 1234", /To see one, `show park ext 1234 at HQ`/],
    ["list park ext HQ", /`list park ext at HQ`/],
    ["list park ext at", /`list park ext at HQ`/],
    ['list park ext at "HQ', /opening quote but no closing one/],
    ['list park ext at ""', /location name is empty/],
    [`list park ext at ${"x".repeat(81)}`, /too long/],
  ])("%j → %s", (text, error) => {
    const parsed = parseListParkExtensions(text);
    expect(parsed?.ok).toBe(false);
    expect(parsed && !parsed.ok ? parsed.error : "").toMatch(error);
  });
});

describe("parseCommand routes listings and single extensions to different commands", () => {
  it.each([
    ["show park ext at HQ", "list park ext"],
    ["list park ext", "list park ext"],
    ["show park ext 1234 at HQ", "show park ext"],
    ["show park ext 1234", "show park ext"],
    ["delete park ext 1234 at HQ", "delete park ext"],
  ])("%j → %s", (text, name) => {
    const parsed = parseCommand(text);
    expect(parsed.ok && parsed.command.name).toBe(name);
  });
});
