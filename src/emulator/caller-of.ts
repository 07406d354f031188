import type { Request } from "express";
import { ApiError } from "./api-error.js";
import type { PersonRecord } from "./create-org-store.js";
import type { Grant } from "./create-token-store.js";
import type { EmulatorContext } from "./emulator-context.js";
import { requestState } from "./request-state.js";

export type Caller = { grant: Grant; person: PersonRecord };

/** The authenticated caller; the API router has already answered 401 for anything else. */
export function callerOf(ctx: EmulatorContext, req: Request): Caller {
  const auth = requestState(req).auth;
  if (auth.kind !== "ok")
    throw new ApiError(
      401,
      "The request requires a valid access token set in the Authorization request header.",
    );
  const person = ctx.store.people.get(auth.grant.personId);
  if (!person) throw new ApiError(401, "The access token's identity no longer exists.");
  return { grant: auth.grant, person };
}
