import { Router } from "express";
import { ApiError } from "../api-error.js";
import { callerOf } from "../caller-of.js";
import type { OrgRecord } from "../create-org-store.js";
import type { EmulatorContext } from "../emulator-context.js";
import { hasOrgAccess } from "../has-org-access.js";

/** `Organization` (webex-admin.json). The emulator's orgs all date from one fixed day. */
function renderOrganization(org: OrgRecord) {
  return { id: org.id, displayName: org.name, created: "2020-01-01T00:00:00.000Z" };
}

/**
 * Organizations "visible by your account" (List Organizations): the caller's own org and, for a
 * partner admin, every customer org it manages. Another org is a 404 on GET /organizations/{orgId},
 * as Webex does not reveal orgs you are not in. An org the seed does not hold (a guest's) is never
 * shown: the emulator knows nothing of it, not even its name.
 */
export function organizationsRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  const { store } = ctx;

  // "The results will not be paginated" (spec): no max, no Link.
  router.get("/organizations", (req, res) => {
    const caller = callerOf(ctx, req);
    const items = store.orgs.filter((org) => hasOrgAccess(store, caller, org.id)).map(renderOrganization);
    res.json({ items });
  });

  router.get("/organizations/:orgId", (req, res) => {
    const caller = callerOf(ctx, req);
    const org = store.orgById(req.params.orgId);
    if (!org || !hasOrgAccess(store, caller, org.id)) {
      throw new ApiError(404, "The requested resource could not be found.", {
        description: "Organization not found.",
      });
    }
    res.json(renderOrganization(org));
  });
  return router;
}
