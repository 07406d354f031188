import { describe, expect, it } from "vitest";
import {
  parseShowParkExtension,
  type ShowParkExtensionIntent,
} from "../../../commands/parse-show-park-extension.js";

const byExt = (extension: string, locationName?: string): ShowParkExtensionIntent => ({
  kind: "callpark.show",
  selector: { by: "extension", extension },
  ...(locationName !== undefined ? { locationName } : {}),
});
const byName = (name: string, locationName?: string): ShowParkExtensionIntent => ({
  kind: "callpark.show",
  selector: { by: "name", name },
  ...(locationName !== undefined ? { locationName } : {}),
});

describe("parseShowParkExtension: good input", () => {
  it.each<[string, ShowParkExtensionIntent]>([
    ["show park ext 1234 at HQ", byExt("1234", "HQ")],
    ["show call park extension 1234 in HQ Annex", byExt("1234", "HQ Annex")],
    ["describe park ext 1234 at HQ", byExt("1234", "HQ")],
    ["view park ext 1234", byExt("1234")],
    ["show park ext 1234", byExt("1234")],
    ['show park ext "Lobby Park" at HQ', byName("Lobby Park", "HQ")],
    ["show park ext \u2018Lobby\u2019s Park\u2019 at 'HQ Annex'", byName("Lobby\u2019s Park", "HQ Annex")],
    ["SHOW PARK EXT 1234 AT hq?", byExt("1234", "hq")],
  ])("%j", (text, intent) => {
    expect(parseShowParkExtension(text)).toStrictEqual({ ok: true, intent });
  });
});

describe("parseShowParkExtension: bad input says what to type, with show in the example", () => {
  it.each<[string, RegExp]>([
    ["show park ext Lobby", /To show by name, put the name in quotes: `show park ext "Lobby Park" at HQ`/],
    ["show park ext 1", /isn't an extension number \(2–10 digits\)/],
    ["show park ext 1234 HQ", /Put the location after "at": `show park ext 1234 at HQ`/],
    [
      'show park ext "Lobby Park at HQ',
      /opening quote but no closing one: `show park ext "Lobby Park" at HQ`/,
    ],
    ['show park ext "" at HQ', /name in quotes is empty/],
  ])("%j → %s", (text, error) => {
    const parsed = parseShowParkExtension(text);
    expect(parsed?.ok).toBe(false);
    expect(parsed && !parsed.ok ? parsed.error : "").toMatch(error);
  });

  it("is not a show command without the park noun", () => {
    expect(parseShowParkExtension("show me the rooms")).toBeUndefined();
  });
});
