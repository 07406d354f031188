import type { ParseResult } from "./command.js";

export interface OrgsIntent {
  kind: "orgs";
}

const ORGS = /^(?:list\s+)?orgs?\b(.*)$/is;

/** `orgs` (also `org`, `list orgs`, `orgs and spaces`); `orgs <anything else>` is this command, malformed. */
export function parseOrgs(text: string): ParseResult<OrgsIntent> | undefined {
  const match = ORGS.exec(text.trim());
  if (!match) return undefined;
  const rest = (match[1] ?? "").replace(/[\s.!?]+$/, "").trim();
  if (rest === "" || /^(?:and\s+)?spaces?$/i.test(rest)) return { ok: true, intent: { kind: "orgs" } };
  return {
    ok: false,
    error: "`orgs` takes nothing after it: it lists the orgs I can manage and the spaces bound to each.",
  };
}
