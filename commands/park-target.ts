import { z } from "zod";
import { escapeMarkdown } from "../src/cards/escape-markdown.js";
import type { Services } from "./command.js";

/** One call park extension as a card shows it and a button acts on it: fixed when the card was posted. */
export const parkTargetSchema = z.object({
  callParkExtensionId: z.string().min(1),
  locationId: z.string().min(1),
  locationName: z.string(),
  extension: z.string(),
  name: z.string(),
});
export type ParkTarget = z.output<typeof parkTargetSchema>;

/** `**1234** (Lobby Park) at **HQ**` (then ` in **Acme**` when `orgName` is given), escaped for Webex markdown. */
export function describeTarget(target: ParkTarget, orgName?: string): string {
  return `**${escapeMarkdown(target.extension)}** (${escapeMarkdown(target.name)}) at **${escapeMarkdown(target.locationName)}**${inOrg(orgName)}`;
}

/** `{ orgName }` for a card's input when the bot serves several orgs, else nothing. */
export function orgNameField(services: Services): { orgName?: string } {
  const orgName = resultOrgName(services);
  return orgName === undefined ? {} : { orgName };
}

/** ` in **Acme**`, or nothing without an org name. */
export function inOrg(orgName: string | undefined): string {
  return orgName === undefined ? "" : ` in **${escapeMarkdown(orgName)}**`;
}

/**
 * The org a result names: when the bot serves several orgs (WEBEX_ORG_SPACES), every result says
 * which one it acted on; with one org it is on the card already and said nowhere else.
 */
export function resultOrgName(services: Services): string | undefined {
  return services.orgSpaces.size > 0 ? services.orgName : undefined;
}
