/**
 * Zero-width characters and bidi controls: U+200B–U+200F (zero-width space, joiners, LRM, RLM),
 * U+202A–U+202E (embeddings and overrides), U+2060–U+2069 (word joiner, invisible operators,
 * isolates) and U+FEFF (BOM). Copy-paste from documents and chat apps leaves them inside words,
 * where they make "HQ" and "H\u200bQ" different names that look the same.
 */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/**
 * One form for text people type and names Webex returns, so the two compare equal when they look
 * equal: Unicode NFC (a precomposed "ü" and "u" + combining diaeresis are the same letter) with the
 * invisible characters above removed. Not NFKC: that would turn fullwidth "１２３４" into the
 * extension 1234 and "ﬁ" into "fi", a change of what the user wrote rather than of its encoding.
 * Pure, idempotent; keeps white space and line breaks as they are.
 */
export function normalizeText(text: string): string {
  return text.normalize("NFC").replace(INVISIBLE, "");
}
