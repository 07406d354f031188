import { escapeMarkdown } from "../src/cards/escape-markdown.js";
import type { ParseResult } from "./command.js";

export const DEFAULT_AUDIT_COUNT = 10;
export const MAX_AUDIT_COUNT = 50;

export interface AuditIntent {
  kind: "audit";
  count: number;
  /** Only outcomes at this location (compared as names are: case and invisible characters aside). */
  locationName?: string;
  /** Only outcomes this person asked for or confirmed. */
  email?: string;
  /** Only outcomes where nothing was deleted because something went wrong. */
  failed?: boolean;
}

const USAGE =
  "`audit`, `audit 20`, `audit at HQ`, `audit by alice@example.com`, `audit failed`, or together: `audit 20 failed at HQ`";

interface Clause {
  pattern: RegExp;
  /** Said at most once ("count", "person", "location"); `failed` may repeat harmlessly. */
  what?: string;
  /** Sets the intent from the match; returns an error sentence when the value is wrong. */
  apply(match: RegExpExecArray, intent: AuditIntent): string | undefined;
}

const CLAUSES: readonly Clause[] = [
  {
    pattern: /^(\d+)(?=\s|$)/,
    what: "count",
    apply: (m, intent) => {
      const count = Number(m[1]);
      if (count < 1 || count > MAX_AUDIT_COUNT)
        return `\`audit\` takes a number from 1 to ${MAX_AUDIT_COUNT}, e.g. \`audit 20\`.`;
      intent.count = count;
      return undefined;
    },
  },
  {
    pattern: /^failed(?=\s|$)/i,
    apply: (_m, intent) => {
      intent.failed = true;
      return undefined;
    },
  },
  {
    pattern: /^by\s+(\S+)/i,
    what: "person",
    apply: (m, intent) => {
      const email = m[1] ?? "";
      if (!/^[^@\s]+@[^@\s]+$/.test(email))
        return `"${escapeMarkdown(email, 60)}" isn't an email address. Try \`audit by alice@example.com\`.`;
      intent.email = email.toLowerCase();
      return undefined;
    },
  },
  {
    // The location runs to the end, or up to a following `by` / `failed` / count; quotes keep those words in a name.
    pattern: /^(?:at|in)\s+(?:"([^"]+)"|'([^']+)'|(.+?))(?=\s+(?:by\s|failed(?:\s|$))|\s+\d+$|$)/i,
    what: "location",
    apply: (m, intent) => {
      const location = (m[1] ?? m[2] ?? m[3] ?? "").trim();
      if (location === "") return `Which location? Try ${USAGE}.`;
      intent.locationName = location;
      return undefined;
    },
  },
];

/**
 * `audit`, then in any order: a count, `failed`, `at <location>` (to the end, or up to `by` /
 * `failed`; quote a name that holds those words), `by <email>`. Trailing punctuation ignored.
 */
export function parseAudit(text: string): ParseResult<AuditIntent> | undefined {
  const trimmed = text.trim().replace(/[\s.!?]+$/, "");
  const head = /^audit(?:\s+|$)/i.exec(trimmed);
  if (!head) return undefined;
  let rest = trimmed.slice(head[0].length);
  const intent: AuditIntent = { kind: "audit", count: DEFAULT_AUDIT_COUNT };
  const seen = new Set<string>();
  while (rest !== "") {
    const clause = CLAUSES.map((c) => ({ c, m: c.pattern.exec(rest) })).find((x) => x.m !== null);
    if (!clause?.m) {
      return {
        ok: false,
        error: `I didn't follow "${escapeMarkdown(rest, 40)}" after \`audit\`. Try ${USAGE}.`,
      };
    }
    if (clause.c.what && seen.has(clause.c.what)) {
      return { ok: false, error: `\`audit\` takes one ${clause.c.what}. Try ${USAGE}.` };
    }
    if (clause.c.what) seen.add(clause.c.what);
    const error = clause.c.apply(clause.m, intent);
    if (error) return { ok: false, error };
    rest = rest.slice(clause.m[0].length).trim();
  }
  return { ok: true, intent };
}
