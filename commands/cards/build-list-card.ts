import { adaptiveCard, type CardElement, submitAction } from "../../src/cards/adaptive-card.js";
import { escapeMarkdown } from "../../src/cards/escape-markdown.js";
import { formatTime } from "../../src/cards/format-time.js";
import type { ParkTarget } from "../park-target.js";

export interface ListRow {
  target: ParkTarget;
  /** The row's Delete: opens a confirmation card, deletes nothing. */
  deleteToken: string;
}

export interface ListCardInput {
  /** One location's list, or the whole org's. */
  /** `orgName` on a location: the bot serves several orgs, and says which one this location is in. */
  scope: { kind: "location"; locationName: string; orgName?: string } | { kind: "org"; orgName: string };
  rows: ListRow[];
  /** Zero-based index of the first row in the whole list. */
  start: number;
  /** How many there are in all, when known (a location's list is read whole; the org's is not). */
  total?: number;
  previousToken?: string;
  nextToken?: string;
  expiresAt: number;
  /** The injected clock's time (ms), so the expiry names its date when it is not today. */
  now: number;
}

/**
 * A page of call park extensions: one row each (extension, name, a Delete button), grouped by
 * location when the page spans the org, with Previous/Next. Each row's button sits in its own
 * ActionSet in the body, so the card's own actions hold only the two paging buttons. Pure.
 */
export function buildListCard(input: ListCardInput): { markdown: string; card: Record<string, unknown> } {
  const where =
    input.scope.kind === "location"
      ? `at ${escapeMarkdown(input.scope.locationName)}${input.scope.orgName === undefined ? "" : ` in ${escapeMarkdown(input.scope.orgName)}`}`
      : `in ${escapeMarkdown(input.scope.orgName)}`;
  const first = input.start + 1;
  const last = input.start + input.rows.length;
  const range = input.total === undefined ? `${first}–${last}` : `${first}–${last} of ${input.total}`;
  const order = input.scope.kind === "location" ? "by extension" : "in Webex's order, grouped by location";
  const groups = groupByLocation(input.rows, input.scope.kind === "org");

  const body: CardElement[] = [
    {
      type: "TextBlock",
      text: `Call park extensions ${where}`,
      weight: "Bolder",
      size: "Medium",
      wrap: true,
    },
    { type: "TextBlock", text: `${range}, ${order}.`, isSubtle: true, spacing: "None", wrap: true },
  ];
  for (const group of groups) {
    if (group.heading !== undefined) {
      body.push({
        type: "TextBlock",
        text: escapeMarkdown(group.heading),
        weight: "Bolder",
        wrap: true,
        separator: true,
      });
    }
    for (const row of group.rows) body.push(rowElement(row));
  }
  body.push({
    type: "TextBlock",
    text: `Delete shows what will be deleted on a confirmation card first; nothing is deleted from this list. Expires ${formatTime(input.expiresAt, input.now)}.`,
    isSubtle: true,
    wrap: true,
    separator: true,
  });
  const actions: CardElement[] = [];
  if (input.previousToken) actions.push(submitAction("Previous", input.previousToken));
  if (input.nextToken) actions.push(submitAction("Next", input.nextToken));

  const lines = groups.flatMap((group) => [
    ...(group.heading !== undefined ? [`**${escapeMarkdown(group.heading)}**`] : []),
    ...group.rows.map(
      (row) => `- ${escapeMarkdown(row.target.extension)} (${escapeMarkdown(row.target.name)})`,
    ),
  ]);
  const markdown = `Call park extensions ${where} (${range}):\n${lines.join("\n")}\nOpen this message in a Webex app for the Delete${actions.length > 0 ? ", Previous and Next" : ""} buttons.`;
  return { markdown, card: adaptiveCard(body, actions) };
}

function rowElement(row: ListRow): CardElement {
  const { target } = row;
  return {
    type: "ColumnSet",
    columns: [
      {
        type: "Column",
        width: "auto",
        verticalContentAlignment: "Center",
        items: [{ type: "TextBlock", text: escapeMarkdown(target.extension), weight: "Bolder" }],
      },
      {
        type: "Column",
        width: "stretch",
        verticalContentAlignment: "Center",
        items: [{ type: "TextBlock", text: escapeMarkdown(target.name), wrap: true }],
      },
      {
        type: "Column",
        width: "auto",
        items: [
          {
            type: "ActionSet",
            actions: [submitAction(`Delete ${target.extension}`.slice(0, 40), row.deleteToken)],
          },
        ],
      },
    ],
  };
}

/** Consecutive rows of one location under one heading (org pages); one unheaded group otherwise. */
function groupByLocation(rows: ListRow[], headed: boolean): { heading?: string; rows: ListRow[] }[] {
  if (!headed) return [{ rows }];
  const groups: { heading: string; locationId: string; rows: ListRow[] }[] = [];
  for (const row of rows) {
    const last = groups.at(-1);
    if (last && last.locationId === row.target.locationId) last.rows.push(row);
    else groups.push({ heading: row.target.locationName, locationId: row.target.locationId, rows: [row] });
  }
  return groups;
}
