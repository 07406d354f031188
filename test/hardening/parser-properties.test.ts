import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCommand } from "../../commands/parse-command.js";
import {
  type DeleteParkExtensionIntent,
  parseDeleteParkExtension,
} from "../../commands/parse-delete-park-extension.js";
import { MAX_BULK_EXTENSIONS } from "../../commands/parse-extension-list.js";

// Properties of the chat parser over generated input. Unit tables
// (test/unit/commands) pin known phrasings; these look for the input nobody thought of.

/** Control characters, separators, quotes, markup, digits and letters, in runs. */
const nasty = fc.constantFrom(
  "\u0000",
  "\u0007",
  "\u001b[31m",
  "\r\n",
  "\t",
  "\u00a0",
  "\u2028",
  "\u202e",
  "\u200b",
  "\ufeff",
  '"',
  "\u201c",
  "\u201d",
  "«",
  "`",
  "*",
  "_",
  "[x](http://evil)",
  "<@all>",
  "\\",
  ".",
  "!?",
  " at ",
  " @ ",
  "delete ",
  "park ext ",
  "call park ",
  "audit ",
  "help",
  "1234",
  "0",
  "😀",
  "\ud800",
);
const anyText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.string({ unit: "grapheme", maxLength: 200 }),
  fc.array(fc.oneof(nasty, fc.string({ maxLength: 8 })), { maxLength: 40 }).map((parts) => parts.join("")),
  fc
    .array(fc.oneof(nasty, fc.string({ maxLength: 8 })), { maxLength: 40 })
    .map((parts) => `delete park ext ${parts.join("")}`),
  // Nearly valid: a real extension or quoted name, then a location full of noise.
  fc
    .tuple(
      fc.oneof(
        fc.stringMatching(/^\d{2,10}$/),
        fc.string({ maxLength: 12 }).map((n) => `"${n}"`),
      ),
      fc.array(fc.oneof(nasty, fc.string({ maxLength: 8 })), { minLength: 1, maxLength: 20 }),
    )
    .map(([target, parts]) => `delete park ext ${target} at ${parts.join("")}`),
);
const longText = fc.oneof(
  fc.string({ unit: "binary", minLength: 9_000, maxLength: 10_000 }),
  fc
    .tuple(
      fc.constantFrom("delete park ext 1234 at ", "delete park ext ", 'delete park ext "', ""),
      nasty,
      fc.nat(9_999),
    )
    .map(
      ([head, unit, n]) =>
        `${head}${unit.repeat(Math.ceil((10_000 - head.length) / unit.length)).slice(0, n)}`,
    ),
);

const EXTENSION = /^\d{2,10}$/;
const SURROUNDING_SPACE = /^\s|\s$/;

/** What every successful parse must look like, whatever the input. */
function expectWellFormed(intent: DeleteParkExtensionIntent): void {
  expect(["callpark.delete", "callpark.delete.bulk", "callpark.delete.all"]).toContain(intent.kind);
  if (intent.kind === "callpark.delete.bulk") {
    expect(intent.extensions.length).toBeGreaterThan(0);
    expect(intent.extensions.length).toBeLessThanOrEqual(MAX_BULK_EXTENSIONS);
    expect(new Set(intent.extensions).size).toBe(intent.extensions.length);
    for (const extension of intent.extensions) expect(extension).toMatch(EXTENSION);
  } else if (intent.kind === "callpark.delete.all") {
    expect(Object.hasOwn(intent, "locationName")).toBe(true);
  } else if (intent.selector.by === "extension") expect(intent.selector.extension).toMatch(EXTENSION);
  else {
    expect(intent.selector.name.length).toBeGreaterThan(0);
    expect(intent.selector.name.length).toBeLessThanOrEqual(80);
    expect(intent.selector.name).not.toMatch(SURROUNDING_SPACE);
  }
  if ("locationName" in intent) {
    const location = intent.locationName ?? "";
    expect(location.length).toBeGreaterThan(0);
    expect(location.length).toBeLessThanOrEqual(80);
    expect(location).not.toMatch(SURROUNDING_SPACE);
  }
}

/** An error is one short sentence whose echo of the input is inert markdown. */
function expectGoodError(error: string): void {
  expect(error.length).toBeGreaterThan(0);
  expect(error.length).toBeLessThan(400);
  const live = error.replace(/\\[\s\S]/g, "");
  expect(live).not.toMatch(/[<>[\]]/);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point
  expect(error).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
}

/** How many generated inputs parsed, so a property cannot pass by never reaching its `ok` branch. */
const seen = { ok: 0, error: 0 };

function check(text: string): void {
  const parsed = parseCommand(text);
  seen[parsed.ok ? "ok" : "error"]++;
  if (parsed.ok) {
    const intent = parsed.intent as { kind: string; count?: number };
    if (intent.kind.startsWith("callpark.delete"))
      expectWellFormed(parsed.intent as DeleteParkExtensionIntent);
    else if (intent.kind === "audit")
      expect(intent.count).toSatisfy((n: number) => Number.isInteger(n) && n >= 1 && n <= 50);
    else expect(intent.kind).toBe("help");
  } else {
    expectGoodError(parsed.error);
  }
  const direct = parseDeleteParkExtension(text);
  if (direct?.ok) expectWellFormed(direct.intent);
  else if (direct) expectGoodError(direct.error);
}

describe("parser properties", () => {
  it("never throws on arbitrary text (unicode, control characters, markup); results are well formed", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        check(text);
      }),
      { numRuns: 3_000 },
    );
    expect(seen.ok).toBeGreaterThan(10);
    expect(seen.error).toBeGreaterThan(10);
  });

  it("never throws on text of up to 10 000 characters; results are well formed", () => {
    fc.assert(
      fc.property(longText, (text) => {
        check(text);
      }),
      { numRuns: 150 },
    );
  });

  // Generated valid commands: verb and noun variants, any case, any white space between words,
  // optional article, preposition, trailing punctuation; the location from words of letters.
  const cased = (word: string) =>
    fc
      .array(fc.boolean(), { minLength: word.length, maxLength: word.length })
      .map((upper) => [...word].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join(""));
  // Not a line break: a command ends at the end of its line (see the property below).
  const space = fc.constantFrom(" ", "  ", "\t", "\u00a0", "\u3000");
  // Invisible characters copy-paste leaves in words; they are removed before parsing.
  const invisible = fc.constantFrom("", "", "\u200b", "\u200e", "\u2060", "\ufeff", "\u202c");
  const verb = fc.constantFrom("delete", "remove", "del").chain(cased);
  const noun = fc
    .constantFrom(
      "park ext",
      "park extension",
      "park extn",
      "park ext.",
      "call park ext",
      "call park extension",
      "park extensions",
      "call-park extension",
      "callpark ext",
    )
    .chain(cased);
  const article = fc.constantFrom("", "the ", "a ");
  const extension = fc.stringMatching(/^\d{2,10}$/);
  const word = fc.oneof(
    fc.stringMatching(/^[A-Za-z][A-Za-z0-9'&-]{0,11}$/),
    fc.constantFrom("Zürich", "São", "東京", "Köln", "HQ", "at", "in", "2", "St.Louis", "O'Hare"),
  );
  const location = fc.array(word, { minLength: 1, maxLength: 4 });
  const preposition = fc.constantFrom("at", "in", "from", "@", "AT", "From");
  const trailing = fc.constantFrom("", ".", "!", "?", " ?!.", ",", ";", ":");

  it("a generated valid command parses to exactly its extension and location", () => {
    fc.assert(
      fc.property(
        fc.record({
          verb,
          noun,
          article,
          extension,
          location,
          preposition,
          trailing,
          s: fc.array(space, { minLength: 6, maxLength: 6 }),
          zw: fc.array(invisible, { minLength: 3, maxLength: 3 }),
        }),
        (g) => {
          const [s0, s1, s2, s3, s4, s5] = g.s;
          const [z0, z1, z2] = g.zw;
          const ext = `${g.extension.slice(0, 1)}${z0}${g.extension.slice(1)}`;
          const text = `${z1}${s0}${g.verb}${s1}${g.article}${g.noun}${s2}${ext}${s3}${g.preposition}${s4}${g.location.join(`${z2}${s5 ?? " "}`)}${g.trailing}`;
          const parsed = parseCommand(text);
          expect(parsed.ok, text).toBe(true);
          if (!parsed.ok) return;
          expect(parsed.command.name).toBe("delete park ext");
          expect(parsed.intent).toStrictEqual({
            kind: "callpark.delete",
            selector: { by: "extension", extension: g.extension },
            locationName: g.location.join(" "),
          });
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it("a line break ends the command: whatever follows it is ignored", () => {
    const lineBreak = fc.constantFrom("\n", "\r\n", "\r", " \n ", "\u2028", "\n\n");
    fc.assert(
      fc.property(fc.record({ verb, noun, extension, location, lineBreak, after: anyText }), (g) => {
        const text = `${g.verb} ${g.noun} ${g.extension} at ${g.location.join(" ")}${g.lineBreak}${g.after}`;
        const parsed = parseCommand(text);
        expect(parsed.ok, text).toBe(true);
        if (parsed.ok) {
          expect(parsed.intent).toStrictEqual({
            kind: "callpark.delete",
            selector: { by: "extension", extension: g.extension },
            locationName: g.location.join(" "),
          });
        }
      }),
      { numRuns: 1_000 },
    );
  });

  it("a generated valid command without a location searches the whole org", () => {
    fc.assert(
      fc.property(fc.record({ verb, noun, article, extension, trailing }), (g) => {
        const text = `${g.verb} ${g.article}${g.noun} ${g.extension}${g.trailing}`;
        const parsed = parseCommand(text);
        expect(parsed.ok, text).toBe(true);
        if (parsed.ok) {
          expect(parsed.intent).toStrictEqual({
            kind: "callpark.delete",
            selector: { by: "extension", extension: g.extension },
          });
        }
      }),
      { numRuns: 500 },
    );
  });

  it("a generated quoted name (double or single, straight or curly quotes) with a quoted or bare location parses to exactly those", () => {
    const quotes = fc.constantFrom<[string, string]>(
      ['"', '"'],
      ["\u201c", "\u201d"],
      ["«", "»"],
      ["'", "'"],
      ["\u2018", "\u2019"],
    );
    // Inside single quotes an apostrophe is part of a name ("O'Hare") unless white space or the
    // end follows it; a word ending in one would close the quote, so none is generated.
    const quotable = fc.array(
      word.filter((w) => !/['\u2019]$/.test(w)),
      { minLength: 1, maxLength: 4 },
    );
    fc.assert(
      fc.property(
        fc.record({
          verb,
          noun,
          name: quotable,
          location: quotable,
          quotes,
          locationQuotes: quotes,
          quoteLocation: fc.boolean(),
          preposition,
        }),
        (g) => {
          const [open, close] = g.quotes;
          const [openAt, closeAt] = g.locationQuotes;
          const name = g.name.join(" ");
          const place = g.location.join(" ");
          const text = `${g.verb} ${g.noun} ${open}${name}${close} ${g.preposition} ${g.quoteLocation ? `${openAt}${place}${closeAt}` : place}`;
          const parsed = parseCommand(text);
          expect(parsed.ok, text).toBe(true);
          if (parsed.ok) {
            expect(parsed.intent).toStrictEqual({
              kind: "callpark.delete",
              selector: { by: "name", name },
              locationName: place,
            });
          }
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it("an extension that is not 2–10 digits is never accepted as one", () => {
    const bad = fc.oneof(
      fc.stringMatching(/^\d{11,20}$/),
      fc.stringMatching(/^\d$/),
      // No dash between digits: `12-34` is a range of extensions (the bulk form), checked below.
      fc.stringMatching(/^\d{1,5}[A-Za-z+#*x]\d{0,4}$/),
      fc.constantFrom("١٢٣٤", "１２３４", "12.34", "-1234", "+1234", "0x12", "1234-", "12-34-56"),
    );
    fc.assert(
      fc.property(bad, fc.boolean(), (ext, withLocation) => {
        const parsed = parseCommand(`delete park ext ${ext}${withLocation ? " at HQ" : ""}`);
        expect(parsed.ok).toBe(false);
      }),
      { numRuns: 1_000 },
    );
  });

  it("a range is accepted only as extensions of 2–10 digits, at most MAX_BULK_EXTENSIONS of them", () => {
    const dash = fc.constantFrom("-", " - ", "\u2013");
    const anyEnds = fc
      .tuple(fc.stringMatching(/^\d{1,12}$/), dash, fc.stringMatching(/^\d{1,12}$/))
      .map((parts) => parts.join(""));
    // Near the limit, so some are accepted and some are too long.
    const nearLimit = fc
      .tuple(fc.integer({ min: 10, max: 9_999_990_000 }), dash, fc.nat(MAX_BULK_EXTENSIONS + 200))
      .map(([low, between, more]) => `${low}${between}${low + more}`);
    const outcomes = { ok: 0, error: 0 };
    fc.assert(
      fc.property(fc.oneof(anyEnds, nearLimit), fc.boolean(), (text, withLocation) => {
        const parsed = parseCommand(`delete park ext ${text}${withLocation ? " at HQ" : ""}`);
        outcomes[parsed.ok ? "ok" : "error"]++;
        if (!parsed.ok) return expectGoodError(parsed.error);
        const intent = parsed.intent as DeleteParkExtensionIntent;
        expect(intent.kind).toBe("callpark.delete.bulk");
        expectWellFormed(intent);
      }),
      { numRuns: 1_000 },
    );
    expect(outcomes.ok).toBeGreaterThan(10);
    expect(outcomes.error).toBeGreaterThan(10);
  });
});
