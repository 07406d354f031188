import { adaptiveCard, type CardElement, submitAction } from "../../src/cards/adaptive-card.js";
import { escapeMarkdown } from "../../src/cards/escape-markdown.js";
import { formatTime } from "../../src/cards/format-time.js";
import { inOrg, type ParkTarget } from "../park-target.js";

/** Webex allows at most five buttons on a card (Buttons and Cards guide). */
export const MAX_CHOICES = 5;

export interface ChooseLocationInput {
  /** How the user named it: "5555" or "Lobby Park". */
  asked: string;
  choices: { target: ParkTarget; token: string }[];
  expiresAt: number;
  /** The injected clock's time (ms), so the expiry names its date when it is not today. */
  now: number;
  /** When the bot serves several orgs: the one these locations are in. */
  orgName?: string;
}

/**
 * One button per location where the extension exists; pressing one leads to the confirm card.
 * The body lists the choices too, numbered as the buttons are: phones cut button titles short, so
 * "HQ Annex West (5555)" and "HQ Annex East (5555)" can look alike on the buttons alone. Pure.
 */
export function buildChooseLocationCard(input: ChooseLocationInput): {
  markdown: string;
  card: Record<string, unknown>;
} {
  const asked = escapeMarkdown(input.asked);
  const lines = input.choices.map(
    ({ target }) =>
      `- ${escapeMarkdown(target.extension)} (${escapeMarkdown(target.name)}) at ${escapeMarkdown(target.locationName)}`,
  );
  const card = adaptiveCard(
    [
      {
        type: "TextBlock",
        text: `${asked} exists at ${input.choices.length} locations${inOrg(input.orgName)}. Which one should I delete?`,
        weight: "Bolder",
        wrap: true,
      },
      {
        type: "TextBlock",
        text: `You will see what will be deleted and confirm on the next card. Expires ${formatTime(input.expiresAt, input.now)}.`,
        wrap: true,
        isSubtle: true,
      },
      ...input.choices.map(
        ({ target }, i): CardElement => ({
          type: "TextBlock",
          text: `${i + 1}. **${escapeMarkdown(target.locationName)}**: ${escapeMarkdown(target.extension)} (${escapeMarkdown(target.name)})`,
          wrap: true,
        }),
      ),
    ],
    input.choices.map(({ target, token }, i) =>
      submitAction(`${i + 1}. ${target.locationName} (${target.extension})`.slice(0, 60), token),
    ),
  );
  const markdown = `${asked} exists at ${input.choices.length} locations${inOrg(input.orgName)}:\n${lines.join("\n")}\nPick one on the card, or repeat your request with \`at <location>\` added.`;
  return { markdown, card };
}
