import { Router } from "express";
import { renderLocation } from "../api-shapes.js";
import type { EmulatorContext } from "../emulator-context.js";
import { paginate } from "../paginate.js";
import { queryOf } from "../parse-input.js";
import { locationsRead, requireAdmin } from "../require-admin.js";

/** GET /locations, the general Locations API: `{ items }`, not `{ locations }`; the target org's only. */
export function locationsRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  const { store } = ctx;

  // Bots get 403 on every /locations path, including ones the emulator does not serve.
  router.use("/locations", (req, _res, next) => {
    requireAdmin(ctx, req, []);
    next();
  });

  router.get("/locations", (req, res) => {
    const { orgId } = requireAdmin(ctx, req, locationsRead);
    const query = queryOf(req);
    let locations = store.locationsOf(orgId);
    // "List locations whose name contains this string (case-insensitive)" (spec).
    if (query.name !== undefined) {
      const needle = query.name.toLowerCase();
      locations = locations.filter((l) => l.name.toLowerCase().includes(needle));
    }
    if (query.id !== undefined) locations = locations.filter((l) => l.id === query.id);
    const items = paginate(req, res, locations, { defaultMax: 500, cap: ctx.pageSizeCap }).map((l) =>
      renderLocation(l),
    );
    res.json({ items });
  });

  return router;
}
