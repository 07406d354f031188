import { describe, expect, it } from "vitest";
import { escapeMarkdown } from "../../../src/cards/escape-markdown.js";
import { renderMarkdown } from "../../../src/playground/client/render-markdown.js";

describe("renderMarkdown (the playground's safe renderer)", () => {
  it.each([
    ["plain", "plain"],
    ["**bold** and *it* and _it_", "<strong>bold</strong> and <em>it</em> and <em>it</em>"],
    ["**1**", "<strong>1</strong>"],
    ["`code *not em*`", "<code>code *not em*</code>"],
    ["HQ\\-West \\*x\\*", "HQ-West *x*"],
    ["**HQ\\-West**", "<strong>HQ-West</strong>"],
    ["\\`not code\\`", "`not code`"],
    ["snake_case_name", "snake_case_name"],
    ["a\nb", "a<br>b"],
    ["- one\n- two", '<span class="md-item">• one</span><br><span class="md-item">• two</span>'],
    ["5 * 3 * 2", "5 * 3 * 2"],
  ])("%j → %j", (input, html) => {
    expect(renderMarkdown(input)).toBe(html);
  });

  it.each([
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    '**<a href="javascript:alert(1)">x</a>**',
    "`<b>`",
    "\\<b\\>",
    '" onmouseover="alert(1)',
    "\uE0000\uE001 <i>",
    "[link](javascript:alert(1))",
  ])("never lets markup through: %j", (input) => {
    const html = renderMarkdown(input);
    const tags = html.match(/<[^>]*>/g) ?? [];
    for (const tag of tags) expect(tag).toMatch(/^<\/?(strong|em|code|br|span class="md-item")>$/);
    expect(html).not.toMatch(/<(img|script|a|b|i)\b/);
  });

  it("reads what the bot's escaping wrote, as the user typed it", () => {
    const names = ["HQ-West", "Lobby (main) #2", "a_b*c`d", "50% [old]", "x\\y"];
    for (const name of names) {
      const html = renderMarkdown(escapeMarkdown(name));
      const text = html
        .replace(/&amp;/g, "&")
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&#39;/g, "'");
      expect(text).toBe(name);
    }
  });
});
