import type { Request } from "express";
import type { z } from "zod";
import { ApiError } from "./api-error.js";

function describe(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; ");
}

/** Validates a JSON body at the edge; a bad one is Webex's 400 with what was wrong. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const result = schema.safeParse(body ?? {});
  if (!result.success)
    throw new ApiError(400, "Invalid request body.", { description: describe(result.error) });
  return result.data;
}

/** The query string as single values (first wins), straight from the URL, not express's parser. */
export function queryOf(req: Request): Record<string, string> {
  const params = new URL(req.originalUrl, "http://emulator.invalid").searchParams;
  const query: Record<string, string> = {};
  for (const [key, value] of params) if (!(key in query)) query[key] = value;
  return query;
}

export function parseQuery<T extends z.ZodType>(schema: T, req: Request): z.output<T> {
  const result = schema.safeParse(queryOf(req));
  if (!result.success)
    throw new ApiError(400, "Invalid query parameters.", { description: describe(result.error) });
  return result.data;
}

/** A path parameter as one string (express 5 types allow arrays for wildcards). */
export function param(req: Request, name: string): string {
  const value: unknown = req.params[name];
  return typeof value === "string" ? value : "";
}
