import type { Sleep } from "./clock.js";
import type { Logger } from "./logger.js";
import { WebexApiError } from "./webex/webex-api-error.js";
import { WebexNetworkError } from "./webex/webex-network-error.js";

export interface StartRetryPolicy {
  /** First wait after a failed start-up step (ms). Default 2 000. */
  baseMs: number;
  /** Longest wait between two tries (ms). Default 60 000: a minute, so an outage costs one log line a minute. */
  maxMs: number;
}

export const defaultStartRetryPolicy: StartRetryPolicy = { baseMs: 2_000, maxMs: 60_000 };

/**
 * Runs a start-up step until it succeeds or fails for good. Webex being down or unreachable at
 * start (5xx, 429/423 past the client's own retries, a network error) is waited out, with doubling
 * waits and one log line per try, while /readyz says 503: exiting would only have the platform
 * restart us into the same outage. Anything else (401, 403, a bad answer) is thrown at once.
 */
export async function retryAtStart<T>(
  what: string,
  step: () => Promise<T>,
  options: { logger: Logger; sleep: Sleep; policy?: Partial<StartRetryPolicy> },
): Promise<T> {
  const policy = { ...defaultStartRetryPolicy, ...options.policy };
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (err) {
      if (!isPassing(err)) throw err;
      const waitMs = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
      options.logger.warn(
        { attempt, waitMs, err: err.message },
        `Webex is unavailable at start (${what}); not ready (/readyz 503), trying again in ${Math.ceil(waitMs / 1000)} s`,
      );
      await options.sleep(waitMs);
    }
  }
}

function isPassing(err: unknown): err is Error {
  if (err instanceof WebexNetworkError) return true;
  return err instanceof WebexApiError && (err.status >= 500 || err.status === 429 || err.status === 423);
}
