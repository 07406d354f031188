import { z } from "zod";
import { escapeMarkdown } from "../src/cards/escape-markdown.js";

/** One call park extension as a card shows it and a button acts on it: fixed when the card was posted. */
export const parkTargetSchema = z.object({
  callParkExtensionId: z.string().min(1),
  locationId: z.string().min(1),
  locationName: z.string(),
  extension: z.string(),
  name: z.string(),
});
export type ParkTarget = z.output<typeof parkTargetSchema>;

/** `**1234** (Lobby Park) at **HQ**`, escaped for Webex markdown. */
export function describeTarget(target: ParkTarget): string {
  return `**${escapeMarkdown(target.extension)}** (${escapeMarkdown(target.name)}) at **${escapeMarkdown(target.locationName)}**`;
}
