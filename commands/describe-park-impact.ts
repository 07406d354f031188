import { escapeMarkdown } from "../src/cards/escape-markdown.js";
import type { ParkImpact } from "./read-park-impact.js";

/** Said wherever an impact is shown: what was not checked, and why. */
export const MONITORING_NOT_CHECKED =
  "People's and workspaces' monitoring lists (line keys) are not checked: Webex has no reverse lookup, and reading every list costs one call per user.";

/** The "used by" line: the call park groups that hold the extension, and whether that is the whole answer. */
export function describeParkImpact(impact: ParkImpact, locationName: string): string {
  if (impact.kind === "unknown") return "Call park groups: I couldn't check them just now.";
  const at = escapeMarkdown(locationName);
  const groups =
    impact.groups.length > 0
      ? `Call park group${impact.groups.length > 1 ? "s" : ""} ${impact.groups.map((g) => `**${escapeMarkdown(g.name)}**`).join(", ")}`
      : `No call park group at ${at}`;
  const partial =
    impact.checked < impact.total
      ? ` (I checked only the first ${impact.checked} of the ${impact.total} call park groups at ${at}.)`
      : "";
  return `${groups}.${partial}`;
}
