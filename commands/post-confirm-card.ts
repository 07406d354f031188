import { cancelParkDelete } from "./cancel-park-delete.js";
import { buildConfirmCard } from "./cards/build-confirm-card.js";
import type { CommandContext } from "./command.js";
import { confirmParkDelete } from "./confirm-park-delete.js";
import { describeParkImpact, MONITORING_NOT_CHECKED } from "./describe-park-impact.js";
import { newCardClaims } from "./new-card-claims.js";
import type { ParkTarget } from "./park-target.js";
import { readParkImpact } from "./read-park-impact.js";
import { recordPostedCard } from "./record-posted-card.js";

/**
 * Reads which call park groups hold `target` (readParkImpact: 1 + groups calls, in parallel after
 * the first), signs a confirm and a cancel button (one nonce for both) and posts the card in the
 * thread.
 */
export async function postConfirmCard(ctx: CommandContext, target: ParkTarget): Promise<void> {
  const { services, requester } = ctx;
  const claims = newCardClaims(ctx);
  const impact = await readParkImpact(services, target);
  const { markdown, card } = buildConfirmCard({
    usedBy: describeParkImpact(impact, target.locationName),
    notChecked: MONITORING_NOT_CHECKED,
    target,
    orgName: services.orgName,
    requester,
    expiresAt: claims.exp,
    now: services.clock.now(),
    confirmToken: confirmParkDelete.sign(
      impact.kind === "read"
        ? {
            ...target,
            groups: impact.groups,
            ...(impact.checked < impact.total ? { groupsPartial: true } : {}),
          }
        : target,
      claims,
      services.cardKey,
    ),
    cancelToken: cancelParkDelete.sign(target, claims, services.cardKey),
  });
  const posted = await ctx.reply(markdown, card);
  await recordPostedCard(ctx, claims, posted.id, { target: target, result: "card-posted" });
}
