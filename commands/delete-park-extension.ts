import { escapeMarkdown } from "../src/cards/escape-markdown.js";
import { cancelBulkDelete } from "./cancel-bulk-delete.js";
import { cancelParkDelete } from "./cancel-park-delete.js";
import { buildChooseLocationCard, MAX_CHOICES } from "./cards/build-choose-location-card.js";
import { chooseParkLocation } from "./choose-park-location.js";
import { type CommandContext, defineCommand } from "./command.js";
import { confirmBulkDelete } from "./confirm-bulk-delete.js";
import { confirmParkDelete } from "./confirm-park-delete.js";
import { describeUnknownLocation } from "./describe-unknown-location.js";
import { newCardClaims } from "./new-card-claims.js";
import { orgNameField } from "./park-target.js";
import {
  type DeleteParkExtensionIntent,
  parseDeleteParkExtension,
  type SingleDeleteIntent,
} from "./parse-delete-park-extension.js";
import { postConfirmCard } from "./post-confirm-card.js";
import { recordCardMessage } from "./record-card-message.js";
import { resolveParkTarget } from "./resolve-park-target.js";
import { runBulkDelete } from "./run-bulk-delete.js";
import { undoParkDelete } from "./undo-park-delete.js";

/** How many matches a "too many" reply lists; more would bury the question. */
const MAX_LISTED = 20;

export const deleteParkExtension = defineCommand<DeleteParkExtensionIntent>({
  name: "delete park ext",
  summary: "Delete a call park extension, after you confirm on a card.",
  examples: [
    "delete park ext 1234 at HQ",
    "remove call park extension 1234 from HQ Annex",
    'delete park ext "Lobby Park" at "HQ"',
    "delete park extensions 'Lobby Park' at HQ",
    "delete park ext 1234",
    "delete park ext 1234, 1235, 1240-1249 at HQ",
    "delete all park ext at HQ",
  ],
  restricted: true,
  parse: parseDeleteParkExtension,
  actions: [
    confirmParkDelete,
    cancelParkDelete,
    chooseParkLocation,
    confirmBulkDelete,
    cancelBulkDelete,
    undoParkDelete,
  ],
  run: async (intent, ctx) => {
    if (intent.kind !== "callpark.delete") return runBulkDelete(intent, ctx);
    const resolution = await resolveParkTarget(ctx.services.calling, intent.selector, intent.locationName);
    const what = describeSelector(intent);

    switch (resolution.kind) {
      case "found":
        return postConfirmCard(ctx, resolution.target);
      case "ambiguous":
        return offerChoice(ctx, intent, resolution.candidates, resolution.complete);
      case "not-at-location":
        await ctx.reply(
          `There is no call park extension ${what} at **${escapeMarkdown(resolution.locationName)}**. Nothing to delete.`,
        );
        return recordMiss(ctx, intent, "not-at-location");
      case "unknown-location":
        await ctx.reply(describeUnknownLocation(intent.locationName ?? "", resolution.suggestions));
        return recordMiss(ctx, intent, "unknown-location");
      case "not-in-org":
        await ctx.reply(`There is no call park extension ${what} in this org.`);
        return recordMiss(ctx, intent, "not-in-org");
    }
  },
});

function describeSelector(intent: SingleDeleteIntent): string {
  return intent.selector.by === "extension"
    ? `**${escapeMarkdown(intent.selector.extension)}**`
    : `named **${escapeMarkdown(intent.selector.name)}**`;
}

async function offerChoice(
  ctx: CommandContext,
  intent: SingleDeleteIntent,
  candidates: Parameters<typeof postConfirmCard>[1][],
  complete: boolean,
): Promise<void> {
  const { services, requester } = ctx;
  if (candidates.length > MAX_CHOICES) {
    const shown = candidates.slice(0, MAX_LISTED);
    const lines = shown.map(
      (c) =>
        `- ${escapeMarkdown(c.extension)} (${escapeMarkdown(c.name)}) at ${escapeMarkdown(c.locationName)}`,
    );
    // Reading stops once a card cannot hold the matches (resolveParkTarget): then the count is
    // unknown and the list a sample; when every page was read, say how many and whether all show.
    const count = complete ? String(candidates.length) : `more than ${MAX_CHOICES}`;
    const all = complete && shown.length === candidates.length;
    await ctx.reply(
      `${describeSelector(intent)} matches ${count} call park extensions${all ? "" : ", for example"}:\n${lines.join("\n")}\nSay which one with \`… at <location>\`.`,
    );
    return recordMiss(ctx, intent, "too-many-matches");
  }
  const claims = newCardClaims(ctx);
  const choices = candidates.map((target) => ({
    target,
    token: chooseParkLocation.sign(target, claims, services.cardKey),
  }));
  const asked = intent.selector.by === "extension" ? intent.selector.extension : `"${intent.selector.name}"`;
  const { markdown, card } = buildChooseLocationCard({
    asked,
    choices,
    expiresAt: claims.exp,
    now: services.clock.now(),
    ...orgNameField(services),
  });
  const posted = await ctx.reply(markdown, card);
  await recordCardMessage(services, claims, posted.id);
  await services.audit.record({
    kind: "request",
    requester: { id: requester.personId, email: requester.email },
    orgId: services.actingOrgId,
    roomId: ctx.roomId,
    result: `choice-posted (${candidates.length} locations)`,
    admittedBy: ctx.admittedBy,
    nonce: claims.nonce,
  });
}

async function recordMiss(ctx: CommandContext, intent: SingleDeleteIntent, result: string): Promise<void> {
  await ctx.services.audit.record({
    kind: "request",
    requester: { id: ctx.requester.personId, email: ctx.requester.email },
    orgId: ctx.services.actingOrgId,
    roomId: ctx.roomId,
    target: {
      ...(intent.selector.by === "extension"
        ? { extension: intent.selector.extension }
        : { name: intent.selector.name }),
      ...(intent.locationName ? { locationName: intent.locationName } : {}),
    },
    result,
    admittedBy: ctx.admittedBy,
  });
}
