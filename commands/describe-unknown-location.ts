import { escapeMarkdown } from "../src/cards/escape-markdown.js";

/** "I can't find a Webex Calling location named **HQ2**. Did you mean **HQ**, **HQ Annex**?" */
export function describeUnknownLocation(typed: string, suggestions: readonly string[]): string {
  const hint =
    suggestions.length > 0
      ? ` Did you mean ${suggestions.map((s) => `**${escapeMarkdown(s)}**`).join(", ")}?`
      : "";
  return `I can't find a Webex Calling location named **${escapeMarkdown(typed)}**.${hint}`;
}
