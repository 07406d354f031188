import { Router } from "express";
import { ApiError } from "../api-error.js";
import { renderPerson } from "../api-shapes.js";
import { type Caller, callerOf } from "../caller-of.js";
import type { EmulatorContext } from "../emulator-context.js";
import { hasOrgAccess } from "../has-org-access.js";
import { paginate } from "../paginate.js";
import { param, queryOf } from "../parse-input.js";
import { targetOrgOf } from "../require-admin.js";

/** `GET /people?id=` takes at most this many ids (People spec). */
const maxIdsPerLookup = 85;

function isOrgAdmin(caller: Caller): boolean {
  return (
    caller.grant.kind !== "bot" &&
    caller.person.roles.length > 0 &&
    caller.grant.scopes.includes("spark-admin:people_read")
  );
}

/**
 * People: `/people/me`, `/people/{id}` and the list. The JS SDK batches `people.get(id)` as
 * `GET /people/?id=A,B&showAllTypes=false` (trailing slash) and reads `items` (and `notFoundIds`)
 * from the answer, so that exact form is served.
 */
export function peopleRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  const { store } = ctx;

  router.get("/people/me", (req, res) => {
    const caller = callerOf(ctx, req);
    res.json(renderPerson(caller.person, store));
  });

  router.get("/people/:personId", (req, res) => {
    const caller = callerOf(ctx, req);
    const person = store.people.get(param(req, "personId"));
    if (!person) throw new ApiError(404, "Person not found.", { description: "No person with that ID." });
    // Roles are shown to an admin of the person's org only (People spec): their own org's admin, or
    // a partner admin of that customer org. Which admin fields a partner sees is UNCONFIRMED; the
    // spec lets partners look people up in orgs they manage, so the emulator shows them roles too.
    const withRoles = isOrgAdmin(caller) && hasOrgAccess(store, caller, store.orgIdOf(person));
    res.json(renderPerson(person, store, { withRoles }));
  });

  router.get("/people", (req, res) => {
    const caller = callerOf(ctx, req);
    // orgId: "List people in this organization. Only admin users of another organization (such as
    // partners) may use this parameter." Without it the list is not narrowed to an org, as before.
    const orgId = targetOrgOf(ctx, req, caller);
    const query = queryOf(req);
    const ids = query.id
      ?.split(",")
      .map((id) => id.trim())
      .filter(Boolean);
    if (ids && ids.length > maxIdsPerLookup)
      throw new ApiError(400, `id accepts at most ${maxIdsPerLookup} person IDs.`);
    if (!ids && query.email === undefined && query.displayName === undefined && !isOrgAdmin(caller)) {
      throw new ApiError(400, "email, displayName or id is required.", {
        description: "Only admins may list people without email, displayName or id.",
      });
    }
    let people = [...store.people.values()];
    if (ids) people = ids.map((id) => store.people.get(id)).filter((p) => p !== undefined);
    if (query.orgId !== undefined) people = people.filter((p) => store.orgIdOf(p) === orgId);
    if (query.email !== undefined)
      people = people.filter((p) => p.email === query.email?.trim().toLowerCase());
    if (query.displayName !== undefined) {
      const prefix = query.displayName.toLowerCase();
      people = people.filter((p) => p.displayName.toLowerCase().startsWith(prefix));
    }
    const items = paginate(req, res, people, { defaultMax: 100, cap: ctx.pageSizeCap }).map((p) =>
      renderPerson(p, store),
    );
    if (ids) res.json({ items, notFoundIds: ids.filter((id) => !store.people.has(id)) });
    else res.json({ items });
  });

  return router;
}
