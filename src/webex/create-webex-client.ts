import { Agent, type Dispatcher, request } from "undici";
import type { z } from "zod";
import { AppError } from "../app-error.js";
import { type Clock, realSleep, type Sleep, systemClock } from "../clock.js";
import type { Logger } from "../logger.js";
import { parseLinkNext } from "./parse-link-next.js";
import { defaultRetryPolicy, type RetryPolicy } from "./retry-policy.js";
import type { TokenProvider } from "./token-provider.js";
import { WebexApiError } from "./webex-api-error.js";
import { WebexNetworkError } from "./webex-network-error.js";

export type QueryValue = string | number | boolean | undefined;

export interface WebexRequest<T> {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Relative to the base URL (`/telephony/config/...`), or an absolute `next` link from a previous page. */
  path: string;
  query?: Record<string, QueryValue>;
  json?: unknown;
  /** Form fields, sent as application/x-www-form-urlencoded (only `POST /access_token` uses it). */
  form?: Record<string, string>;
  /** Validates a 2xx body; omit for 204s. */
  schema?: z.ZodType<T>;
  /** Send no Authorization header (`POST /access_token` authenticates with its form fields). */
  anonymous?: boolean;
}

export interface WebexResponse<T> {
  status: number;
  body: T;
  trackingId: string | undefined;
  /** The `rel="next"` link, absolute, already checked to point at the base URL's origin. */
  next: string | undefined;
}

/** One attempt, reported for counting (benchmark, soak test); never carries a token. */
export interface AttemptEvent {
  method: string;
  path: string;
  attempt: number;
  status?: number;
  error?: string;
  /** The wait before the next attempt, when the client will retry (ms). */
  retryInMs?: number;
}

export interface WebexClient {
  send<T = undefined>(req: WebexRequest<T>): Promise<WebexResponse<T>>;
  /**
   * Every item of a paginated list, following `Link: rel="next"` — at most `maxPages` pages, and no
   * further once `enough(itemsSoFar)` says the caller has what it needs.
   */
  listAll<T>(req: ListRequest<T>): Promise<T[]>;
}

export interface ListRequest<T> {
  path: string;
  query?: Record<string, QueryValue>;
  schema: z.ZodType<{ items: T[] }>;
  maxPages?: number;
  enough?: (itemsSoFar: readonly T[]) => boolean;
  /** Called when reading stopped at `maxPages` while Webex still linked a next page: the list is partial. */
  onCapped?: () => void;
}

export interface WebexClientOptions {
  /** e.g. `https://webexapis.com/v1`; no trailing slash needed. */
  baseUrl: string;
  tokens: TokenProvider;
  logger: Logger;
  retry?: Partial<RetryPolicy>;
  dispatcher?: Dispatcher;
  clock?: Clock;
  sleep?: Sleep;
  /** Jitter source in [0, 1). */
  random?: () => number;
  onAttempt?: (event: AttemptEvent) => void;
  /**
   * Aborted when the process shuts down: from then on a failed attempt is not retried (the call
   * fails with its last answer), so what is in flight ends within one attempt, inside the
   * shutdown's bound, and its outcome can still be reported.
   */
  stopping?: AbortSignal;
}

const RETRY_WITH_RETRY_AFTER = new Set([429, 423]);
const RETRY_WITH_BACKOFF = new Set([502, 503, 504]);
/** A 503 is Webex refusing before doing anything; a 502/504 may come after the upstream acted. */
const AMBIGUOUS_STATUSES = new Set([502, 504]);

/**
 * The one HTTP client for Webex: bearer token from a provider, bounded retries (429/423 honour
 * Retry-After and pause every call on the client; 502/503/504 and network errors back off with
 * full jitter, per call), zod-checked bodies, and errors that carry status, Webex's message and
 * trackingId but never a token or header.
 */
export function createWebexClient(options: WebexClientOptions): WebexClient {
  const base = new URL(options.baseUrl.endsWith("/") ? options.baseUrl : `${options.baseUrl}/`);
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...options.retry };
  const dispatcher =
    options.dispatcher ?? new Agent({ keepAliveTimeout: 30_000, connections: 32, pipelining: 1 });
  const clock = options.clock ?? systemClock;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const log = options.logger;
  /**
   * Webex rate-limits per token, and every call here carries the same one: once a 429 says wait,
   * the other calls (a bulk delete's workers) would only collect 429s of their own, so all of them
   * wait. 0 when there is no pause.
   */
  let pausedUntil = 0;

  /** Ms left of the client-wide pause; a pause that ended is forgotten. */
  function pauseLeftMs(): number {
    const left = pausedUntil - clock.now();
    if (left <= 0) pausedUntil = 0;
    return Math.max(left, 0);
  }

  function urlFor(path: string, query: Record<string, QueryValue> | undefined): URL {
    const url = /^https?:\/\//.test(path) ? new URL(path) : new URL(path.replace(/^\//, ""), base);
    // A pagination link is followed with the admin token attached: it must stay on Webex's origin.
    if (url.origin !== base.origin) {
      throw new AppError("webex.bad-response", `Webex sent a link to another origin (${url.origin})`);
    }
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }

  function backoff(attempt: number): number {
    const ceiling = Math.min(policy.maxBackoffMs, policy.baseBackoffMs * 2 ** (attempt - 1));
    return Math.round(random() * ceiling);
  }

  async function send<T>(req: WebexRequest<T>): Promise<WebexResponse<T>> {
    const url = urlFor(req.path, req.query);
    const path = url.pathname.slice(base.pathname.length - 1);
    const started = clock.now();
    let ambiguous = false;
    let refreshed = false;
    let failure: Error | undefined;

    for (let attempt = 1; ; attempt++) {
      // Looped: another call may extend the pause while this one sleeps. The pause counts toward
      // maxTotalMs like any wait, because the person is waiting through it, but it never stops a
      // first attempt: a call that has sent nothing yet has no answer to give up with, so it waits
      // (no pause is set longer than maxRetryAfterMs) and sends.
      for (let pauseMs = pauseLeftMs(); pauseMs > 0; pauseMs = pauseLeftMs()) {
        if (failure && (clock.now() - started + pauseMs > policy.maxTotalMs || options.stopping?.aborted)) {
          log.warn(
            { method: req.method, path, attempt: attempt - 1, err: failure.message },
            "webex call failed, not retrying",
          );
          throw failure;
        }
        log.debug({ method: req.method, path, attempt, waitMs: pauseMs }, "webex calls paused, waiting");
        await sleep(pauseMs);
      }

      const token = await options.tokens.getToken();
      const headers: Record<string, string> = {
        authorization: `Bearer ${token}`,
        accept: "application/json",
      };
      let body: string | undefined;
      if (req.json !== undefined) {
        headers["content-type"] = "application/json";
        body = JSON.stringify(req.json);
      } else if (req.form) {
        headers["content-type"] = "application/x-www-form-urlencoded";
        body = new URLSearchParams(req.form).toString();
      }

      let waitMs: number;
      try {
        const res = await request(url, {
          method: req.method,
          headers,
          body,
          dispatcher,
          headersTimeout: policy.attemptTimeoutMs,
          bodyTimeout: policy.attemptTimeoutMs,
        });
        const text = await res.body.text();
        const trackingId = headerValue(res.headers.trackingid) ?? undefined;
        if (res.statusCode < 400) {
          options.onAttempt?.({ method: req.method, path, attempt, status: res.statusCode });
          log.debug({ method: req.method, path, status: res.statusCode, attempt, trackingId }, "webex call");
          return {
            status: res.statusCode,
            body: parseBody(req, path, text),
            trackingId,
            next: nextLink(res.headers.link, url),
          };
        }
        const error = toApiError(req.method, path, res.statusCode, text, res.headers, ambiguous);
        if (
          res.statusCode === 401 &&
          token !== undefined &&
          !refreshed &&
          (await options.tokens.onUnauthorized(token))
        ) {
          refreshed = true;
          options.onAttempt?.({ method: req.method, path, attempt, status: 401, retryInMs: 0 });
          continue;
        }
        failure = error;
        if (RETRY_WITH_RETRY_AFTER.has(res.statusCode)) {
          waitMs =
            error.retryAfterSeconds !== undefined
              ? error.retryAfterSeconds * 1000
              : policy.defaultRetryAfterMs;
          // A wait too long to honour sets no pause: this call fails with the 429 so the user
          // hears, and each other call does the same on its own 429 rather than being held for a
          // wait this call refused.
          // A 423 (Locked) is about one resource, not the token: it pauses only its own call.
          if (waitMs > policy.maxRetryAfterMs) waitMs = Number.POSITIVE_INFINITY;
          else if (res.statusCode === 429) pausedUntil = Math.max(pausedUntil, clock.now() + waitMs);
        } else if (RETRY_WITH_BACKOFF.has(res.statusCode)) {
          waitMs =
            error.retryAfterSeconds !== undefined
              ? Math.min(error.retryAfterSeconds * 1000, policy.maxRetryAfterMs)
              : backoff(attempt);
          if (AMBIGUOUS_STATUSES.has(res.statusCode)) ambiguous = true;
        } else {
          options.onAttempt?.({ method: req.method, path, attempt, status: res.statusCode });
          throw error;
        }
        options.onAttempt?.({ method: req.method, path, attempt, status: res.statusCode, retryInMs: waitMs });
      } catch (err) {
        if (err instanceof WebexApiError || err instanceof AppError) throw err;
        const reason = networkReason(err);
        // A refused connection never carried the request; anything later may have.
        if (reason !== "ECONNREFUSED") ambiguous = true;
        failure = new WebexNetworkError({ method: req.method, path, reason, cause: err });
        waitMs = backoff(attempt);
        options.onAttempt?.({ method: req.method, path, attempt, error: reason, retryInMs: waitMs });
      }

      const elapsed = clock.now() - started;
      if (
        attempt >= policy.maxAttempts ||
        elapsed + waitMs > policy.maxTotalMs ||
        options.stopping?.aborted === true
      ) {
        log.warn(
          { method: req.method, path, attempt, err: failure.message },
          "webex call failed, not retrying",
        );
        throw failure;
      }
      log.info({ method: req.method, path, attempt, waitMs }, "webex call failed, retrying");
      await sleep(waitMs);
    }
  }

  /** A relative link is resolved against the URL it came from (RFC 8288), then origin-checked. */
  function nextLink(header: string | string[] | undefined, from: URL): string | undefined {
    const next = parseLinkNext(header);
    return next === undefined ? undefined : urlFor(new URL(next, from).toString(), undefined).toString();
  }

  async function listAll<T>(req: ListRequest<T>): Promise<T[]> {
    const items: T[] = [];
    const maxPages = req.maxPages ?? 100;
    let page = await send({ method: "GET", path: req.path, query: req.query, schema: req.schema });
    for (let pages = 1; ; pages++) {
      items.push(...page.body.items);
      // Follow `next` verbatim: it carries every parameter (wxc_sdk follow_pagination). Stop on an
      // empty page too, as wxc_sdk does, so a server that always links `next` cannot loop us.
      // `enough` before the page cap: a caller learns from it that pages went unread.
      if (!page.next || page.body.items.length === 0 || req.enough?.(items)) return items;
      if (pages >= maxPages) {
        req.onCapped?.();
        return items;
      }
      page = await send({ method: "GET", path: page.next, schema: req.schema });
    }
  }

  return { send, listAll };
}

function parseBody<T>(req: WebexRequest<T>, path: string, text: string): T {
  if (!req.schema) return undefined as T;
  let json: unknown;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch {
    throw new AppError(
      "webex.bad-response",
      `Webex answered ${req.method} ${path} with a body that is not JSON`,
    );
  }
  const parsed = req.schema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join(".") || "(root)";
    throw new AppError(
      "webex.bad-response",
      `Webex answered ${req.method} ${path} with an unexpected shape at ${where}`,
    );
  }
  return parsed.data;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function toApiError(
  method: string,
  path: string,
  status: number,
  text: string,
  headers: Record<string, string | string[] | undefined>,
  afterAmbiguousAttempt: boolean,
): WebexApiError {
  let webexMessage: string | undefined;
  let trackingId = headerValue(headers.trackingid);
  try {
    const body = JSON.parse(text) as { message?: unknown; trackingId?: unknown; errors?: unknown };
    const firstDescription = Array.isArray(body.errors)
      ? (body.errors[0] as { description?: unknown } | undefined)?.description
      : undefined;
    if (typeof body.message === "string") webexMessage = body.message;
    else if (typeof firstDescription === "string") webexMessage = firstDescription;
    if (typeof body.trackingId === "string") trackingId = body.trackingId;
  } catch {
    // Not JSON (a proxy's HTML page): status alone tells the story.
  }
  const retryAfter = Number(headerValue(headers["retry-after"]));
  return new WebexApiError({
    status,
    method,
    path,
    webexMessage: webexMessage?.slice(0, 300),
    trackingId,
    retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined,
    afterAmbiguousAttempt,
  });
}

function networkReason(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string") {
    if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") return "timed out";
    return code;
  }
  return err instanceof Error ? err.message : "unknown network error";
}
