import type { Request } from "express";
import { ApiError } from "./api-error.js";
import { type Caller, callerOf } from "./caller-of.js";
import type { EmulatorContext } from "./emulator-context.js";
import { hasOrgAccess } from "./has-org-access.js";
import { queryOf } from "./parse-input.js";

/** An admin caller and the org the request acts on. */
export type AdminCaller = Caller & { orgId: string };

/**
 * For admin APIs (telephony config, locations, roles): the caller must be an admin identity holding
 * one of `anyOfScopes`. A bot is never an org admin (Bots guide), so its token gets 403 here,
 * which is what a client sees when it mixes up its two tokens. Also resolves the target org
 * (targetOrgOf), so no admin API can skip the org check.
 */
export function requireAdmin(
  ctx: EmulatorContext,
  req: Request,
  anyOfScopes: readonly string[],
): AdminCaller {
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
  return { ...caller, orgId: targetOrgOf(ctx, req, caller) };
}

/**
 * The org a request acts on: `orgId` when given, else the caller's own org ("the default is the
 * same organization as the token used to access API", location-call-settings.yml). `orgId` may
 * name the caller's own org or, for a partner admin, a customer org (locations.yml: "Only admin
 * users of another organization (such as partners) may use this parameter"). Anything else is
 * refused. What Webex
 * answers for an org the token cannot manage is UNCONFIRMED (next-features Q4: 403 or 404); the
 * emulator says 403, the spec's "access is not allowed", since a 404 would read as "the extension
 * is gone". A caller whose own org the seed does not hold (an admin of another org) gets that org
 * by default, with no locations in it.
 */
export function targetOrgOf(ctx: EmulatorContext, req: Request, caller: Caller): string {
  const wanted = queryOf(req).orgId;
  if (wanted === undefined) return ctx.store.orgIdOf(caller.person);
  if (!hasOrgAccess(ctx.store, caller, wanted)) {
    throw new ApiError(403, "The request is understood, but it has been refused or access is not allowed.", {
      description: "orgId names an organization this token is not an administrator of.",
    });
  }
  return wanted;
}

export const telephonyRead = ["spark-admin:telephony_config_read"] as const;
export const telephonyWrite = ["spark-admin:telephony_config_write"] as const;
/** GET /locations accepts any of these (Locations spec). */
export const locationsRead = [
  "spark-admin:locations_read",
  "spark-admin:people_read",
  "spark-admin:device_read",
] as const;
