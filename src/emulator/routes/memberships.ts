import { Router } from "express";
import { ApiError } from "../api-error.js";
import { type Membership, renderMembership } from "../api-shapes.js";
import { callerOf } from "../caller-of.js";
import type { EmulatorContext } from "../emulator-context.js";
import { paginate } from "../paginate.js";
import { param, queryOf } from "../parse-input.js";

/**
 * Memberships, read-only. The node bot framework lists `{ roomId, personId: botId }`, `{ roomId }`
 * and, at start-up, `{ max }` alone (the caller's own memberships in every room).
 */
export function membershipsRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  const { store } = ctx;

  router.get("/memberships/:membershipId", (req, res) => {
    const caller = callerOf(ctx, req);
    const membership = store.memberships.get(param(req, "membershipId"));
    const shape =
      membership && store.isMember(membership.roomId, caller.person.id)
        ? renderMembership(membership, store)
        : undefined;
    if (!shape) throw new ApiError(404, "Could not find the membership.");
    res.json(shape);
  });

  router.get("/memberships", (req, res) => {
    const caller = callerOf(ctx, req);
    const query = queryOf(req);
    let memberships = [...store.memberships.values()];
    if (query.roomId === undefined) {
      if (query.personId !== undefined || query.personEmail !== undefined) {
        throw new ApiError(400, "roomId is required when filtering by personId or personEmail.");
      }
      memberships = memberships.filter((m) => m.personId === caller.person.id);
    } else {
      const room = store.rooms.get(query.roomId);
      if (!room || !store.isMember(room.id, caller.person.id))
        throw new ApiError(404, "Could not find a room with provided ID.");
      memberships = memberships.filter((m) => m.roomId === room.id);
      if (query.personId !== undefined)
        memberships = memberships.filter((m) => m.personId === query.personId);
      if (query.personEmail !== undefined) {
        const person = store.personByEmail(query.personEmail);
        memberships = memberships.filter((m) => m.personId === person?.id);
      }
    }
    const items = paginate(req, res, memberships, { defaultMax: 100, cap: ctx.pageSizeCap })
      .map((m) => renderMembership(m, store))
      .filter((m): m is Membership => m !== undefined);
    res.json({ items });
  });

  return router;
}
