import type { Request, Response } from "express";
import { ApiError } from "./api-error.js";
import { queryOf } from "./parse-input.js";
import { requestState } from "./request-state.js";

function integerParam(query: Record<string, string>, name: string, min: number): number | undefined {
  const raw = query[name];
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new ApiError(400, `Invalid ${name}.`, {
      description: `${name} must be an integer >= ${min}, got "${raw}".`,
    });
  }
  return value;
}

/** The page size: `max` if given (>= 1), else the endpoint's default, never above the cap. */
export function pageSize(req: Request, defaultMax: number, cap: number): number {
  return Math.min(integerParam(queryOf(req), "max", 1) ?? defaultMax, cap);
}

/**
 * Sets `Link: <absolute url>; rel="next"` (RFC 5988): the same path and every original query
 * parameter, with `overrides` applied. One link only: the JS SDK splits the header on `;` and
 * would misread a list of links.
 */
export function setNextLink(req: Request, res: Response, overrides: Record<string, string>): void {
  const params = new URLSearchParams(queryOf(req));
  for (const [key, value] of Object.entries(overrides)) params.set(key, value);
  res.setHeader("Link", `<${requestState(req).apiBase}${req.path}?${params.toString()}>; rel="next"`);
}

/**
 * An offset page of `items` (`start` zero-based, `max` capped), with a next link while more remain.
 * Telephony lists document `start`; for the others the next URL carries it, and clients follow
 * next URLs verbatim, so the cursor's form is the emulator's business.
 */
export function paginate<T>(
  req: Request,
  res: Response,
  items: readonly T[],
  options: { defaultMax: number; cap: number },
): T[] {
  const size = pageSize(req, options.defaultMax, options.cap);
  const start = integerParam(queryOf(req), "start", 0) ?? 0;
  const page = items.slice(start, start + size);
  if (start + size < items.length) setNextLink(req, res, { start: String(start + size) });
  return page;
}
