import { Router } from "express";
import { ApiError } from "../api-error.js";
import { callerOf } from "../caller-of.js";
import type { EmulatorContext } from "../emulator-context.js";

/**
 * GET /organizations/{orgId}: any member of the org may read its own organization (its display
 * name); another org's id is a 404, as Webex does not reveal orgs you are not in.
 */
export function organizationsRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  router.get("/organizations/:orgId", (req, res) => {
    callerOf(ctx, req);
    const { org } = ctx.store;
    if (req.params.orgId !== org.id) {
      throw new ApiError(404, "The requested resource could not be found.", {
        description: "Organization not found.",
      });
    }
    res.json({ id: org.id, displayName: org.name, created: "2020-01-01T00:00:00.000Z" });
  });
  return router;
}
