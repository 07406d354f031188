import { escapeMarkdown } from "../src/cards/escape-markdown.js";
import { FULL_ADMINISTRATOR } from "../src/create-admin-role-check.js";
import type { RequesterRefusal } from "./check-requester.js";

export interface RequesterRefusalWords {
  /** For the audit trail: the rule that refused (allowlist, org, role) and why. */
  rule: "allowlist" | "org" | "role";
  reason: string;
  /** For the person, about `what` (a command they typed, or a button they pressed). */
  text: string;
}

/** Webex does not say which locations a location administrator manages in a form we can check. */
const LOCATION_ADMINS =
  "Location administrators are not supported yet: Webex does not document how their locations map to Webex Calling locations, so I cannot limit one to theirs.";

/**
 * The sentence for someone the requester check refused. `typed`: they typed a command (name it);
 * otherwise they pressed a card button, and nothing was done.
 */
export function describeRequesterRefusal(
  refusal: RequesterRefusal,
  on: { typed: string } | { pressed: true },
): RequesterRefusalWords {
  const typed = "typed" in on ? `\`${on.typed}\`` : undefined;
  const nothing = "Nothing was deleted.";
  switch (refusal.reason) {
    case "not-allowlisted":
      return {
        rule: "allowlist",
        reason: typed ? "requester not allowlisted" : "confirmer no longer allowlisted",
        text: typed
          ? `Sorry, you are not on the list of admins allowed to use ${typed}. Ask the bot's owner to add you.`
          : `You are no longer on the list of allowed admins. ${nothing}`,
      };
    case "other-org":
      return {
        rule: "org",
        reason: typed ? "requester in another org" : "confirmer in another org",
        text: typed
          ? `Sorry, you are not a member of the org I manage, so you cannot use ${typed}.`
          : `You are not a member of the org I manage, so I did nothing. ${nothing}`,
      };
    case "not-full-admin": {
      // Names come from Webex (GET /roles): a custom role's name could hold markdown.
      const held = heldRolesOf(
        refusal.heldRoles.map((name) => escapeMarkdown(name)),
        refusal.unnamed,
      );
      const location = refusal.heldRoles.some((r) => /location/i.test(r)) ? ` ${LOCATION_ADMINS}` : "";
      return {
        rule: "role",
        reason: `not a ${FULL_ADMINISTRATOR} (holds ${heldRolesOf(refusal.heldRoles, refusal.unnamed)})`,
        text: `${typed ? `Sorry, ${typed} needs` : "That button needs"} the ${FULL_ADMINISTRATOR} role in Control Hub, and you hold ${held}.${location} ${
          typed
            ? "Ask a full administrator to do it, or to give you the role."
            : `So I did nothing. ${nothing}`
        }`,
      };
    }
    case "role-unverified":
      return {
        rule: "role",
        reason: "admin role could not be checked",
        text: typed
          ? `Sorry, I couldn't check your Control Hub role with Webex just now, so I won't run ${typed} (only a ${FULL_ADMINISTRATOR} may). Try again in a minute.`
          : `I couldn't check your Control Hub role with Webex just now, so I did nothing (only a ${FULL_ADMINISTRATOR} may press this). ${nothing} Try again in a minute.`,
      };
  }
}

function heldRolesOf(names: readonly string[], unnamed: number): string {
  const all = [
    ...names.map((n) => `“${n}”`),
    ...(unnamed > 0 ? [`${unnamed} role(s) Webex did not name`] : []),
  ];
  if (all.length === 0) return "no admin role";
  return all.length === 1 ? (all[0] ?? "") : `${all.slice(0, -1).join(", ")} and ${all.at(-1)}`;
}
