/**
 * Makes text from outside (a user's words, a name from Webex) inert in Webex markdown and in
 * Adaptive Card TextBlocks: control characters and line breaks go, and every character that could
 * open a link, a mention (`<@personEmail:…>`), emphasis, code, a heading or a list is escaped.
 */
export function escapeMarkdown(text: string, maxLength = 200): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ").trim();
  const cut = flat.length > maxLength ? `${flat.slice(0, maxLength)}…` : flat;
  // `.`, `@` and quotes stay: harmless without the characters above, and common in names and emails.
  return cut.replace(/[\\`*_{}[\]()#+\-!|<>~:]/g, "\\$&");
}
