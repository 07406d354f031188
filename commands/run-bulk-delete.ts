import { escapeMarkdown } from "../src/cards/escape-markdown.js";
import type { CommandContext } from "./command.js";
import { describeUnknownLocation } from "./describe-unknown-location.js";
import type { BulkDeleteIntent, DeleteAllIntent } from "./parse-delete-park-extension.js";
import { postBulkConfirmCard } from "./post-bulk-confirm-card.js";
import { resolveParkSet } from "./resolve-park-set.js";

/**
 * `delete park ext 1234, 1240-1249 at HQ` and `delete all park ext at HQ`: at most BULK_MAX,
 * resolved to IDs, then one confirmation card for the whole set (postBulkConfirmCard).
 */
export async function runBulkDelete(
  intent: BulkDeleteIntent | DeleteAllIntent,
  ctx: CommandContext,
): Promise<void> {
  const { services } = ctx;
  const max = services.bulk.max;
  if (intent.kind === "callpark.delete.bulk" && intent.extensions.length > max) {
    await ctx.reply(
      `That names ${intent.extensions.length} extensions; I delete at most ${max} at once (BULK_MAX). Split it into smaller requests.`,
    );
    return recordMiss(ctx, intent, "too many extensions named");
  }
  const resolution = await resolveParkSet(
    services,
    intent.kind === "callpark.delete.all"
      ? { all: true, locationName: intent.locationName }
      : {
          extensions: intent.extensions,
          ...(intent.locationName !== undefined ? { locationName: intent.locationName } : {}),
        },
  );
  switch (resolution.kind) {
    case "unknown-location":
      await ctx.reply(describeUnknownLocation(intent.locationName ?? "", resolution.suggestions));
      return recordMiss(ctx, intent, "unknown-location");
    case "too-many":
      await ctx.reply(
        `**${escapeMarkdown(resolution.locationName)}** has more than ${max} call park extensions; I delete at most ${max} at once (BULK_MAX). Name them in lists or ranges instead, for example \`delete park ext 1000-1199 at ${escapeMarkdown(resolution.locationName)}\`.`,
      );
      return recordMiss(ctx, intent, "too many extensions at the location");
    case "unreadable":
      await ctx.reply(
        `**${escapeMarkdown(resolution.locationName)}** has more call park extensions than I can read in one request (I read ${resolution.read}), so I can't be sure what "all" is there. Name them in lists or ranges instead, for example \`delete park ext 1000-1199 at ${escapeMarkdown(resolution.locationName)}\`.`,
      );
      return recordMiss(ctx, intent, "location too large to read");
    case "found":
      break;
  }
  const { set } = resolution;
  if (set.targets.length === 0) {
    const at =
      intent.locationName !== undefined ? ` at **${escapeMarkdown(intent.locationName)}**` : " in this org";
    const missing =
      intent.kind === "callpark.delete.all"
        ? `There are no call park extensions${at}.`
        : `None of those call park extensions exist${at}${
            set.notFound.length > 0
              ? ` (not found: ${set.notFound
                  .slice(0, 20)
                  .map((n) => escapeMarkdown(n))
                  .join(", ")}${set.notFound.length > 20 ? ` and ${set.notFound.length - 20} more` : ""})`
              : ""
          }.`;
    const ambiguous =
      set.ambiguous.length > 0
        ? ` ${set.ambiguous
            .slice(0, 20)
            .map(
              (a) =>
                `**${escapeMarkdown(a.extension)}** is at ${a.locationNames.map((n) => `**${escapeMarkdown(n)}**`).join(" and ")}`,
            )
            .join("; ")}: say which location with \`… at <location>\`.`
        : "";
    await ctx.reply(`${missing}${ambiguous} Nothing to delete.`);
    return recordMiss(ctx, intent, "nothing found");
  }
  return postBulkConfirmCard(
    ctx,
    set,
    intent.kind === "callpark.delete.all" ? set.targets[0]?.locationName : undefined,
  );
}

async function recordMiss(
  ctx: CommandContext,
  intent: BulkDeleteIntent | DeleteAllIntent,
  result: string,
): Promise<void> {
  await ctx.services.audit.record({
    kind: "request",
    requester: { id: ctx.requester.personId, email: ctx.requester.email },
    orgId: ctx.services.actingOrgId,
    roomId: ctx.roomId,
    ...(intent.locationName !== undefined ? { target: { locationName: intent.locationName } } : {}),
    result,
    admittedBy: ctx.admittedBy,
  });
}
