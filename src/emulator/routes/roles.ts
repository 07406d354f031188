import { Router } from "express";
import { fullAdministratorRole } from "../create-org-store.js";
import type { EmulatorContext } from "../emulator-context.js";
import { requireAdmin } from "../require-admin.js";

/**
 * GET /roles, admin only: maps the role IDs in a person's `roles` (shown to admins by
 * GET /people/{id}) to names, for clients that require the requester to be an admin.
 */
export function rolesRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  router.get("/roles", (req, res) => {
    requireAdmin(ctx, req, []);
    res.json({ items: [{ ...fullAdministratorRole }] });
  });
  return router;
}
