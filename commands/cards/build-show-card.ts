import { adaptiveCard, submitAction } from "../../src/cards/adaptive-card.js";
import { escapeMarkdown } from "../../src/cards/escape-markdown.js";
import { formatTime } from "../../src/cards/format-time.js";
import type { ParkTarget } from "../park-target.js";

export interface ShowCardInput {
  target: ParkTarget;
  /** From the extension's details; Webex gives them when the location has a routing prefix. */
  routingPrefix?: string;
  esn?: string;
  orgName: string;
  /** The "used by" line (describeParkImpact) and what it did not check. */
  usedBy: string;
  notChecked: string;
  /** Opens the confirmation card; deletes nothing. */
  deleteToken: string;
  expiresAt: number;
  now: number;
}

/** One call park extension: what it is, where, and what uses it, with a Delete that asks first. Pure. */
export function buildShowCard(input: ShowCardInput): { markdown: string; card: Record<string, unknown> } {
  const { target } = input;
  const ext = escapeMarkdown(target.extension);
  const name = escapeMarkdown(target.name);
  const location = escapeMarkdown(target.locationName);
  const facts = [
    { title: "Extension", value: ext },
    { title: "Name", value: name },
    { title: "Location", value: location },
    ...(input.routingPrefix ? [{ title: "Routing prefix", value: escapeMarkdown(input.routingPrefix) }] : []),
    ...(input.esn ? [{ title: "ESN", value: escapeMarkdown(input.esn) }] : []),
    { title: "Organization", value: escapeMarkdown(input.orgName) },
    { title: "Used by", value: input.usedBy },
  ];
  const deleteTitle = `Delete ${target.extension}…`.slice(0, 40);
  const card = adaptiveCard(
    [
      { type: "TextBlock", text: `Call park extension ${ext}`, weight: "Bolder", size: "Medium", wrap: true },
      { type: "FactSet", facts },
      {
        type: "TextBlock",
        text: `${input.notChecked} ${escapeMarkdown(deleteTitle)} shows what will be deleted on a confirmation card first. Expires ${formatTime(input.expiresAt, input.now)}.`,
        wrap: true,
        isSubtle: true,
      },
    ],
    [submitAction(deleteTitle, input.deleteToken)],
  );
  const details = [
    input.routingPrefix ? `routing prefix ${escapeMarkdown(input.routingPrefix)}` : "",
    input.esn ? `ESN ${escapeMarkdown(input.esn)}` : "",
  ].filter(Boolean);
  const markdown =
    `Call park extension **${ext}** (${name}) at **${location}**${details.length > 0 ? `, ${details.join(", ")}` : ""}. ` +
    `Used by: ${input.usedBy} ${input.notChecked}`;
  return { markdown, card };
}
