import { isSameOrg } from "../src/webex/is-same-org.js";
import type { Requester, Services } from "./command.js";

export type RequesterCheck = { ok: true } | { ok: false; reason: "not-allowlisted" | "other-org" };

/**
 * Who may ask and confirm: someone on the allowlist, and a member of the org the admin token acts
 * on. An address at an allowed domain proves nothing about the org: any Webex org can hold people
 * with such addresses, and the bot must not act on its org for them. When the acting org is not
 * known (GET /people/me failed at start and WEBEX_ORG_ID is unset), nobody passes.
 */
export function checkRequester(requester: Requester, services: Services): RequesterCheck {
  if (!services.allowlist.isAllowed(requester.email)) return { ok: false, reason: "not-allowlisted" };
  if (!isSameOrg(requester.orgId, services.actingOrgId)) return { ok: false, reason: "other-org" };
  return { ok: true };
}
