import { normalizeText } from "./normalize-text.js";

/**
 * The names nearest to `typed`, best first: edit distance on lower-cased text, with a bonus for a
 * shared prefix ("HQ2" is nearer "HQ" than "Denver"). Names too far to be a typo are dropped.
 * Both sides are compared after normalizeText, as resolution compares names; the names returned
 * are Webex's, unchanged.
 */
export function closestNames(typed: string, names: readonly string[], limit: number): string[] {
  const needle = normalizeText(typed).toLowerCase();
  return [...new Set(names)]
    .map((name) => {
      const hay = normalizeText(name).toLowerCase();
      const distance = levenshtein(needle, hay);
      const prefix = commonPrefix(needle, hay);
      return { name, score: distance - Math.min(prefix, 3) * 0.5, distance, prefix };
    })
    .filter((c) => c.distance <= Math.max(2, Math.ceil(Math.max(needle.length, 1) / 2)) || c.prefix >= 2)
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map((c) => c.name);
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
