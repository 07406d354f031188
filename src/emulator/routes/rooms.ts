import { Router } from "express";
import { ApiError } from "../api-error.js";
import { renderRoom } from "../api-shapes.js";
import { callerOf } from "../caller-of.js";
import type { EmulatorContext } from "../emulator-context.js";
import { paginate } from "../paginate.js";
import { param, queryOf } from "../parse-input.js";

/** Rooms the caller is in; others answer 404, as if they did not exist. */
export function roomsRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  const { store } = ctx;

  router.get("/rooms/:roomId", (req, res) => {
    const caller = callerOf(ctx, req);
    const room = store.rooms.get(param(req, "roomId"));
    if (!room || !store.isMember(room.id, caller.person.id))
      throw new ApiError(404, "Could not find a room with provided ID.");
    res.json(renderRoom(room, store, caller.person.id));
  });

  router.get("/rooms", (req, res) => {
    const caller = callerOf(ctx, req);
    const query = queryOf(req);
    if (query.type !== undefined && query.type !== "direct" && query.type !== "group") {
      throw new ApiError(400, "Invalid type.", { description: "type must be direct or group." });
    }
    let rooms = [...store.rooms.values()].filter((room) => store.isMember(room.id, caller.person.id));
    if (query.type !== undefined) rooms = rooms.filter((room) => room.type === query.type);
    if (query.sortBy === "lastactivity") rooms.sort((a, b) => b.lastActivity.localeCompare(a.lastActivity));
    if (query.sortBy === "created") rooms.sort((a, b) => b.created.localeCompare(a.created));
    const items = paginate(req, res, rooms, { defaultMax: 100, cap: ctx.pageSizeCap }).map((room) =>
      renderRoom(room, store, caller.person.id),
    );
    res.json({ items });
  });

  return router;
}
