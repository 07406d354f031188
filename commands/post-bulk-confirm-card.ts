import { CLAIM_GRACE_MS } from "../src/confirm/admit-card-click.js";
import { stash } from "../src/confirm/stash.js";
import { describeWhere } from "./bulk-delete-data.js";
import { cancelBulkDelete } from "./cancel-bulk-delete.js";
import { buildBulkConfirmCard, type GroupLoss } from "./cards/build-bulk-confirm-card.js";
import type { CommandContext } from "./command.js";
import { confirmBulkDelete } from "./confirm-bulk-delete.js";
import { MONITORING_NOT_CHECKED } from "./describe-park-impact.js";
import { mapBounded } from "./map-bounded.js";
import { newCardClaims } from "./new-card-claims.js";
import type { ParkTarget } from "./park-target.js";
import { readLocationGroups } from "./read-location-groups.js";
import { recordPostedCard } from "./record-posted-card.js";
import type { ParkSet } from "./resolve-park-set.js";

/** Locations whose call park groups a bulk card reads (1 + groups calls each); past it, partial. */
const MAX_LOCATIONS_READ = 10;

/**
 * The one confirmation card of a bulk delete. The set goes into the claim store, bound by its hash
 * (stash), for the card's lifetime: a set of 200 does not fit a token, and every instance sharing
 * the store can act on the press. The buttons sign the hash.
 */
export async function postBulkConfirmCard(
  ctx: CommandContext,
  set: ParkSet,
  typeToConfirm: string | undefined,
): Promise<void> {
  const { services, requester } = ctx;
  const claims = newCardClaims(ctx);
  const [losses, setHash] = await Promise.all([
    readGroupLosses(ctx, set.targets),
    stash(services.claims, set.targets, claims.exp - services.clock.now() + CLAIM_GRACE_MS),
  ]);
  const data = {
    setHash,
    count: set.targets.length,
    where: describeWhere(set.targets),
    ...(typeToConfirm !== undefined ? { typedLocation: typeToConfirm } : {}),
  };
  const { markdown, card } = buildBulkConfirmCard({
    targets: set.targets,
    notFound: set.notFound,
    ambiguous: set.ambiguous,
    groupLosses: losses.losses,
    groupsPartial: losses.partial,
    orgName: services.orgName,
    requester,
    expiresAt: claims.exp,
    now: services.clock.now(),
    confirmToken: confirmBulkDelete.sign(data, claims, services.cardKey),
    cancelToken: cancelBulkDelete.sign(data, claims, services.cardKey),
    notChecked: MONITORING_NOT_CHECKED,
    ...(typeToConfirm !== undefined ? { typeToConfirm } : {}),
  });
  const posted = await ctx.reply(markdown, card);
  await recordPostedCard(ctx, claims, posted.id, {
    target: { locationName: data.where },
    result: `bulk card posted (${set.targets.length} extensions, ${set.notFound.length} not found)`,
  });
}

/** Which call park groups lose members: undefined when Webex did not answer (the card says so). */
async function readGroupLosses(
  ctx: CommandContext,
  targets: readonly ParkTarget[],
): Promise<{ losses: GroupLoss[] | undefined; partial: boolean }> {
  const locations = [...new Map(targets.map((t) => [t.locationId, t.locationName])).entries()];
  const read = locations.slice(0, MAX_LOCATIONS_READ);
  const ids = new Set(targets.map((t) => t.callParkExtensionId));
  try {
    // BULK_CONCURRENCY locations at a time: each is 1 + up to MAX_CALL_PARKS_READ calls.
    const groups = await mapBounded(read, ctx.services.bulk.concurrency, ([id]) =>
      readLocationGroups(ctx.services, id),
    );
    const losses: GroupLoss[] = [];
    groups.forEach((at, i) => {
      for (const group of at.groups) {
        const lost = group.callParkExtensions.filter((e) => ids.has(e.id)).map((e) => e.extension);
        if (lost.length > 0)
          losses.push({ name: group.name, locationName: read[i]?.[1] ?? "", extensions: lost });
      }
    });
    return {
      losses,
      partial: read.length < locations.length || groups.some((g) => g.groups.length < g.total),
    };
  } catch (err) {
    ctx.services.logger.warn({ err }, "could not read the call park groups of a bulk delete");
    return { losses: undefined, partial: false };
  }
}
