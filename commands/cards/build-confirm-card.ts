import { adaptiveCard, submitAction } from "../../src/cards/adaptive-card.js";
import { escapeMarkdown } from "../../src/cards/escape-markdown.js";
import { formatTime } from "../../src/cards/format-time.js";
import type { ParkTarget } from "../park-target.js";

export interface ConfirmCardInput {
  target: ParkTarget;
  orgName: string;
  requester: { displayName: string; email: string };
  expiresAt: number;
  /** The injected clock's time (ms), so the expiry names its date when it is not today. */
  now: number;
  confirmToken: string;
  cancelToken: string;
  /** The "used by" line (describeParkImpact): the call park groups that lose it. */
  usedBy?: string;
  /** What the "used by" line did not check (MONITORING_NOT_CHECKED). */
  notChecked?: string;
}

/** The card that shows exactly what will be deleted, with its text fallback. Pure. */
export function buildConfirmCard(input: ConfirmCardInput): {
  markdown: string;
  card: Record<string, unknown>;
} {
  const { target } = input;
  const ext = escapeMarkdown(target.extension);
  const name = escapeMarkdown(target.name);
  const location = escapeMarkdown(target.locationName);
  const org = escapeMarkdown(input.orgName);
  const who = escapeMarkdown(input.requester.displayName || input.requester.email);
  const expires = formatTime(input.expiresAt, input.now);
  // The fallback names the buttons as they are titled: a reader without the card looks for them.
  const deleteTitle = `Delete ${target.extension}`.slice(0, 40);

  const card = adaptiveCard(
    [
      {
        type: "TextBlock",
        text: "Delete this call park extension?",
        weight: "Bolder",
        size: "Medium",
        wrap: true,
      },
      {
        type: "FactSet",
        facts: [
          { title: "Extension", value: ext },
          { title: "Name", value: name },
          { title: "Location", value: location },
          ...(input.usedBy !== undefined ? [{ title: "Used by", value: input.usedBy }] : []),
          { title: "Organization", value: org },
          { title: "Requested by", value: `${who} (${escapeMarkdown(input.requester.email)})` },
          { title: "Expires", value: expires },
        ],
      },
      {
        type: "TextBlock",
        text: `Phones with a line key for ${ext} stop parking calls there.${input.notChecked ? ` ${input.notChecked}` : ""} Only ${who} can confirm.`,
        wrap: true,
        isSubtle: true,
      },
    ],
    [submitAction(deleteTitle, input.confirmToken, "destructive"), submitAction("Cancel", input.cancelToken)],
  );

  const markdown =
    `**Confirm:** delete call park extension **${ext}** (${name}) at **${location}**, org ${org}? ` +
    (input.usedBy !== undefined ? `Used by: ${input.usedBy} ` : "") +
    `Requested by ${who}; expires ${expires}. Open this message in a Webex app to press **${escapeMarkdown(deleteTitle)}** or **Cancel**.`;
  return { markdown, card };
}
