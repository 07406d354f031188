import type { AuditEvent } from "../src/audit/audit-log.js";
import { escapeMarkdown } from "../src/cards/escape-markdown.js";
import { WebexApiError } from "../src/webex/webex-api-error.js";
import { WebexNetworkError } from "../src/webex/webex-network-error.js";
import type { CardActionContext } from "./card-action.js";
import { type ParkSnapshot, UNDO_ACTION_ID, UNDO_CANNOT_RESTORE, type UndoData } from "./park-snapshot.js";
import { inOrg, resultOrgName } from "./park-target.js";
import { type GroupRestore, membersAfterRestore, planGroupRestores } from "./plan-group-restores.js";
import { pressPeople } from "./press-people.js";
import { runBatch } from "./run-batch.js";
import { quotedWebexMessage, trackingSuffix } from "./webex-answer-words.js";

/** Items an Undo reply lists one by one; past it, only those with a problem. */
const MAX_LISTED = 20;

/** `stops`: a failure every further re-create would meet too (rate limit, token, its rights). */
type Created = { ok: true; id: string } | { ok: false; why: string; stops?: boolean };

/**
 * Undo: re-create each extension (POST, BULK_CONCURRENCY at a time), then per call park group one
 * read of its members and one write of them with the new ids added. Each item gets an intent and
 * an outcome in the audit trail, tied to the batch it was deleted in; the reply says per item what
 * came back and what did not, and what a re-create never brings back.
 */
export async function restoreParkExtensions(
  snapshots: readonly ParkSnapshot[],
  data: UndoData,
  ctx: CardActionContext,
): Promise<void> {
  const { services, card } = ctx;
  const people = pressPeople(ctx);
  // Its own batch, named after the delete's: `audit` shows the Undo as a line of its own.
  const batchId = `${data.batch}:undo`;
  const write = (event: Omit<AuditEvent, "roomId" | "orgId" | "action">) =>
    services.audit.record({
      ...people,
      batch: { id: batchId },
      ...event,
      orgId: card.orgId,
      roomId: card.roomId,
      action: UNDO_ACTION_ID,
    });
  const record = (event: Omit<AuditEvent, "roomId" | "orgId" | "action">) =>
    write(event).catch((err: unknown) => services.logger.error({ err }, "could not record an Undo item"));

  const created = new Map<ParkSnapshot, Created>();
  // As for deletes: a failure every further re-create would meet too stops starting them.
  const halt = new AbortController();
  await runBatch(
    snapshots,
    services.bulk.concurrency,
    AbortSignal.any([services.stopping, halt.signal]),
    async (snapshot) => {
      const nonce = `${card.nonce}.${snapshots.indexOf(snapshot)}`;
      // Durable before the POST, as a delete's intent is before its DELETE.
      try {
        await write({ kind: "intent", target: snapshot, nonce, threadId: card.threadId });
      } catch (err) {
        services.logger.error({ err }, "could not write an Undo item's intent; not re-creating it");
        const skipped: Created = {
          ok: false,
          why: "I couldn't write it to the audit trail, so I did not re-create it",
        };
        created.set(snapshot, skipped);
        return skipped;
      }
      const result = await createOne(ctx, snapshot);
      created.set(snapshot, result);
      if (!result.ok && result.stops) halt.abort();
      return result;
    },
  );

  const newIds = new Map<ParkSnapshot, string>();
  for (const [snapshot, result] of created) if (result.ok) newIds.set(snapshot, result.id);
  /** Per snapshot, the ids of the groups it was not put back in, with why. */
  const notRegrouped = new Map<ParkSnapshot, Map<string, string>>();
  await Promise.all(
    planGroupRestores(snapshots, newIds).map(async (plan) => {
      const why = await restoreGroup(ctx, plan);
      if (why === undefined) return;
      for (const { snapshot } of plan.members)
        notRegrouped.set(snapshot, (notRegrouped.get(snapshot) ?? new Map()).set(plan.groupId, why));
    }),
  );

  const lines: { problem: boolean; text: string }[] = [];
  let restored = 0;
  await Promise.all(
    snapshots.map(async (snapshot, index) => {
      const what = `**${escapeMarkdown(snapshot.extension)}** (${escapeMarkdown(snapshot.name)}) at **${escapeMarkdown(snapshot.locationName)}**`;
      const result = created.get(snapshot);
      const nonce = `${card.nonce}.${index}`;
      if (result === undefined) {
        lines.push({ problem: true, text: `${what}: not restored — I was shutting down before I got to it` });
        await record({
          kind: "outcome",
          target: snapshot,
          nonce,
          result: "not restored: the bot was stopping",
        });
        return;
      }
      if (!result.ok) {
        lines.push({ problem: true, text: `${what}: not restored — ${result.why}` });
        await record({
          kind: "outcome",
          target: snapshot,
          nonce,
          result: "not restored",
          reason: result.why.slice(0, 200),
        });
        return;
      }
      restored++;
      const missing = notRegrouped.get(snapshot);
      const named = (g: { name: string }) => `**${escapeMarkdown(g.name)}**`;
      const back = snapshot.groups.filter((g) => !missing?.has(g.id));
      const notBack = snapshot.groups.flatMap((g) => {
        const why = missing?.get(g.id);
        return why === undefined ? [] : [`${named(g)}: ${why}`];
      });
      const backText = back.length > 0 ? `, back in ${back.map(named).join(", ")}` : "";
      const partialText = snapshot.groupsPartial
        ? " (I could not read every call park group at its location when it was deleted, so it may have been in others too)"
        : "";
      const notBackText = notBack.length > 0 ? `; not put back in ${notBack.join("; ")}` : "";
      lines.push({
        problem: missing !== undefined || snapshot.groupsPartial === true,
        text: `${what}: restored with a new ID${backText}${notBackText}${partialText}`,
      });
      await record({
        kind: "outcome",
        target: { ...snapshot, callParkExtensionId: result.id },
        nonce,
        result: missing ? "restored, not back in every group" : "restored",
        reason: `was ${snapshot.callParkExtensionId}`.slice(0, 200),
      });
    }),
  );

  const notRestored = snapshots.length - restored;
  // Past MAX_LISTED lines, problems first; what is left out is counted by kind, never mislabelled.
  const problems = lines.filter((l) => l.problem);
  const shown = lines.length <= MAX_LISTED ? lines : problems.slice(0, MAX_LISTED);
  const hiddenProblems = problems.length - shown.filter((l) => l.problem).length;
  const hiddenFine = lines.length - shown.length - hiddenProblems;
  await ctx.reply(
    [
      `Undo${inOrg(resultOrgName(services))}: **${restored} of ${snapshots.length} restored**${notRestored > 0 ? `, **${notRestored} not restored**` : ""}.`,
      ...shown.map((l) => `- ${l.text}`),
      ...(hiddenProblems > 0
        ? [
            `- …and ${hiddenProblems} more not restored, or not back in every group (the audit trail has each).`,
          ]
        : []),
      ...(hiddenFine > 0 ? [`- …and ${hiddenFine} more restored, back in their groups.`] : []),
      "",
      UNDO_CANNOT_RESTORE,
    ].join("\n"),
  );
  const where = [...new Set(snapshots.map((s) => s.locationName))].join(", ").slice(0, 200);
  await record({
    kind: "outcome",
    target: { locationName: where },
    nonce: card.nonce,
    result: `undo: ${restored} restored, ${notRestored} not restored`,
    batch: { id: batchId, items: snapshots.length, where, counts: { restored, "not restored": notRestored } },
  });
}

/** POST the extension again; a refusal says Webex's words (a number taken meanwhile, a location gone). */
async function createOne(ctx: CardActionContext, snapshot: ParkSnapshot): Promise<Created> {
  const { calling, logger } = ctx.services;
  try {
    // POST …/locations/{locationId}/callParkExtensions — admin token, telephony_config_write
    const created = await calling.createCallParkExtension(snapshot.locationId, {
      name: snapshot.name,
      extension: snapshot.extension,
    });
    return { ok: true, id: created.id };
  } catch (err) {
    if (
      err instanceof WebexApiError &&
      (err.status === 400 || err.status === 409) &&
      err.afterAmbiguousAttempt
    ) {
      // Our first try may have landed and the retry then found the number taken — by itself.
      const mine = await findRecreated(ctx, snapshot).catch(() => undefined);
      if (mine) return { ok: true, id: mine };
    }
    logger.warn({ err, extension: snapshot.extension }, "could not re-create a call park extension");
    const stops = err instanceof WebexApiError && [401, 403, 429].includes(err.status);
    return { ok: false, why: describeRestoreError(err), ...(stops ? { stops } : {}) };
  }
}

async function findRecreated(ctx: CardActionContext, snapshot: ParkSnapshot): Promise<string | undefined> {
  // GET /telephony/config/callParkExtensions?locationId=&extension= — admin token, telephony_config_read
  const listed = await ctx.services.calling.listCallParkExtensions({
    locationId: snapshot.locationId,
    extension: snapshot.extension,
  });
  return listed.find((e) => e.extension === snapshot.extension && e.name === snapshot.name)?.id;
}

/** Reads the group's members now, then writes them with the new ids; undefined when done, else why not. */
async function restoreGroup(ctx: CardActionContext, plan: GroupRestore): Promise<string | undefined> {
  const { calling, logger } = ctx.services;
  try {
    // GET …/callParks/{id} — admin token, telephony_config_read: the members now, so none is dropped
    const group = await calling.getCallPark(plan.locationId, plan.groupId);
    // PUT …/callParks/{id} — admin token, telephony_config_write: Webex replaces the member list
    await calling.setCallParkMembers(
      plan.locationId,
      plan.groupId,
      membersAfterRestore(
        group.callParkExtensions.map((e) => e.id),
        plan,
      ),
    );
    return undefined;
  } catch (err) {
    logger.warn(
      { err, group: plan.groupId },
      "could not put re-created extensions back in a call park group",
    );
    if (err instanceof WebexApiError && err.status === 404)
      return `it no longer exists (deleted or renamed since)${trackingSuffix(err.trackingId)}`;
    return describeRestoreError(err);
  }
}

function describeRestoreError(err: unknown): string {
  if (err instanceof WebexApiError) {
    const said = quotedWebexMessage(err, 160);
    const hint =
      err.status === 400 || err.status === 409 ? " (the number may have been taken meanwhile)" : "";
    return `Webex answered ${err.status}${said}${said ? "" : hint}${trackingSuffix(err.trackingId)}`;
  }
  if (err instanceof WebexNetworkError)
    return `I couldn't reach Webex (${escapeMarkdown(err.reason)}); it may or may not have been done — check in Control Hub`;
  return "something went wrong on my side (logged)";
}
