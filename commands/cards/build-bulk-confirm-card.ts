import { adaptiveCard, submitAction } from "../../src/cards/adaptive-card.js";
import { escapeMarkdown } from "../../src/cards/escape-markdown.js";
import { formatTime } from "../../src/cards/format-time.js";
import type { ParkTarget } from "../park-target.js";

/** The id of the text box `delete all` asks the location's name in; read by the confirm action. */
export const TYPED_LOCATION_INPUT = "typedLocation";

/** How many extensions the card names before "and N more": enough to recognise the set. */
export const MAX_NAMED = 10;
/** How many "not found" numbers the card names before a count. */
const MAX_NOT_FOUND = 20;

export interface GroupLoss {
  name: string;
  locationName: string;
  /** The numbers of the set it holds. */
  extensions: string[];
}

export interface BulkConfirmCardInput {
  targets: readonly ParkTarget[];
  notFound: readonly string[];
  ambiguous: readonly { extension: string; locationNames: string[] }[];
  /** The call park groups that lose members; undefined when they could not be read. */
  groupLosses: readonly GroupLoss[] | undefined;
  /** True when a location had more groups than were read. */
  groupsPartial: boolean;
  orgName: string;
  requester: { displayName: string; email: string };
  expiresAt: number;
  now: number;
  confirmToken: string;
  cancelToken: string;
  /** `delete all`: the location name to type before Delete works. */
  typeToConfirm?: string;
  /** What the groups line did not check (MONITORING_NOT_CHECKED). */
  notChecked: string;
}

/** The one card of a bulk delete: how many, where, the first ones, what groups lose. Pure. */
export function buildBulkConfirmCard(input: BulkConfirmCardInput): {
  markdown: string;
  card: Record<string, unknown>;
} {
  const count = input.targets.length;
  const byLocation = groupByLocation(input.targets);
  const who = escapeMarkdown(input.requester.displayName || input.requester.email);
  const expires = formatTime(input.expiresAt, input.now);
  const deleteTitle = `Delete ${count}`;
  const onlyLocation = byLocation.size === 1 ? escapeMarkdown([...byLocation.keys()][0] ?? "") : undefined;
  const where = onlyLocation !== undefined ? `at ${onlyLocation}` : `at ${byLocation.size} locations`;
  const whereBold = onlyLocation !== undefined ? `at **${onlyLocation}**` : where;
  const noun = count === 1 ? "call park extension" : "call park extensions";

  const named: string[] = [];
  let left = MAX_NAMED;
  for (const [locationName, targets] of byLocation) {
    const shown = targets.slice(0, Math.max(0, left));
    left -= shown.length;
    const rest = targets.length - shown.length;
    const list = shown.map((t) => `${escapeMarkdown(t.extension)} (${escapeMarkdown(t.name)})`).join(", ");
    named.push(
      `**${escapeMarkdown(locationName)}** — ${targets.length}: ${list}${rest > 0 ? `${shown.length > 0 ? "," : ""} and ${rest} more` : ""}`,
    );
  }
  const groups = describeGroupLosses(input.groupLosses, input.groupsPartial);
  const facts = [
    { title: "Extensions", value: `${count} ${where}` },
    { title: "Call park groups", value: groups },
    ...(input.notFound.length > 0 ? [{ title: "Not found", value: listNumbers(input.notFound) }] : []),
    ...(input.ambiguous.length > 0
      ? [
          {
            title: "Left out",
            value: `${input.ambiguous
              .slice(0, MAX_NOT_FOUND)
              .map(
                (a) =>
                  `${escapeMarkdown(a.extension)} (at ${a.locationNames.map((n) => escapeMarkdown(n)).join(", ")})`,
              )
              .join(", ")}: at several locations; name the location to delete those`,
          },
        ]
      : []),
    { title: "Organization", value: escapeMarkdown(input.orgName) },
    { title: "Requested by", value: `${who} (${escapeMarkdown(input.requester.email)})` },
    { title: "Expires", value: expires },
  ];
  const typed = input.typeToConfirm;
  const card = adaptiveCard(
    [
      { type: "TextBlock", text: `Delete ${count} ${noun}?`, weight: "Bolder", size: "Medium", wrap: true },
      ...named.map((text) => ({ type: "TextBlock", text, wrap: true })),
      { type: "FactSet", facts },
      {
        type: "TextBlock",
        text: `Phones with line keys for these extensions stop parking calls there. ${input.notChecked} Only ${who} can confirm.`,
        wrap: true,
        isSubtle: true,
      },
      ...(typed !== undefined
        ? [
            {
              type: "Input.Text",
              id: TYPED_LOCATION_INPUT,
              label: `To delete every call park extension at ${typed}, type the location's name:`,
              placeholder: typed,
              maxLength: 80,
            },
          ]
        : []),
    ],
    [submitAction(deleteTitle, input.confirmToken, "destructive"), submitAction("Cancel", input.cancelToken)],
  );

  const markdown =
    `**Confirm:** delete ${count} ${noun} ${whereBold}, org ${escapeMarkdown(input.orgName)}? ${named.join("; ")}. ` +
    `Call park groups: ${groups} ` +
    (input.notFound.length > 0 ? `Not found: ${listNumbers(input.notFound)}. ` : "") +
    (typed !== undefined ? `Type **${escapeMarkdown(typed)}** in the card to confirm. ` : "") +
    `Requested by ${who}; expires ${expires}. Open this message in a Webex app to press **${deleteTitle}** or **Cancel**.`;
  return { markdown, card };
}

function groupByLocation(targets: readonly ParkTarget[]): Map<string, ParkTarget[]> {
  const byLocation = new Map<string, ParkTarget[]>();
  for (const t of targets) byLocation.set(t.locationName, [...(byLocation.get(t.locationName) ?? []), t]);
  return byLocation;
}

function describeGroupLosses(losses: readonly GroupLoss[] | undefined, partial: boolean): string {
  if (losses === undefined) return "I couldn't check them just now.";
  const text =
    losses.length === 0
      ? "none lose members."
      : `${losses
          .map(
            (g) =>
              `**${escapeMarkdown(g.name)}** (${escapeMarkdown(g.locationName)}) loses ${g.extensions.length}: ${listNumbers(g.extensions)}`,
          )
          .join("; ")}.`;
  return partial ? `${text} (Some locations have more call park groups than I read.)` : text;
}

function listNumbers(numbers: readonly string[]): string {
  const shown = numbers.slice(0, MAX_NOT_FOUND).map((n) => escapeMarkdown(n));
  const rest = numbers.length - shown.length;
  return `${shown.join(", ")}${rest > 0 ? ` and ${rest} more` : ""}`;
}
