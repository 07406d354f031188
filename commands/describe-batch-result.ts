import { escapeMarkdown } from "../src/cards/escape-markdown.js";
import { WebexApiError } from "../src/webex/webex-api-error.js";
import { WebexNetworkError } from "../src/webex/webex-network-error.js";
import type { ParkTarget } from "./park-target.js";
import { quotedWebexMessage, trackingIdOf, trackingSuffix } from "./webex-answer-words.js";

/** How one item of a bulk delete ended. */
export type BatchItemResult =
  | { kind: "deleted"; trackingId?: string | undefined; lostAnswer?: boolean }
  | { kind: "gone"; trackingId?: string | undefined }
  | { kind: "changed"; now: string }
  /** Its location could not be read before the deletes: not deleted. */
  | { kind: "not-checked"; err: unknown }
  | { kind: "failed"; err: unknown }
  /** Not attempted for a reason of ours (another request holds it, the audit trail failed). */
  | { kind: "skipped"; reason: string }
  /**
   * Not started: the bot was shutting down, or the batch stopped because Webex refused what every
   * item would need (rate limited past the retries, the admin token refused).
   */
  | { kind: "stopped"; why: StopReason };

export type StopReason = "shutdown" | "rate-limited" | "token-refused" | "token-forbidden";

const STOPPED: Record<StopReason, { audit: string; title: string }> = {
  shutdown: {
    audit: "not deleted: the bot was stopping",
    title: "Not started, because I was shutting down (ask again for these):",
  },
  "rate-limited": {
    audit: "not deleted: stopped after Webex kept rate-limiting the batch",
    title:
      "Not started, because Webex kept rate-limiting me (429) and I stopped rather than hammer it; ask again in a few minutes for these:",
  },
  "token-forbidden": {
    audit: "not deleted: stopped after Webex refused the admin token's rights (403)",
    title:
      "Not started, because Webex refused the admin token's rights for this (403: it needs spark-admin:telephony_config_write, and its admin rights at the location); ask again for these once that is fixed:",
  },
  "token-refused": {
    audit: "not deleted: stopped after Webex refused the admin token",
    title:
      "Not started, because Webex refused my admin token (401) — an org admin must renew it; then ask again for these:",
  },
};

/**
 * A failure that every further item would most likely meet too (the rate limit, the token, its
 * rights): the batch stops starting items, which are then reported not started, never deleted.
 */
export function stopReasonOf(result: BatchItemResult): StopReason | undefined {
  if (result.kind !== "failed" || !(result.err instanceof WebexApiError)) return undefined;
  if (result.err.status === 429) return "rate-limited";
  if (result.err.status === 401) return "token-refused";
  if (result.err.status === 403) return "token-forbidden";
  return undefined;
}

export interface BatchCounts {
  deleted: number;
  "already gone": number;
  changed: number;
  failed: number;
  skipped: number;
  "not started": number;
}

/** Lines one section of a summary lists before "and N more": the audit trail has every item. */
const MAX_LINES = 20;

export function countResults(results: Iterable<BatchItemResult>): BatchCounts {
  const counts: BatchCounts = {
    deleted: 0,
    "already gone": 0,
    changed: 0,
    failed: 0,
    skipped: 0,
    "not started": 0,
  };
  for (const r of results) {
    if (r.kind === "deleted") counts.deleted++;
    else if (r.kind === "gone") counts["already gone"]++;
    else if (r.kind === "changed") counts.changed++;
    else if (r.kind === "failed" || r.kind === "not-checked") counts.failed++;
    else if (r.kind === "skipped") counts.skipped++;
    else counts["not started"]++;
  }
  return counts;
}

/** The audit line's result, trackingId and reason for one item (isFailedOutcome reads `result`). */
export function resultOf(r: BatchItemResult): { result: string; trackingId?: string; reason?: string } {
  const tracking = (id: string | undefined) => (id === undefined ? {} : { trackingId: id });
  switch (r.kind) {
    case "deleted":
      return {
        result: r.lostAnswer ? "deleted (first attempt's answer was lost)" : "deleted",
        ...tracking(r.trackingId),
      };
    case "gone":
      return { result: "already gone", ...tracking(r.trackingId) };
    case "changed":
      return { result: "not deleted: changed since the card", reason: `now ${r.now}`.slice(0, 200) };
    case "not-checked":
      return {
        result: `not deleted: read failed${statusOf(r.err)}`,
        ...tracking(trackingIdOf(r.err)),
      };
    case "failed":
      return { result: `failed${statusOf(r.err)}`, ...tracking(trackingIdOf(r.err)) };
    case "skipped":
      return { result: `not deleted: ${r.reason}` };
    case "stopped":
      return { result: STOPPED[r.why].audit };
  }
}

/**
 * The summary of a bulk delete, as markdown: the counts, then every item that was not deleted
 * with why (and Webex's trackingId), so nothing is left unreported.
 */
export function describeBatchResult(
  items: readonly { target: ParkTarget; result: BatchItemResult }[],
  context: { where: string; groupsUnknown: boolean },
): string {
  const counts = countResults(items.map((i) => i.result));
  const parts = [
    `**${counts.deleted} deleted**`,
    counts["already gone"] > 0 ? `${counts["already gone"]} already gone` : "",
    counts.changed > 0 ? `${counts.changed} changed since the card (not deleted)` : "",
    counts.failed > 0 ? `**${counts.failed} failed**` : "",
    counts.skipped + counts["not started"] > 0
      ? `${counts.skipped + counts["not started"]} not attempted`
      : "",
  ].filter(Boolean);
  const noun = items.length === 1 ? "call park extension" : "call park extensions";
  const lines = [`Bulk delete ${context.where}, ${items.length} ${noun}: ${parts.join(", ")}.`];
  const section = (
    title: string,
    kinds: BatchItemResult["kind"][],
    line: (i: (typeof items)[number]) => string,
  ) => {
    const matching = items.filter((i) => kinds.includes(i.result.kind));
    if (matching.length === 0) return;
    lines.push("", title);
    for (const item of matching.slice(0, MAX_LINES)) lines.push(`- ${line(item)}`);
    // Past MAX_LINES, by number only: every item is named here; the audit trail has each one's reason.
    if (matching.length > MAX_LINES)
      lines.push(
        `- …and ${matching.length - MAX_LINES} more: ${matching
          .slice(MAX_LINES)
          .map((i) => escapeMarkdown(i.target.extension))
          .join(", ")}`,
      );
  };
  const what = (t: ParkTarget) => `**${escapeMarkdown(t.extension)}** (${escapeMarkdown(t.name)})`;
  section("Failed — not deleted, or not known to be:", ["failed", "not-checked"], ({ target, result }) => {
    const err = "err" in result ? result.err : undefined;
    return `${what(target)}: ${describeItemError(err, result.kind === "failed")}${trackingSuffix(trackingIdOf(err))}`;
  });
  section("Changed since the card, so not deleted:", ["changed"], ({ target, result }) =>
    result.kind === "changed" ? `${what(target)} is now ${escapeMarkdown(result.now)}` : "",
  );
  section("Not attempted:", ["skipped"], ({ target, result }) =>
    result.kind === "skipped" ? `${what(target)}: ${escapeMarkdown(result.reason)}` : "",
  );
  for (const why of Object.keys(STOPPED) as StopReason[]) {
    const stopped = items.filter((i) => i.result.kind === "stopped" && i.result.why === why);
    if (stopped.length === 0) continue;
    lines.push("", STOPPED[why].title, ...stopped.slice(0, MAX_LINES).map((i) => `- ${what(i.target)}`));
    if (stopped.length > MAX_LINES)
      lines.push(
        `- …and ${stopped.length - MAX_LINES} more: ${stopped
          .slice(MAX_LINES)
          .map((i) => escapeMarkdown(i.target.extension))
          .join(", ")}`,
      );
  }
  section("Already gone (someone deleted them first):", ["gone"], ({ target }) => what(target));
  const lost = items.filter((i) => i.result.kind === "deleted" && i.result.lostAnswer).length;
  if (lost > 0)
    lines.push(
      "",
      `For ${lost} of the deleted ones my first try got no clear answer; the retry found them gone.`,
    );
  if (context.groupsUnknown && counts.deleted > 0)
    lines.push(
      "",
      "I couldn't read every call park group of some locations before deleting (more than 10 at a location, or Webex did not answer), so Undo may not put those extensions back in every group they were in.",
    );
  return lines.join("\n");
}

function describeItemError(err: unknown, mutating: boolean): string {
  if (err instanceof WebexApiError) {
    const said = quotedWebexMessage(err, 120);
    if (mutating && (err.status === 502 || err.status === 504))
      return `Webex had a gateway problem (${err.status}); it may or may not be deleted — ask me again to check`;
    if (err.status === 429) return "Webex kept rate-limiting me and I gave up on it";
    return `Webex answered ${err.status}${said}${mutating ? "" : " when I checked it"}`;
  }
  if (err instanceof WebexNetworkError)
    return mutating
      ? `I couldn't reach Webex (${escapeMarkdown(err.reason)}); it may or may not be deleted — ask me again to check`
      : "I couldn't reach Webex to check it";
  return "something went wrong on my side (logged)";
}

function statusOf(err: unknown): string {
  return err instanceof WebexApiError ? ` (${err.status})` : "";
}
