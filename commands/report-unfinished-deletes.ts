import type { AuditEvent } from "../src/audit/audit-log.js";
import { escapeMarkdown } from "../src/cards/escape-markdown.js";
import type { CallingApi } from "../src/webex/create-calling-api.js";
import { WebexApiError } from "../src/webex/webex-api-error.js";
import type { Services } from "./command.js";
import { UNDO_ACTION_ID } from "./park-snapshot.js";
import type { ParkTarget } from "./park-target.js";

export interface UnfinishedDeletesReport {
  /** Reported now (by this instance): deleted, or still there. */
  reported: number;
  /** Too young to judge (another instance may still be deleting it): look again at this time. */
  recheckAt: number | undefined;
  /** Could not be looked up or reported now (Webex or the trail failed): look again later. */
  failed: number;
}

export interface UnfinishedDeletesOptions {
  /**
   * When this process started (ms): only intents written before it are judged. Later ones are this
   * process's own, and may be in flight right now.
   */
  startedAt: number;
  /**
   * An intent younger than this may belong to a delete still in flight on another instance (ms).
   * 0 when this process is the only writer of its trail (a file of its own).
   */
  minAgeMs: number;
  /** How far back intents are looked for (ms). Default 7 days. */
  horizonMs?: number;
  /** Most intents looked at per run. Default 200. */
  maxIntents?: number;
  /**
   * The telephony API of the org an intent was for (WEBEX_ORG_SPACES: each customer org's calls
   * carry its orgId); default `services.calling`.
   */
  callingFor?: (orgId: string | undefined) => CallingApi;
}

/** How long the claim on reporting one interrupted delete lasts: longer than any horizon. */
const REPORT_CLAIM_MS = 8 * 24 * 60 * 60_000;

/**
 * A process killed between the durable intent and the outcome (SIGKILL, OOM, a crash) leaves a
 * confirmed card nobody reported on. At start: find intents without an outcome, look each
 * extension up by id, and say in the card's thread what became of it, once (under a claim, so of
 * several instances starting together one reports), with an outcome record so the next start does
 * not report it again.
 */
export async function reportUnfinishedDeletes(
  services: Services,
  options: UnfinishedDeletesOptions,
): Promise<UnfinishedDeletesReport> {
  const now = services.clock.now();
  const horizon = now - (options.horizonMs ?? 7 * 24 * 60 * 60_000);
  const { events: intents } = await services.audit.recent("intent", options.maxIntents ?? 200, (e) => {
    const at = Date.parse(e.at ?? "");
    // An Undo's intent is a re-create: looking its old id up would tell of a delete that never was.
    return e.nonce !== undefined && e.action !== UNDO_ACTION_ID && at >= horizon && at < options.startedAt;
  });
  if (intents.length === 0) return { reported: 0, recheckAt: undefined, failed: 0 };
  const nonces = new Set(intents.map((e) => e.nonce));
  // Outcomes come after their intent: one scan back, stopping once each nonce has one (a nonce
  // with two outcomes counts once, so it cannot hide another's).
  const finished = new Set<string | undefined>();
  const { capped } = await services.audit.recent("outcome", nonces.size, (e) => {
    if (!nonces.has(e.nonce) || finished.has(e.nonce)) return false;
    finished.add(e.nonce);
    return true;
  });
  const report: UnfinishedDeletesReport = { reported: 0, recheckAt: undefined, failed: 0 };
  for (const intent of intents) {
    if (finished.has(intent.nonce)) continue;
    // The search stopped at its bound: an outcome may lie beyond it. Judge nothing rather than
    // tell someone a finished delete was interrupted.
    if (capped) {
      services.logger.warn(
        { nonce: intent.nonce },
        "no outcome found within the audit search bound; not reporting",
      );
      continue;
    }
    const at = Date.parse(intent.at ?? "");
    if (now - at < options.minAgeMs) {
      report.recheckAt = Math.min(report.recheckAt ?? Number.POSITIVE_INFINITY, at + options.minAgeMs);
      continue;
    }
    try {
      const calling = options.callingFor?.(intent.orgId) ?? services.calling;
      if (await reportOne(services, calling, intent)) report.reported++;
    } catch (err) {
      services.logger.warn(
        { err, nonce: intent.nonce },
        "could not look up an interrupted delete; will try again",
      );
      report.failed++;
    }
  }
  return report;
}

/** True when this instance reported it; false when another already had. */
async function reportOne(services: Services, calling: CallingApi, intent: AuditEvent): Promise<boolean> {
  const target = intent.target as ParkTarget;
  let gone: boolean;
  try {
    // GET …/callParkExtensions/{id} — admin token; the only way to learn whether the DELETE landed
    await calling.getCallParkExtension(target.locationId, target.callParkExtensionId);
    gone = false;
  } catch (err) {
    if (!(err instanceof WebexApiError && err.status === 404)) throw err;
    gone = true;
  }
  const claim = `report-unfinished:${intent.nonce}`;
  if (!(await services.claims.claim(claim, REPORT_CLAIM_MS))) return false;
  try {
    await reportAndRecord(services, intent, target, gone);
  } catch (err) {
    // Release the claim (a 1 ms lifetime), so the next look, here or elsewhere, tries again.
    await services.claims.set(claim, "released", 1).catch(() => undefined);
    throw err;
  }
  return true;
}

async function reportAndRecord(
  services: Services,
  intent: AuditEvent,
  target: ParkTarget,
  gone: boolean,
): Promise<void> {
  const what = `call park extension **${escapeMarkdown(target.extension ?? "?")}** (${escapeMarkdown(target.name ?? "")}) at **${escapeMarkdown(target.locationName ?? "?")}**`;
  const text = gone
    ? `I was restarted while deleting ${what}; it is deleted.`
    : `I was restarted while deleting ${what}; it still exists, nothing was deleted. Ask again if you still want it deleted.`;
  await Promise.all([
    services.messaging.post({
      roomId: intent.roomId,
      ...(intent.threadId ? { parentId: intent.threadId } : {}),
      markdown: text,
    }),
    services.audit.record({
      kind: "outcome",
      ...(intent.requester ? { requester: intent.requester } : {}),
      ...(intent.confirmer ? { confirmer: intent.confirmer } : {}),
      orgId: intent.orgId,
      roomId: intent.roomId,
      target,
      result: gone ? "deleted (found after a restart)" : "not deleted (interrupted by a restart)",
      reason: "the process stopped between the intent and the outcome",
      ...(intent.nonce ? { nonce: intent.nonce } : {}),
      // A batch item's outcome stays in its batch's `audit` line.
      ...(intent.batch ? { batch: { id: intent.batch.id } } : {}),
    }),
  ]);
}
