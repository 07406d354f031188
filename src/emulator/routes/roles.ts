import { Router } from "express";
import { adminRoles } from "../admin-roles.js";
import type { EmulatorContext } from "../emulator-context.js";
import { requireAdmin } from "../require-admin.js";

/**
 * GET /roles, admin only: maps the role IDs in a person's `roles` (shown to admins by
 * GET /people/{id}) to names, for clients that require the requester to be an admin.
 */
export function rolesRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  router.get("/roles", (req, res) => {
    // Role names are admin data, as `roles` on a person is: the same scope shows both.
    requireAdmin(ctx, req, ["spark-admin:people_read"]);
    res.json({ items: adminRoles.map((r) => ({ ...r })) });
  });
  return router;
}
