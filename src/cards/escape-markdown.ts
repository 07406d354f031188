/**
 * Makes text from outside (a user's words, a name from Webex) inert in Webex markdown and in
 * Adaptive Card TextBlocks: control characters, line breaks and direction overrides go, and every character that could
 * open a link, a mention (`<@personEmail:…>`), emphasis, code, a heading or a list is escaped.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
/** Direction overrides and invisible marks can make a name read backwards ("Trojan Source") on the very card an admin reads before deleting. */
const INVISIBLE = /[\u200b\u200e\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
/** `.`, `@` and quotes stay: harmless without the characters here, and common in names and emails. */
const MARKDOWN = /[\\`*_{}[\]()#+\-!|<>~:]/g;

export function escapeMarkdown(text: string, maxLength = 200): string {
  const flat = text.replace(CONTROL, " ").replace(INVISIBLE, "").trim();
  const cut = flat.length > maxLength ? `${flat.slice(0, maxLength)}…` : flat;
  return cut.replace(MARKDOWN, "\\$&");
}
