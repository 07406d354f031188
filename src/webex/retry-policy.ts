/**
 * How the HTTP client retries. Every figure bounds something: attempts, each wait, the total.
 * Defaults follow the Webex SDKs (wxc_sdk waits 5 s on a 429 without Retry-After and caps waits at
 * 60 s); ours are shorter because a person is waiting in the space.
 */
export interface RetryPolicy {
  /** Attempts per call, first included. Default 4. */
  maxAttempts: number;
  /**
   * Give up rather than start a wait that would end later than this after the call began (ms), a
   * client-wide 429 pause included; the first attempt is always sent. Default 30 000.
   */
  maxTotalMs: number;
  /** Wait when a 429/423 carries no Retry-After (ms). Default 2 000. */
  defaultRetryAfterMs: number;
  /** Longest Retry-After we honour (ms); a longer one ends the call with the 429 so the user hears it. Default 20 000. */
  maxRetryAfterMs: number;
  /** First backoff for 5xx and network errors (ms), doubled each attempt, with full jitter. Default 250. */
  baseBackoffMs: number;
  /** Largest backoff (ms). Default 4 000. */
  maxBackoffMs: number;
  /** Time allowed for one attempt, headers and body (ms). Default 15 000. */
  attemptTimeoutMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 4,
  maxTotalMs: 30_000,
  defaultRetryAfterMs: 2_000,
  maxRetryAfterMs: 20_000,
  baseBackoffMs: 250,
  maxBackoffMs: 4_000,
  attemptTimeoutMs: 15_000,
};
