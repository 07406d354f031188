import type { Request } from "express";
import type { AuthResult } from "./create-token-store.js";

/** What the API router learns about a request as it passes through, for handlers and the log. */
export type RequestState = {
  trackingId: string;
  /** Externally visible API base, e.g. `http://127.0.0.1:8090/v1` or `https://host/emulator/v1`. */
  apiBase: string;
  auth: AuthResult;
  /** Label of the injected fault, when one hit this request. */
  fault?: string;
};

// Keyed by the request object rather than kept on `res.locals` (typed `any` by express), so
// handlers read typed state and nothing outlives the request.
const states = new WeakMap<Request, RequestState>();

export function setRequestState(req: Request, state: RequestState): void {
  states.set(req, state);
}

export function requestState(req: Request): RequestState {
  const state = states.get(req);
  if (!state) throw new Error("emulator: request state missing (middleware order)");
  return state;
}
