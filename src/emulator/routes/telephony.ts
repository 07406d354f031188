import { Router } from "express";
import { z } from "zod";
import { ApiError } from "../api-error.js";
import {
  renderCallPark,
  renderCallParkDetails,
  renderCallParkExtension,
  renderCallParkExtensionDetails,
  renderTelephonyLocation,
} from "../api-shapes.js";
import type { CallParkExtensionRecord, CallParkRecord, LocationRecord } from "../create-org-store.js";
import type { EmulatorContext } from "../emulator-context.js";
import { paginate } from "../paginate.js";
import { param, parseBody, queryOf } from "../parse-input.js";
import { requireAdmin, telephonyRead, telephonyWrite } from "../require-admin.js";

// Call park extension fields (PostCallParkExtensionObject): name up to 30 characters, extension
// 2–10 characters (digits here; the spec gives only the length).
const name = z.string().trim().min(1).max(30);
const extension = z.string().regex(/^\d{2,10}$/, { error: "extension must be 2 to 10 digits" });
const createSchema = z.object({ name, extension });
const updateSchema = z.object({ name: name.optional(), extension: extension.optional() });

/**
 * What a create or update answers when the extension number is already a call park extension of
 * the location. UNCONFIRMED (next-features Q1.1: the spec lists only the generic 400 and 409
 * texts; no source shows the real answer). The emulator says 400 with the error code and text of
 * the spec's validateExtensions example ("[Error 9495] The extension is not available. It is
 * already assigned as a Call Park Extension"), because telephony errors in wxc_sdk's tests are
 * usually a 400 with `errors[].errorCode` set. Clients should treat 400 and 409 alike.
 */
export const DUPLICATE_EXTENSION_STATUS = 400;
const DUPLICATE_EXTENSION_ERROR_CODE = 9495;

/**
 * What a call park write answers when its body names something it may not: a member that is not
 * a call park extension of the location, one already in another call park, an unknown agent or
 * hunt group, a name another call park of the location has. The spec gives no specific error for
 * any of these (UNCONFIRMED); a reference in the body is a bad request, so 400.
 */
export const CALL_PARK_REFUSED_STATUS = 400;

// Call park fields (PostCallParkObject / ModifyCallParkObject, PutRecallHuntGroupObject).
const callParkName = z.string().trim().min(1).max(80);
const recall = z.object({
  huntGroupId: z.string().min(1).optional(),
  option: z.enum([
    "ALERT_PARKING_USER_ONLY",
    "ALERT_PARKING_USER_FIRST_THEN_HUNT_GROUP",
    "ALERT_HUNT_GROUP_ONLY",
  ]),
});
const idList = z.array(z.string().min(1));
// PostCallParkObject requires name and recall; the rest is optional.
const callParkCreateSchema = z.object({
  name: callParkName,
  recall,
  agents: idList.optional(),
  parkOnAgentsEnabled: z.boolean().optional(),
  callParkExtensions: idList.optional(),
});
// ModifyCallParkObject: every field optional.
const callParkUpdateSchema = callParkCreateSchema.partial();

/** Case-insensitive "contains". */
function contains(haystack: string, needle: string): boolean {
  return haystack.toLowerCase().includes(needle.toLowerCase());
}

type Sorter = (a: CallParkExtensionRecord, b: CallParkExtensionRecord) => number;

/**
 * `order` for call park extensions: fields `groupName`, `callParkExtension`,
 * `callParkExtensionName`, `callParkExtensionExternalId`, joined by `|` or `,`, each optionally
 * `-asc`/`-desc`. Unknown fields are refused with 400 rather than ignored.
 */
function extensionOrder(
  order: string,
  locationName: (cpe: CallParkExtensionRecord) => string,
): Sorter | undefined {
  const sorters = order
    .split(/[|,]/)
    .filter(Boolean)
    .map((part): Sorter => {
      const [field = "", direction = "asc"] = part.split("-");
      const sign = direction.toLowerCase() === "desc" ? -1 : 1;
      const compareBy =
        (key: (c: CallParkExtensionRecord) => string): Sorter =>
        (a, b) =>
          sign * key(a).localeCompare(key(b), "en", { numeric: true });
      switch (field) {
        case "groupName":
          return compareBy(locationName);
        case "callParkExtension":
          return compareBy((c) => c.extension);
        case "callParkExtensionName":
          return compareBy((c) => c.name);
        case "callParkExtensionExternalId":
          return compareBy((c) => c.id);
        default:
          throw new ApiError(400, "Invalid order.", {
            description: `Unknown sort field "${field}"; use groupName, callParkExtension, callParkExtensionName or callParkExtensionExternalId.`,
          });
      }
    });
  if (sorters.length === 0) return undefined;
  return (a, b) => {
    for (const sorter of sorters) {
      const result = sorter(a, b);
      if (result !== 0) return result;
    }
    return 0;
  };
}

/** Read the List of Call Parks: "Default is 2000" (spec); the emulator's page cap still applies. */
const CALL_PARK_DEFAULT_MAX = 2000;

/**
 * Webex Calling config: locations, call park extensions and call parks. Admin tokens only (a bot token gets
 * 403); reads need telephony_config_read, writes telephony_config_write. Every request acts on one
 * org (requireAdmin's target: `orgId`, else the caller's own) and sees only that org's records:
 * another org's location or extension id is a 404, exactly as an unknown id.
 */
export function telephonyRoutes(ctx: EmulatorContext): Router {
  const router = Router();
  const { store } = ctx;

  // Every telephony path, known to the emulator or not, is refused to a bot before anything else.
  router.use("/telephony", (req, _res, next) => {
    requireAdmin(ctx, req, []);
    next();
  });

  function locationOf(req: Parameters<typeof param>[0], orgId: string): LocationRecord {
    const location = store.locations.get(param(req, "locationId"));
    if (!location || location.orgId !== orgId)
      throw new ApiError(404, "Location not found.", {
        description: "No Webex Calling location with that ID.",
      });
    return location;
  }

  /** The extension, which must belong to the location in the path: another location's is 404. */
  function extensionIn(location: LocationRecord, cpeId: string): CallParkExtensionRecord {
    const cpe = store.callParkExtensions.get(cpeId);
    if (!cpe || cpe.locationId !== location.id) {
      throw new ApiError(404, "Call park extension not found.", {
        description: "No call park extension with that ID at this location.",
      });
    }
    return cpe;
  }

  /** The call park, which must belong to the location in the path: another location's is 404. */
  function callParkIn(location: LocationRecord, callParkId: string): CallParkRecord {
    const callPark = store.callParks.get(callParkId);
    if (!callPark || callPark.locationId !== location.id) {
      throw new ApiError(404, "Call park not found.", {
        description: "No call park with that ID at this location.",
      });
    }
    return callPark;
  }

  function assertFreeExtension(location: LocationRecord, wanted: string, except?: string): void {
    for (const cpe of store.callParkExtensions.values()) {
      if (cpe.locationId === location.id && cpe.extension === wanted && cpe.id !== except) {
        throw new ApiError(DUPLICATE_EXTENSION_STATUS, "Extension already in use.", {
          description: `[Error ${DUPLICATE_EXTENSION_ERROR_CODE}] The extension is not available. It is already assigned as a Call Park Extension: ${wanted}.`,
          errorCode: DUPLICATE_EXTENSION_ERROR_CODE,
        });
      }
    }
  }

  const refuse = (message: string, description: string) =>
    new ApiError(CALL_PARK_REFUSED_STATUS, message, { description });

  function assertNoRepeats(ids: readonly string[], what: string): void {
    if (new Set(ids).size !== ids.length) throw refuse(`Invalid ${what}.`, `${what} lists an ID twice.`);
  }

  /**
   * A call park's members: call park extensions of the location in the path (another location's,
   * or an unknown ID, is refused). A member of another call park is refused too: whether an
   * extension may be in two call parks is UNCONFIRMED (next-features Q2a), and wxc_sdk's tests only
   * use extensions "not yet assigned to a call park group", so the emulator allows one.
   */
  function membersFor(location: LocationRecord, ids: readonly string[], self?: CallParkRecord): string[] {
    assertNoRepeats(ids, "callParkExtensions");
    for (const id of ids) {
      const cpe = store.callParkExtensions.get(id);
      if (!cpe || cpe.locationId !== location.id)
        throw refuse(
          "Invalid call park extension.",
          `${id} is not a call park extension of location ${location.name}.`,
        );
      for (const other of store.callParks.values()) {
        if (other !== self && other.callParkExtensionIds.includes(id))
          throw refuse(
            "Call park extension already assigned.",
            `Call park extension ${cpe.extension} is already assigned to call park ${other.name}.`,
          );
      }
    }
    return [...ids];
  }

  /** Agents: people of the location's org (the emulator has no workspaces or virtual lines). */
  function agentsFor(location: LocationRecord, ids: readonly string[]): string[] {
    assertNoRepeats(ids, "agents");
    for (const id of ids) {
      const person = store.people.get(id);
      if (person?.type !== "person" || store.orgIdOf(person) !== location.orgId)
        throw refuse(
          "Invalid agent.",
          `${id} is not a person, workspace or virtual line of this organization.`,
        );
    }
    return [...ids];
  }

  /**
   * The emulator has no hunt groups, so only ALERT_PARKING_USER_ONLY can be stored: a huntGroupId
   * names a hunt group that does not exist, and the other options need one.
   */
  function assertRecall(value: z.output<typeof recall>): void {
    if (value.huntGroupId !== undefined)
      throw refuse("Invalid recall hunt group.", `No hunt group with ID ${value.huntGroupId}.`);
    if (value.option !== "ALERT_PARKING_USER_ONLY")
      throw refuse("Invalid recall.", `${value.option} needs recall.huntGroupId.`);
  }

  /** "Unique name for the call park" (spec); two call parks of a location may not share one. */
  function assertFreeCallParkName(location: LocationRecord, wanted: string, self?: CallParkRecord): void {
    for (const other of store.callParks.values()) {
      if (other !== self && other.locationId === location.id && other.name === wanted)
        throw refuse(
          "Call park name already in use.",
          `Location ${location.name} has a call park named ${wanted}.`,
        );
    }
  }

  router.get("/telephony/config/locations", (req, res) => {
    const { orgId } = requireAdmin(ctx, req, telephonyRead);
    const query = queryOf(req);
    let locations = store.locationsOf(orgId);
    // "List locations whose name contains this string" (spec).
    if (query.name !== undefined) locations = locations.filter((l) => contains(l.name, query.name ?? ""));
    if (query.order !== undefined) {
      const [field, direction = "asc"] = query.order.split("-");
      if (field !== "name")
        throw new ApiError(400, "Invalid order.", {
          description: "Locations sort by name only (name-asc, name-desc).",
        });
      const sign = direction.toLowerCase() === "desc" ? -1 : 1;
      locations.sort((a, b) => sign * a.name.localeCompare(b.name));
    }
    const page = paginate(req, res, locations, { defaultMax: ctx.pageSizeCap, cap: ctx.pageSizeCap });
    res.json({ locations: page.map(renderTelephonyLocation) });
  });

  router.get("/telephony/config/callParkExtensions", (req, res) => {
    const { orgId } = requireAdmin(ctx, req, telephonyRead);
    const query = queryOf(req);
    const locationName = (cpe: CallParkExtensionRecord) => store.locations.get(cpe.locationId)?.name ?? "";
    // Exact or substring matching is UNCONFIRMED; the emulator takes the harsher reading
    // (substring, case-insensitive for names) so that clients must re-check exact equality.
    let items = store.callParkExtensionsOf(orgId);
    if (query.locationId !== undefined) items = items.filter((c) => c.locationId === query.locationId);
    if (query.locationName !== undefined)
      items = items.filter((c) => contains(locationName(c), query.locationName ?? ""));
    if (query.extension !== undefined)
      items = items.filter((c) => c.extension.includes(query.extension ?? ""));
    if (query.name !== undefined) items = items.filter((c) => contains(c.name, query.name ?? ""));
    const sorter = query.order === undefined ? undefined : extensionOrder(query.order, locationName);
    if (sorter) items.sort(sorter);
    const page = paginate(req, res, items, { defaultMax: ctx.pageSizeCap, cap: ctx.pageSizeCap });
    const callParkExtensions = page.flatMap((cpe) => {
      const location = store.locations.get(cpe.locationId);
      return location ? [renderCallParkExtension(cpe, location, ctx.callParkLocationField)] : [];
    });
    res.json({ callParkExtensions });
  });

  router.post("/telephony/config/locations/:locationId/callParkExtensions", (req, res) => {
    const { orgId } = requireAdmin(ctx, req, telephonyWrite);
    const location = locationOf(req, orgId);
    const body = parseBody(createSchema, req.body);
    assertFreeExtension(location, body.extension);
    const cpe = store.addCallParkExtension(location.id, body.extension, body.name);
    ctx.emit({ kind: "callParkExtension.created", id: cpe.id, locationId: location.id });
    res.status(201).json({ id: cpe.id });
  });

  router.get("/telephony/config/locations/:locationId/callParkExtensions/:cpeId", (req, res) => {
    const { orgId } = requireAdmin(ctx, req, telephonyRead);
    const location = locationOf(req, orgId);
    res.json(renderCallParkExtensionDetails(extensionIn(location, param(req, "cpeId")), location));
  });

  router.put("/telephony/config/locations/:locationId/callParkExtensions/:cpeId", (req, res) => {
    const { orgId } = requireAdmin(ctx, req, telephonyWrite);
    const location = locationOf(req, orgId);
    const cpe = extensionIn(location, param(req, "cpeId"));
    const body = parseBody(updateSchema, req.body);
    if (body.extension !== undefined) assertFreeExtension(location, body.extension, cpe.id);
    if (body.name !== undefined) cpe.name = body.name;
    if (body.extension !== undefined) cpe.extension = body.extension;
    ctx.emit({ kind: "callParkExtension.updated", id: cpe.id, locationId: location.id });
    res.status(204).end();
  });

  router.delete("/telephony/config/locations/:locationId/callParkExtensions/:cpeId", (req, res) => {
    const { orgId } = requireAdmin(ctx, req, telephonyWrite);
    const location = locationOf(req, orgId);
    const cpe = extensionIn(location, param(req, "cpeId"));
    store.deleteCallParkExtension(cpe.id);
    ctx.emit({ kind: "callParkExtension.deleted", id: cpe.id, locationId: location.id });
    res.status(204).end();
  });

  router.get("/telephony/config/locations/:locationId/callParks", (req, res) => {
    const { orgId } = requireAdmin(ctx, req, telephonyRead);
    const location = locationOf(req, orgId);
    const query = queryOf(req);
    // "Sort the list of call parks by name, either ASC or DSC. Default is ASC." (spec)
    const order = query.order ?? "ASC";
    if (order !== "ASC" && order !== "DSC")
      throw new ApiError(400, "Invalid order.", { description: "Call parks sort by name, ASC or DSC." });
    let callParks = [...store.callParks.values()].filter((c) => c.locationId === location.id);
    // "Return the list of call parks that contains the given name." (spec)
    if (query.name !== undefined) callParks = callParks.filter((c) => contains(c.name, query.name ?? ""));
    const sign = order === "DSC" ? -1 : 1;
    callParks.sort((a, b) => sign * a.name.localeCompare(b.name));
    const page = paginate(req, res, callParks, { defaultMax: CALL_PARK_DEFAULT_MAX, cap: ctx.pageSizeCap });
    res.json({ callParks: page.map((c) => renderCallPark(c, location)) });
  });

  router.get("/telephony/config/locations/:locationId/callParks/:callParkId", (req, res) => {
    const { orgId } = requireAdmin(ctx, req, telephonyRead);
    const location = locationOf(req, orgId);
    res.json(renderCallParkDetails(callParkIn(location, param(req, "callParkId")), store));
  });

  // "Create a Call Park": 201 { id } (spec).
  router.post("/telephony/config/locations/:locationId/callParks", (req, res) => {
    const { orgId } = requireAdmin(ctx, req, telephonyWrite);
    const location = locationOf(req, orgId);
    const body = parseBody(callParkCreateSchema, req.body);
    assertRecall(body.recall);
    assertFreeCallParkName(location, body.name);
    const callPark = store.addCallPark(location, {
      name: body.name,
      callParkExtensionIds: membersFor(location, body.callParkExtensions ?? []),
      agentIds: agentsFor(location, body.agents ?? []),
      parkOnAgentsEnabled: body.parkOnAgentsEnabled ?? false,
    });
    ctx.emit({ kind: "callPark.created", id: callPark.id, locationId: location.id });
    res.status(201).json({ id: callPark.id });
  });

  // "Update a Call Park": 200 { id }; "The Call Park ID will change upon modification of the Call
  // Park name" (spec). A list that is sent replaces the stored one (the spec says so for agents;
  // for callParkExtensions it is UNCONFIRMED, next-features Q2a); one not sent is kept.
  router.put("/telephony/config/locations/:locationId/callParks/:callParkId", (req, res) => {
    const { orgId } = requireAdmin(ctx, req, telephonyWrite);
    const location = locationOf(req, orgId);
    const callPark = callParkIn(location, param(req, "callParkId"));
    const body = parseBody(callParkUpdateSchema, req.body);
    if (body.recall !== undefined) assertRecall(body.recall);
    if (body.name !== undefined) assertFreeCallParkName(location, body.name, callPark);
    // Check everything before changing anything: a refused PUT leaves the call park as it was.
    const members =
      body.callParkExtensions === undefined
        ? undefined
        : membersFor(location, body.callParkExtensions, callPark);
    const agents = body.agents === undefined ? undefined : agentsFor(location, body.agents);
    if (members !== undefined) callPark.callParkExtensionIds = members;
    if (agents !== undefined) callPark.agentIds = agents;
    if (body.parkOnAgentsEnabled !== undefined) callPark.parkOnAgentsEnabled = body.parkOnAgentsEnabled;
    const previousId = callPark.id;
    if (body.name !== undefined && body.name !== callPark.name) store.renameCallPark(callPark, body.name);
    ctx.emit({
      kind: "callPark.updated",
      id: callPark.id,
      ...(callPark.id === previousId ? {} : { previousId }),
      locationId: location.id,
    });
    res.json({ id: callPark.id });
  });

  return router;
}
