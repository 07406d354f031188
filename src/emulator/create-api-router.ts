import { performance } from "node:perf_hooks";
import express, { type NextFunction, type Request, type Response, Router } from "express";
import { ApiError, statusMessage, webexErrorBody } from "./api-error.js";
import type { FaultKind } from "./create-fault-injector.js";
import type { EmulatorContext } from "./emulator-context.js";
import { queryOf } from "./parse-input.js";
import { type RequestLogEntry, redactQuery } from "./request-log.js";
import { requestState } from "./request-state.js";
import { accessTokenRoutes } from "./routes/access-token.js";
import { attachmentActionsRoutes } from "./routes/attachment-actions.js";
import { locationsRoutes } from "./routes/locations.js";
import { membershipsRoutes } from "./routes/memberships.js";
import { messagesRoutes } from "./routes/messages.js";
import { organizationsRoutes } from "./routes/organizations.js";
import { peopleRoutes } from "./routes/people.js";
import { rolesRoutes } from "./routes/roles.js";
import { roomsRoutes } from "./routes/rooms.js";
import { telephonyRoutes } from "./routes/telephony.js";
import { webhooksRoutes } from "./routes/webhooks.js";

export type ApiRouterDeps = {
  /** Externally visible base of the emulator (without `/v1`); derived per request when absent. */
  publicBaseUrl?: string;
  /** `auth`: the caller's credential kind, as the request log names it. */
  takeFault: (method: string, path: string, auth: string) => { kind: FaultKind; label: string } | undefined;
  latencyMs: () => number;
  logRequest: (entry: Omit<RequestLogEntry, "seq">) => void;
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Maps body-parser failures (bad JSON, too large) to their 4xx; anything else is a 500. */
function statusOf(error: unknown): number {
  const status =
    typeof error === "object" && error !== null ? (error as { status?: unknown }).status : undefined;
  return typeof status === "number" && status >= 400 && status < 500 ? status : 500;
}

/**
 * Everything under `/v1`, in order: request log, caller identification, latency and injected
 * faults, JSON bodies, the 401 gate, the resource routes, a 404 for unknown paths, and one error
 * handler that writes Webex's error body.
 */
export function createApiRouter(ctx: EmulatorContext, deps: ApiRouterDeps): Router {
  const router = Router();

  router.use((req, res, next) => {
    const state = requestState(req);
    // req.baseUrl holds any host-app mount path plus /v1, so next links work when mounted.
    state.apiBase = deps.publicBaseUrl
      ? `${deps.publicBaseUrl.replace(/\/+$/, "")}/v1`
      : `${req.protocol}://${req.get("host") ?? "127.0.0.1"}${req.baseUrl}`;
    state.auth = ctx.tokens.authenticate(req.get("authorization"));
    const at = ctx.now();
    const started = performance.now();
    let logged = false;
    const log = () => {
      if (logged) return;
      logged = true;
      const auth = state.auth.kind === "ok" ? state.auth.grant.kind : state.auth.kind;
      const entry: Omit<RequestLogEntry, "seq"> = {
        at,
        method: req.method,
        path: req.path,
        query: redactQuery(queryOf(req)),
        status: res.writableFinished ? res.statusCode : 0,
        auth,
        durationMs: Math.round((performance.now() - started) * 1000) / 1000,
      };
      if (state.auth.kind === "ok") entry.identityId = state.auth.grant.personId;
      if (state.fault) entry.fault = state.fault;
      const trackingId = res.getHeader("trackingid");
      if (typeof trackingId === "string") entry.trackingId = trackingId;
      deps.logRequest(entry);
    };
    res.on("finish", log);
    res.on("close", log);
    next();
  });

  router.use(async (req, _res, next) => {
    const latency = deps.latencyMs();
    if (latency > 0) await sleep(latency);
    const { auth } = requestState(req);
    const fault = deps.takeFault(req.method, req.path, auth.kind === "ok" ? auth.grant.kind : auth.kind);
    if (!fault) return next();
    requestState(req).fault = fault.label;
    const { status, retryAfter, delayMs, drop } = fault.kind;
    if (delayMs !== undefined && delayMs > 0) await sleep(delayMs);
    if (drop) {
      // A connection reset: no status line at all.
      req.socket.destroy();
      return;
    }
    if (status !== undefined) {
      const headers: Record<string, string> =
        retryAfter === undefined ? {} : { "Retry-After": String(retryAfter) };
      return next(
        new ApiError(status, statusMessage(status), {
          description: "Injected by the emulator's fault injection.",
          headers,
        }),
      );
    }
    next();
  });

  router.use(express.json({ limit: "1mb" }));

  router.use((req, _res, next) => {
    if (req.method === "POST" && req.path === "/access_token") return next();
    const auth = requestState(req).auth;
    if (auth.kind !== "ok") {
      return next(
        new ApiError(401, statusMessage(401), {
          description:
            auth.kind === "none"
              ? "No bearer token was sent."
              : "The bearer token is unknown or has expired.",
        }),
      );
    }
    next();
  });

  for (const routes of [
    accessTokenRoutes,
    peopleRoutes,
    roomsRoutes,
    membershipsRoutes,
    messagesRoutes,
    attachmentActionsRoutes,
    webhooksRoutes,
    telephonyRoutes,
    locationsRoutes,
    rolesRoutes,
    organizationsRoutes,
  ]) {
    router.use(routes(ctx));
  }

  router.use((_req, _res, next) => {
    next(new ApiError(404, statusMessage(404), { description: "No such API resource in the emulator." }));
  });

  router.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const { trackingId } = requestState(req);
    if (res.headersSent) {
      res.end();
      return;
    }
    const apiError =
      error instanceof ApiError
        ? error
        : new ApiError(statusOf(error), statusMessage(statusOf(error)), {
            description: error instanceof Error ? error.message : "Unexpected error in the emulator.",
          });
    for (const [name, value] of Object.entries(apiError.headers)) res.setHeader(name, value);
    res
      .status(apiError.status)
      .json(webexErrorBody(apiError.message, apiError.description, trackingId, apiError.errorCode));
  });

  return router;
}
