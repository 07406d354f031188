import { z } from "zod";
import { escapeMarkdown } from "../src/cards/escape-markdown.js";
import type { CallParkExtension } from "../src/webex/schemas.js";
import { defineCardAction } from "./card-action.js";
import { buildListCard } from "./cards/build-list-card.js";
import type { CommandContext } from "./command.js";
import { newCardClaims } from "./new-card-claims.js";
import { openParkDelete } from "./open-park-delete.js";
import { orgNameField, type ParkTarget } from "./park-target.js";

import { recordCardMessage } from "./record-card-message.js";
import { toParkTarget } from "./to-park-target.js";

/** Rows per page: ten rows with a button each keep a card readable on a phone. */
export const LIST_PAGE_SIZE = 10;

/** Which page of which list: signed, so a forged Next cannot list another location or org. */
export const listPageSchema = z.object({
  /** Absent: the whole org. */
  location: z.object({ id: z.string().min(1), name: z.string() }).optional(),
  /** Zero-based index of the page's first row. */
  start: z.number().int().min(0).max(1_000_000),
});
export type ListPage = z.output<typeof listPageSchema>;

/** Previous / Next: retire this page's card and post the other page. */
export const turnListPage = defineCardAction({
  id: "callpark.list.page",
  schema: listPageSchema,
  mutating: false,
  auditTarget: (page) =>
    page.location ? { locationId: page.location.id, locationName: page.location.name } : {},
  handle: async (page, ctx) => {
    await Promise.all([ctx.retireCard(), postListPage(ctx, page)]);
  },
});

/**
 * Reads one page and posts it as a card. A location's list is read whole with `locationId` (Webex
 * has no per-location list path; one call while a location holds under 1 000) and sorted by
 * extension here, since Webex's `order` is not reliable. The org's list is read one page at a
 * time with `start`/`max`, in Webex's order: one call per page, whatever the org's size.
 */
export async function postListPage(ctx: CommandContext, page: ListPage): Promise<void> {
  const { services } = ctx;
  let rows: ParkTarget[];
  let total: number | undefined;
  let hasMore: boolean;
  let start = page.start;
  if (page.location) {
    const { id } = page.location;
    // GET /telephony/config/callParkExtensions?locationId=… — admin token, telephony_config_read
    const all = (await services.calling.listCallParkExtensions({ locationId: id }))
      .filter((e) => e.locationId === id)
      .sort(byExtension);
    total = all.length;
    // Extensions deleted since the previous page can leave it past the end: show the last one.
    if (start >= total && total > 0) start = Math.floor((total - 1) / LIST_PAGE_SIZE) * LIST_PAGE_SIZE;
    rows = all.slice(start, start + LIST_PAGE_SIZE).map(toParkTarget);
    hasMore = start + LIST_PAGE_SIZE < total;
  } else {
    // GET /telephony/config/callParkExtensions?start=…&max=10 — admin token, telephony_config_read
    const read = await services.calling.readCallParkExtensionsPage(start, LIST_PAGE_SIZE);
    rows = [...read.items].sort(byLocationThenExtension).map(toParkTarget);
    hasMore = read.hasMore;
  }
  if (rows.length === 0) {
    const where = page.location ? `at **${escapeMarkdown(page.location.name)}**` : "in this org";
    await ctx.reply(
      start === 0
        ? `There are no call park extensions ${where}.`
        : `There are no more call park extensions ${where} after the ones already shown.`,
    );
    return;
  }

  const claims = newCardClaims(ctx);
  const key = services.cardKey;
  const { markdown, card } = buildListCard({
    scope: page.location
      ? { kind: "location", locationName: page.location.name, ...orgNameField(services) }
      : { kind: "org", orgName: services.orgName },
    rows: rows.map((target) => ({ target, deleteToken: openParkDelete.sign(target, claims, key) })),
    start,
    ...(total !== undefined ? { total } : {}),
    ...(start > 0
      ? {
          previousToken: turnListPage.sign(
            { ...page, start: Math.max(0, start - LIST_PAGE_SIZE) },
            claims,
            key,
          ),
        }
      : {}),
    ...(hasMore
      ? { nextToken: turnListPage.sign({ ...page, start: start + rows.length }, claims, key) }
      : {}),
    expiresAt: claims.exp,
    now: services.clock.now(),
  });
  const posted = await ctx.reply(markdown, card);
  await Promise.all([
    recordCardMessage(services, claims, posted.id),
    services.audit.record({
      kind: "request",
      requester: { id: ctx.requester.personId, email: ctx.requester.email },
      orgId: services.actingOrgId,
      roomId: ctx.roomId,
      ...(page.location
        ? { target: { locationId: page.location.id, locationName: page.location.name } }
        : {}),
      result: `list-posted (${start + 1}–${start + rows.length})`,
      admittedBy: ctx.admittedBy,
      nonce: claims.nonce,
    }),
  ]);
}

function byExtension(a: CallParkExtension, b: CallParkExtension): number {
  return a.extension.localeCompare(b.extension, "en", { numeric: true });
}

function byLocationThenExtension(a: CallParkExtension, b: CallParkExtension): number {
  return (
    a.locationName.localeCompare(b.locationName) ||
    a.locationId.localeCompare(b.locationId) ||
    byExtension(a, b)
  );
}
