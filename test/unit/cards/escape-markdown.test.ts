import { describe, expect, it } from "vitest";
import { escapeMarkdown } from "../../../src/cards/escape-markdown.js";

describe("escapeMarkdown", () => {
  it.each<[string, string, string]>([
    ["plain text is unchanged", "Lobby Park 1234", "Lobby Park 1234"],
    ["dots, @ and quotes stay", 'alice.smith@example.com "HQ"', 'alice.smith@example.com "HQ"'],
    ["link", "[click](http://evil)", "\\[click\\]\\(http\\://evil\\)"],
    ["autolink", "<http://evil>", "\\<http\\://evil\\>"],
    ["email mention", "<@personEmail:x@y.z>", "\\<@personEmail\\:x@y.z\\>"],
    ["person id mention", "<@personId:Y2lz|Bob>", "\\<@personId\\:Y2lz\\|Bob\\>"],
    ["@all", "<@all>", "\\<@all\\>"],
    ["bold", "**x**", "\\*\\*x\\*\\*"],
    ["italic underscore", "_x_", "\\_x\\_"],
    ["strikethrough", "~~x~~", "\\~\\~x\\~\\~"],
    ["inline code", "`x`", "\\`x\\`"],
    ["code fence", "```js", "\\`\\`\\`js"],
    ["heading", "# Title", "\\# Title"],
    ["list markers", "- a + b", "\\- a \\+ b"],
    ["image", "![x](y)", "\\!\\[x\\]\\(y\\)"],
    ["table pipe", "a|b", "a\\|b"],
    ["backslash itself", "a\\b", "a\\\\b"],
    ["braces", "{x}", "\\{x\\}"],
    ["newline becomes a space", "line one\nline two", "line one line two"],
    ["CRLF and tabs collapse to one space", "a\r\n\tb", "a b"],
    ["leading and trailing control characters trimmed", "\n\u0000 HQ \u0007\n", "HQ"],
    ["NUL and bell removed", "a\u0000\u0007b", "a b"],
    ["C1 control characters removed", "a\u0085\u009bb", "a b"],
    ["DEL removed", "a\u007fb", "a b"],
    ["line and paragraph separators removed", "a\u2028b\u2029c", "a b c"],
    ["newline cannot start a heading or list", "x\n# owned\n- item", "x \\# owned \\- item"],
    ["empty", "", ""],
  ])("%s", (_label, input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  it.each<[string, number, string]>([
    ["a".repeat(250), 200, `${"a".repeat(200)}…`],
    ["a".repeat(200), 200, "a".repeat(200)],
    ["abcdefghij", 5, "abcde…"],
    ["abcde", 5, "abcde"],
    ["[x](y) long tail", 3, "\\[x\\]…"],
  ])("cuts %j at %i with …", (input, max, expected) => {
    expect(escapeMarkdown(input, max)).toBe(expected);
  });

  it("never leaves an unescaped special character", () => {
    const nasty = "**x** [click](http://evil) <@all> `code` # h _i_ ~s~ |t| {b} !";
    const out = escapeMarkdown(nasty);
    expect(out).not.toMatch(/(?<!\\)[`*_{}[\]()#+\-!|<>~:]/);
  });
});
