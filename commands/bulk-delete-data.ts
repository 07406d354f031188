import { z } from "zod";
import { escapeMarkdown } from "../src/cards/escape-markdown.js";
import type { ParkTarget } from "./park-target.js";

/** What a bulk card's buttons sign: the stashed set's hash, not the set (it may not fit a token). */
export const bulkDeleteDataSchema = z.object({
  setHash: z.string().min(1),
  count: z.number().int().positive(),
  /** Where, as the card says it ("HQ", "3 locations"): for results and the audit trail. */
  where: z.string().max(200),
  /** `delete all`: the location name the requester must type into the card. */
  typedLocation: z.string().optional(),
});
export type BulkDeleteData = z.output<typeof bulkDeleteDataSchema>;

/** "HQ", "HQ and Annex", "4 locations": where a set is, short enough for a token and a line. */
export function describeWhere(targets: readonly ParkTarget[]): string {
  const names = [...new Set(targets.map((t) => t.locationName))];
  if (names.length === 1) return (names[0] ?? "").slice(0, 200);
  if (names.length === 2) return `${names[0]} and ${names[1]}`.slice(0, 200);
  return `${names.length} locations`;
}

/** `at **HQ**`, or `at 4 locations`: escaped for a message. */
export function atWhere(where: string, locations: number): string {
  return locations > 2 ? `at ${escapeMarkdown(where)}` : `at **${escapeMarkdown(where)}**`;
}
