import { escapeMarkdown } from "../src/cards/escape-markdown.js";
import { buildShowCard } from "./cards/build-show-card.js";
import { type CommandContext, defineCommand } from "./command.js";
import { describeParkImpact, MONITORING_NOT_CHECKED } from "./describe-park-impact.js";
import { describeUnknownLocation } from "./describe-unknown-location.js";
import { newCardClaims } from "./new-card-claims.js";
import { openParkDelete } from "./open-park-delete.js";
import type { ParkTarget } from "./park-target.js";
import { parseShowParkExtension, type ShowParkExtensionIntent } from "./parse-show-park-extension.js";
import { readParkImpact } from "./read-park-impact.js";
import { recordCardMessage } from "./record-card-message.js";
import { resolveParkTarget } from "./resolve-park-target.js";

/** How many matches a "which one?" reply lists. */
const MAX_LISTED = 20;

/** `show park ext 1234 at HQ`: one extension, its routing prefix and ESN, and the call park groups using it. */
export const showParkExtension = defineCommand<ShowParkExtensionIntent>({
  name: "show park ext",
  summary: "Show one call park extension: where it is, its ESN, and which call park groups use it.",
  examples: ["show park ext 1234 at HQ", 'show park ext "Lobby Park" at HQ', "show park ext 5555"],
  restricted: true,
  parse: parseShowParkExtension,
  run: async (intent, ctx) => {
    const resolution = await resolveParkTarget(ctx.services.calling, intent.selector, intent.locationName);
    const what =
      intent.selector.by === "extension"
        ? `**${escapeMarkdown(intent.selector.extension)}**`
        : `named **${escapeMarkdown(intent.selector.name)}**`;
    switch (resolution.kind) {
      case "found":
        return postShowCard(ctx, resolution.target);
      case "ambiguous": {
        const shown = resolution.candidates.slice(0, MAX_LISTED);
        const lines = shown.map(
          (c) =>
            `- ${escapeMarkdown(c.extension)} (${escapeMarkdown(c.name)}) at ${escapeMarkdown(c.locationName)}`,
        );
        const all = resolution.complete && shown.length === resolution.candidates.length;
        await ctx.reply(
          `${what} matches ${resolution.complete ? resolution.candidates.length : "several"} call park extensions${all ? "" : ", for example"}:\n${lines.join("\n")}\nSay which one with \`… at <location>\`.`,
        );
        return;
      }
      case "not-at-location":
        await ctx.reply(
          `There is no call park extension ${what} at **${escapeMarkdown(resolution.locationName)}**.`,
        );
        return;
      case "unknown-location":
        await ctx.reply(describeUnknownLocation(intent.locationName ?? "", resolution.suggestions));
        return;
      case "not-in-org":
        await ctx.reply(`There is no call park extension ${what} in this org.`);
        return;
    }
  },
});

async function postShowCard(ctx: CommandContext, target: ParkTarget): Promise<void> {
  const { services } = ctx;
  // The details (routing prefix, ESN) and the impact are independent: read them side by side.
  const [details, impact] = await Promise.all([
    // GET /telephony/config/locations/{locationId}/callParkExtensions/{id} — admin token, telephony_config_read
    services.calling.getCallParkExtension(target.locationId, target.callParkExtensionId),
    readParkImpact(services, target),
  ]);
  // The details are what Webex holds now: show those, not what the list said a moment ago.
  const current = { ...target, extension: details.extension, name: details.name };
  const claims = newCardClaims(ctx);
  const { markdown, card } = buildShowCard({
    target: current,
    ...(details.routingPrefix ? { routingPrefix: details.routingPrefix } : {}),
    ...(details.esn ? { esn: details.esn } : {}),
    orgName: services.orgName,
    usedBy: describeParkImpact(impact, target.locationName),
    notChecked: MONITORING_NOT_CHECKED,
    deleteToken: openParkDelete.sign(current, claims, services.cardKey),
    expiresAt: claims.exp,
    now: services.clock.now(),
  });
  const posted = await ctx.reply(markdown, card);
  await recordCardMessage(services, claims, posted.id);
}
