import type { WebexClient } from "./create-webex-client.js";
import {
  type CallParkExtension,
  type CallParkExtensionDetails,
  callParkExtensionDetailsSchema,
  callParkExtensionListSchema,
  type TelephonyLocation,
  telephonyLocationListSchema,
} from "./schemas.js";

export interface CallParkExtensionFilter {
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
  /** Calling-enabled locations whose name contains `name` (Webex's filter is a substring match). */
  listLocations(name: string, max?: number): Promise<TelephonyLocation[]>;
  /** What the extension is now; a WebexApiError 404 when it no longer exists. */
  getCallParkExtension(locationId: string, callParkExtensionId: string): Promise<CallParkExtensionDetails>;
  deleteCallParkExtension(locationId: string, callParkExtensionId: string): Promise<{ trackingId?: string }>;
}

/** Webex caps telephony pages itself; ask for large pages so one call usually answers. */
const PAGE_SIZE = 1000;
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
      return res.trackingId === undefined ? {} : { trackingId: res.trackingId };
    },
  };
}

function extensionPath(locationId: string, callParkExtensionId: string): string {
  return `/telephony/config/locations/${encodeURIComponent(locationId)}/callParkExtensions/${encodeURIComponent(callParkExtensionId)}`;
}
