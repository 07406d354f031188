import type { Request } from "express";
import { ApiError } from "./api-error.js";
import { type Caller, callerOf } from "./caller-of.js";
import type { EmulatorContext } from "./emulator-context.js";
import { queryOf } from "./parse-input.js";

/**
 * For admin APIs (telephony config, locations, roles): the caller must be an admin identity holding
 * one of `anyOfScopes`. A bot is never an org admin (Bots guide), so its token gets 403 here,
 * which is what a client sees when it mixes up its two tokens.
 */
export function requireAdmin(ctx: EmulatorContext, req: Request, anyOfScopes: readonly string[]): Caller {
  const caller = callerOf(ctx, req);
  if (caller.grant.kind === "bot") {
    throw new ApiError(403, "The request is understood, but it has been refused or access is not allowed.", {
      description: "This API needs an administrator's token; a bot is not an administrator of any org.",
    });
  }
  if (anyOfScopes.length > 0 && !anyOfScopes.some((scope) => caller.grant.scopes.includes(scope))) {
    throw new ApiError(403, "The request is understood, but it has been refused or access is not allowed.", {
      description: `The token lacks the scope this API needs: ${anyOfScopes.join(" or ")}.`,
    });
  }
  assertOwnOrg(ctx, req);
  return caller;
}

/**
 * `orgId` names another org: only partner admins of that org may do that (Locations and People
 * specs: "only admin users of another organization (such as partners) may use this parameter").
 * Nobody in the emulator is a partner, so it is refused. 403, not 404: the spec's 403 is "access is
 * not allowed", which is the case, and a 404 would read as "the extension is gone".
 */
export function assertOwnOrg(ctx: EmulatorContext, req: Request): void {
  const orgId = queryOf(req).orgId;
  if (orgId !== undefined && orgId !== ctx.store.org.id) {
    throw new ApiError(403, "The request is understood, but it has been refused or access is not allowed.", {
      description: "orgId names an organization this token is not an administrator of.",
    });
  }
}

export const telephonyRead = ["spark-admin:telephony_config_read"] as const;
export const telephonyWrite = ["spark-admin:telephony_config_write"] as const;
/** GET /locations accepts any of these (Locations spec). */
export const locationsRead = [
  "spark-admin:locations_read",
  "spark-admin:people_read",
  "spark-admin:device_read",
] as const;
