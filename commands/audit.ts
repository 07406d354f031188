import type { AuditEvent } from "../src/audit/audit-log.js";
import { escapeMarkdown } from "../src/cards/escape-markdown.js";
import { isSameOrg } from "../src/webex/is-same-org.js";
import { defineCommand, type Services } from "./command.js";
import { isSameName } from "./is-same-name.js";
import { UNDO_ACTION_ID } from "./park-snapshot.js";
import { type AuditIntent, DEFAULT_AUDIT_COUNT, MAX_AUDIT_COUNT, parseAudit } from "./parse-audit.js";

/**
 * `audit [N] [failed] [at <location>] [by <email>]`: the last deletion outcomes, newest first, from
 * the shared audit stream (Redis) when there is one, else this instance's audit file.
 */
export const audit = defineCommand<AuditIntent>({
  name: "audit",
  summary: `Show the last deletions, newest first (default ${DEFAULT_AUDIT_COUNT}, at most ${MAX_AUDIT_COUNT}); narrow them to a location, a person, or the failed ones.`,
  examples: ["audit", "audit 20", "audit at HQ", "audit by alice@example.com", "audit failed"],
  restricted: true,
  parse: parseAudit,
  run: async (intent, ctx) => {
    const asked = matches(intent);
    const inOrg = inThisOrg(ctx.services);
    // A batch is one line, counted once toward N: the first of its records the filters accept
    // stands for it (a failed item, or its summary), and every record of it seen adds to its counts.
    const batches = new Map<string, BatchTally>();
    const shown = new Set<string>();
    const { events, capped } = await ctx.services.audit.recent("outcome", intent.count, (e) => {
      if (!inOrg(e)) return false;
      const id = e.batch?.id;
      if (id === undefined) return asked === undefined || asked(e);
      // Counts, not records: a search may scan a stream of many batches.
      const tally = batches.get(id) ?? { items: 0, counts: {} };
      if (e.batch?.counts) tally.summary = e;
      else {
        tally.items++;
        tally.counts[e.result ?? "?"] = (tally.counts[e.result ?? "?"] ?? 0) + 1;
      }
      batches.set(id, tally);
      if (shown.has(id) || (asked !== undefined && !asked(e))) return false;
      shown.add(id);
      return true;
    });
    const outcomes = [...events].reverse();
    const filters = describeFilters(intent);
    // Said whenever the search stopped early, so "none" or a short list is never taken as the whole story.
    const cappedNote = capped
      ? "\n(I stopped searching the audit trail at its size limit; older deletions may not be shown.)"
      : "";
    if (outcomes.length === 0) {
      const what = filters ? `No deletions ${filters}` : "No deletions";
      await ctx.reply(
        capped
          ? `${what} found in the most recent part of the audit trail.${cappedNote}`
          : filters
            ? `${what} found.`
            : "No deletions recorded yet.",
      );
      return;
    }
    const lines = outcomes.map((o) => {
      const batch = o.batch && batches.get(o.batch.id);
      if (batch) return describeBatchLine(o, batch);
      const t = o.target ?? {};
      return `- ${formatWhen(o.at)} — ${escapeMarkdown(t.extension ?? "?")} (${escapeMarkdown(t.name ?? "")}) at ${escapeMarkdown(t.locationName ?? "?")}: **${escapeMarkdown(o.result ?? "?")}**, asked by ${escapeMarkdown(o.requester?.email ?? "?")}, confirmed by ${escapeMarkdown(o.confirmer?.email ?? "?")}`;
    });
    await ctx.reply(
      `Last ${outcomes.length} deletion outcome(s)${filters ? ` ${filters}` : ""}, newest first:\n${lines.join("\n")}${cappedNote}`,
    );
  },
});

/**
 * Only the outcomes of the org this space acts on: with WEBEX_ORG_SPACES one trail holds several
 * customers' deletions, and one customer's admins must not read another's. Lines written before
 * records carried the acting org (no `orgId`) were the default org's.
 */
function inThisOrg(services: Services): (event: AuditEvent) => boolean {
  return (e) => (e.orgId === undefined ? !services.boundToSpace : isSameOrg(e.orgId, services.actingOrgId));
}

/** An outcome where nothing was deleted (or restored) because something went wrong (not "already gone"). */
export function isFailedOutcome(result: string | undefined): boolean {
  return result !== undefined && /^(failed|not deleted|not restored)/.test(result);
}

/** Counts that mean something was not done, in a batch summary. */
const NOT_DONE = ["failed", "changed", "skipped", "not started", "not restored"];

/**
 * One line for a batch: `2026-12-03 08:15 UTC — bulk delete of 30 at HQ: **28 deleted, 2 failed**,
 * asked by …`. From its summary record; for a batch cut short (a crash), from the records found.
 */
/** What `audit` keeps of one batch while it searches: its summary line, and its items' results counted. */
interface BatchTally {
  summary?: AuditEvent;
  items: number;
  counts: Record<string, number>;
}

function describeBatchLine(shownBy: AuditEvent, tally: BatchTally): string {
  const { summary } = tally;
  const counts = summary?.batch?.counts ?? tally.counts;
  const what = shownBy.action === UNDO_ACTION_ID ? "Undo" : "bulk delete";
  const total = summary?.batch?.items ?? tally.items;
  const where = summary?.batch?.where ?? shownBy.target?.locationName ?? "?";
  const text = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`)
    .join(", ");
  const cut = summary ? "" : " (interrupted: these are the records found)";
  return `- ${formatWhen(shownBy.at)} — ${what} of ${total} at ${escapeMarkdown(where)}: **${escapeMarkdown(text)}**${cut}, asked by ${escapeMarkdown(shownBy.requester?.email ?? "?")}, confirmed by ${escapeMarkdown(shownBy.confirmer?.email ?? "?")}`;
}

function matches(intent: AuditIntent): ((event: AuditEvent) => boolean) | undefined {
  const { locationName, email, failed } = intent;
  if (locationName === undefined && email === undefined && !failed) return undefined;
  return (e) =>
    (locationName === undefined || isSameName(e.target?.locationName ?? "", locationName)) &&
    (email === undefined ||
      e.requester?.email.toLowerCase() === email ||
      e.confirmer?.email.toLowerCase() === email) &&
    (!failed || isFailedOutcome(e.result) || NOT_DONE.some((k) => (e.batch?.counts?.[k] ?? 0) > 0));
}

function describeFilters(intent: AuditIntent): string {
  return [
    intent.failed ? "that failed" : "",
    intent.locationName ? `at **${escapeMarkdown(intent.locationName)}**` : "",
    intent.email ? `by ${escapeMarkdown(intent.email)}` : "",
  ]
    .filter(Boolean)
    .join(" ");
}

/**
 * `2026-12-02 14:05 UTC`: to the minute, in UTC, as the cards show times (the bot knows no one's
 * zone). Built from digits only, so it needs no escaping; a value that is not a time (a hand-edited
 * file) is shown escaped, as everything else read from the file is.
 */
function formatWhen(at: string | undefined): string {
  const ms = at === undefined ? Number.NaN : Date.parse(at);
  if (Number.isNaN(ms)) return escapeMarkdown(at ?? "?");
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
