import { defineCommand } from "./command.js";
import { describeUnknownLocation } from "./describe-unknown-location.js";
import { openParkDelete } from "./open-park-delete.js";
import { type ListParkExtensionsIntent, parseListParkExtensions } from "./parse-list-park-extensions.js";
import { LIST_PAGE_SIZE, postListPage, turnListPage } from "./post-list-page.js";
import { resolveLocation } from "./resolve-location.js";

/** `list park ext at HQ`: a location's call park extensions (or the org's), a page at a time, each with Delete. */
export const listParkExtensions = defineCommand<ListParkExtensionsIntent>({
  name: "list park ext",
  summary: `List call park extensions at a location, or in the whole org, ${LIST_PAGE_SIZE} per page; Delete on a row asks you to confirm on a card first.`,
  examples: [
    "list park ext at HQ",
    'list park extensions at "HQ Annex"',
    "show park ext at HQ",
    "list park ext",
  ],
  restricted: true,
  parse: parseListParkExtensions,
  actions: [turnListPage, openParkDelete],
  run: async (intent, ctx) => {
    if (intent.locationName === undefined) return postListPage(ctx, { start: 0 });
    const resolved = await resolveLocation(ctx.services.calling, intent.locationName);
    if (resolved.kind === "unknown-location") {
      await ctx.reply(describeUnknownLocation(intent.locationName, resolved.suggestions));
      return;
    }
    const { id, name } = resolved.location;
    return postListPage(ctx, { location: { id, name }, start: 0 });
  },
});
