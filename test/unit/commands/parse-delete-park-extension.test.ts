import { describe, expect, it } from "vitest";
import { commandList } from "../../../commands/command-list.js";
import { parseCommand } from "../../../commands/parse-command.js";
import {
  type BulkDeleteIntent,
  type DeleteAllIntent,
  type DeleteParkExtensionIntent,
  parseDeleteParkExtension,
} from "../../../commands/parse-delete-park-extension.js";

const byExt = (extension: string, locationName?: string): DeleteParkExtensionIntent => ({
  kind: "callpark.delete",
  selector: { by: "extension", extension },
  ...(locationName !== undefined ? { locationName } : {}),
});
const byName = (name: string, locationName?: string): DeleteParkExtensionIntent => ({
  kind: "callpark.delete",
  selector: { by: "name", name },
  ...(locationName !== undefined ? { locationName } : {}),
});

describe("parseDeleteParkExtension: good input", () => {
  it.each<[string, DeleteParkExtensionIntent]>([
    ["delete park ext 1234 at HQ", byExt("1234", "HQ")],
    ["delete park extension 1234 at HQ", byExt("1234", "HQ")],
    ["delete park extn 1234 at HQ", byExt("1234", "HQ")],
    ["remove call park extension 1234 from HQ", byExt("1234", "HQ")],
    ["remove call-park extension 1234 from HQ", byExt("1234", "HQ")],
    ["delete park ext 1234 in HQ Annex", byExt("1234", "HQ Annex")],
    ["delete park ext 1234 at New York City West", byExt("1234", "New York City West")],
    ["delete park ext 1234 @ HQ", byExt("1234", "HQ")],
    ['delete park ext "Lobby Park" at "HQ"', byName("Lobby Park", "HQ")],
    ['delete park ext "Lobby Park" at HQ Annex', byName("Lobby Park", "HQ Annex")],
    ['delete park ext "Lobby Park"', byName("Lobby Park")],
    ["delete park ext \u201cLobby Park\u201d at \u201cHQ\u201d", byName("Lobby Park", "HQ")],
    ['delete park ext "  Lobby Park  " at HQ', byName("Lobby Park", "HQ")],
    ["DELETE PARK EXT 1234 AT hq", byExt("1234", "hq")],
    ["Delete Park Ext 1234 At HQ", byExt("1234", "HQ")],
    ["delete park ext 1234 at HQ.", byExt("1234", "HQ")],
    ["delete park ext 1234 at HQ!", byExt("1234", "HQ")],
    ["delete park ext 1234 at HQ?", byExt("1234", "HQ")],
    ["delete park ext 1234 at HQ ?!.", byExt("1234", "HQ")],
    ["  delete   park   ext   1234   at   HQ  ", byExt("1234", "HQ")],
    ["delete\tpark ext\u00a01234 at  HQ   Annex", byExt("1234", "HQ Annex")],
    ["delete park ext 1234", byExt("1234")],
    ["delete park ext 1234.", byExt("1234")],
    ["delete callpark ext 1234 at HQ", byExt("1234", "HQ")],
    ["del park ext. 1234 at HQ", byExt("1234", "HQ")],
    ["delete the park ext 1234 at HQ", byExt("1234", "HQ")],
    ["delete park ext 12 at HQ", byExt("12", "HQ")],
    ["delete park ext 1234567890 at HQ", byExt("1234567890", "HQ")],
    ["delete park extensions 1234 at HQ", byExt("1234", "HQ")],
    ["remove call park extensions 1234 from HQ", byExt("1234", "HQ")],
    ["delete park ext 'Lobby Park' at HQ", byName("Lobby Park", "HQ")],
    ["delete park ext 'Lobby Park' at 'HQ Annex'", byName("Lobby Park", "HQ Annex")],
    ["delete park ext \u2018Lobby Park\u2019 at \u2018HQ Annex\u2019", byName("Lobby Park", "HQ Annex")],
    ["delete park ext 'Lobby\u2019s Park' at HQ", byName("Lobby\u2019s Park", "HQ")],
    ["delete park ext \"O'Hare Park\" at 'O'Hare'", byName("O'Hare Park", "O'Hare")],
    ["delete park ext 1234 at O'Hare", byExt("1234", "O'Hare")],
    ["delete park ext 1234 at 's-Hertogenbosch", byExt("1234", "'s-Hertogenbosch")],
  ])("%j", (text, intent) => {
    expect(parseDeleteParkExtension(text)).toStrictEqual({ ok: true, intent });
  });

  it.each(["delete park ext 1234", 'delete park ext "Lobby Park"', "delete park ext 1234!"])(
    "%j leaves locationName absent (search the whole org)",
    (text) => {
      const result = parseDeleteParkExtension(text);
      expect(result?.ok).toBe(true);
      if (result?.ok) expect(Object.hasOwn(result.intent, "locationName")).toBe(false);
    },
  );
});

describe("parseDeleteParkExtension: bad input", () => {
  it.each<[string, string, RegExp[]]>([
    ["missing extension", "delete park ext", [/which extension/i, /delete park ext 1234 at HQ/]],
    ["missing extension, punctuation only", "delete park ext ?", [/which extension/i]],
    ["non-numeric unquoted target", "delete park ext lobby at HQ", [/lobby/, /extension number/i, /quotes/i]],
    ["unquoted multi-word name", "delete park ext Lobby Park at HQ", [/quotes/i]],
    ["1-digit extension", "delete park ext 1 at HQ", [/2–10 digits/, /extension number/i]],
    ["11-digit extension", "delete park ext 12345678901 at HQ", [/2–10 digits/]],
    ["extension with a letter", "delete park ext 12a4 at HQ", [/2–10 digits/]],
    ["unterminated quote", 'delete park ext "Lobby Park at HQ', [/opening quote/i, /closing/i]],
    ["unterminated single quote", "delete park ext 'Lobby Park at HQ", [/opening quote/i, /closing/i]],
    ["empty single quotes", "delete park ext '' at HQ", [/empty/i, /quotes/i]],
    ["empty quotes", 'delete park ext "" at HQ', [/empty/i, /quotes/i]],
    ["blank quotes", 'delete park ext "   " at HQ', [/empty/i]],
    ["unterminated location quote", 'delete park ext 1234 at "HQ Annex', [/location/i, /closing/i]],
    ["empty location quotes", 'delete park ext 1234 at ""', [/location/i, /empty/i]],
    ["junk after target", "delete park ext 1234 near HQ", [/near HQ/, /after "at"/]],
    ["junk after quoted name", 'delete park ext "Lobby Park" by HQ', [/by HQ/]],
    [
      "near miss: call park without ext",
      "delete call park 1234 at HQ",
      [/extensions/, /delete park ext 1234 at HQ/],
    ],
    ["near miss: park alone", "remove park 1234", [/extensions/]],
    ["name too long", `delete park ext "${"x".repeat(81)}" at HQ`, [/too long/i]],
    ["location too long", `delete park ext 1234 at ${"y".repeat(81)}`, [/location/i, /too long/i]],
  ])("%s: %j", (_label, text, patterns) => {
    const result = parseDeleteParkExtension(text);
    expect(result?.ok).toBe(false);
    const error = result && !result.ok ? result.error : "";
    for (const pattern of patterns) expect(error).toMatch(pattern);
  });

  it.each([
    "",
    "   ",
    "hello",
    "help",
    "delete the user bob",
    "park ext 1234 at HQ",
    "please delete park ext 1234",
  ])("%j is not this command at all (undefined, so the registry tries the next one)", (text) => {
    expect(parseDeleteParkExtension(text)).toBeUndefined();
  });
});

describe("parseDeleteParkExtension: user text echoed in an error is markdown-escaped", () => {
  it.each<[string, string, string[]]>([
    ["link as target", "delete park ext [x](http://evil) at HQ", ["[x](http://evil)", "](", "http://"]],
    ["mention as target", "delete park ext <@all> at HQ", ["<@all>"]],
    ["email mention as target", "delete park ext <@personEmail:a@b.c> at HQ", ["<@personEmail:a@b.c>"]],
    ["emphasis as target", "delete park ext **boom** at HQ", ["**boom**"]],
    ["code as target", "delete park ext `rm` at HQ", ["`rm`"]],
    ["link after target", "delete park ext 1234 [x](http://evil)", ["[x](http://evil)", "]("]],
    ["mention after target", "delete park ext 1234 <@all>", ["<@all>"]],
  ])("%s: %j", (_label, text, forbidden) => {
    const result = parseDeleteParkExtension(text);
    expect(result?.ok).toBe(false);
    const error = result && !result.ok ? result.error : "";
    expect(error.length).toBeGreaterThan(0);
    for (const raw of forbidden) expect(error).not.toContain(raw);
  });

  it("keeps the escaped text so the user still recognises it", () => {
    const result = parseDeleteParkExtension("delete park ext [x](http://evil) at HQ");
    expect(result).toEqual({ ok: false, error: expect.stringContaining("\\[x\\]\\(http") });
  });
});

describe("parseCommand", () => {
  it.each<[string, string, unknown]>([
    ["delete park ext 1234 at HQ", "delete park ext", byExt("1234", "HQ")],
    [
      'remove call park extension "Lobby Park" from HQ Annex',
      "delete park ext",
      byName("Lobby Park", "HQ Annex"),
    ],
    ["delete park ext 1234", "delete park ext", byExt("1234")],
    ["help", "help", { kind: "help" }],
    ["HELP", "help", { kind: "help" }],
    ["  help!  ", "help", { kind: "help" }],
    ["?", "help", { kind: "help" }],
    ["commands", "help", { kind: "help" }],
    ["help delete", "help", { kind: "help" }],
    ["help me delete everything", "help", { kind: "help" }],
    ["Help: audit?", "help", { kind: "help" }],
    ["help\nwith deleting", "help", { kind: "help" }],
  ])("%j → %s", (text, commandName, intent) => {
    const parsed = parseCommand(text);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.command.name).toBe(commandName);
      expect(parsed.intent).toStrictEqual(intent);
    }
  });

  it.each(["", "   ", "\n\t", "\u200b", "hello", "what can you do", "helpful", "park ext 1234", "hi\nhelp"])(
    "%j → a hint that mentions help and an example",
    (text) => {
      const parsed = parseCommand(text);
      expect(parsed.ok).toBe(false);
      const error = parsed.ok ? "" : parsed.error;
      expect(error).toMatch(/`help`/);
      expect(error).toContain("delete park ext 1234 at HQ");
    },
  );

  it.each<[string, RegExp]>([
    ["delete park ext lobby at HQ", /quotes/i],
    ["delete call park 1234 at HQ", /extensions/],
    ["delete park ext", /which extension/i],
  ])("%j → the command's own error, not the generic hint", (text, pattern) => {
    const parsed = parseCommand(text);
    expect(parsed.ok).toBe(false);
    const error = parsed.ok ? "" : parsed.error;
    expect(error).toMatch(pattern);
    expect(error).not.toMatch(/didn't understand/);
  });
});

describe("parseCommand: the text is normalized before any command reads it", () => {
  it.each<[string, string, unknown]>([
    ["zero-width space in the extension", "delete park ext 12\u200b34 at HQ", byExt("1234", "HQ")],
    [
      "zero-width joiner and BOM around the location",
      "\ufeffdelete park ext 1234 at \u200dHQ\u200c",
      byExt("1234", "HQ"),
    ],
    [
      "bidi override inside the location",
      "delete park ext 1234 at \u202eHQ\u202c Annex",
      byExt("1234", "HQ Annex"),
    ],
    ["isolates and word joiner", "delete\u2060 park ext 1234 at \u2066HQ\u2069", byExt("1234", "HQ")],
    ["LRM and RLM", "delete park ext \u200e1234\u200f at HQ", byExt("1234", "HQ")],
    ["decomposed ü composed (NFC)", "delete park ext 1234 at Zu\u0308rich", byExt("1234", "Z\u00fcrich")],
    ["a zero-width space inside the verb", "del\u200bete park ext 1234", byExt("1234")],
    ["newline ends the command", "delete park ext 1234 at HQ\nthanks!", byExt("1234", "HQ")],
    ["CRLF ends the command", "delete park ext 1234 at HQ\r\nthanks!", byExt("1234", "HQ")],
    ["line separator ends the command", "delete park ext 1234 at HQ\u2028thanks", byExt("1234", "HQ")],
    [
      "blank lines before the command are skipped",
      "\n  \n delete park ext 1234 at HQ\n",
      byExt("1234", "HQ"),
    ],
    [
      "a quoted name cannot run across lines",
      "delete park ext 'Lobby Park' at HQ\n' at Denver",
      byName("Lobby Park", "HQ"),
    ],
    ["help on the first line, anything after", "help\ndelete park ext 1234 at HQ", { kind: "help" }],
  ])("%s: %j", (_label, text, intent) => {
    const parsed = parseCommand(text);
    expect(parsed.ok ? parsed.intent : parsed.error).toStrictEqual(intent);
  });

  it("what follows a newline never becomes part of the location", () => {
    const parsed = parseCommand("delete park ext 1234 at HQ\nthanks!");
    expect(parsed.ok && (parsed.intent as DeleteParkExtensionIntent).locationName).toBe("HQ");
  });

  it("fullwidth digits stay what they are (NFC, not NFKC): not an extension", () => {
    expect(parseCommand("delete park ext \uff11\uff12\uff13\uff14 at HQ").ok).toBe(false);
  });
});

describe("every example in every command's examples parses", () => {
  const examples = commandList.flatMap((command) =>
    command.examples.map((example) => [command.name, example] as const),
  );

  it("there are examples to check", () => {
    expect(examples.length).toBeGreaterThanOrEqual(commandList.length);
  });

  it.each(examples)("%s: %j", (name, example) => {
    const parsed = parseCommand(example);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.command.name).toBe(name);
  });
});

const bulk = (extensions: string[], locationName?: string): BulkDeleteIntent => ({
  kind: "callpark.delete.bulk",
  extensions,
  ...(locationName !== undefined ? { locationName } : {}),
});
const all = (locationName: string): DeleteAllIntent => ({ kind: "callpark.delete.all", locationName });
const errorOf = (text: string): string => {
  const result = parseDeleteParkExtension(text);
  expect(result?.ok).toBe(false);
  return result && !result.ok ? result.error : "";
};

describe("parseDeleteParkExtension: one extension or name stays the single form", () => {
  it.each<[string, DeleteParkExtensionIntent]>([
    ["delete park ext 1234 at HQ", byExt("1234", "HQ")],
    ["delete park ext 1234,", byExt("1234")],
    ["delete park ext 1234 at HQ, Annex", byExt("1234", "HQ, Annex")],
    ["delete park ext 1234 at Denver-2", byExt("1234", "Denver-2")],
    ["delete park ext 1234 at 1235, 1236", byExt("1234", "1235, 1236")],
    ['delete park ext "Lobby, Park" at HQ', byName("Lobby, Park", "HQ")],
    ['delete park ext "1240-1249" at HQ', byName("1240-1249", "HQ")],
  ])("%j", (text, intent) => {
    const result = parseDeleteParkExtension(text);
    expect(result).toStrictEqual({ ok: true, intent });
    expect(result?.ok && result.intent.kind).toBe("callpark.delete");
  });
});

describe("parseDeleteParkExtension: a list of extensions", () => {
  it.each<[string, BulkDeleteIntent]>([
    [
      "delete park ext 1234, 1235, 1240-1249 at HQ",
      bulk(["1234", "1235", ...Array.from({ length: 10 }, (_, i) => String(1240 + i))], "HQ"),
    ],
    ["delete park ext 1234,1235 at HQ", bulk(["1234", "1235"], "HQ")],
    ["delete park ext 1234 1235 at HQ", bulk(["1234", "1235"], "HQ")],
    ["delete park ext 1234, 1235 and 1236 at HQ", bulk(["1234", "1235", "1236"], "HQ")],
    ["delete park ext 1234 and 1235", bulk(["1234", "1235"])],
    ["delete park ext 1240-1242", bulk(["1240", "1241", "1242"])],
    ["delete park ext 1240 - 1242 at HQ", bulk(["1240", "1241", "1242"], "HQ")],
    ["delete park ext 1240\u20131242 at HQ", bulk(["1240", "1241", "1242"], "HQ")],
    ["delete park ext 0100-0102 at HQ", bulk(["0100", "0101", "0102"], "HQ")],
    ["delete park ext 998-1001 at HQ", bulk(["998", "999", "1000", "1001"], "HQ")],
    ["delete park ext 1235, 1234, 1235, 1234-1236", bulk(["1235", "1234", "1236"])],
    ["delete park ext 1234-1234 at HQ", bulk(["1234"], "HQ")],
    ["delete park ext 1234, 1235 in HQ Annex", bulk(["1234", "1235"], "HQ Annex")],
    ['delete park ext 1234, 1235 at "HQ Annex"', bulk(["1234", "1235"], "HQ Annex")],
    ["delete park ext 1234, 1235 from HQ", bulk(["1234", "1235"], "HQ")],
    ["delete park ext 1234, 1235 @ HQ", bulk(["1234", "1235"], "HQ")],
    ["delete park ext 1234, 1235 at HQ, Annex", bulk(["1234", "1235"], "HQ, Annex")],
    ["delete park ext 1234, 1235 at Denver-2", bulk(["1234", "1235"], "Denver-2")],
    ["delete park ext 1234, 1235 at Paris in France", bulk(["1234", "1235"], "Paris in France")],
    ["remove call park extensions 1234, 1235 from HQ", bulk(["1234", "1235"], "HQ")],
    ["DELETE PARK EXT 1234, 1235 AT hq", bulk(["1234", "1235"], "hq")],
    ["delete park ext 1234, 1235 at HQ.", bulk(["1234", "1235"], "HQ")],
    ["delete park ext 1234, 1235,", bulk(["1234", "1235"])],
    ["  delete  park ext  1234 ,  1235   at  HQ ", bulk(["1234", "1235"], "HQ")],
  ])("%j", (text, intent) => {
    expect(parseDeleteParkExtension(text)).toStrictEqual({ ok: true, intent });
  });

  it("without a location, locationName is absent (search the whole org)", () => {
    const result = parseDeleteParkExtension("delete park ext 1234, 1235");
    expect(result?.ok && Object.hasOwn(result.intent, "locationName")).toBe(false);
  });

  it("exactly MAX_BULK_EXTENSIONS is accepted", () => {
    const result = parseDeleteParkExtension("delete park ext 1000-1999 at HQ");
    expect(
      result?.ok && result.intent.kind === "callpark.delete.bulk" && result.intent.extensions.length,
    ).toBe(1000);
  });

  it.each<[string, string, RegExp[]]>([
    ["reversed range", "delete park ext 1249-1240 at HQ", [/runs backwards/, /did you mean 1240-1249\?/]],
    ["one over the limit", "delete park ext 1000-1999, 2000 at HQ", [/1,001 different extensions/, /1,000/]],
    ["a huge range", "delete park ext 10-9999999999 at HQ", [/9,999,999,990 extensions/, /1,000/]],
    ["a one-digit range start", "delete park ext 1-9999999999 at HQ", [/"1"/, /2–10 digits/]],
    ["a one-digit item", "delete park ext 1234, 5 at HQ", [/"5"/, /2–10 digits/]],
    ["leading zeros, different lengths", "delete park ext 0100-110 at HQ", [/same number of digits/]],
    ["two commas", "delete park ext 1234,,1235 at HQ", [/empty item after "1234"/]],
    ["comma before the location", "delete park ext 1234, 1235, at HQ", [/ends with a comma after "1235"/]],
    ["a word in the list", "delete park ext 1234, lobby at HQ", [/"lobby"/, /extension numbers/]],
    ["junk after the list", "delete park ext 1234, 1235 near HQ", [/"near"/]],
    ["a quoted name in the list", 'delete park ext 1234, "Lobby Park" at HQ', [/not names in quotes/]],
    [
      "a quoted name first in the list",
      'delete park ext "Lobby Park", 1234 at HQ',
      [/not names in quotes/, /delete park ext "Lobby Park" at HQ/],
    ],
    ["a quoted name and more", 'delete park ext "Lobby Park" and 1234', [/not names in quotes/]],
    [
      "a preposition and no location",
      "delete park ext 1234, 1235 at",
      [/"at"/, /delete park ext 1234, 1235 at HQ/],
    ],
    [
      "empty location quotes",
      'delete park ext 1234, 1235 at ""',
      [/location name is empty/, /1234, 1235 at HQ/],
    ],
    ["location too long", `delete park ext 1234, 1235 at ${"y".repeat(81)}`, [/location/i, /too long/i]],
  ])("%s: %j", (_label, text, patterns) => {
    const error = errorOf(text);
    for (const pattern of patterns) expect(error).toMatch(pattern);
  });

  it.each<[string, string, string[]]>([
    ["link in the list", "delete park ext 1234, [x](http://evil) at HQ", ["[x](http://evil)", "]("]],
    ["mention in the list", "delete park ext 1234, <@all> at HQ", ["<@all>"]],
    ["emphasis in the list", "delete park ext 1234, **boom**", ["**boom**"]],
  ])("%s: the echo is markdown-escaped (%j)", (_label, text, forbidden) => {
    const error = errorOf(text);
    expect(error.length).toBeGreaterThan(0);
    for (const raw of forbidden) expect(error).not.toContain(raw);
  });

  it("a very long bad item is cut short in the error", () => {
    const error = errorOf(`delete park ext 1234, ${"x".repeat(5000)} at HQ`);
    expect(error.length).toBeLessThan(200);
  });
});

describe("parseDeleteParkExtension: every park extension at a location", () => {
  it.each<[string, DeleteAllIntent]>([
    ["delete all park ext at HQ", all("HQ")],
    ['delete all park extensions at "HQ Annex"', all("HQ Annex")],
    ["remove all call park extensions from HQ", all("HQ")],
    ["delete all park ext in HQ Annex", all("HQ Annex")],
    ["delete all park ext @ HQ", all("HQ")],
    ["delete all the park extensions at HQ", all("HQ")],
    ["delete all of the park extensions at HQ", all("HQ")],
    ["DELETE ALL PARK EXT AT hq!", all("hq")],
    ["del all park exts at 'HQ Annex'", all("HQ Annex")],
  ])("%j", (text, intent) => {
    expect(parseDeleteParkExtension(text)).toStrictEqual({ ok: true, intent });
  });

  it.each(["delete all park ext", "delete all park ext at", "remove all call park extensions!"])(
    "%j without a location is refused: never the whole org",
    (text) => {
      expect(errorOf(text)).toBe(
        "Say which location: `delete all park ext at HQ`. I don't delete every park extension in the org at once.",
      );
    },
  );

  it.each<[string, string, RegExp[]]>([
    [
      "extensions after all",
      "delete all park ext 1234 at HQ",
      [/takes a location, not extensions/, /delete all park ext at HQ/, /delete park ext 1234, 1235 at HQ/],
    ],
    ["a list after all", "delete all park ext 1234, 1235", [/takes a location, not extensions/]],
    ["a name after all", 'delete all park ext "Lobby Park" at HQ', [/takes a location, not extensions/]],
    ["location without a preposition", "delete all park ext HQ", [/"HQ"/, /delete all park ext at HQ/]],
    [
      "empty location quotes",
      'delete all park ext at ""',
      [/location name is empty/, /delete all park ext at HQ/],
    ],
    ["location too long", `delete all park ext at ${"y".repeat(81)}`, [/location/i, /too long/i]],
    ["near miss: call park without ext", "delete all call park at HQ", [/extensions/]],
  ])("%s: %j", (_label, text, patterns) => {
    const error = errorOf(text);
    for (const pattern of patterns) expect(error).toMatch(pattern);
  });

  it("an unfollowed location is markdown-escaped", () => {
    const error = errorOf("delete all park ext [x](http://evil)");
    expect(error).not.toContain("[x](http");
    expect(error).toContain("\\[x\\]\\(http");
  });
});

describe("parseCommand: the list and all forms are the delete command", () => {
  it.each<[string, unknown]>([
    ["delete park ext 1234, 1235 at HQ", bulk(["1234", "1235"], "HQ")],
    ["delete park ext 1234, 1235 at HQ\nthanks!", bulk(["1234", "1235"], "HQ")],
    ["delete all park ext at HQ", all("HQ")],
    ["remove all call park extensions from HQ Annex\nplease", all("HQ Annex")],
  ])("%j", (text, intent) => {
    const parsed = parseCommand(text);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.command.name).toBe("delete park ext");
      expect(parsed.intent).toStrictEqual(intent);
    }
  });

  it("delete all without a location is the delete command's own error, not the generic hint", () => {
    const parsed = parseCommand("delete all park ext");
    expect(parsed.ok ? "" : parsed.error).toMatch(/^Say which location/);
  });
});
