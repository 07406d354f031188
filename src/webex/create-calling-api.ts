import type { WebexClient } from "./create-webex-client.js";
import {
  type CallPark,
  type CallParkDetails,
  type CallParkExtension,
  type CallParkExtensionDetails,
  callParkDetailsSchema,
  callParkExtensionDetailsSchema,
  callParkExtensionListSchema,
  callParkListSchema,
  createdIdSchema,
  type TelephonyLocation,
  telephonyLocationListSchema,
} from "./schemas.js";

export interface CallParkExtensionFilter {
  locationId?: string;
  locationName?: string;
  extension?: string;
  name?: string;
}

/** Telephony configuration, always with the admin token; every call carries `orgId` when configured. */
export interface CallingApi {
  /** Stops reading pages once `enough` is true of what has been read. */
  listCallParkExtensions(
    filter: CallParkExtensionFilter,
    enough?: (soFar: readonly CallParkExtension[]) => boolean,
  ): Promise<CallParkExtension[]>;
  /**
   * Every call park extension at one location, stopping once `enough`; `complete` is false when
   * reading stopped at the page cap with more pages left (the list is then partial).
   */
  listCallParkExtensionsAt(
    locationId: string,
    enough: (soFar: readonly CallParkExtension[]) => boolean,
  ): Promise<{ items: CallParkExtension[]; complete: boolean }>;
  /** Calling-enabled locations whose name contains `name` (Webex's filter is a substring match). */
  listLocations(name: string, max?: number): Promise<TelephonyLocation[]>;
  /** What the extension is now; a WebexApiError 404 when it no longer exists. */
  getCallParkExtension(locationId: string, callParkExtensionId: string): Promise<CallParkExtensionDetails>;
  deleteCallParkExtension(locationId: string, callParkExtensionId: string): Promise<{ trackingId?: string }>;
  /**
   * One page of the org's call park extensions, in Webex's order: exactly one request, whatever
   * the org's size. `hasMore`: Webex linked a next page.
   */
  readCallParkExtensionsPage(
    start: number,
    max: number,
  ): Promise<{ items: CallParkExtension[]; hasMore: boolean }>;
  /** A location's call park groups (names and ids only; Webex's list carries no members). */
  listCallParks(locationId: string): Promise<CallPark[]>;
  /** One call park group with its member extensions. */
  getCallPark(locationId: string, callParkId: string): Promise<CallParkDetails>;
  /** A new call park extension: a new id, whatever id the number had before. */
  createCallParkExtension(
    locationId: string,
    extension: { name: string; extension: string },
  ): Promise<{ id: string; trackingId?: string }>;
  /**
   * Sets a call park group's member extensions (the whole list: Webex replaces it). Answers the
   * group's id, which Webex changes only when the name changes (not sent here).
   */
  setCallParkMembers(
    locationId: string,
    callParkId: string,
    callParkExtensionIds: readonly string[],
  ): Promise<{ id: string; trackingId?: string }>;
}

/** Webex caps telephony pages itself; ask for large pages so one call usually answers. */
const PAGE_SIZE = 1000;
/** "Default is 2000" (Read the List of Call Parks). */
const CALL_PARK_PAGE_SIZE = 2000;
/** Resolution never reads more than this many pages: a filter that matches more is too vague to act on. */
const MAX_PAGES = 10;

export function createCallingApi(admin: WebexClient, orgId: string | undefined): CallingApi {
  return {
    // GET /telephony/config/callParkExtensions — scope spark-admin:telephony_config_read
    listCallParkExtensions: (filter, enough) =>
      admin.listAll({
        path: "/telephony/config/callParkExtensions",
        query: { orgId, ...filter, max: PAGE_SIZE },
        schema: callParkExtensionListSchema,
        maxPages: MAX_PAGES,
        ...(enough ? { enough } : {}),
      }),

    // GET /telephony/config/callParkExtensions?locationId= — scope spark-admin:telephony_config_read
    listCallParkExtensionsAt: async (locationId, enough) => {
      let complete = true;
      const items = await admin.listAll({
        path: "/telephony/config/callParkExtensions",
        query: { orgId, locationId, max: PAGE_SIZE },
        schema: callParkExtensionListSchema,
        maxPages: MAX_PAGES,
        enough,
        onCapped: () => {
          complete = false;
        },
      });
      return { items, complete };
    },

    // GET /telephony/config/callParkExtensions?start=&max= — scope spark-admin:telephony_config_read
    readCallParkExtensionsPage: async (start, max) => {
      const page = await admin.send({
        method: "GET",
        path: "/telephony/config/callParkExtensions",
        query: { orgId, start, max },
        schema: callParkExtensionListSchema,
      });
      return { items: page.body.items, hasMore: page.next !== undefined && page.body.items.length > 0 };
    },

    // GET /telephony/config/locations/{locationId}/callParks — scope spark-admin:telephony_config_read
    listCallParks: (locationId) =>
      admin.listAll({
        path: `/telephony/config/locations/${encodeURIComponent(locationId)}/callParks`,
        // Webex's default page is 2 000 groups: one call for any real location.
        query: { orgId, max: CALL_PARK_PAGE_SIZE },
        schema: callParkListSchema,
        maxPages: MAX_PAGES,
      }),

    // GET /telephony/config/locations/{locationId}/callParks/{id} — scope spark-admin:telephony_config_read
    getCallPark: async (locationId, callParkId) => {
      const res = await admin.send({
        method: "GET",
        path: `/telephony/config/locations/${encodeURIComponent(locationId)}/callParks/${encodeURIComponent(callParkId)}`,
        query: { orgId },
        schema: callParkDetailsSchema,
      });
      return res.body;
    },

    // POST /telephony/config/locations/{locationId}/callParkExtensions — scope spark-admin:telephony_config_write
    createCallParkExtension: async (locationId, { name, extension }) => {
      const res = await admin.send({
        method: "POST",
        path: `/telephony/config/locations/${encodeURIComponent(locationId)}/callParkExtensions`,
        query: { orgId },
        json: { name, extension },
        schema: createdIdSchema,
      });
      return withTrackingId({ id: res.body.id }, res.trackingId);
    },

    // PUT /telephony/config/locations/{locationId}/callParks/{id} — scope spark-admin:telephony_config_write
    setCallParkMembers: async (locationId, callParkId, callParkExtensionIds) => {
      const res = await admin.send({
        method: "PUT",
        path: `/telephony/config/locations/${encodeURIComponent(locationId)}/callParks/${encodeURIComponent(callParkId)}`,
        query: { orgId },
        json: { callParkExtensions: callParkExtensionIds },
        schema: createdIdSchema,
      });
      return withTrackingId({ id: res.body.id }, res.trackingId);
    },

    // GET /telephony/config/locations — scope spark-admin:telephony_config_read
    listLocations: async (name, max = 50) => {
      const page = await admin.send({
        method: "GET",
        path: "/telephony/config/locations",
        query: { orgId, name, max },
        schema: telephonyLocationListSchema,
      });
      return page.body.items;
    },

    // GET /telephony/config/locations/{locationId}/callParkExtensions/{id} — scope spark-admin:telephony_config_read
    getCallParkExtension: async (locationId, callParkExtensionId) => {
      const res = await admin.send({
        method: "GET",
        path: extensionPath(locationId, callParkExtensionId),
        query: { orgId },
        schema: callParkExtensionDetailsSchema,
      });
      return res.body;
    },

    // DELETE /telephony/config/locations/{locationId}/callParkExtensions/{id} — scope spark-admin:telephony_config_write
    deleteCallParkExtension: async (locationId, callParkExtensionId) => {
      const res = await admin.send({
        method: "DELETE",
        path: extensionPath(locationId, callParkExtensionId),
        query: { orgId },
      });
      return withTrackingId({}, res.trackingId);
    },
  };
}

function withTrackingId<T extends object>(
  value: T,
  trackingId: string | undefined,
): T & { trackingId?: string } {
  return trackingId === undefined ? value : { ...value, trackingId };
}

function extensionPath(locationId: string, callParkExtensionId: string): string {
  return `/telephony/config/locations/${encodeURIComponent(locationId)}/callParkExtensions/${encodeURIComponent(callParkExtensionId)}`;
}
