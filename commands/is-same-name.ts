import { normalizeText } from "./normalize-text.js";

/**
 * Equal as people read them: the same normalizeText the parser applied to what was typed, then
 * case and surrounding space ignored. Webex's names get it too: a name pasted into Control Hub can
 * carry a zero-width space or be in decomposed form, and must still match what the admin typed.
 */
export function isSameName(a: string, b: string): boolean {
  return nameKey(a) === nameKey(b);
}

function nameKey(name: string): string {
  return normalizeText(name).trim().toLowerCase();
}
