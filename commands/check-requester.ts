import { isSameOrg } from "../src/webex/is-same-org.js";
import type { Requester, Services } from "./command.js";

/** Which rules let the person through: for the audit trail. */
export type AdmittedBy = "allowlist" | "allowlist and Full Administrator role";

export type RequesterRefusal =
  | { ok: false; reason: "not-allowlisted" | "other-org" }
  /** `heldRoles`: the admin roles they do hold (named), `unnamed`: how many more they hold. */
  | { ok: false; reason: "not-full-admin"; heldRoles: readonly string[]; unnamed: number }
  /** Webex could not tell (down, or it hid the roles): refused, never allowed on doubt. */
  | { ok: false; reason: "role-unverified"; err?: unknown };

export type RequesterCheck = { ok: true; admittedBy: AdmittedBy } | RequesterRefusal;

/** The rules a person who passed checkRequester passed: the audit trail says which. */
export function admittedByRules(services: Services): AdmittedBy {
  return services.adminRoles ? "allowlist and Full Administrator role" : "allowlist";
}

/**
 * Who may ask and confirm, cheapest rule first so a stranger costs no Webex call:
 * 1. on the allowlist;
 * 2. a member of the org the admin token acts on — an address at an allowed domain proves nothing
 *    about the org, since any Webex org can hold people with such addresses; when the acting org
 *    is not known (GET /people/me failed at start and WEBEX_ORG_ID is unset), nobody passes;
 * 3. with REQUIRE_WEBEX_ADMIN, Full Administrator of that org in Control Hub, read with the admin
 *    token (cached briefly): the bot must never let a person do with the org's token what that
 *    person could not do in Control Hub.
 */
export async function checkRequester(requester: Requester, services: Services): Promise<RequesterCheck> {
  if (!services.allowlist.isAllowed(requester.email)) return { ok: false, reason: "not-allowlisted" };
  if (!isSameOrg(requester.orgId, services.actingOrgId)) return { ok: false, reason: "other-org" };
  if (!services.adminRoles) return { ok: true, admittedBy: admittedByRules(services) };
  const role = await services.adminRoles.check(requester.personId, services.actingOrgId);
  if (role.ok) return { ok: true, admittedBy: admittedByRules(services) };
  switch (role.reason) {
    case "not-full-admin":
      return { ok: false, reason: "not-full-admin", heldRoles: role.heldRoles, unnamed: role.unnamed };
    case "other-org":
      return { ok: false, reason: "other-org" };
    case "unverified":
      return { ok: false, reason: "role-unverified", ...(role.err === undefined ? {} : { err: role.err }) };
  }
}
