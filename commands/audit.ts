import { escapeMarkdown } from "../src/cards/escape-markdown.js";
import { defineCommand } from "./command.js";

const DEFAULT_COUNT = 10;
const MAX_COUNT = 50;

/** `audit [N]`: the last N deletion outcomes from this instance's audit file. */
export const audit = defineCommand<{ kind: "audit"; count: number }>({
  name: "audit",
  summary: `Show the last deletions (default ${DEFAULT_COUNT}, at most ${MAX_COUNT}).`,
  examples: ["audit", "audit 20"],
  restricted: true,
  parse: (text) => {
    const match = /^\s*audit(?:\s+(\S+))?[\s.!?]*$/i.exec(text);
    if (!match) return undefined;
    if (match[1] === undefined) return { ok: true, intent: { kind: "audit", count: DEFAULT_COUNT } };
    const count = Number(match[1]);
    if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) {
      return { ok: false, error: `\`audit\` takes a number from 1 to ${MAX_COUNT}, e.g. \`audit 20\`.` };
    }
    return { ok: true, intent: { kind: "audit", count } };
  },
  run: async ({ count }, ctx) => {
    const { events: outcomes, capped } = await ctx.services.audit.recent("outcome", count);
    // Said whenever the search stopped early, so "none" or a short list is never taken as the whole story.
    const cappedNote = capped
      ? "\n(I stopped searching the audit file at its size limit; older deletions may not be shown.)"
      : "";
    if (outcomes.length === 0) {
      await ctx.reply(
        capped
          ? `No deletions found in the most recent part of the audit file.${cappedNote}`
          : "No deletions recorded yet.",
      );
      return;
    }
    const lines = outcomes.map((o) => {
      const t = o.target ?? {};
      return `- ${formatWhen(o.at)} — ${escapeMarkdown(t.extension ?? "?")} (${escapeMarkdown(t.name ?? "")}) at ${escapeMarkdown(t.locationName ?? "?")}: **${escapeMarkdown(o.result ?? "?")}**, asked by ${escapeMarkdown(o.requester?.email ?? "?")}, confirmed by ${escapeMarkdown(o.confirmer?.email ?? "?")}`;
    });
    await ctx.reply(
      `Last ${outcomes.length} deletion outcome(s), oldest first:\n${lines.join("\n")}${cappedNote}`,
    );
  },
});

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
