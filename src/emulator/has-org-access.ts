import type { Caller } from "./caller-of.js";
import type { OrgStore } from "./create-org-store.js";

/**
 * Whether the caller may see or act in `orgId`: their own org, or (for a partner administrator, one
 * of the main org's seeded admins, by their own token or a service app's) any customer org. Partner
 * rights come from Control Hub's customer assignment, not from a role, so they hold whatever admin
 * role the partner admin has. The bot is never a seeded admin, so its token has none.
 * Every per-org rule (telephony and locations targets, /organizations, roles on /people/{id})
 * asks this, so the one rule decides them all.
 */
export function hasOrgAccess(store: OrgStore, caller: Caller, orgId: string): boolean {
  if (orgId === store.orgIdOf(caller.person)) return true;
  return (
    store.isPartnerAdmin(caller.person.id) && store.customerOrgs.some((customer) => customer.id === orgId)
  );
}
