import { type Clock, realTimers, type Timers } from "../clock.js";
import type { Logger } from "../logger.js";
import type { WebexClient } from "./create-webex-client.js";
import type { RefreshTokenStore } from "./refresh-token-store.js";
import { accessTokenSchema } from "./schemas.js";
import type { TokenProvider } from "./token-provider.js";
import { WebexApiError } from "./webex-api-error.js";

const MAX_TIMER_MS = 2 ** 31 - 1;

export interface RefreshingTokenOptions {
  /** A client for `POST /access_token` (sent without a bearer token). */
  client: WebexClient;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  clock: Clock;
  logger: Logger;
  /** Refresh this long before `expires_in` runs out (ms). Default 5 minutes, or a tenth of a short lifetime. */
  marginMs?: number;
  /** Wait before trying again when a scheduled refresh fails (ms). Default 30 s. */
  retryMs?: number;
  timers?: Timers;
  /**
   * Keeps the refresh token Webex rotated in, read before every refresh: with several instances or
   * after a restart, the newest one is used, not the configured one Webex may have retired.
   */
  store?: RefreshTokenStore;
}

/**
 * An admin token from a service app or integration: fetched at first use, refreshed on a timer
 * before it expires (so an idle bot never wakes up to an expired token), again on demand when a
 * call finds it past its refresh point, and once when Webex answers 401. Single-flight: concurrent
 * callers share one refresh. When Webex rotates the refresh token, the new one is used from then
 * on, and kept in `store` when there is one (Redis); without a store, a restart uses the configured
 * one again.
 */
export function createRefreshingToken(
  options: RefreshingTokenOptions,
): TokenProvider & { refreshes(): number; stop(): void } {
  const { client, clock, logger } = options;
  const timers = options.timers ?? realTimers;
  const retryMs = options.retryMs ?? 30_000;
  let refreshToken = options.refreshToken;
  let current: { token: string; refreshAt: number } | undefined;
  let inFlight: Promise<string> | undefined;
  let timer: unknown;
  let stopped = false;
  let count = 0;

  function schedule(ms: number): void {
    if (timer !== undefined) timers.clear(timer);
    timer = undefined;
    if (stopped) return;
    timer = timers.set(
      () => {
        timer = undefined;
        refresh().catch((err: unknown) => {
          // Webex refusing the refresh token itself (revoked, deauthorized) will not change by
          // asking every 30 s: say so once; the next call that needs a token tries again.
          if (err instanceof WebexApiError && (err.status === 400 || err.status === 401)) {
            logger.error({ err }, "Webex refused the admin refresh token; not retrying on a timer");
            return;
          }
          logger.warn({ err, retryInMs: retryMs }, "scheduled admin token refresh failed; trying again");
          schedule(retryMs);
        });
      },
      // setTimeout takes at most 2^31 - 1 ms (24.8 days) and runs a longer delay at once.
      Math.min(Math.max(0, ms), MAX_TIMER_MS),
    );
  }

  function refresh(): Promise<string> {
    inFlight ??= (async () => {
      try {
        const stored = await options.store?.load().catch((err: unknown) => {
          logger.warn({ err }, "could not read the stored admin refresh token; using the one I have");
          return undefined;
        });
        if (stored !== undefined) refreshToken = stored;
        // POST /access_token — grant_type=refresh_token; no bearer token, the client secret authenticates
        const res = await client.send({
          method: "POST",
          path: "/access_token",
          anonymous: true,
          form: {
            grant_type: "refresh_token",
            client_id: options.clientId,
            client_secret: options.clientSecret,
            refresh_token: refreshToken,
          },
          schema: accessTokenSchema,
        });
        const lifetimeMs = res.body.expires_in * 1000;
        const margin = options.marginMs ?? Math.min(5 * 60_000, lifetimeMs / 10);
        current = { token: res.body.access_token, refreshAt: clock.now() + lifetimeMs - margin };
        if (res.body.refresh_token && res.body.refresh_token !== refreshToken) {
          refreshToken = res.body.refresh_token;
          logger.info("admin refresh token rotated by Webex");
          await options.store?.save(refreshToken).catch((err: unknown) => {
            logger.error(
              { err },
              "could not store the rotated admin refresh token: a restart may start with a retired one",
            );
          });
        }
        count++;
        logger.info({ expiresInSeconds: res.body.expires_in }, "admin access token refreshed");
        schedule(lifetimeMs - margin);
        return current.token;
      } finally {
        inFlight = undefined;
      }
    })();
    return inFlight;
  }

  return {
    getToken: async () => {
      if (inFlight !== undefined) return inFlight;
      if (current && clock.now() < current.refreshAt) return current.token;
      return refresh();
    },
    onUnauthorized: async (rejected) => {
      // Another caller may already have replaced the rejected token.
      if (current && current.token !== rejected) return true;
      const fresh = await refresh();
      return fresh !== rejected;
    },
    refreshes: () => count,
    stop: () => {
      stopped = true;
      if (timer !== undefined) timers.clear(timer);
      timer = undefined;
    },
  };
}
