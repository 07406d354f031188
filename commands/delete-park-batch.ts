import type { AuditEvent } from "../src/audit/audit-log.js";
import { WebexApiError } from "../src/webex/webex-api-error.js";
import { atWhere, type BulkDeleteData } from "./bulk-delete-data.js";
import type { CardActionContext } from "./card-action.js";
import { createProgressMessage } from "./create-progress-message.js";
import {
  type BatchItemResult,
  countResults,
  describeBatchResult,
  resultOf,
  type StopReason,
  stopReasonOf,
} from "./describe-batch-result.js";
import { mapBounded } from "./map-bounded.js";
import type { ParkSnapshot } from "./park-snapshot.js";
import { inOrg, type ParkTarget, resultOrgName } from "./park-target.js";
import { postResultWithUndo } from "./post-result-with-undo.js";
import { pressPeople } from "./press-people.js";
import { groupsHolding, type LocationGroups, readLocationGroups } from "./read-location-groups.js";
import { runBatch } from "./run-batch.js";

/**
 * How long one item's claim may outlive a process that died holding it. The claim is released
 * once the item's outcome is recorded: it exists so that two batches naming the same extension
 * (two cards, two instances) never delete it at the same moment; one after the other, the second
 * finds it gone.
 */
const ITEM_CLAIM_MS = 5 * 60_000;

interface LocationCheck {
  /** What Webex has at the location now, by id; undefined when it could not be read. */
  current: Map<string, { extension: string; name: string }> | undefined;
  /** Its call park groups, for the Undo snapshot; undefined when they could not be read. */
  groups: LocationGroups | undefined;
  err?: unknown;
}

/**
 * Deletes a confirmed set. First, per location, what is there now (one listing) and its call park
 * groups (for Undo): an item gone or changed since the card is reported, not deleted. Then the
 * deletes, BULK_CONCURRENCY at a time (the client's shared pause slows all of them on a 429), each
 * claimed once, with a durable intent before it and an outcome after. Progress is one text message
 * edited in place; the summary (with Undo) follows. On shutdown no new item starts, and the
 * summary says which were not done.
 */
export async function deleteParkBatch(
  targets: readonly ParkTarget[],
  data: BulkDeleteData,
  ctx: CardActionContext,
): Promise<void> {
  const { services, card } = ctx;
  const batch = card.nonce;
  const people = pressPeople(ctx);
  const locationCount = new Set(targets.map((t) => t.locationId)).size;
  const where = `${atWhere(data.where, locationCount)}${inOrg(resultOrgName(services))}`;
  const results = new Map<ParkTarget, BatchItemResult>();
  const outcome = (target: ParkTarget, result: BatchItemResult, index: number) =>
    services.audit.record({
      kind: "outcome",
      ...people,
      orgId: card.orgId,
      roomId: card.roomId,
      target,
      ...resultOf(result),
      nonce: `${batch}.${index}`,
      batch: { id: batch },
    });

  const checks = await checkLocations(ctx, targets);
  const toDelete: ParkTarget[] = [];
  await Promise.all(
    targets.map(async (target, index) => {
      const check = checks.get(target.locationId);
      let result: BatchItemResult | undefined;
      if (check?.current === undefined) {
        result = { kind: "not-checked", err: check?.err };
      } else {
        const now = check.current.get(target.callParkExtensionId);
        if (now === undefined) result = { kind: "gone" };
        else if (now.extension !== target.extension || now.name !== target.name)
          result = { kind: "changed", now: `${now.extension} (${now.name})` };
      }
      if (result === undefined) {
        toDelete.push(target);
        return;
      }
      results.set(target, result);
      await outcome(target, result, index).catch((err: unknown) =>
        services.logger.error({ err, target }, "could not record a batch item's outcome"),
      );
    }),
  );
  // Keep the typed order for the deletes (Promise.all above pushed them as their checks finished).
  toDelete.sort((a, b) => targets.indexOf(a) - targets.indexOf(b));

  const progressText = () => {
    const counts = countResults(results.values());
    const finished = [...results.values()].length;
    const failed = counts.failed + counts.skipped + counts.changed;
    return `Deleting ${targets.length} call park extension${targets.length === 1 ? "" : "s"} ${where}: ${finished} of ${targets.length} done${failed > 0 ? `, ${failed} not deleted` : ""}…`;
  };
  const progress = createProgressMessage(services, ctx, progressText());
  // A failure every further item would meet too (rate limited past the retries, the token
  // refused) stops the batch: the rest are reported not started rather than each failing.
  const halt = new AbortController();
  let halted: StopReason | undefined;
  const run = await runBatch(
    toDelete,
    services.bulk.concurrency,
    AbortSignal.any([services.stopping, halt.signal]),
    (target) => {
      const index = targets.indexOf(target);
      return deleteClaimed(ctx, target, batch, index, people, (result) =>
        outcome(target, result, index).catch((err: unknown) =>
          services.logger.error({ err, target }, "could not record a batch item's outcome"),
        ),
      );
    },
    (target, result) => {
      results.set(target, result);
      const stop = stopReasonOf(result);
      if (stop !== undefined && halted === undefined) {
        halted = stop;
        halt.abort();
      }
      progress.update(progressText());
    },
  );
  const why: StopReason = services.stopping.aborted ? "shutdown" : (halted ?? "shutdown");
  for (const target of run.notStarted) {
    const result: BatchItemResult = { kind: "stopped", why };
    results.set(target, result);
    await outcome(target, result, targets.indexOf(target)).catch((err: unknown) =>
      services.logger.error({ err, target }, "could not record a batch item's outcome"),
    );
  }

  const ordered = targets.map((target) => ({
    target,
    result: results.get(target) ?? ({ kind: "stopped", why } as const),
  }));
  const counts = countResults(ordered.map((o) => o.result));
  const snapshots: ParkSnapshot[] = ordered
    .filter((o) => o.result.kind === "deleted")
    .map(({ target }) => {
      const groups = checks.get(target.locationId)?.groups;
      const partial = groups === undefined || groups.groups.length < groups.total;
      return {
        ...target,
        groups: groups ? groupsHolding(groups, target.callParkExtensionId) : [],
        ...(partial ? { groupsPartial: true } : {}),
      };
    });
  const groupsUnknown = snapshots.some((s) => s.groupsPartial);
  const text = describeBatchResult(ordered, { where, groupsUnknown });
  const ended =
    counts["not started"] > 0
      ? `stopped — ${counts.deleted} deleted, ${counts["not started"]} not started`
      : `finished — ${counts.deleted} deleted`;
  // The summary waits for the progress message to be posted (long done, unless nothing was deleted),
  // so it comes after it in the thread, but not for its last edit.
  await progress.posted;
  await Promise.all([
    progress.finish(
      `Deleting ${targets.length} call park extension${targets.length === 1 ? "" : "s"} ${where}: ${ended}. The summary follows.`,
    ),
    postResultWithUndo(ctx, text, snapshots, batch),
    services.audit
      .record({
        kind: "outcome",
        ...people,
        orgId: card.orgId,
        roomId: card.roomId,
        target: { locationName: data.where },
        result: `batch: ${summaryLine(counts)}`,
        nonce: batch,
        batch: { id: batch, items: targets.length, where: data.where, counts: { ...counts } },
      } satisfies AuditEvent)
      .catch((err: unknown) => services.logger.error({ err }, "could not record a batch's summary")),
  ]);
}

function summaryLine(counts: ReturnType<typeof countResults>): string {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`)
    .join(", ");
}

/**
 * Per location (BULK_CONCURRENCY at a time): what is there now, and its call park groups. The
 * listing stops once every id of the set is seen; an id not seen is gone, unless Webex had more
 * pages than one listing reads: then each unseen id is read by itself.
 */
async function checkLocations(
  ctx: CardActionContext,
  targets: readonly ParkTarget[],
): Promise<Map<string, LocationCheck>> {
  const { services } = ctx;
  const byLocation = new Map<string, Set<string>>();
  for (const t of targets)
    byLocation.set(t.locationId, (byLocation.get(t.locationId) ?? new Set()).add(t.callParkExtensionId));
  const locations = [...byLocation];
  // Reads only: a shutdown stops the deletes, which check `stopping` themselves.
  const read = await mapBounded(locations, services.bulk.concurrency, async ([locationId, ids]) => {
    const [current, groups] = await Promise.all([
      readCurrent(ctx, locationId, ids).then(
        (found) => ({ found }),
        (err: unknown) => ({ err }),
      ),
      readLocationGroups(services, locationId).catch((err: unknown) => {
        services.logger.warn({ err, locationId }, "could not read call park groups before a bulk delete");
        return undefined;
      }),
    ]);
    const check: LocationCheck =
      "found" in current
        ? { current: current.found, groups }
        : { current: undefined, groups, err: current.err };
    return [locationId, check] as const;
  });
  return new Map(read);
}

/** The extensions among `ids` that exist at the location now, by id. */
async function readCurrent(
  ctx: CardActionContext,
  locationId: string,
  ids: ReadonlySet<string>,
): Promise<Map<string, { extension: string; name: string }>> {
  const { calling } = ctx.services;
  const seen = new Set<string>();
  let counted = 0;
  // GET /telephony/config/callParkExtensions?locationId= — admin token, telephony_config_read
  const listing = await calling.listCallParkExtensionsAt(locationId, (soFar) => {
    for (; counted < soFar.length; counted++) seen.add(soFar[counted]?.id ?? "");
    return [...ids].every((id) => seen.has(id));
  });
  const current = new Map<string, { extension: string; name: string }>();
  for (const e of listing.items) if (ids.has(e.id)) current.set(e.id, e);
  if (listing.complete) return current;
  const unseen = [...ids].filter((id) => !current.has(id));
  const details = await mapBounded(unseen, ctx.services.bulk.concurrency, (id) =>
    // GET …/callParkExtensions/{id} — admin token, telephony_config_read; 404: gone
    calling.getCallParkExtension(locationId, id).catch((err: unknown) => {
      if (err instanceof WebexApiError && err.status === 404) return undefined;
      throw err;
    }),
  );
  unseen.forEach((id, i) => {
    const found = details[i];
    if (found) current.set(id, found);
  });
  return current;
}

/** Claims the item, deletes it, records its outcome, releases the claim. */
async function deleteClaimed(
  ctx: CardActionContext,
  target: ParkTarget,
  batch: string,
  index: number,
  people: Pick<AuditEvent, "requester" | "confirmer">,
  outcome: (result: BatchItemResult) => Promise<void>,
): Promise<BatchItemResult> {
  const { services, card } = ctx;
  const key = `bulk-item:${card.orgId ?? ""}:${target.callParkExtensionId}`;
  let claimed: boolean;
  try {
    claimed = await services.claims.claim(key, ITEM_CLAIM_MS);
  } catch (err) {
    services.logger.warn({ err, target }, "could not claim a batch item");
    const result: BatchItemResult = { kind: "skipped", reason: "my state store was unreachable" };
    await outcome(result);
    return result;
  }
  if (!claimed) {
    const result: BatchItemResult = {
      kind: "skipped",
      reason: "another request was deleting it at the same moment",
    };
    await outcome(result);
    return result;
  }
  const result = await deleteOne(ctx, target, batch, index, people);
  await outcome(result);
  // A 1 ms lifetime releases it (the store has no delete): a later request may look again.
  await services.claims.set(key, "released", 1).catch(() => undefined);
  return result;
}

async function deleteOne(
  ctx: CardActionContext,
  target: ParkTarget,
  batch: string,
  index: number,
  people: Pick<AuditEvent, "requester" | "confirmer">,
): Promise<BatchItemResult> {
  const { services, card } = ctx;
  // Durable before the DELETE: a process killed from here on leaves an intent the next start reports.
  try {
    await services.audit.record({
      kind: "intent",
      ...people,
      orgId: card.orgId,
      roomId: card.roomId,
      threadId: card.threadId,
      target,
      nonce: `${batch}.${index}`,
      batch: { id: batch },
      admittedBy: ctx.admittedBy,
    });
  } catch (err) {
    services.logger.error({ err, target }, "could not write a batch item's intent; not deleting it");
    return { kind: "skipped", reason: "I couldn't write it to the audit trail" };
  }
  try {
    // DELETE …/callParkExtensions/{id} — admin token, telephony_config_write
    const deleted = await services.calling.deleteCallParkExtension(
      target.locationId,
      target.callParkExtensionId,
    );
    return { kind: "deleted", trackingId: deleted.trackingId };
  } catch (err) {
    if (err instanceof WebexApiError && err.status === 404) {
      return err.afterAmbiguousAttempt
        ? { kind: "deleted", trackingId: err.trackingId, lostAnswer: true }
        : { kind: "gone", trackingId: err.trackingId };
    }
    services.logger.warn({ err, target }, "a batch delete failed");
    return { kind: "failed", err };
  }
}
